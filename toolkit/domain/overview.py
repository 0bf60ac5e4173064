"""A session at a glance: title, groups, agenda and counts, derived from event rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.domain.events import VOTE_KEY, Row, as_columns, latest_state, net_dots


@dataclass(frozen=True)
class GroupSummary:
    group_id: str
    name: str
    colour: str
    letter: str
    participants: int


@dataclass(frozen=True)
class StepSummary:
    position: int
    kind: str
    title: str
    minutes: int


@dataclass(frozen=True)
class SessionOverview:
    title: str
    date: str
    facilitator: str
    template: str
    groups: tuple[GroupSummary, ...]
    agenda: tuple[StepSummary, ...]
    counts: tuple[tuple[str, int], ...]  # (what, how many), in display order

    @property
    def planned_minutes(self) -> int:
        return sum(step.minutes for step in self.agenda)


def summarise(tables: Mapping[str, Sequence[Row]]) -> SessionOverview:
    """The overview of a session from its tables' event rows (table name -> rows)."""
    settings = {r["key"]: r["value"] for r in latest_state(tables["settings"], ("key",))}
    participants = latest_state(tables["participants"], ("participant_id",), ("left",))
    groups = tuple(
        GroupSummary(
            g["group_id"],
            g["name"],
            g["colour"],
            g["letter"],
            sum(1 for p in participants if p["group_id"] == g["group_id"]),
        )
        for g in latest_state(tables["groups"], ("group_id",), ("removed",))
    )
    steps = latest_state(tables["agenda"], ("step_id",), ("removed",))
    agenda = tuple(
        sorted(
            (
                StepSummary(s["position"] or 0, s["kind"], s["title"], s["minutes"] or 0)
                for s in steps
            ),
            key=lambda s: s.position,
        )
    )
    issues = latest_state(tables["issues"], ("issue_id",))
    counts = (
        ("participants", len(participants)),
        (
            "stakeholders",
            len(latest_state(tables["stakeholders"], ("stakeholder_id",), ("removed",))),
        ),
        ("issues raised", sum(1 for i in issues if not i["merged_into"])),
        ("voting rounds", len(latest_state(tables["rounds"], ("round_id",)))),
        (
            "dots placed",
            sum(
                v["dots"]
                for v in net_dots(as_columns(tables["votes"], (*VOTE_KEY, "event", "dots")))
            ),
        ),
        ("actions", len(latest_state(tables["actions"], ("action_id",), ("removed",)))),
        ("notes", len(latest_state(tables.get("notes", ()), ("note_id",), ("removed",)))),
    )
    return SessionOverview(
        title=settings.get("title", ""),
        date=settings.get("date", ""),
        facilitator=settings.get("facilitator", ""),
        template=settings.get("template", ""),
        groups=groups,
        agenda=agenda,
        counts=counts,
    )
