"""The projector: what the room sees. Before a reveal, only how many have voted; after it,
the results by group; never anything a facilitator has hidden."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.agenda import current_step, steps
from toolkit.domain.events import Row
from toolkit.domain.issues import IssueBoard
from toolkit.domain.results import display, revealed_tallies, voters
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import describe_tally
from toolkit.widgets.agenda import agenda_line
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.guidance import projector_rules_html

ACTIVITIES = ("stakeholders", "issues", "prioritise", "actions")  # steps with their own view


class ProjectorView(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """Follows the session folder by itself; the switch picks raw or equal-weight counts."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        template: WorkshopTemplate,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        join_panel: str = "",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._now, self.template = now, template
        self.activity = widgets.HTML()  # what the current agenda step puts before the room
        self.activity.add_class("toolkit-map")
        self._activity_key: tuple[str, int] = ("", -1)
        self.groups, self.threshold = list(template.groups), template.small_group_threshold
        self._read_new = read_new
        self.heading = widgets.HTML()
        self.step = widgets.HTML()
        self.rules = widgets.HTML()  # the voting rules, large, while the console shows them
        self.progress = widgets.HTML()
        self.mode = widgets.ToggleButtons(
            options=[
                (template.texts.say("projector.raw"), "raw"),
                (template.texts.say("projector.equal"), "equal"),
            ],
            value="raw",
            style={"button_width": "auto"},
        )
        self.mode.observe(lambda _: self._draw_results(), "value")
        self.chart = widgets.HTML()
        self.chart.add_class("toolkit-map")
        self.words = widgets.HTML()
        self.agreement = widgets.HTML()  # where the groups agree and differ, after a reveal
        self.agreement.add_class("toolkit-map")
        self._agreement_key: tuple[int, ...] = ()
        self.join = widgets.HTML(join_panel)  # the QR code and link for phones
        super().__init__(
            [
                self.heading,
                self.step,
                self.rules,
                self.activity,
                self.progress,
                self.mode,
                self.chart,
                self.words,
                self.agreement,
                self.join,
            ]
        )
        self.add_class("toolkit-app")
        self.add_class("toolkit-projector")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        state = self.state
        self.heading.value = f"<div class='toolkit-muted'>{escape(state.setting('title'))}</div>"
        self.tick()
        self.rules.value = projector_rules_html(state, self.template)
        self._draw_activity()
        current = state.voting.current
        if current is None or current.status == "revealed" or not self._voting_step():
            self.progress.value = ""
        else:
            p = state.voting.progress(current.round_id, voters(state))
            say = self.template.texts.say
            said = say(f"projector.round_{current.status}", number=current.number)
            counts = "".join(
                f"<div class='toolkit-count'><strong>{n}</strong>{escape(say(key))}</div>"
                for n, key in ((p.joined, "projector.joined"), (p.finished, "projector.finished"),
                               (p.unspent, "projector.unspent")))  # fmt: skip
            self.progress.value = (
                f"<h2>{escape(said)}</h2><p>{escape(current.rules.explain(self.template.texts))}"
                f"</p><div class='toolkit-counts'>{counts}</div>")  # fmt: skip
        self._draw_results()

    def _voting_step(self) -> bool:
        """The vote is on screen during a vote step, or while phones are set to vote and the
        step has nothing else to show (an action plan is not covered by old results)."""
        step = current_step(self.state.settings, steps(self.state.agenda))
        kind = step.kind if step else ""
        return kind == "vote" or (self.state.room.voting_shown and kind not in ACTIVITIES)

    def _draw_activity(self) -> None:
        """The stakeholder map, the issues or the priorities, for those agenda steps; drawn
        again only when the step or the records change, not at every tick."""
        state = self.state
        step = current_step(state.settings, steps(state.agenda))
        kind = step.kind if step else ""
        key = (kind, len(state.stakeholders) + len(state.board.events) + len(state.ratings)
               + len(state.actions))  # fmt: skip
        if key != self._activity_key:
            self._activity_key = key
            self.activity.value = activity_html(state, kind, self.template)

    def tick(self) -> None:
        """Redraw the step and its countdown (called every poll)."""
        texts = self.template.texts
        line = agenda_line(self.state, self._now(), texts)
        self.step.value = (
            line or f"<h1>{escape(texts.say(f'step.{self.state.room.phone_step}'))}</h1>"
        )

    def _draw_results(self) -> None:
        tallies = revealed_tallies(self.state, self.groups, self.threshold)
        if not self._voting_step():
            tallies = []
        self.mode.layout.display = "flex" if tallies else "none"
        if not tallies:
            self.chart.value = self.words.value = self.agreement.value = ""
            self._agreement_key = ()
            return
        from toolkit.widgets.agreement import agreement_html  # these load at the first reveal
        from toolkit.widgets.voting import results_chart

        texts = self.template.texts
        shown = display(self.state, self.groups, self.threshold).groups  # merged for display
        self.chart.value = results_chart(tallies, shown, self.mode.value, texts=texts)
        self.words.value = (
            "<p class='toolkit-summary'>"
            + escape(" ".join(describe_tally(t, self.mode.value, texts) for t in tallies))
            + "</p>"
        )
        key = (len(tallies), len(self.state.voting.vote_rows), len(self.state.participants))
        if key != self._agreement_key:  # votes are closed after a reveal: rarely redrawn
            self._agreement_key = key
            self.agreement.value = agreement_html(
                self.state, self.groups, self.threshold, self.template.texts
            )


def activity_html(state: SessionState, kind: str, template: WorkshopTemplate) -> str:
    """What the room sees for a stakeholder, issues or prioritising step (charts load only
    when such a step is shown). Hidden and merged issues never appear."""
    if kind == "stakeholders":
        from toolkit import charts
        from toolkit.domain.stakeholders import Register, describe_map
        from toolkit.widgets.stakeholders import map_frame

        current = Register.from_events(state.stakeholders).current
        texts = template.texts
        words = describe_map(current, template.stakeholder_map.quadrant_labels, texts)
        chart = charts.stakeholder_map(map_frame(current), template.stakeholder_map, texts=texts)
        svg = charts.to_svg(chart)
        return f"{svg}<p class='toolkit-summary'>{escape(words)}</p>"
    if kind == "issues":
        return issue_list(state.board, template.groups, template.texts)
    if kind == "prioritise":
        from toolkit.widgets.issues import priority_chart_html

        listed = issue_list(state.board, template.groups, template.texts)
        return priority_chart_html(state, template) + listed
    if kind == "actions":
        from toolkit.widgets.actions import plan_table

        title = escape(template.texts.say("projector.plan"))
        return f"<h2>{title}</h2>" + plan_table(state.plan, state.board, True, template.texts)
    return ""


def issue_list(board: IssueBoard, groups: Sequence[GroupSpec], texts: Texts = ENGLISH) -> str:
    letters = {g.id: g.letter for g in groups}
    items = "".join(
        f"<li value='{board.number(i.issue_id)}'>{escape(i.text)} <span class='toolkit-muted'>"
        f"{escape(' '.join(letters.get(g, '') for g in board.groups(i.issue_id)))}</span></li>"
        for i in board.active
    )
    if not items:
        return f"<p>{escape(texts.say('projector.no_issues'))}</p>"
    return f"<ol class='toolkit-issue-list'>{items}</ol>"
