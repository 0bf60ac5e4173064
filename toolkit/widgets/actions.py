"""Agreeing actions: the facilitator's form and the action plan as the room sees it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.actions import (
    FOUR_CO_LABELS,
    STATUSES,
    Action,
    ActionError,
    ActionPlan,
    action_label,
    describe_plan,
    issue_words,
    status_word,
)
from toolkit.domain.events import Row
from toolkit.domain.issues import IssueBoard
from toolkit.domain.state import SessionState
from toolkit.domain.tally import Tally
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]  # (table, event, values) -> saved row
NO_ISSUE = ""


def issue_choices(board: IssueBoard, top: Sequence[str]) -> list[tuple[str, str]]:
    """The issues an action can answer: the vote's top options first, then the rest."""
    active = {i.issue_id: i for i in board.active}
    first = [i for i in top if i in active]
    rest = [i for i in active if i not in first]
    choices = [(f"{board.number(i)}. {active[i].text[:80]}", i) for i in (*first, *rest)]
    return [("(not tied to one issue)", NO_ISSUE), *choices]


def top_issues(tallies: Sequence[Tally]) -> list[str]:
    """Issue ids in the order of the last revealed round, each group weighted equally."""
    if not tallies:
        return []
    last = tallies[-1]
    scores = last.equal_weight()
    order = sorted(last.options, key=lambda o: -scores[o.option_id])
    return [o.issue_id for o in order if o.issue_id]


DATE_WIDTH = "27em"  # the 13em label and a date field of 14em


class ActionForm(widgets.VBox):  # type: ignore[misc]
    """The fields of one action; only the action itself is required."""

    def __init__(self) -> None:
        wide, style = widgets.Layout(width="100%"), {"description_width": "13em"}

        def text(label: str, area: bool = False, hint: str = "") -> Any:
            kind = widgets.Textarea if area else widgets.Text
            return kind(description=label, placeholder=hint, layout=wide, style=style)

        self.issue = widgets.Dropdown(description="Answers issue", options=[("", "")],
                                      layout=wide, style=style)  # fmt: skip
        self.action = text("We will (action)", True, "what will be done")
        self.users = text("Service users contribute", True, "what people who use the service do")
        self.provider = text("Provider contributes", True, "what the organisation does")
        self.four_co = widgets.Dropdown(
            description="Which of the Four Co's",
            options=[("(not chosen)", ""), *((v, k) for k, v in FOUR_CO_LABELS.items())],
            layout=wide,
            style=style,
        )
        self.owner = text("Owner", hint="a role, not only a name")
        # A date picker's default width leaves its box a few characters beside a 13em label
        # ("04/" of 04/12/2026): room for a whole date and the calendar button.
        dated = widgets.Layout(width=DATE_WIDTH, max_width="100%")
        self.due = widgets.DatePicker(description="Due", style=style, layout=dated)
        self.status = widgets.ToggleButtons(description="Status", options=STATUSES, style=style)
        self.review = widgets.DatePicker(description="Review on", style=style, layout=dated)
        super().__init__([self.issue, self.action, self.users, self.provider, self.four_co,
                          self.owner, self.due, self.status, self.review])  # fmt: skip
        self.add_class("toolkit-form")

    def read(self, action_id: str, carried: Action | None = None) -> Action:
        return Action(
            action_id=action_id, issue_id=self.issue.value or "", action=self.action.value,
            users_contribute=self.users.value, provider_contributes=self.provider.value,
            four_co=self.four_co.value, owner=self.owner.value, due=_iso(self.due.value),
            status=self.status.value, review=_iso(self.review.value),
            carried_from=carried.carried_from if carried else "",
            carried_issue=carried.carried_issue if carried else "",
        )  # fmt: skip

    def load(self, a: Action) -> None:
        if a.issue_id in dict((v, k) for k, v in self.issue.options):
            self.issue.value = a.issue_id
        self.action.value, self.users.value = a.action, a.users_contribute
        self.provider.value, self.four_co.value = a.provider_contributes, a.four_co
        self.owner.value, self.status.value = a.owner, a.status
        self.due.value = date.fromisoformat(a.due) if a.due else None
        self.review.value = date.fromisoformat(a.review) if a.review else None

    def clear(self) -> None:
        self.load(Action("", "", issue_id=self.issue.value or ""))


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


class ActionsConsole(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """The facilitator's screen for the actions step: propose, edit, change status, remove.
    Every change is recorded first and shown once read back."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        record: Record,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        new_id: Callable[[], str],
        ranked: Callable[[SessionState], list[str]],
    ) -> None:
        self._record, self._read_new, self._new_id, self._ranked = (
            record, read_new, new_id, ranked)  # fmt: skip
        self.heading = widgets.HTML("<h2>Agree actions: you said, we will</h2>")
        self.form = ActionForm()
        self.status = StatusLine()
        self.chooser = widgets.Dropdown(description="Edit", options=[("(a new action)", "")],
                                        layout=widgets.Layout(width="100%"))  # fmt: skip
        self.chooser.observe(lambda _: self.choose(self.chooser.value), "value")
        self.add_button = widgets.Button(description="Add action", button_style="primary")
        self.save_button = widgets.Button(description="Save changes", disabled=True)
        self.remove_button = widgets.Button(description="Remove", disabled=True)
        self.add_button.on_click(lambda _: self.add())
        self.save_button.on_click(lambda _: self.save())
        self.remove_button.on_click(lambda _: self.remove())
        self.plan_view = widgets.HTML()
        buttons = widgets.HBox([self.add_button, self.save_button, self.remove_button])
        super().__init__(
            [self.heading, self.chooser, self.form, buttons, self.status, self.plan_view]
        )
        self.add_class("toolkit-app")
        self.add_class("toolkit-actions")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    @property
    def plan(self) -> ActionPlan:
        return self.state.plan

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        chosen = self.chooser.value
        choices = [("(a new action)", ""), *((action_label(a), a.action_id)
                                            for a in self.plan.actions)]  # fmt: skip
        if self.chooser.options != tuple(choices):
            self.chooser.options = choices
            self.chooser.value = chosen if chosen in dict((v, k) for k, v in choices) else ""
        picked = self.form.issue.value
        options = issue_choices(self.state.board, self._ranked(self.state))
        if tuple(options) != self.form.issue.options:
            self.form.issue.options = options
            self.form.issue.value = picked if picked in {v for _, v in options} else NO_ISSUE
        self.plan_view.value = plan_table(self.plan, self.state.board)

    def choose(self, action_id: str) -> None:
        """Load an action into the form to edit it, or clear the form for a new one."""
        editing = bool(action_id)
        self.save_button.disabled = self.remove_button.disabled = not editing
        self.add_button.disabled = editing
        if editing:
            self.form.load(self.plan.get(action_id))
        else:
            self.form.clear()

    def add(self) -> None:
        self._change(lambda: self.plan.propose(self.form.read(self._new_id())), "Added")

    def save(self) -> None:
        current = self.plan.get(self.chooser.value)
        self._change(lambda: self.plan.edit(self.form.read(current.action_id, current)), "Saved")

    def remove(self) -> None:
        self._change(lambda: self.plan.remove(self.chooser.value), "Removed")

    def _change(self, make: Callable[[], tuple[str, dict[str, Any]]], done: str) -> None:
        try:
            event, values = make()
        except ActionError as exc:
            self.status.show(f"Not saved: {exc}.", "error")
            return
        try:
            self._record("actions", event, values)
        except (OSError, ValueError) as exc:
            self.status.show(f"Not saved: {exc}", "error")
            return
        self.refresh()
        self.status.show(f"{done}: {values['action'][:80]}")
        if event in ("proposed", "removed"):
            self.chooser.value = ""
            self.form.clear()


def plan_table(
    plan: ActionPlan, board: IssueBoard, projector: bool = False, texts: Texts = ENGLISH
) -> str:
    """The action plan as a table, 'you said, we will'; every cell is escaped text. The room
    reads it in the template's language (the facilitator's own words in the cells)."""
    if not plan.actions:
        return f"<p>{escape(texts.say('plan.none'))}</p>"
    heads, cells = plan_rows(plan, board, projector, texts)
    summary = f"<p class='toolkit-summary'>{escape(describe_plan(plan, texts))}</p>"
    return summary + plan_table_of(heads, cells)


def plan_table_of(heads: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table of the plan's rows (plain text, escaped here) under these heads."""
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table class='toolkit-table toolkit-plan'><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def plan_rows(
    plan: ActionPlan, board: IssueBoard, projector: bool = False, texts: Texts = ENGLISH
) -> tuple[list[str], list[list[str]]]:
    """The plan's column heads and its rows of plain text (the Four Co's only off the
    projector)."""
    keys = ["you_said", "we_will", "users", "provider", "owner", "due", "status"]
    heads = [texts.say(f"plan.{key}") for key in keys]
    if not projector:
        heads.insert(4, "Four Co's")
    rows = []
    for a in plan.actions:
        said = _issue_words(a, board, texts)
        cells = [said, a.action, a.users_contribute, a.provider_contributes, a.owner, a.due,
                 status_word(a.status, texts)]  # fmt: skip
        if not projector:
            cells.insert(4, a.four_co)
        rows.append(cells)
    return heads, rows


def _issue_words(a: Action, board: IssueBoard, texts: Texts) -> str:
    if a.carried_issue:
        return texts.say("plan.carried", issue=a.carried_issue)
    if not a.issue_id:
        return texts.say("plan.general")
    try:
        issue = board.get(a.issue_id)
    except ValueError:
        return texts.say("plan.gone")
    return issue_words(issue, texts)
