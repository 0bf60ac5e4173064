"""Negotiated actions: checked fields, the events they make, carrying open ones forward."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from toolkit.domain.actions import (
    Action,
    ActionError,
    ActionPlan,
    carried_forward,
    checked,
    describe_plan,
)


def rows(*events: tuple[str, Action]) -> list[dict[str, Any]]:
    return [{"event": e, **a.values()} for e, a in events]


def test_text_is_tidied_and_the_action_is_required() -> None:
    a = checked(Action("A1", "  Call back \n within   two days ", owner=" Repairs lead "))
    assert (a.action, a.owner) == ("Call back within two days", "Repairs lead")
    with pytest.raises(ActionError, match=r"write the action: what will be done"):
        checked(Action("A1", " \n "))


@pytest.mark.parametrize(("change", "message"), [
    ({"status": "maybe"}, r"status 'maybe' is not one of: proposed, agreed, in progress"),
    ({"four_co": "co-op"}, r"'co-op' is not one of the Four Co's: co-commissioning"),
    ({"due": "31/12/2026"}, r"the due date '31/12/2026' is not a date like 2026-12-31"),
    ({"review": "soon"}, r"the review date 'soon' is not a date"),
    ({"action": "x" * 501}, r"the action is 501 characters; keep it to 500"),
    ({"users_contribute": "x" * 501}, r"the users contribute is 501 characters"),
])  # fmt: skip
def test_bad_fields_say_what_to_change(change: dict[str, str], message: str) -> None:
    with pytest.raises(ActionError, match=message):
        checked(Action(**{"action_id": "A1", "action": "Do it", **change}))


def test_propose_edit_status_and_remove_make_the_right_events() -> None:
    plan = ActionPlan()
    event, values = plan.propose(Action("A1", "Call back", issue_id="I1"))
    assert event == "proposed" and values["status"] == "proposed"
    plan = ActionPlan.from_events([{"event": event, **values}])
    with pytest.raises(ActionError, match=r"action 'A1' exists already"):
        plan.propose(Action("A1", "Again"))
    agreed = Action("A1", "Call back", issue_id="I1", status="agreed")
    assert plan.edit(agreed)[0] == "status_changed"
    assert plan.edit(Action("A1", "Call back soon", issue_id="I1"))[0] == "edited"
    with pytest.raises(ActionError, match=r"nothing changed"):
        plan.edit(Action("A1", "Call back", issue_id="I1"))
    assert plan.remove("A1")[0] == "removed"
    gone = ActionPlan.from_events(rows(("proposed", plan.get("A1")), ("removed", plan.get("A1"))))
    assert gone.actions == ()
    with pytest.raises(ActionError, match=r"there is no action 'A9'"):
        plan.remove("A9")


def test_the_plan_in_words() -> None:
    assert describe_plan(ActionPlan()) == "No actions yet."
    plan = ActionPlan((Action("A1", "x"), Action("A2", "y", status="agreed"),
                       Action("A3", "z", status="agreed")))  # fmt: skip
    assert describe_plan(plan) == "3 actions: 1 proposed, 2 agreed."


def test_only_open_actions_are_carried_forward_with_their_issue_words() -> None:
    ids = (f"B{n}" for n in count(1))
    earlier = ActionPlan((
        Action("A1", "Call back", issue_id="I1", status="agreed", owner="Repairs lead"),
        Action("A2", "Fix lifts", issue_id="I2", status="done"),
        Action("A3", "Repaint", status="dropped"),
        Action("A4", "Meet quarterly", status="in progress"),
    ))  # fmt: skip
    carried = carried_forward(earlier, "2026-11-28-estate", {"I1": "Nobody calls back"},
                              lambda: next(ids))  # fmt: skip
    assert [(a.action_id, a.action, a.status) for a in carried] == [
        ("B1", "Call back", "agreed"), ("B2", "Meet quarterly", "in progress")]  # fmt: skip
    assert carried[0].carried_from == "2026-11-28-estate/A1"
    assert carried[0].carried_issue == "Nobody calls back" and carried[0].issue_id == ""
    assert carried[0].owner == "Repairs lead"
    again = carried_forward(ActionPlan(tuple(carried)), "2027-01-10-estate", {}, lambda: "C1")
    assert again[0].carried_issue == "Nobody calls back"  # the words travel on
    assert again[0].carried_from == "2027-01-10-estate/B1"
