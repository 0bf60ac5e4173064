"""A dot-voting round as recorded (its number, status and rules) and an event to record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from toolkit.domain.events import Row
from toolkit.domain.voting_rules import Rules


@dataclass(frozen=True)
class Round:
    round_id: str
    number: int
    status: str
    rules: Rules

    def values(self) -> dict[str, Any]:
        r = self.rules
        return {
            "round_id": self.round_id,
            "number": self.number,
            "status": self.status,
            "dots_per_participant": r.dots,
            "cap_per_option": r.cap,
            "stacking": r.stacking,
            "min_spend": r.min_spend,
            "facilitator_votes": r.facilitator_votes,
            "shuffle": r.shuffle,
        }

    @classmethod
    def from_row(cls, row: Row) -> Round:
        return cls(
            row["round_id"],
            row["number"],
            row["status"] or "draft",
            Rules(
                dots=row["dots_per_participant"] or 1,
                cap=row["cap_per_option"] or 1,
                stacking=bool(row["stacking"]),
                min_spend=row["min_spend"] or 0,
                facilitator_votes=bool(row["facilitator_votes"]),
                shuffle=bool(row["shuffle"]),
            ),
        )


@dataclass(frozen=True)
class Event:
    """A row to record: which table, what happened, the values."""

    table: str
    event: str
    values: dict[str, Any]
