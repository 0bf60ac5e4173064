"""Prompts for the facilitator drawn from the session's data at the right moment: who is
missing from the stakeholder map, which group has raised no issue yet, what split the
groups in a revealed vote, a step running over time. Questions to put to the room, never
conclusions; the console shows them beside the step's script, never on the projector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from toolkit.domain.agenda import Step, clock
from toolkit.domain.issues import IssueBoard
from toolkit.domain.results import display, group_members, voting_started
from toolkit.domain.stakeholders import Register, Stakeholder, quadrant
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.template_settings import QUADRANT_KEYS
from toolkit.domain.voting import Round

MOST_QUESTIONS = 3  # contested options turned into questions after a reveal


@dataclass(frozen=True)
class Prompt:
    kind: str  # 'map', 'voices', 'small', 'contested', 'time'
    text: str


def empty_quadrants(stakeholders: Sequence[Stakeholder], labels: Mapping[str, str]) -> list[Prompt]:
    """A question for each quadrant of the power/interest grid with nobody in it, once the
    map has someone on it (an empty map is the step's start, not a gap)."""
    if not stakeholders:
        return []
    filled = {quadrant(s.power, s.interest, labels) for s in stakeholders}
    out = []
    for key in QUADRANT_KEYS:
        label = labels[key]
        if label not in filled:
            power, _, interest, _ = key.split("_")
            out.append(
                Prompt(
                    "map",
                    f"No one is in {label} ({power} power, {interest} interest): who is missing?",
                )
            )
    return out


def silent_groups(board: IssueBoard, groups: Sequence[GroupSpec]) -> list[Prompt]:
    """A question for each group that has raised no issue, once any issue is on the board.
    An issue merged into another still counts for its group; a hidden one does not."""
    if not board.active:
        return []
    raised = {i.group_id for i in board.all if not i.hidden}
    return [
        Prompt("voices", f"No issues yet from {g.name}: what would {g.name} like to improve?")
        for g in groups
        if g.id not in raised
    ]


def over_time(seconds_left: float, planned_minutes: int) -> list[Prompt]:
    """A nudge once the step has run past its planned minutes."""
    if seconds_left >= 0:
        return []
    over = int(-seconds_left)
    return [
        Prompt(
            "time",
            f"This step is {over // 60}:{over % 60:02d} over its {planned_minutes} minutes: "
            "wrap up, or agree more time with the room (+1 minute). Note what is left open.",
        )
    ]


class Contested(Protocol):
    """An option's support by group after a reveal (`OptionConsensus` in
    toolkit/analysis/agreement_figures.py)."""

    @property
    def named(self) -> str: ...
    @property
    def p(self) -> Mapping[str, float]: ...
    @property
    def high(self) -> str: ...
    @property
    def low(self) -> str: ...
    @property
    def gap(self) -> float | None: ...
    @property
    def contested(self) -> bool: ...


def contested_questions(
    consensus: Sequence[Contested], threshold: float, limit: int = MOST_QUESTIONS
) -> list[Prompt]:
    """The most contested options (the largest gaps first) as questions for both groups:
    the share of each group's voters who gave the option a dot, high against low. With
    nothing contested, a question that opens the discussion all the same."""
    found = sorted((c for c in consensus if c.contested), key=lambda c: -(c.gap or 0))
    if not found:
        return [
            Prompt(
                "contested",
                f"No option split the groups by {100 * threshold:.0f} points or more: which "
                "result surprised anyone, and why?",
            )
        ]
    return [
        Prompt(
            "contested",
            f"{c.p[c.high]:.0%} of {c.high} gave “{c.named}” a dot, against "
            f"{c.p[c.low]:.0%} of {c.low}: what do you each see in it?",
        )
        for c in found[:limit]
    ]


def revealed_for_discussion(state: SessionState, step: Step | None) -> Round | None:
    """The round to discuss: on a vote step, the current round once it is revealed (until
    the next round is made, when the room has moved on)."""
    current = state.voting.current
    if step is None or step.kind != "vote" or current is None or current.status != "revealed":
        return None
    return current


def small_groups(state: SessionState, template: WorkshopTemplate, step: Step) -> list[Prompt]:
    """While people join, the groups too small to be shown by name and what that will do to
    the results: on every step until the first dot (when it can still be changed), and on
    vote steps after it."""
    started = voting_started(state)
    if started and step.kind != "vote":
        return []
    shown = display(state, template.groups, template.small_group_threshold)
    words = shown.warnings(group_members(state), started)
    return [Prompt("small", " ".join(words))] if words else []


def step_prompts(
    state: SessionState, template: WorkshopTemplate, step: Step | None, now: datetime
) -> list[Prompt]:
    """The prompts for the current step, but for the contested options (those need the
    agreement measures: `contested_questions`, with `revealed_for_discussion`)."""
    if step is None:
        return []
    out: list[Prompt] = []
    if step.kind == "stakeholders":
        current = Register.from_events(state.stakeholders).current
        out += empty_quadrants(current, template.stakeholder_map.quadrant_labels)
    if step.kind == "issues":
        out += silent_groups(state.board, template.groups)
    out += small_groups(state, template, step)
    out += over_time(clock(state.settings, step, now).left(now), step.minutes)
    return out
