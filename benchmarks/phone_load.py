"""Load on the participants' server: a room of phones joins within 10 s and places 10 dots
each, while the projector, a real Voila page in Chromium, follows the vote.

Run with `make bench` (200 phones, then 1,000) or `python benchmarks/phone_load.py --phones
200`. Everything runs on 127.0.0.1, on this machine: the participants' server (one Tornado
process, `python -m toolkit.apps.phones`, started by `toolkit.apps.serving.phone_server`),
Voila serving the session's projector.ipynb, Chromium showing it at 1920x1080, and the phones.

Each phone is an independent asyncio HTTP/1.1 client speaking to the server as a phone's
browser does (raw asyncio streams, no shared state between phones): its own keep-alive
connection for pages and forms, with gzip accepted and cookies kept, plus a second connection
holding the `/events` stream open (Server-Sent Events, as phone.js's EventSource). A phone
arrives at a random moment within the arrival window, opens the join link (`/?token=CODE`,
303 to `/`), loads the join page and phone.js, opens `/events`, and at once posts the join
form (no think time: the worst case for the server). Once every phone has joined, each
places its 10 dots one at a time at random moments over the vote window, always on an
option whose `+` the ballot it was last sent shows enabled, posting that form's own fields
(`round_id`, `option_id`, `expected` as drawn, `step=1`, `_xsrf`) as phone.js does, and
reading the next ballot from the answer. After the vote the facilitator closes the round:
every phone's stream must say so, and each phone redraws (a fragment GET after a random
0-0.6 s, as phone.js spreads them).

Measured (never asserted in tests): join time (arrival to the join POST answered; p50,
p95; target p95 < 2 s); every phone joined; every acknowledged dot in votes.csv exactly
once, counted by participant and option, and nothing else there; vote-to-projector latency
(the k-th acknowledgement in time to the projector first showing at least k dots spent,
read from its 'dots unspent' count by a MutationObserver in the page; targets median < 1 s,
p95 < 2 s); the participants' server's peak resident memory (psutil, every 0.1 s; target
< 150 MB); its CPU time and open files; the push to every phone after the close; and after
the reveal the projector's words agree with the CSV's totals. The process exits non-zero
when a target is missed; the figures go to .bench/phone_load_<N>.json for report_md.py.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.phone_client import (
    HTTPError,
    Phone,
    Sampler,
    cpu_seconds,
    more_open_files,
    percentile,
    server_process,
)
from benchmarks.results import figure, save
from devtools.chromium import launch, offline_page, wait_for_app

DOTS, CAP, OPTIONS = 10, 3, 12
ARRIVAL_S = 10.0  # every phone arrives within this many seconds of the first
REQUEST_TIMEOUT_S = 60.0  # one request or answer, on one phone
JOIN_TARGET_P95_S = 2.0
MEMORY_TARGET_MB = 150.0


def vote_window(phones: int) -> float:
    """Seconds over which each phone's ten dots fall: 30 s for a room of 200, stretched for a
    larger room so the dots arrive at most ~170 a second (a minute for 1,000)."""
    return max(30.0, phones * DOTS / 170)


@dataclass
class Room:
    phones: list[Phone]
    window: float
    voted: threading.Event = field(default_factory=threading.Event)
    closed: threading.Event = field(default_factory=threading.Event)
    closed_at: float = 0.0
    all_joined_s: float = 0.0  # first arrival to the last join answered
    vote_s: float = 0.0  # first dot sent to the last answered
    lag: list[float] = field(default_factory=list)  # the phones' loop, late by, while joining


async def run_room(room: Room, projector_ready: threading.Event, deadline: float) -> None:
    phones, n = room.phones, len(room.phones)
    rng = random.Random(1)
    arrivals = sorted(rng.uniform(0, ARRIVAL_S) for _ in range(n))
    start = time.perf_counter()

    async def bounded(coro: Any, what: str) -> Any:
        left = max(1.0, min(REQUEST_TIMEOUT_S, deadline - time.monotonic()))
        try:
            return await asyncio.wait_for(coro, left)
        except TimeoutError:
            raise HTTPError(f"{what}: no answer in {left:.0f} s") from None

    async def arrive(phone: Phone, at: float) -> None:
        await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
        phone.arrived = time.perf_counter()
        try:
            await bounded(phone.join(phone.n), "joining")
        except (HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            phone.error = f"joining: {type(exc).__name__}: {exc}"

    async def watch_lag() -> None:
        """How late this loop wakes: if the phones' own process is the bottleneck, this grows."""
        while time.perf_counter() - start < ARRIVAL_S + REQUEST_TIMEOUT_S:
            before = time.perf_counter()
            await asyncio.sleep(0.05)
            room.lag.append(time.perf_counter() - before - 0.05)

    watcher = asyncio.get_running_loop().create_task(watch_lag())
    await asyncio.gather(*(arrive(p, at) for p, at in zip(phones, arrivals, strict=True)))
    watcher.cancel()
    room.all_joined_s = max((p.arrived + p.join_s for p in phones if p.join_s), default=start)
    room.all_joined_s -= start + arrivals[0]
    # The projector must count everyone before the dots start (its 'unspent' counts them).
    while not projector_ready.is_set() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)

    vote_start = time.perf_counter()

    async def vote(phone: Phone) -> None:
        prng = random.Random(1000 + phone.n)
        try:
            for at in sorted(prng.uniform(0, room.window) for _ in range(DOTS)):
                await asyncio.sleep(max(0.0, vote_start + at - time.perf_counter()))
                await bounded(phone.dot(prng), "a dot")
        except (HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            phone.error = f"voting: {type(exc).__name__}: {exc}"

    await asyncio.gather(*(vote(p) for p in phones if not p.error))
    room.vote_s = time.perf_counter() - vote_start
    room.voted.set()

    # The facilitator closes the round (in the main thread): every stream must say so.
    while not room.closed.is_set() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    # The close was recorded before closed_at; a phone that has not had the push by now
    # gets it later (redraw_after_push waits for the event after `seen`).
    seen = {p.n: sum(1 for t, _ in p.events if t < room.closed_at) for p in phones}

    async def push(phone: Phone) -> None:
        try:
            await bounded(phone.redraw_after_push(seen[phone.n]), "the push after the close")
        except (HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
            phone.error = phone.error or f"after the close: {type(exc).__name__}: {exc}"

    await asyncio.gather(*(push(p) for p in phones if not p.error))
    await asyncio.gather(*(p.shut() for p in phones))


# same clock as Python's time.time() on this machine).
WATCH = """() => {
  window.__seen = [];
  const read = () => {
    const counts = [...document.querySelectorAll('.toolkit-projector .toolkit-count')];
    const get = (word) => {
      const el = counts.find((e) => e.textContent.includes(word));
      return el ? parseInt(el.querySelector('strong').textContent, 10) : null;
    };
    const now = [get('joined'), get('finished'), get('unspent')];
    const last = window.__seen.at(-1);
    if (now[2] !== null && (!last || last[1] !== now[0] || last[3] !== now[2]))
      window.__seen.push([Date.now(), ...now]);
  };
  new MutationObserver(read).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  read();
}"""


def latencies(acks: list[float], seen: list[list[float]], n: int) -> list[float]:
    """For the k-th acknowledgement in time, the wait until the projector first showed at
    least k dots spent (unspent <= n * DOTS - k) with everyone counted as joined."""
    shown = [(t / 1000, n * DOTS - u) for t, j, _, u in seen if j == n]
    out, i, best = [], 0, -1.0
    for k, acked in enumerate(sorted(acks), 1):
        while i < len(shown) and shown[i][1] < k:
            i += 1
        if i == len(shown):
            break
        best = shown[i][0]
        out.append(max(0.0, best - acked))
    return out


def open_vote(folder: Path, options: int = OPTIONS) -> Any:
    """Shortlist `options` issues and open a round of 10 dots each (at most 3 on one), phones
    set to vote: through the facilitator's own screens, in this process. Returns the screen."""
    from tests.workshop import shortlist
    from toolkit.apps.voting import voting_app

    shortlist(folder, [f"Option {i}" for i in range(1, options + 1)])
    console = voting_app(folder)
    console.dots.value, console.cap.value, console.stacking.value = DOTS, CAP, True
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    return console


def set_up(root: Path) -> tuple[Path, Any]:
    """A session with OPTIONS shortlisted issues and an open round (open_vote)."""
    from devtools.load_template import template_for_load
    from toolkit.records import create_session

    folder = create_session(root / "load", template_for_load(root), "Phone load")
    return folder, open_vote(folder)


def run(n: int) -> bool:
    from toolkit.apps.serving import phone_server, session_notebook, session_token, voila_server

    started = time.perf_counter()
    load_before = os.getloadavg()
    window = vote_window(n)
    deadline = time.monotonic() + 120 + ARRIVAL_S + window + n * 0.2  # the whole run, bounded
    me = psutil.Process()
    with tempfile.TemporaryDirectory() as tmp, more_open_files():
        folder, console = set_up(Path(tmp))
        token = session_token(folder)
        with (
            phone_server(folder, token=token) as phones_url,
            voila_server(session_notebook(folder, "projector.ipynb"), folder,
                         timeout=120) as projector_url,
            sync_playwright() as p,
        ):  # fmt: skip
            split = urlsplit(phones_url)
            host, port = split.hostname or "127.0.0.1", split.port or 80
            server = server_process(port)
            browser = launch(p)
            view = offline_page(browser, projector_url)
            view.page.goto(f"{projector_url}/")
            wait_for_app(view.page, ".toolkit-projector .toolkit-count")
            view.page.evaluate(WATCH)
            sampler = Sampler(server.pid)
            sampler.start()
            cpu0, me0, t0 = cpu_seconds(server), cpu_seconds(me), time.perf_counter()
            psutil.cpu_percent()

            room = Room([Phone(i, host, port, token) for i in range(n)], window)
            ready = threading.Event()
            runner = threading.Thread(
                target=lambda: asyncio.run(run_room(room, ready, deadline)), daemon=True
            )
            runner.start()
            # Dots start once the projector counts everyone who joined (bounded).
            joining_ends = time.monotonic() + ARRIVAL_S + REQUEST_TIMEOUT_S + 30
            while runner.is_alive() and time.monotonic() < min(deadline, joining_ends):
                joined = sum(1 for ph in room.phones if ph.participant_id)
                settled = sum(1 for ph in room.phones if ph.participant_id or ph.error)
                if settled == n:
                    shown = view.page.evaluate("(window.__seen.at(-1) || [0, 0])[1]")
                    if shown == joined:
                        break
                time.sleep(0.2)
            ready.set()
            join_cpu = cpu_seconds(server) - cpu0
            join_wall = time.perf_counter() - t0
            while not room.voted.wait(0.5) and time.monotonic() < deadline and runner.is_alive():
                pass
            vote_cpu, vote_wall = cpu_seconds(server) - cpu0 - join_cpu, room.vote_s
            # The projector's last poll: wait (bounded) until it shows every dot saved.
            acked = sum(len(ph.acks) for ph in room.phones)
            for _ in range(100):
                last = view.page.evaluate("window.__seen.at(-1) || [0, 0, 0, -1]")
                if last[1] == n and n * DOTS - last[3] >= acked:
                    break
                time.sleep(0.1)
            seen = view.page.evaluate("window.__seen")
            system_cpu = psutil.cpu_percent()
            room.closed_at = time.time()
            console.close_button.click()
            room.closed.set()
            runner.join(timeout=max(1.0, deadline - time.monotonic()))
            unfinished = runner.is_alive()  # then its phones are reported as not done
            close_status = console.status.message
            console.reveal_button.click()
            words = revealwords(view.page)
            sampler.stop.set()
            sampler.join()
            total_cpu, my_cpu = cpu_seconds(server) - cpu0, cpu_seconds(me) - me0
            blocked = list(view.blocked)
            browser.close()
        rows = list(csv.DictReader((folder / "votes.csv").open(encoding="utf-8", newline="")))
        labels = {
            r["option_id"]: r["label"]
            for r in csv.DictReader((folder / "options.csv").open(encoding="utf-8", newline=""))
        }
    elapsed = time.perf_counter() - started
    phones = room.phones

    # Every acknowledged dot in votes.csv exactly once, and nothing else there.
    recorded: Counter[tuple[str, str]] = Counter()
    for r in rows:
        recorded[(r["participant_id"], r["option_id"])] += int(r["dots"])
    acknowledged = Counter((ph.participant_id, o) for ph in phones for _, o in ph.acks)
    acked = sum(acknowledged.values())
    exactly = (
        recorded == acknowledged
        and len({r["event_id"] for r in rows}) == len(rows)
        and all(r["event"] == "cast" and r["dots"] == "1" for r in rows)
    )
    joins = [ph.join_s for ph in phones if ph.participant_id]
    trips = [t for ph in phones for t in ph.dot_s]
    lat = latencies([t for ph in phones for t, _ in ph.acks], seen, len(joins))
    pushed = [ph.redrawn_at - room.closed_at for ph in phones if ph.redrawn_at]
    locked = sum(1 for ph in phones if "Voting is closed" in words(ph.html))
    totals: Counter[str] = Counter()
    for r in rows:
        totals[labels[r["option_id"]]] += int(r["dots"])
    said = {k: int(v) for k, v in re.findall(r"(Option \d+): (\d+)", words)}
    top = sorted(totals.values(), reverse=True)[:3]
    reveal_ok = len(said) == 3 and all(totals[k] == v for k, v in said.items())
    reveal_ok = reveal_ok and sorted(said.values(), reverse=True) == top
    errors = [f"phone {ph.n}: {ph.error}" for ph in phones if ph.error]
    if unfinished:
        errors.insert(0, "the phones were still running at the run's time limit")
    final = seen[-1] if seen else [0, 0, 0, -1]

    met = {
        "joined": len(joins) == n,
        "join p95": bool(joins) and percentile(joins, 0.95) < JOIN_TARGET_P95_S,
        "dots": exactly and acked == n * DOTS,
        "lat median": len(lat) == n * DOTS and statistics.median(lat) < 1,
        "lat p95": len(lat) == n * DOTS and percentile(lat, 0.95) < 2,
        "memory": sampler.samples > 0 and sampler.peak_mb < MEMORY_TARGET_MB,
        "push": len(pushed) == n and locked == n,
        "reveal": reveal_ok,
        "offline": not blocked,
    }
    ok = all(met.values()) and not errors

    print(
        f"== {n} phones arriving over {ARRIVAL_S:.0f} s, {DOTS} dots each over "
        f"{window:.0f} s; load average before: {', '.join(f'{x:.2f}' for x in load_before)}"
    )
    print(f"joined: {len(joins)} of {n}; the last {room.all_joined_s:.2f} s after the first "
          f"arrived")  # fmt: skip
    if joins:
        print(f"join (arrival to the join POST answered): p50 {percentile(joins, 0.5):.3f} s, "
              f"p95 {percentile(joins, 0.95):.3f} s, max {max(joins):.3f} s "
              f"(target p95 < {JOIN_TARGET_P95_S:.0f} s)")  # fmt: skip
    parts = {k: [ph.steps[k] for ph in phones if k in ph.steps] for k in phones[0].steps}
    print(
        "  where joining's time went (p50 / p95): "
        + "; ".join(
            f"{k} {percentile(v, 0.5):.3f} / {percentile(v, 0.95):.3f} s" for k, v in parts.items()
        )
    )
    print(f"  the phones' own loop, late by (p50 / p95 / max) while joining: "
          f"{percentile(room.lag, 0.5):.3f} / {percentile(room.lag, 0.95):.3f} / "
          f"{max(room.lag, default=0):.3f} s")  # fmt: skip
    print(
        f"dots acknowledged: {acked} of {n * DOTS}; rows in votes.csv: {len(rows)}; each "
        f"acknowledged dot recorded exactly once (by participant and option): {exactly}"
    )
    if trips:
        print(
            f"a dot's round trip (POST /vote to its answer): p50 {percentile(trips, 0.5):.3f}"
            f" s, p95 {percentile(trips, 0.95):.3f} s, max {max(trips):.3f} s; "
            f"{len(trips) / max(vote_wall, 1e-9):.0f} dots/s over {vote_wall:.1f} s"
        )
    if lat:
        print(f"vote to projector: median {statistics.median(lat):.3f} s, p95 "
              f"{percentile(lat, 0.95):.3f} s, max {max(lat):.3f} s over {len(lat)} dots "
              "(targets: median < 1 s, p95 < 2 s)")  # fmt: skip
    print(f"projector before the close: joined {final[1]}, finished {final[2]}, unspent "
          f"{final[3]} ({len(seen)} changes seen); after the reveal: {words!r}; CSV top "
          f"three: {top}")  # fmt: skip
    if pushed:
        print(
            f"after the close ({close_status!r}): {len(pushed)} phones pushed and redrawn, "
            f"{locked} show the ballot locked; the last {max(pushed):.2f} s after the click"
        )
    print(
        f"participants' server: peak RSS {sampler.peak_mb:.1f} MB (target < "
        f"{MEMORY_TARGET_MB:.0f} MB, {sampler.samples} samples), peak open files "
        f"{sampler.peak_fds}; CPU {join_cpu:.1f} s over the {join_wall:.1f} s of joining, "
        f"{vote_cpu:.1f} s over the {vote_wall:.1f} s of voting, {total_cpu:.1f} s in all"
    )
    print(
        f"this process (the phones, Playwright, the console): CPU {my_cpu:.1f} s; the "
        f"machine's CPU during the run: {system_cpu:.0f}% of {os.cpu_count()} cores"
    )
    print(f"run time: {elapsed:.0f} s")
    for line in errors[:10]:
        print(line)
    if len(errors) > 10:
        print(f"... and {len(errors) - 10} more phones with errors")
    if blocked:
        print("the projector tried to reach:", blocked)
    missed = [k for k, v in met.items() if not v]
    print("targets met" if ok else f"TARGETS MISSED: {', '.join(missed) or 'phone errors'}")

    figures = [
        figure("phones joined", len(joins), "phones", target=f"{n}", met=met["joined"]),
        figure("join, arrival to the join POST answered (p50)", percentile(joins, 0.5), "s"),
        figure("join (p95)", percentile(joins, 0.95), "s",
               baseline=("Voila phones, 50 in 5 s: median", 80.5),
               target=f"< {JOIN_TARGET_P95_S:.0f} s", met=met["join p95"]),
        figure("last phone joined, after the first arrived", room.all_joined_s, "s",
               baseline=("arrivals spread over", ARRIVAL_S)),
        figure("dots acknowledged and in votes.csv exactly once", acked if exactly else 0,
               "dots", target=f"{n * DOTS}", met=met["dots"]),
        figure("a dot's round trip, POST to answer (p50)", percentile(trips, 0.5), "s"),
        figure("a dot's round trip (p95)", percentile(trips, 0.95), "s"),
        figure("vote to projector (median)", statistics.median(lat) if lat else 0, "s",
               baseline=("projector poll interval", 0.5), target="< 1 s",
               met=met["lat median"]),
        figure("vote to projector (p95)", percentile(lat, 0.95), "s",
               baseline=("projector poll interval", 0.5), target="< 2 s", met=met["lat p95"]),
        figure("the close pushed to every phone, the last redrawn", max(pushed, default=0),
               "s", target=f"{n} phones locked", met=met["push"]),
        figure("participants' server: peak memory", sampler.peak_mb, "MB",
               baseline=("Voila: one phone's kernel", 64.0),
               target=f"< {MEMORY_TARGET_MB:.0f} MB", met=met["memory"]),
        figure("participants' server: peak open files", sampler.peak_fds, "files"),
        figure("participants' server: CPU while phones joined", join_cpu, "s",
               baseline=("wall time", join_wall)),
        figure("participants' server: CPU while phones voted", vote_cpu, "s",
               baseline=("wall time", vote_wall)),
        figure("projector's words after the reveal match votes.csv", 1 if reveal_ok else 0,
               "", target="yes", met=reveal_ok),
    ]  # fmt: skip
    saved = save(
        f"phone_load_{n}",
        f"{n} phones on the participants' server, arriving within {ARRIVAL_S:.0f} s, "
        f"{DOTS} dots each over {window:.0f} s; projector in Chromium",
        figures,
        ok,
        notes=(
            "Each phone is an asyncio HTTP/1.1 client of its own (a keep-alive connection and "
            "a held-open /events stream), in one process beside Chromium, Voila and the "
            f"server on this {os.cpu_count()}-core machine; load average before the run: "
            f"{load_before[0]:.2f}. The Voila baselines are the old figures (2026-12-03: "
            "50 phones through Voila arriving within 5 s, median join 80.5 s, 64 MB a kernel)."
        ),
        seconds=elapsed,
    )
    result = json.loads(saved.read_text(encoding="utf-8"))  # one script, several room sizes
    result["script"] = f"benchmarks/phone_load.py --phones {n}"
    saved.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return ok


def revealwords(page: Page) -> str:
    """The projector's results in words after the reveal. Several `.toolkit-summary` may be
    on the page (an activity's and the results'): wait for the one that names the round."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.toolkit-projector .toolkit-summary')]
                 .some((e) => /Option \\d+: \\d+/.test(e.textContent))""",
        timeout=60_000,
    )
    texts = page.locator(".toolkit-projector .toolkit-summary").all_inner_texts()
    return str(next(t for t in texts if re.search(r"Option \d+: \d+", t)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--phones",
        type=int,
        nargs="+",
        default=[200, 1000],
        help="room sizes to run, one after the other (default: 200 1000)",
    )
    args = parser.parse_args(argv)
    results = [run(n) for n in args.phones]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
