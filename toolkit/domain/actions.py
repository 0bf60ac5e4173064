"""Negotiated actions: what service users and the provider each contribute, by when; and
carrying the open ones forward to the next session."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from toolkit.domain.events import Row, latest_state
from toolkit.domain.issues import Issue
from toolkit.domain.stakeholders import FOUR_COS
from toolkit.domain.texts import ENGLISH, Texts

STATUSES = ("proposed", "agreed", "in progress", "done", "dropped")
OPEN_STATUSES = ("proposed", "agreed", "in progress")
FOUR_CO_LABELS = {
    "co-commissioning": "Co-commissioning (deciding what is needed)",
    "co-design": "Co-design (shaping how it works)",
    "co-delivery": "Co-delivery (doing it together)",
    "co-assessment": "Co-assessment (checking how it went)",
}
TEXT_LIMITS = {"action": 500, "users_contribute": 500, "provider_contributes": 500, "owner": 120}
_SPACE = re.compile(r"\s+")


class ActionError(ValueError):
    """An action that cannot be recorded; the message says what to change."""


@dataclass(frozen=True)
class Action:
    action_id: str
    action: str
    issue_id: str = ""
    users_contribute: str = ""
    provider_contributes: str = ""
    four_co: str = ""
    owner: str = ""
    due: str = ""  # ISO date, or empty
    status: str = "proposed"
    review: str = ""
    carried_from: str = ""  # "<earlier session folder>/<its action id>"
    carried_issue: str = ""  # the issue's words in that session

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_row(cls, row: Row) -> Action:
        return cls(**{f.name: row.get(f.name) or "" for f in fields(cls)})

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


def checked(action: Action, today: date | None = None) -> Action:
    """The action with tidied text, or ActionError saying what is wrong with it."""
    texts = {k: _SPACE.sub(" ", str(getattr(action, k))).strip() for k in TEXT_LIMITS}
    if not texts["action"]:
        raise ActionError("write the action: what will be done")
    for key, limit in TEXT_LIMITS.items():
        if len(texts[key]) > limit:
            what = key.replace("_", " ")
            raise ActionError(f"the {what} is {len(texts[key])} characters; keep it to {limit}")
    if action.status not in STATUSES:
        raise ActionError(f"status {action.status!r} is not one of: {', '.join(STATUSES)}")
    if action.four_co and action.four_co not in FOUR_COS:
        raise ActionError(f"{action.four_co!r} is not one of the Four Co's: {', '.join(FOUR_COS)}")
    for key in ("due", "review"):
        value = getattr(action, key)
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ActionError(
                    f"the {key} date {value!r} is not a date like 2026-12-31"
                ) from None
    return replace(action, **texts)


@dataclass(frozen=True)
class ActionPlan:
    """The session's actions as they stand, in the order they were first proposed."""

    actions: tuple[Action, ...] = ()

    @classmethod
    def from_events(cls, rows: Iterable[Row]) -> ActionPlan:
        current = latest_state(rows, ("action_id",), ("removed",))
        return cls(tuple(Action.from_row(r) for r in current))

    def get(self, action_id: str) -> Action:
        for a in self.actions:
            if a.action_id == action_id:
                return a
        raise ActionError(f"there is no action {action_id!r}; it may have been removed")

    def for_issue(self, issue_id: str) -> list[Action]:
        return [a for a in self.actions if a.issue_id == issue_id]

    # Each returns (event, values) to record.

    def propose(self, action: Action) -> tuple[str, dict[str, Any]]:
        if any(a.action_id == action.action_id for a in self.actions):
            raise ActionError(f"action {action.action_id!r} exists already")
        return "proposed", checked(action).values()

    def edit(self, action: Action) -> tuple[str, dict[str, Any]]:
        before = self.get(action.action_id)
        after = checked(action)
        if after == before:
            raise ActionError("nothing changed; edit a field, then save")
        event = "status_changed" if replace(before, status=after.status) == after else "edited"
        return event, after.values()

    def remove(self, action_id: str) -> tuple[str, dict[str, Any]]:
        return "removed", self.get(action_id).values()

    def counts(self) -> dict[str, int]:
        return {s: sum(a.status == s for a in self.actions) for s in STATUSES}


def describe_plan(plan: ActionPlan, texts: Texts = ENGLISH) -> str:
    """The plan in words, for the projector and the report."""
    if not plan.actions:
        return texts.say("plan.none")
    counts = ", ".join(
        texts.say("plan.status_count", number=n, status=status_word(s, texts))
        for s, n in plan.counts().items() if n
    )  # fmt: skip
    return texts.say("plan.count", len(plan.actions), number=len(plan.actions), counts=counts)


def issue_words(issue: Issue, texts: Texts = ENGLISH) -> str:
    """What an action's issue is shown as: its words, or a neutral note when it is hidden
    (hidden after the action was agreed, or tied by a hand edit) or was never checked."""
    if issue.hidden:
        return texts.say("report.hidden_text")
    if issue.held:
        return texts.say("report.held_text")
    return issue.text


def status_word(status: str, texts: Texts = ENGLISH) -> str:
    """An action's status (proposed, agreed, in progress, done, dropped) in the template's
    language."""
    return texts.say(f"status.{status.replace(' ', '_')}")


def carried_forward(
    earlier: ActionPlan,
    session_name: str,
    issue_texts: Mapping[str, str],
    new_id: Callable[[], str],
) -> list[Action]:
    """The earlier session's open actions, to review at the next one: same words, owner and
    status, linked back to the action they continue (the issue's words travel with them,
    since the issue's id belongs to the earlier session)."""
    return [
        replace(
            a,
            action_id=new_id(),
            issue_id="",
            carried_from=f"{session_name}/{a.action_id}",
            carried_issue=a.carried_issue or issue_texts.get(a.issue_id, ""),
        )
        for a in earlier.actions
        if a.open
    ]


def action_label(a: Action) -> str:
    """One line naming an action in a list or dropdown."""
    return f"{a.action[:60]}{'…' if len(a.action) > 60 else ''} ({a.status})"
