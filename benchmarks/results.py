"""Each benchmark's figures as JSON in .bench/, for benchmarks/report_md.py to put in
docs/benchmarks.md. A figure may name a baseline (a reference measured in the same run) and
a target; the ratio is value / baseline."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parents[1] / ".bench"


def figure(
    name: str,
    value: float,
    unit: str,
    baseline: tuple[str, float] | None = None,
    target: str = "",
    met: bool | None = None,
) -> dict[str, Any]:
    """One row of the table: `baseline` is (what, value) in the same unit."""
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": {"name": baseline[0], "value": baseline[1]} if baseline else None,
        "ratio": value / baseline[1] if baseline and baseline[1] else None,
        "target": target,
        "met": met,
    }


def save(
    benchmark: str,
    title: str,
    figures: list[dict[str, Any]],
    ok: bool,
    notes: str = "",
    seconds: float | None = None,
) -> Path:
    """Write .bench/<benchmark>.json (overwritten at each run)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{benchmark}.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": benchmark,
                "title": title,
                "script": f"benchmarks/{benchmark}.py",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": sys.version.split()[0],
                "figures": figures,
                "ok": ok,
                "notes": notes,
                "seconds": seconds,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return path
