"""Prompts from the data: each appears under its condition, at its step, and not otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from toolkit.domain.agenda import Step, timer_value
from toolkit.domain.issues import IssueBoard
from toolkit.domain.prompts import (
    contested_questions,
    empty_quadrants,
    over_time,
    revealed_for_discussion,
    silent_groups,
    step_prompts,
)
from toolkit.domain.stakeholders import Stakeholder
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.template_settings import DEFAULT_QUADRANTS

GROUPS = (GroupSpec("tenants", "Tenants", "#E69F00", "T"),
          GroupSpec("staff", "Staff", "#0072B2", "S"),
          GroupSpec("managers", "Managers", "#009E73", "M"))  # fmt: skip
TEMPLATE = WorkshopTemplate("W", "", GROUPS, (), (), 3)
NOW = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def _issue(
    issue_id: str, group: str, hidden: bool = False, merged_into: str = ""
) -> dict[str, Any]:
    return {"event": "raised", "issue_id": issue_id, "text": f"Issue {issue_id}", "category": "",
            "participant_id": "", "group_id": group, "channel": "facilitator", "hidden": hidden,
            "merged_into": merged_into, "moscow": "", "shortlisted": False}  # fmt: skip


def _stakeholder(sid: str, power: int, interest: int) -> dict[str, Any]:
    return {"event": "added", "event_id": sid, "stakeholder_id": sid, "name": f"S {sid}",
            "kind": "", "role": "", "power": power, "interest": interest, "position": "neutral",
            "desired_position": "neutral", "concerns": "", "notes": ""}  # fmt: skip


def test_an_empty_quadrant_asks_who_is_missing_once_the_map_has_someone() -> None:
    assert empty_quadrants([], DEFAULT_QUADRANTS) == []  # an empty map is the step's start
    on_map = [Stakeholder("S1", "Tenants", power=2, interest=5),
              Stakeholder("S2", "Council", power=5, interest=4)]  # fmt: skip
    texts = [p.text for p in empty_quadrants(on_map, DEFAULT_QUADRANTS)]
    assert texts == [
        "No one is in Keep satisfied (high power, low interest): who is missing?",
        "No one is in Monitor (low power, low interest): who is missing?",
    ]
    everywhere = [*on_map, Stakeholder("S3", "Regulator", power=5, interest=1),
                  Stakeholder("S4", "Press", power=1, interest=1)]  # fmt: skip
    assert empty_quadrants(everywhere, DEFAULT_QUADRANTS) == []


def test_a_group_with_no_issue_is_named_once_any_issue_is_raised() -> None:
    assert silent_groups(IssueBoard(), GROUPS) == []  # nothing raised yet: no prompt
    board = IssueBoard.from_events([_issue("I1", "tenants"), _issue("I2", "staff", hidden=True)])
    assert [p.text for p in silent_groups(board, GROUPS)] == [
        "No issues yet from Staff: what would Staff like to improve?",  # hidden: not counted
        "No issues yet from Managers: what would Managers like to improve?",
    ]
    board = board.with_events(
        [_issue("I3", "staff"), _issue("I4", "managers", merged_into="I1")]
    )  # merged into another: still raised
    assert silent_groups(board, GROUPS) == []


def test_a_step_over_its_time_is_flagged_and_not_before() -> None:
    assert over_time(30, 10) == [] and over_time(0, 10) == []
    [late] = over_time(-125, 10)
    assert late.text.startswith("This step is 2:05 over its 10 minutes: wrap up, or agree more")


@dataclass(frozen=True)
class Support:
    named: str  # the option's number and words
    p: dict[str, float]
    high: str
    low: str
    gap: float | None
    contested: bool
    extra: dict[str, Any] = field(default_factory=dict)


def test_the_most_contested_options_become_questions_for_both_sides() -> None:
    options = [
        Support(
            "2. Repairs <b>", {"Tenants": 0.8, "Managers": 0.2}, "Tenants", "Managers", 0.6, True
        ),
        Support("Bins", {"Tenants": 0.5, "Managers": 0.4}, "Tenants", "Managers", 0.1, False),
        Support("7. Lifts", {"Tenants": 0.0, "Managers": 0.9}, "Managers", "Tenants", 0.9, True),
    ]
    texts = [p.text for p in contested_questions(options, 0.5)]
    assert texts == [
        "90% of Managers gave “7. Lifts” a dot, against 0% of Tenants: what do you each see in it?",
        "80% of Tenants gave “2. Repairs <b>” a dot, against 20% of Managers: what do you each "
        "see in it?",
    ]  # the largest gap first; the label as typed (the screen escapes it)
    assert len(contested_questions(options * 3, 0.5, limit=3)) == 3
    [calm] = contested_questions(options[1:2], 0.5)
    assert calm.text.startswith("No option split the groups by 50 points or more: which result")


def _round(status: str, number: int = 1) -> dict[str, Any]:
    return {"event": "created", "round_id": f"R{number}", "number": number, "status": status,
            "dots_per_participant": 2, "cap_per_option": 3, "stacking": True, "min_spend": 0,
            "facilitator_votes": False, "shuffle": False}  # fmt: skip


def test_the_discussion_is_of_a_revealed_round_on_a_vote_step_only() -> None:
    vote, actions = Step("step-5", "vote", "Vote", 10, 5), Step("step-7", "actions", "A", 20, 7)
    state = SessionState().with_new({"rounds": [_round("closed")]})
    assert revealed_for_discussion(state, vote) is None  # not revealed yet
    state = state.with_new({"rounds": [_round("revealed")]})
    assert revealed_for_discussion(state, vote) is not None
    assert revealed_for_discussion(state, actions) is None  # another step: the room moved on
    assert revealed_for_discussion(state.with_new({"rounds": [_round("draft", 2)]}), vote) is None


def test_each_step_gets_only_its_own_prompts() -> None:
    state = SessionState().with_new({
        "stakeholders": [_stakeholder("S1", 5, 5)],
        "issues": [_issue("I1", "tenants")],
    })  # fmt: skip
    kinds = {}
    for kind in ("stakeholders", "issues", "prioritise", "vote"):
        step = Step("step-2", kind, "A step", 10, 2)
        kinds[kind] = {p.kind for p in step_prompts(state, TEMPLATE, step, NOW)}
    assert kinds == {"stakeholders": {"map"}, "issues": {"voices"}, "prioritise": set(),
                     "vote": set()}  # fmt: skip
    started = timer_value("step-2", True, 60, NOW - timedelta(minutes=3))
    late = state.with_new({"settings": [{"event": "set", "key": "timer", "value": started}]})
    step = Step("step-2", "prioritise", "A step", 10, 2)
    assert [p.kind for p in step_prompts(late, TEMPLATE, step, NOW)] == ["time"]
    assert step_prompts(late, TEMPLATE, None, NOW) == []
