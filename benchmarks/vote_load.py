"""Load: 50 phones on the real participants' server (one process, no kernels), each joining
over HTTP and casting 10 dots within about 10 seconds, while a projector follows the folder.

Run with `make bench`. Checks that every vote is recorded exactly once and that the
projector's totals match the CSV, and reports the time a phone waits for each dot's answer
(median and p95) and the vote-to-projector latency: the time from a vote's timestamp (taken
as it is written) to the projector taking it in (median and p95; targets: median under 1 s,
p95 under 2 s). Each phone is a thread sending what phone.js sends: the form, with the
anti-forgery token and cookies, asking for the redrawn screen only.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PARTICIPANTS = 50
DOTS = 10
CAP = 3
SPREAD_SECONDS = 10.0
POLL_SECONDS = 0.5  # the projector app's own polling interval
GROUPS = ("tenants", "front-line-staff", "managers")
FRAGMENT = {"X-Toolkit-Fragment": "1"}  # as phone.js asks: <main>'s contents only


def prepare(folder_root: Path) -> Path:
    from toolkit.domain.voting import Rules, Voting
    from toolkit.records import Recorder, create_session
    from toolkit.records.templates import find_template

    folder = create_session(
        folder_root / "load", find_template("housing-coproduction"), "Load test"
    )
    rec = Recorder(folder)
    voting = Voting()
    labels = [(f"Option {i}", "") for i in range(1, 31)]
    events = voting.new_round(
        "R1", labels, Rules(dots=DOTS, cap=CAP), [f"O{i}" for i in range(1, 31)]
    )
    for e in events:
        rec.append(e.table, e.event, **e.values)
    advance(folder, "open")
    rec.append("settings", "set", key="phone_step", value="vote")
    return folder


def advance(folder: Path, to: str) -> None:
    """Open, close or reveal round R1 through the domain's rules, as the console does."""
    from toolkit.domain.voting import Voting
    from toolkit.records import Recorder, TailReader
    from toolkit.records.schema import TABLE_BY_NAME

    rows = {t: TailReader(folder, TABLE_BY_NAME[t]).read_new() for t in ("rounds", "options")}
    event = Voting.build(rows["rounds"], rows["options"], []).advance("R1", to)
    Recorder(folder).append(event.table, event.event, **event.values)


class Outcome:
    """What one phone reports back."""

    def __init__(self, n: int) -> None:
        self.n, self.joined, self.placed, self.last = n, 0.0, 0, ""
        self.waits: list[float] = []


def phone(origin: str, code: str, n: int, start: float, out: list[Outcome]) -> None:
    """One phone: open the join link, join a group, then ten dots over the spread."""
    from tests.phones import WebPhone

    result = Outcome(n)
    t0 = time.perf_counter()
    web = WebPhone(origin)
    page = web.join(code, GROUPS[n % 3])
    result.joined = time.perf_counter() - t0
    xsrf = web.cookie("_xsrf")
    rng = random.Random(n)
    mine: Counter[str] = Counter()
    options = [f"O{i}" for i in range(1, 31)]
    while time.time() < start:
        time.sleep(0.01)
    delays = sorted(rng.uniform(0, SPREAD_SECONDS) for _ in range(DOTS))
    for delay in delays:
        while time.time() < start + delay:
            time.sleep(0.005)
        option = rng.choice([o for o in options if mine[o] < CAP])
        form = {"_xsrf": xsrf, "round_id": "R1", "option_id": option, "step": "1",
                "expected": str(mine[option])}  # fmt: skip
        sent = time.perf_counter()
        status, _, page = web.request("POST", "/vote", form, FRAGMENT)
        result.waits.append(time.perf_counter() - sent)
        if status == 200 and 'class="status ok"' in page:
            mine[option] += 1
            result.placed += 1
        result.last = page[page.find('id="status">') :][:120]
    out.append(result)


def main() -> int:
    import toolkit
    from toolkit.apps.link import PHONE_TABLES, SessionLink
    from toolkit.apps.serving import phone_server, session_token
    from toolkit.domain.events import latest_state
    from toolkit.domain.results import revealed_tallies
    from toolkit.records.folder import session_template
    from toolkit.widgets.projector import ProjectorView

    with tempfile.TemporaryDirectory() as tmp:
        folder = prepare(Path(tmp))
        code = session_token(folder)
        link = SessionLink(folder, PHONE_TABLES)
        latencies: list[float] = []

        def read_new() -> dict[str, list[dict[str, object]]]:
            new = link.read_new()
            now = time.time()
            for row in new.get("votes", ()):
                stamp = datetime.fromisoformat(str(row["timestamp"]).replace("Z", "+00:00"))
                latencies.append(now - stamp.timestamp())
            return new  # type: ignore[return-value]

        template = session_template(folder)
        projector = ProjectorView(template, read_new)
        projector.refresh()

        finished: list[Outcome] = []
        with phone_server(folder, token=code) as origin:
            start = time.time() + 5  # time for 50 phones to join
            threads = [
                threading.Thread(target=phone, args=(origin, code, n, start, finished))
                for n in range(PARTICIPANTS)
            ]
            for t in threads:
                t.start()
            deadline = start + SPREAD_SECONDS + 60
            while len(finished) < PARTICIPANTS and time.time() < deadline:
                projector.refresh()
                time.sleep(POLL_SECONDS)
            for t in threads:
                t.join(timeout=30)
        projector.refresh()
        time.sleep(POLL_SECONDS)
        projector.refresh()

        session = toolkit.open_session(folder)
        votes = session.events["votes"]
        per_person = Counter(votes["participant_id"])
        advance(folder, "closed")
        advance(folder, "revealed")
        projector.refresh()
        [shown] = revealed_tallies(projector.state, template.groups, 1)
        projector_total = sum(shown.total(o.option_id) for o in shown.options)
        people = latest_state(
            session.events["participants"].to_dict("records"), ("participant_id",)
        )

    expected = PARTICIPANTS * DOTS
    ok = (
        len(votes) == expected
        and votes["event_id"].is_unique
        and all(n == DOTS for n in per_person.values())
        and len(per_person) == PARTICIPANTS
        and projector_total == expected
        and len(latencies) == expected
    )
    latencies.sort()
    joins = sorted(r.joined for r in finished)
    waits = sorted(w for r in finished for w in r.waits)
    print(
        f"phones: {PARTICIPANTS} on one participants' server, {len(people)} joined, "
        f"{len(finished)} reported back"
    )
    if joins:
        print(f"join (join link, page, join form): median {statistics.median(joins):.2f} s, "
              f"max {joins[-1]:.2f} s")  # fmt: skip
    print(
        f"votes recorded: {len(votes)} of {expected}; unique ids: {votes['event_id'].is_unique}"
        f"; projector total: {projector_total}"
    )
    refused = [r for r in finished if r.placed != DOTS]
    for r in refused[:3]:
        print(f"  phone {r.n} placed {r.placed}: {r.last}")
    wait50 = statistics.median(waits) if waits else 0.0
    wait95 = waits[int(0.95 * (len(waits) - 1))] if waits else 0.0
    print(f"a dot's answer on the phone: median {wait50:.3f} s, p95 {wait95:.3f} s")
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        median = statistics.median(latencies)
        print(
            f"vote-to-projector latency: median {median:.3f} s, p95 {p95:.3f} s "
            f"(targets: median < 1 s, p95 < 2 s; projector polls every {POLL_SECONDS} s)"
        )
        ok = ok and median < 1 and p95 < 2
    print("targets met" if ok else "TARGETS MISSED")
    from benchmarks.results import figure, save

    lat = statistics.median(latencies) if latencies else 0.0
    lat95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    save("vote_load", f"{PARTICIPANTS} phones (threads) on the participants' server over HTTP, "
         f"{DOTS} dots each, a projector view in this process", [
        figure("join over HTTP (median)", statistics.median(joins) if joins else 0.0, "s"),
        figure("join (max)", joins[-1] if joins else 0.0, "s"),
        figure("a dot's answer on the phone (median)", wait50, "s"),
        figure("a dot's answer on the phone (p95)", wait95, "s"),
        figure("votes recorded once each", len(votes) if votes["event_id"].is_unique else 0,
               "votes", target=f"{expected}", met=len(votes) == expected),
        figure("vote to projector (median)", lat, "s",
               baseline=("projector poll interval", POLL_SECONDS), target="< 1 s",
               met=bool(latencies) and lat < 1),
        figure("vote to projector (p95)", lat95, "s",
               baseline=("projector poll interval", POLL_SECONDS), target="< 2 s",
               met=bool(latencies) and lat95 < 2),
    ], ok)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
