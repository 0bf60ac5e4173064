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


VOTE_KEY = ("round_id", "option_id", "participant_id", "group_id", "channel")


def net_dots(votes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Dots each voter has on each option per round: 'cast' adds, 'withdrawn' subtracts.
    `votes` holds the vote events as columns (see `as_columns`), which keeps 100,000
    events fast; a voter is keyed by round, option, participant, group and channel."""
    totals: dict[tuple[Any, ...], int] = {}
    keys = zip(*(votes[k] for k in VOTE_KEY), strict=True)
    for key, event, dots in zip(keys, votes["event"], votes["dots"], strict=True):
        totals[key] = totals.get(key, 0) + (-dots if event == "withdrawn" else dots)
    return [dict(zip(VOTE_KEY, k, strict=True), dots=n) for k, n in totals.items() if n > 0]


def as_columns(rows: Sequence[Row], names: Sequence[str]) -> dict[str, list[Any]]:
    """Rows as columns, for the rules that take columns."""
    return {name: [row[name] for row in rows] for name in names}
