"""Load: 50 participants, each in a process of its own running the real participant app,
cast 10 dots each within about 10 seconds, while a projector follows the session folder.

Run with `make bench`. Checks that every vote is recorded exactly once and that the
projector's totals match the CSV, and reports the vote-to-projector latency: the time from a
vote's timestamp (taken as it is written) to the projector taking it in (median and p95;
targets: median under 1 s, p95 under 2 s).
"""

from __future__ import annotations

import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PARTICIPANTS = 50
DOTS = 10
SPREAD_SECONDS = 10.0
POLL_SECONDS = 0.5  # the projector app's own polling interval
GROUPS = ("tenants", "front-line-staff", "managers")


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
        "R1", labels, Rules(dots=DOTS, cap=3), [f"O{i}" for i in range(1, 31)]
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


def participant(folder: str, n: int, start: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """One phone: the real participant app, joined, then ten dots over the spread."""
    from toolkit.apps.participant import participant_app

    t0 = time.perf_counter()
    view = participant_app(folder, poll_seconds=0)
    view.group.value = GROUPS[n % 3]
    view.join_button.click()
    joined = time.perf_counter() - t0
    rng = random.Random(n)
    options = [f"O{i}" for i in range(1, 31)]
    while time.time() < start:
        time.sleep(0.01)
    delays = sorted(rng.uniform(0, SPREAD_SECONDS) for _ in range(DOTS))
    placed = 0
    for delay in delays:
        while time.time() < start + delay:
            time.sleep(0.005)
        for option in rng.sample(options, len(options)):
            view.vote(option, +1)
            if view.status.kind == "ok":
                placed += 1
                break
    out.put((n, joined, placed, view.status.message))


def main() -> int:
    import toolkit
    from toolkit.apps.link import SessionLink
    from toolkit.apps.participant import PHONE_TABLES
    from toolkit.domain.events import latest_state
    from toolkit.domain.results import revealed_tallies
    from toolkit.records.folder import session_template
    from toolkit.widgets.projector import ProjectorView

    with tempfile.TemporaryDirectory() as tmp:
        folder = prepare(Path(tmp))
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

        ctx = mp.get_context("spawn")
        results: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
        start = time.time() + 25  # time for 50 processes to start and join on 2 cores
        procs = [
            ctx.Process(target=participant, args=(str(folder), n, start, results))
            for n in range(PARTICIPANTS)
        ]
        for p in procs:
            p.start()
        deadline = start + SPREAD_SECONDS + 60
        finished: list[tuple[int, float, int, str]] = []
        while len(finished) < PARTICIPANTS and time.time() < deadline:
            projector.refresh()
            while not results.empty():
                finished.append(results.get())
            time.sleep(POLL_SECONDS)
        for p in procs:
            p.join(timeout=30)
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
    joins = sorted(j for _, j, _, _ in finished)
    print(
        f"participants: {PARTICIPANTS} processes, {len(people)} joined, "
        f"{len(finished)} reported back"
    )
    print(
        f"join (app start + join, in process): median {statistics.median(joins):.2f} s, "
        f"max {joins[-1]:.2f} s"
    )
    print(
        f"votes recorded: {len(votes)} of {expected}; unique ids: {votes['event_id'].is_unique}"
        f"; projector total: {projector_total}"
    )
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
    save("vote_load", f"{PARTICIPANTS} participant apps in processes of their own, "
         f"{DOTS} dots each, a projector view in this process", [
        figure("join, app start and join in a process (median)",
               statistics.median(joins) if joins else 0.0, "s"),
        figure("join (max)", joins[-1] if joins else 0.0, "s"),
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
