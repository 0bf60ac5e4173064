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
ORDER = (
    "records",
    "vote_load",
    "phone_load_200",
    "phone_load_1000",
    "shared_phones",
    "pages",
    "report",
    "steps",
)
# The phones before the participants' server: Voila, a kernel per phone (measured 2026-12-03
# by benchmarks/voila_load.py, since removed). Shown beside the new figures.
VOILA_PHONES = {
    "room": "50 arriving within 5 s",
    "join": "median 80.5 s",
    "last": "86 s",
    "memory": "64 MB per phone kernel",
    "requests": "98",
    "bytes": "5.3 MB (uncompressed: Voila cannot gzip)",
}
PEAK_MEMORY = "participants' server: peak memory"


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


def _figure(results: dict[str, dict[str, Any]], benchmark: str, name: str) -> str:
    for f in results.get(benchmark, {}).get("figures", ()):
        if f["name"] == name:
            return _number(f["value"], f["unit"])
    return "(not run)"


def phones_compared(results: dict[str, dict[str, Any]]) -> list[str]:
    """The old Voila phones beside the participants' server, from this run's figures."""
    rooms = sorted(
        (int(name.rsplit("_", 1)[1]), name) for name in results if name.startswith("phone_load_")
    )
    if not rooms:
        return []
    v = VOILA_PHONES
    head = "| | Voila, a kernel per phone (2026-12-03) | " + " | ".join(
        f"Participants' server, {n:,} phones" for n, _ in rooms
    )
    rows = [
        ("Room", [v["room"]], [f"{n:,} arriving within 10 s" for n, _ in rooms]),
        ("Join time", [v["join"]], [
            f"p50 {_figure(results, b, 'join, arrival to the join POST answered (p50)')}, "
            f"p95 {_figure(results, b, 'join (p95)')}" for _, b in rooms]),
        ("Last phone joined, after the first arrived", [v["last"]], [
            _figure(results, b, "last phone joined, after the first arrived") for _, b in rooms]),
        ("Memory", [v["memory"]], [
            f"{_figure(results, b, PEAK_MEMORY)} for every phone "
            "(the server's peak)" for _, b in rooms]),
        ("Vote to projector (median, p95)", ["(not recorded)"], [
            f"{_figure(results, b, 'vote to projector (median)')}, "
            f"{_figure(results, b, 'vote to projector (p95)')}" for _, b in rooms]),
        ("Page, first load: requests", [v["requests"]],
         [_figure(results, "pages", "phones' page: requests, first load")] * len(rooms)),
        ("Page, first load: bytes", [v["bytes"]],
         [_figure(results, "pages", "phones' page: bytes on the wire, first load")
          + " on the wire"] * len(rooms)),
    ]  # fmt: skip
    out = [
        "## Phones: Voila before, the participants' server now",
        "",
        head + " |",
        "|---|---|" + "---|" * len(rooms),
    ]
    out += [f"| {what} | {' | '.join(old + new)} |" for what, old, new in rows]
    return [*out, "", WHERE_THE_LIMIT_IS, ""]


# Read from the figures of the 1,000-phone run (its server CPU per phase and peak memory).
WHERE_THE_LIMIT_IS = (
    "Where the limit is: the participants' server is one process on one core, and CPU sets "
    "its limit, not memory or connections. At 1,000 phones it spent about 3.5-7 ms of CPU a "
    "join (the join link, the page, phone.js, the event stream and the join form; the lower "
    "figure on a quiet machine, 2026-12-05) and about 3 ms a dot (the rules, the append with "
    "its fsync, the redrawn ballot), so one core takes about 150-280 arrivals a second, or "
    "about 300 dots a second; memory grows by about 35 kB a "
    "phone, and each phone holds two connections (the open-file limit is raised to the "
    "system's hard limit at start). On this 2-core machine, whose second core runs the "
    "benchmark's own phones, Chromium and the projector, 1,000 phones arriving within 10 s "
    "used a third to two thirds of the server's core while joining, so about 1,500 arriving in "
    "the same 10 s is where joins would start to queue; a room that arrives over a minute "
    "can be several times larger. On a busy machine (other programs using both cores) the "
    "1,000-phone joins queued: p95 of 5-8 s in runs made while the test suite ran beside it."
)


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
    out += phones_compared(results)
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
