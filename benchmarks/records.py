"""Benchmark of the session records: append latency and `open_session` at 10k and 100k votes.

Run with `make bench`. Figures are medians of repeated runs in this process; the growth
target is a ratio (100k time / 10k time), so a slow or busy machine does not change it.
Targets (issue 2): open_session on 100,000 votes under 1 s on a 2-core machine; ratio < 12.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import toolkit
from benchmarks.results import figure, save
from toolkit.records import Recorder, create_session
from toolkit.records.templates import find_template

GROUPS = ("tenants", "front-line-staff", "managers")


def make_session(root: Path, votes: int) -> Path:
    folder = create_session(
        root / f"votes-{votes}", find_template("housing-coproduction"), f"{votes} votes"
    )
    rec = Recorder(folder)
    people = [f"P{i:03d}" for i in range(60)]
    rec.append_many(
        "participants",
        [
            {"event": "joined", "participant_id": p, "group_id": GROUPS[i % 3], "channel": "device"}
            for i, p in enumerate(people)
        ],
    )
    options = [f"O{i}" for i in range(12)]
    rec.append_many(
        "options",
        [
            {
                "event": "added",
                "option_id": o,
                "round_id": "R1",
                "label": f"Option {o}",
                "position": i + 1,
            }
            for i, o in enumerate(options)
        ],
    )
    round_values = {"round_id": "R1", "number": 1, "dots_per_participant": 4}
    rec.append_many(
        "rounds",
        [
            {"event": "created", "status": "draft", **round_values},
            {"event": "opened", "status": "open", **round_values},
        ],
    )
    batch = 10_000
    for start in range(0, votes, batch):
        rec.append_many(
            "votes",
            [
                {  # each voter puts a dot on an option, takes it back, and so on
                    "event": "withdrawn" if (i // 60) % 2 else "cast",
                    "round_id": "R1",
                    "option_id": options[(i // 120) % 12],
                    "participant_id": people[i % 60],
                    "group_id": GROUPS[(i % 60) % 3],
                    "channel": "device",
                    "dots": 1,
                }
                for i in range(start, min(votes, start + batch))
            ],
        )
    return folder


def time_open(folder: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        toolkit.open_session(folder)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def append_latency(root: Path, count: int = 300) -> tuple[float, float]:
    folder = create_session(root / "latency", find_template("housing-coproduction"), "latency")
    rec = Recorder(folder)
    rec.append("rounds", "created", round_id="R1", number=1, status="open")
    rec.append("options", "added", option_id="O1", round_id="R1", label="x", position=1)
    times = []
    for _ in range(count):
        start = time.perf_counter()
        rec.append("votes", "cast", round_id="R1", option_id="O1", channel="paper", dots=1)
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        median, p95 = append_latency(root)
        small, large = make_session(root, 10_000), make_session(root, 100_000)
        # warm imports (pandas) before timing; the sessions follow the rules, so the replay
        # that reopening does is timed whole, refusing nothing
        assert toolkit.open_session(small).refused == []
        t_small, t_large = time_open(small, 5), time_open(large, 5)
    ratio = t_large / t_small
    ok = t_large < 1.0 and ratio < 12
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"append latency (one vote, lock + write + fsync): median {median * 1000:.2f} ms, "
        f"p95 {p95 * 1000:.2f} ms"
    )
    print(f"open_session, 10,000 vote events:  {t_small:.3f} s")
    print(f"open_session, 100,000 vote events: {t_large:.3f} s  (target < 1 s)")
    print(f"ratio 100k / 10k: {ratio:.1f}  (target < 12, linear growth is 10)")
    print("targets met" if ok else "TARGETS MISSED")
    save("records", "Session records: appending a vote, reopening a session", [
        figure("append one vote (lock, write, fsync), median", median * 1000, "ms"),
        figure("append one vote, p95", p95 * 1000, "ms"),
        figure("open_session, 10,000 vote events", t_small, "s"),
        figure("open_session, 100,000 vote events", t_large, "s",
               baseline=("10,000 vote events", t_small), target="< 1 s; ratio < 12",
               met=ok),
    ], ok)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
