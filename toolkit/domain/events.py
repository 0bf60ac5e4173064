"""Current state derived from append-only event rows (the records never rewrite a row)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]


def latest_state(
    rows: Iterable[Row], key: Sequence[str], removal_events: Iterable[str] = ()
) -> list[Row]:
    """Each key's last row, in order of first appearance, leaving out keys whose last event
    is a removal. Every event row carries the entity's whole state after the event."""
    removals = frozenset(removal_events)
    latest: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        latest[tuple(row[k] for k in key)] = row
    return [row for row in latest.values() if row["event"] not in removals]


def net_dots(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Dots each voter has on each option per round: 'cast' adds, 'withdrawn' subtracts.
    Votes of one voter are keyed by round, option, participant, group and channel."""
    totals: dict[tuple[Any, ...], int] = {}
    for row in rows:
        k = (
            row["round_id"],
            row["option_id"],
            row["participant_id"],
            row["group_id"],
            row["channel"],
        )
        sign = -1 if row["event"] == "withdrawn" else 1
        totals[k] = totals.get(k, 0) + sign * int(row["dots"])
    fields = ("round_id", "option_id", "participant_id", "group_id", "channel")
    return [dict(zip(fields, k, strict=True), dots=n) for k, n in totals.items() if n > 0]
