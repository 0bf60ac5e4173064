"""Benchmark of `toolkit report` on a whole generated workshop: 60 people in 4 groups, 40
issues, 2 revealed rounds of dot-voting, actions (devtools/sample_session.py).

Run with `make bench`. Figures are medians of 3 runs after a warm-up:
- in this process (imports and vl-convert already loaded), with `open_session` of the same
  folder as the baseline and the ratio of the two;
- as a fresh `toolkit report` process, the way a facilitator runs it (imports included).
Target: the report in under 5 s on a 2-core machine, in both cases.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import toolkit
from devtools.sample_session import build_workshop, four_group_template
from toolkit.cli import main as cli

TARGET = 5.0
TOOLKIT = Path(sys.executable).with_name("toolkit")


def median_time(run: Callable[[], object], repeats: int = 3) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = build_workshop(root / "2026-11-28-estate", four_group_template(root))
        out = root / "report.html"
        args = ["report", str(folder), "--out", str(out)]
        t_open = median_time(lambda: toolkit.open_session(folder))
        with redirect_stdout(io.StringIO()):
            t_report = median_time(lambda: cli(args))
        t_process = median_time(
            lambda: subprocess.run([str(TOOLKIT), *args], check=True, capture_output=True)
        )
        size = out.stat().st_size
    ok = t_report < TARGET and t_process < TARGET
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print("session: 60 people, 4 groups, 40 issues, 2 revealed rounds, 7 actions")
    print(f"open_session (baseline):            {t_open:.3f} s")
    print(f"toolkit report, in this process:    {t_report:.3f} s  (target < {TARGET:.0f} s)")
    print(f"ratio report / open_session:        {t_report / t_open:.0f}")
    print(f"toolkit report, a fresh process:    {t_process:.3f} s  (target < {TARGET:.0f} s)")
    print(f"report size: {size / 1000:.0f} kB")
    print("targets met" if ok else "TARGETS MISSED")
    from benchmarks.results import figure, save

    save("report", "toolkit report on a whole workshop (60 people, 4 groups, 40 issues)", [
        figure("open_session", t_open, "s"),
        figure("toolkit report, in this process", t_report, "s",
               baseline=("open_session", t_open), target=f"< {TARGET:.0f} s",
               met=t_report < TARGET),
        figure("toolkit report, a fresh process", t_process, "s",
               baseline=("in this process", t_report), target=f"< {TARGET:.0f} s",
               met=t_process < TARGET),
        figure("report size", size / 1000, "kB"),
    ], ok)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
