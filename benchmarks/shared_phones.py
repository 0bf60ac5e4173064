"""One address for the phones of many workshops: the shared participants' server
(`python -m toolkit.apps.phones --sessions DIR --prefix /services/phones/`, as JupyterHub runs
it) with 10 workshops open at once, 100 phones each arriving within 10 s and voting.

Run with `make bench` or `python benchmarks/shared_phones.py [--workshops 10 --phones 100]`.
Everything runs on 127.0.0.1 on this machine: the shared server (one Tornado process) and the
phones (benchmarks/phone_client.py: each an asyncio HTTP/1.1 client of its own, with a
keep-alive connection and a held-open event stream, in one process). Each phone opens its
workshop's join link (`/services/phones/?token=CODE`, 303 to that session's own address),
loads the join page and phone.js, opens the event stream, joins, then places its 10 dots at
random moments over the vote window once every phone has joined (as benchmarks/phone_load.py
does), each dot on an option its last ballot shows open.

The baseline, in the same run and against the same server: one workshop of the same size
alone. Measured (never asserted in tests): join time, arrival to the join POST answered
(p95, target < 2 s); every acknowledged dot in its own workshop's votes.csv exactly once,
and no phone's participant in another workshop's folder; the server's peak resident memory
(target < 300 MB). Figures go to .bench/shared_phones.json for report_md.py; the process
exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.phone_client import HTTPError, Phone, Sampler, more_open_files, percentile
from benchmarks.phone_load import DOTS, open_vote
from benchmarks.results import figure, save

PREFIX = "/services/phones/"
OPTIONS = 8
ARRIVAL_S = 10.0
REQUEST_TIMEOUT_S = 60.0
JOIN_TARGET_P95_S = 2.0
MEMORY_TARGET_MB = 300.0


def set_up(sessions: Path, n: int) -> list[tuple[Path, str]]:
    """`n` workshops in `sessions`, each with an open round of 10 dots (at most 3 on one),
    phones set to vote, and open for phones: their folders and join codes."""
    from devtools.load_template import template_for_load
    from toolkit.records import create_session
    from toolkit.records.phones_open import open_for_phones

    made = []
    template = template_for_load(sessions.parent)
    for w in range(n):
        folder = create_session(sessions / f"workshop-{w:02d}", template, f"Workshop {w}")
        open_vote(folder, OPTIONS)
        made.append((folder, open_for_phones(folder)))
    return made


async def crowd(phones: list[Phone], window: float, deadline: float) -> None:
    """Every phone arrives within ARRIVAL_S and joins; once all have, each places its dots at
    random moments over `window` (as in phone_load: the vote opens after the room is in)."""
    rng = random.Random(1)

    async def bounded(coro: Any) -> Any:
        return await asyncio.wait_for(coro, max(1.0, min(REQUEST_TIMEOUT_S,
                                                         deadline - time.monotonic())))  # fmt: skip

    async def arrive(phone: Phone, at: float) -> None:
        await asyncio.sleep(at)
        phone.arrived = time.perf_counter()
        try:
            await bounded(phone.join(phone.n))
        except (TimeoutError, HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as e:
            phone.error = f"joining: {type(e).__name__}: {e}"

    async def vote(phone: Phone, start: float) -> None:
        prng = random.Random(1000 + phone.n)
        try:
            for t in sorted(prng.uniform(0, window) for _ in range(DOTS)):
                await asyncio.sleep(max(0.0, start + t - time.perf_counter()))
                await bounded(phone.dot(prng))
        except (TimeoutError, HTTPError, OSError, ValueError, asyncio.IncompleteReadError) as e:
            phone.error = f"voting: {type(e).__name__}: {e}"

    await asyncio.gather(*(arrive(p, rng.uniform(0, ARRIVAL_S)) for p in phones))
    start = time.perf_counter()
    await asyncio.gather(*(vote(p, start) for p in phones if not p.error))
    await asyncio.gather(*(p.shut() for p in phones))


def recorded(folder: Path) -> tuple[Counter[tuple[str, str]], set[str], int]:
    """(participant, option) -> dots placed, the participants who joined, and the rows."""
    with (folder / "votes.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with (folder / "participants.csv").open(encoding="utf-8", newline="") as f:
        people = {r["participant_id"] for r in csv.DictReader(f)}
    dots: Counter[tuple[str, str]] = Counter()
    for r in rows:
        dots[(r["participant_id"], r["option_id"])] += int(r["dots"])
    return dots, people, len(rows)


@dataclass
class Run:
    """What one run measured."""

    joined: int
    join_p50: float
    join_p95: float
    dot_p95: float
    acked: int
    exact: bool  # every acknowledged dot in its own workshop's votes.csv exactly once
    strays: int  # participants in a workshop's folder that are not its phones
    memory: float
    samples: int
    cpu: float
    seconds: float
    window: float
    errors: list[str]


def run_room(workshops: int, per: int) -> Run:
    """One run: `workshops` open at once, `per` phones each; the figures of that run."""
    from toolkit.apps.serving import free_port, shared_phones_child
    from toolkit.apps.supervise import running

    window = max(30.0, workshops * per * DOTS / 170)
    with tempfile.TemporaryDirectory() as tmp:
        sessions = Path(tmp) / "sessions"
        sessions.mkdir()
        made = set_up(sessions, workshops)
        port = free_port()
        child = shared_phones_child(sessions, "127.0.0.1", port, PREFIX)
        with running(child), more_open_files():
            assert child.process is not None
            server = psutil.Process(child.process.pid)
            sampler = Sampler(server.pid)
            sampler.start()
            cpu0 = sum(server.cpu_times()[:2])
            phones = [Phone(w * per + i, "127.0.0.1", port, made[w][1], PREFIX)
                      for w in range(workshops) for i in range(per)]  # fmt: skip
            deadline = time.monotonic() + ARRIVAL_S + window + 120
            started = time.perf_counter()
            asyncio.run(crowd(phones, window, deadline))
            elapsed = time.perf_counter() - started
            cpu = sum(server.cpu_times()[:2]) - cpu0
            sampler.stop.set()
            sampler.join()
        exact, strays = True, 0
        for w, (folder, _) in enumerate(made):
            mine = phones[w * per : (w + 1) * per]
            dots, people, rows = recorded(folder)
            acked = Counter((p.participant_id, o) for p in mine for _, o in p.acks)
            exact = exact and dots == acked and rows == sum(acked.values())
            strays += len(people - {p.participant_id for p in mine})
    joins = [p.join_s for p in phones if p.participant_id]
    trips = [t for p in phones for t in p.dot_s]
    errors = [f"phone {p.n}: {p.error}" for p in phones if p.error]
    return Run(
        len(joins), percentile(joins, 0.5), percentile(joins, 0.95), percentile(trips, 0.95),
        sum(len(p.acks) for p in phones), exact, strays, sampler.peak_mb, sampler.samples, cpu,
        elapsed, window, errors,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workshops", type=int, default=10)
    parser.add_argument("--phones", type=int, default=100, help="phones in each workshop")
    args = parser.parse_args(argv)
    w, n = args.workshops, args.phones
    began, load_before = time.perf_counter(), os.getloadavg()
    alone = run_room(1, n)
    print(f"baseline, one workshop of {n} phones alone: join p95 {alone.join_p95:.3f} s, "
          f"peak memory {alone.memory:.1f} MB")  # fmt: skip
    many = run_room(w, n)
    total = w * n
    met = {
        "joined": many.joined == total,
        "join p95": many.joined == total and many.join_p95 < JOIN_TARGET_P95_S,
        "dots": many.exact and many.acked == total * DOTS and many.strays == 0,
        "memory": many.samples > 0 and many.memory < MEMORY_TARGET_MB,
    }
    errors = many.errors + alone.errors
    ok = all(met.values()) and not errors
    print(f"== {w} workshops of {n} phones, arriving within {ARRIVAL_S:.0f} s, {DOTS} dots each "
          f"over {many.window:.0f} s; load average before: {load_before[0]:.2f}")  # fmt: skip
    print(f"joined {many.joined} of {total}: p50 {many.join_p50:.3f} s, p95 "
          f"{many.join_p95:.3f} s (target p95 < {JOIN_TARGET_P95_S:.0f} s)")  # fmt: skip
    print(
        f"dots acknowledged {many.acked} of {total * DOTS}, each in its own workshop's "
        f"votes.csv exactly once: {many.exact}; participants in another workshop's "
        f"folder: {many.strays}; a dot's round trip p95 {many.dot_p95:.3f} s"
    )
    print(f"shared server: peak memory {many.memory:.1f} MB (target < "
          f"{MEMORY_TARGET_MB:.0f} MB), CPU {many.cpu:.1f} s over "
          f"{many.seconds:.0f} s")  # fmt: skip
    for line in errors[:10]:
        print(line)
    missed = [k for k, v in met.items() if not v]
    print("targets met" if ok else f"TARGETS MISSED: {', '.join(missed) or 'phone errors'}")
    one = f"one workshop of {n} alone"
    figures = [
        figure("phones joined", many.joined, "phones", target=f"{total}",
               met=met["joined"]),
        figure("join, arrival to the join POST answered (p50)", many.join_p50, "s",
               baseline=(one, alone.join_p50)),
        figure("join (p95)", many.join_p95, "s",
               baseline=(one, alone.join_p95),
               target=f"< {JOIN_TARGET_P95_S:.0f} s", met=met["join p95"]),
        figure("dots acknowledged, each in its own workshop's votes.csv exactly once",
               many.acked if met["dots"] else 0, "dots", target=f"{total * DOTS}",
               met=met["dots"]),
        figure("a dot's round trip (p95)", many.dot_p95, "s",
               baseline=(one, alone.dot_p95)),
        figure("shared server: peak memory", many.memory, "MB",
               baseline=(one, alone.memory),
               target=f"< {MEMORY_TARGET_MB:.0f} MB", met=met["memory"]),
        figure("shared server: CPU", many.cpu, "s",
               baseline=("wall time", many.seconds)),
    ]  # fmt: skip
    save(
        "shared_phones",
        f"The shared phones' server: {w} workshops open at once, {n} phones each arriving "
        f"within {ARRIVAL_S:.0f} s, {DOTS} dots each",
        figures,
        ok,
        notes=(
            "One shared server (`--sessions DIR --prefix /services/phones/`), the phones in one "
            f"process beside it on this {os.cpu_count()}-core machine; each phone opens its "
            "workshop's join link through the one address. The baseline is one workshop of the "
            f"same size alone on the same kind of server, in the same run; load average "
            f"before: {load_before[0]:.2f}."
        ),
        seconds=time.perf_counter() - began,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
