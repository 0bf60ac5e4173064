"""Writes docs/benchmarks.md from the JSON each benchmark left in .bench/: one table per
benchmark (figure, value, baseline, ratio, target), the machine it ran on and the date.

Run last by `make bench`, which empties .bench/ first: a benchmark that did not finish is
listed as such rather than shown with old figures from another day.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import RESULTS

ROOT = RESULTS.parent
OUT = ROOT / "docs" / "benchmarks.md"
ORDER = ("records", "vote_load", "voila_load", "pages", "report")  # as `make bench` runs them


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit in ("phones", "votes", "dots", "kernels") or float(value).is_integer():
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 0.1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}".strip()


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{os.cpu_count()} cores ({_cpu()}), {memory:.1f} GB memory, "
        f"{platform.system()} {platform.release()}, Python {sys.version.split()[0]}"
    )


def table(result: dict[str, Any]) -> list[str]:
    lines = [
        "| Figure | Value | Baseline | Ratio | Target | Met |",
        "|---|---:|---|---:|---|:-:|",
    ]
    for f in result["figures"]:
        base = f["baseline"]
        baseline = f"{base['name']}: {_number(base['value'], f['unit'])}" if base else ""
        ratio = f"{f['ratio']:.2f}" if f["ratio"] is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[f["met"]]
        lines.append(
            f"| {f['name']} | {_number(f['value'], f['unit'])} | {baseline} | {ratio} "
            f"| {f['target']} | {met} |"
        )
    return lines


def render(results: dict[str, dict[str, Any]], when: datetime) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (benchmarks/report_md.py) from the figures each benchmark "
        "saved in `.bench/`; do not edit by hand. Times depend on the machine and on what "
        "else it was doing: compare ratios to their baselines rather than raw times across "
        "machines.",
        "",
        f"- Machine: {machine()}",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        "",
    ]
    for name in ORDER + tuple(sorted(set(results) - set(ORDER))):
        result = results.get(name)
        out.append(f"## {name}")
        out.append("")
        if result is None:
            out += [
                f"No figures this time: `benchmarks/{name}.py` did not run, or stopped "
                "before saving them (see the output of `make bench`).",
                "",
            ]
            continue
        verdict = "targets met" if result["ok"] else "**targets missed**"
        took = f", took {result['seconds']:.0f} s" if result.get("seconds") else ""
        out += [f"{result['title']} (`{result['script']}`, {result['date']}{took}): {verdict}.", ""]
        out += table(result)
        if result.get("notes"):
            out += ["", result["notes"]]
        out.append("")
    return "\n".join(out)


def load() -> dict[str, dict[str, Any]]:
    """The results in .bench/ (`make bench` empties it first)."""
    results = {}
    for path in sorted(RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        results[data["benchmark"]] = data
    return results


def main() -> int:
    results = load()
    OUT.write_text(render(results, datetime.now(UTC)), encoding="utf-8")
    missed = [n for n, r in results.items() if not r["ok"]]
    print(f"wrote {OUT.relative_to(ROOT)}: {len(results)} benchmark(s)"
          + (f"; targets missed in {', '.join(missed)}" if missed else ""))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
