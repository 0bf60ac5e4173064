"""Benchmark of `toolkit report` on whole generated workshops (devtools/sample_session.py):
60 people in 4 groups, 40 issues and 2 revealed rounds; and a big room of 500 people, 60
issues and 3 rounds.

Run with `make bench`. Figures are medians of 3 runs after a warm-up:
- in this process (imports already loaded), with `open_session` of the same
  folder as the baseline and the ratio of the two;
- as a fresh `toolkit report` process, the way a facilitator runs it (imports included), and
  its peak memory.
Targets: 60 people under 5 s in both cases; 500 people under 3 s fresh, under 250 MB.
"""

from __future__ import annotations

import io
import os
import resource
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


def peak_child_mb(run: Callable[[], object]) -> float:
    """The peak memory of the largest child process so far, after `run` (Linux: kB)."""
    run()
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(options: dict[str, bool]) -> tuple[float, float, float, float, int]:
    """open_session, the report in this process and fresh (seconds), the fresh process's
    peak memory (MB) and the report's size (bytes), on a workshop built with `options`."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = build_workshop(root / "2026-11-28-estate", four_group_template(root), **options)
        out = root / "report.html"
        args = ["report", str(folder), "--out", str(out)]
        t_open = median_time(lambda: toolkit.open_session(folder))
        with redirect_stdout(io.StringIO()):
            t_report = median_time(lambda: cli(args))
        command = [str(TOOLKIT), *args]
        t_process = median_time(lambda: subprocess.run(command, check=True, capture_output=True))
        peak = peak_child_mb(lambda: subprocess.run(command, check=True, capture_output=True))
        return t_open, t_report, t_process, peak, out.stat().st_size


CASES = (  # name, build options, target in this process, fresh, fresh peak memory (MB)
    ("60 people, 4 groups, 40 issues, 2 rounds", {}, TARGET, TARGET, None),
    ("500 people, 4 groups, 60 issues, 3 rounds", {"large": True}, None, 3.0, 250.0),
)


def main() -> int:
    from benchmarks.results import figure, save

    figures, ok = [], True
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name, options, in_process, fresh, memory in CASES:
        t_open, t_report, t_process, peak, size = measure(options)
        met = [
            in_process is None or t_report < in_process,
            t_process < fresh,
            memory is None or peak < memory,
        ]
        ok = ok and all(met)
        print(f"session: {name}")
        print(f"  open_session (baseline):          {t_open:.3f} s")
        print(f"  toolkit report, in this process:  {t_report:.3f} s")
        print(f"  ratio report / open_session:      {t_report / t_open:.0f}")
        print(f"  toolkit report, a fresh process:  {t_process:.3f} s  (target < {fresh:.0f} s)")
        print(f"  peak memory of that process:      {peak:.0f} MB")
        print(f"  report size: {size / 1000:.0f} kB")
        short = name.split(",")[0]
        figures += [
            figure(f"{short}: open_session", t_open, "s"),
            figure(f"{short}: toolkit report, in this process", t_report, "s",
                   baseline=("open_session", t_open),
                   target=f"< {in_process:.0f} s" if in_process else "",
                   met=met[0] if in_process else None),
            figure(f"{short}: toolkit report, a fresh process", t_process, "s",
                   baseline=("in this process", t_report), target=f"< {fresh:.0f} s",
                   met=met[1]),
            figure(f"{short}: peak memory, a fresh process", peak, "MB",
                   target=f"< {memory:.0f} MB" if memory else "",
                   met=met[2] if memory else None),
            figure(f"{short}: report size", size / 1000, "kB"),
        ]  # fmt: skip
    print("targets met" if ok else "TARGETS MISSED")

    save("report", "toolkit report on whole workshops (60 and 500 people)", figures, ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
