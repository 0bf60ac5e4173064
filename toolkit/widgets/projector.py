"""The projector: what the room sees. Before a reveal, only how many have voted; after it,
the results by group; never anything a facilitator has hidden."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.charts.browser import browser_chart
from toolkit.domain.agenda import current_step, steps
from toolkit.domain.events import Row
from toolkit.domain.guidance import join_large
from toolkit.domain.projector import PAGE_KEY, Paging, follow_page, projector_count
from toolkit.domain.results import display, revealed_tallies, voters
from toolkit.domain.state import SessionState
from toolkit.domain.tally import describe_tally
from toolkit.domain.template import WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.widgets.agenda import agenda_line
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.guidance import projector_rules_html
from toolkit.widgets.phones_switch import open_code
from toolkit.widgets.slides import (
    PAGE_SECONDS,
    closing_pages,
    issue_pages,
    option_pages,
    page_at,
    page_style,
    plan_pages,
    sections,
    shortlist_pages,
)

ACTIVITIES = ("stakeholders", "issues", "prioritise", "actions")  # steps with their own view


class ProjectorView(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """One slide that fills the screen: the step and its time at the top, what the step
    puts before the room under it (paged when it does not fit), the join code large or in a
    corner. Follows the session folder by itself; the switch picks raw or equal counts."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        template: WorkshopTemplate,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        join_panel: str = "",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        shared_join: Callable[[str], str] | None = None,
    ) -> None:
        """`shared_join`, with an organisation's shared phones' server: the join panel for
        a join code; shown while the session is open for phones, in place of `join_panel`."""
        self._now, self.template = now, template
        self._shared_join, self._shared_panel = shared_join, ("", "")  # (code, its panel)
        self.groups, self.threshold = list(template.groups), template.small_group_threshold
        self._read_new = read_new
        self.heading = widgets.HTML()
        self.step = widgets.HTML()
        self.pager = widgets.HTML()  # which page is shown, and "2 of 3"
        self.mode = widgets.ToggleButtons(
            options=[
                (template.texts.say("projector.raw"), "raw"),
                (template.texts.say("projector.equal"), "equal"),
            ],
            value="raw",
            style={"button_width": "auto"},
        )
        self.mode.observe(lambda _: self._draw_results(), "value")
        self.mode.layout.display = "none"  # the console chooses (projector_count)
        self._join_panel = join_panel
        self.join = widgets.HTML(join_panel)  # the QR code and link for phones
        self.join.add_class("toolkit-join-box")
        title = widgets.VBox([self.heading, self.step])
        title.add_class("toolkit-slide-title")
        controls = widgets.VBox([self.pager, self.mode])
        controls.add_class("toolkit-slide-controls")
        self.head = widgets.HBox([title, controls, self.join])
        self.head.add_class("toolkit-slide-head")
        # The stage: each part is hidden while empty; the pages of all of them are numbered
        # in one series and shown one at a time.
        self.rules = widgets.HTML()  # the voting rules, large, while the console shows them
        self.progress = widgets.HTML()
        self.activity = widgets.HTML()  # what the current agenda step puts before the room
        self.chart = widgets.HTML()
        self.words = widgets.HTML()  # the charts in words: for screen readers, not the slide
        self.words.add_class("toolkit-sr-only")
        self.agreement = widgets.HTML()  # where the groups agree and differ, after a reveal
        for part in (self.activity, self.chart, self.agreement):
            part.add_class("toolkit-map")
            part.add_class("toolkit-paged")
        self.stage = widgets.VBox(
            [self.rules, self.progress, self.activity, self.chart, self.words, self.agreement]
        )
        self.stage.add_class("toolkit-stage")
        self._pages: dict[str, list[str]] = {"activity": [], "chart": [], "agreement": []}
        self._page_start = (("", 0), now())  # (the step, how many pages), since when
        self._paging = Paging()  # the page shown, and whether the console holds it
        self._settings_seen = 0  # settings rows already followed for page choices
        self._activity_key: tuple[str, int, str] = ("", -1, "")
        self._agreement_key: tuple[object, ...] = ()
        super().__init__([self.head, self.stage])
        self.add_class("toolkit-app")
        self.add_class("toolkit-projector")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState.said_in(self.template.texts)

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        state = self.state
        self.heading.value = f"<div class='toolkit-muted'>{escape(state.setting('title'))}</div>"
        shown(self.rules, projector_rules_html(state, self.template))
        if self.mode.value != projector_count(state.settings):
            self.mode.value = projector_count(state.settings)
        self._draw_activity()
        self._follow_page_choices()
        current = state.voting.current
        if current is None or current.status == "revealed" or not self._voting_step():
            shown(self.progress, "")
        else:
            p = state.voting.progress(current.round_id, voters(state))
            say = self.template.texts.say
            said = say(f"projector.round_{current.status}", number=current.number)
            counts = "".join(
                f"<div class='toolkit-count'><strong>{n}</strong>{escape(say(key))}</div>"
                for n, key in ((p.joined, "projector.joined"), (p.finished, "projector.finished"),
                               (p.unspent, "projector.unspent")))  # fmt: skip
            shown(self.progress,
                  f"<h2>{escape(said)}</h2><p>{escape(current.rules.explain(self.template.texts))}"
                  f"</p><div class='toolkit-counts'>{counts}</div>")  # fmt: skip
        self._draw_results()
        self._draw_join()
        self.tick()

    def _voting_step(self) -> bool:
        """The vote is on screen during a vote step, or while phones are set to vote and the
        step has nothing else to show (an action plan is not covered by old results)."""
        return self._step_kind() == "vote" or (
            self.state.room.voting_shown and self._step_kind() not in ACTIVITIES
        )

    def _step_kind(self) -> str:
        step = current_step(self.state.settings, steps(self.state.agenda))
        return step.kind if step else ""

    def _step_id(self) -> str:
        step = current_step(self.state.settings, steps(self.state.agenda))
        return step.step_id if step else ""

    def _page_count(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def _follow_page_choices(self) -> None:
        """Hold, turn or release the page as the console last chose for this step."""
        settings = self.state.settings
        new, self._settings_seen = settings[self._settings_seen :], len(settings)
        if not any(r["key"] == PAGE_KEY for r in new):
            return
        now = self._now()
        self._paging = replace(self._paging, page=self._shown_page(now))
        self._paging = follow_page(self._paging, new, self._step_id(), self._page_count())
        self._page_start = (self._page_start[0], now)  # auto pages on from the page shown

    def _shown_page(self, now: datetime) -> int:
        pages = self._page_count()
        if self._paging.held:
            return (self._paging.page - 1) % max(1, pages) + 1
        seconds = (now - self._page_start[1]).total_seconds()
        return page_at(seconds + (self._paging.page - 1) * PAGE_SECONDS, pages)

    def _draw_join(self) -> None:
        """Large while the step has nothing else to show, else in a corner; or as the
        console chose."""
        busy = any(w.value for w in (self.rules, self.progress, self.activity, self.chart))
        panel, closed = self._join_now()
        if closed:
            self.join.value = panel
        elif panel:
            n = len(voters(self.state))
            joined = escape(self.template.texts.say("projector.joined_count", n, n=n))
            self.join.value = with_count(panel, joined)
        large = bool(self.join.value) and join_large(self.state.settings, busy)
        self.remove_class("toolkit-join-corner" if large else "toolkit-join-large")
        self.add_class("toolkit-join-large" if large else "toolkit-join-corner")

    def _join_now(self) -> tuple[str, bool]:
        """The join panel, and whether phones are shut out: with a shared phones' server,
        this session's panel while it is open for phones, and while it is closed a line
        saying so (no code to a closed door)."""
        if self._shared_join is None:
            return self._join_panel, False
        code = open_code(self.state)
        if not code:
            return closed_panel(self.template.texts), True
        if self._shared_panel[0] != code:
            self._shared_panel = (code, self._shared_join(code))
        return self._shared_panel[1], False

    def _draw_activity(self) -> None:
        """The stakeholder map, the issues or the priorities, for those agenda steps; drawn
        again only when the step or the records change, not at every tick."""
        state = self.state
        kind = self._step_kind()
        current = state.voting.current
        key = (kind, len(state.stakeholders) + len(state.board.events) + len(state.ratings)
               + len(state.actions) + len(state.voting.rounds) + len(state.voting.option_rows),
               current.status if current else "")  # fmt: skip
        if key != self._activity_key:
            self._activity_key = key
            self._set_pages("activity", activity_pages(state, kind, self.template))

    def tick(self) -> None:
        """Redraw the step and its countdown, and turn the page (called every poll)."""
        texts = self.template.texts
        line = agenda_line(self.state, self._now(), texts)
        self.step.value = (
            line or f"<h1>{escape(texts.say(f'step.{self.state.room.phone_step}'))}</h1>"
        )
        pages = self._page_count()
        key = (self._step_id(), pages)
        if key != self._page_start[0]:
            if key[0] != self._page_start[0][0]:  # a new step starts on its first page
                self._paging = Paging()
            self._page_start = (key, self._now())
        page = self._shown_page(self._now())
        said = texts.say("projector.page", page=page, pages=pages) if pages > 1 else ""
        if said and self._paging.held:
            said = texts.say("projector.page_held", page=page, pages=pages)
        self.pager.value = page_style(page) + (
            f"<span class='toolkit-page-number'>{escape(said)}</span>" if said else ""
        )

    def _set_pages(self, part: str, pages: list[str]) -> None:
        """Number every part's pages in one series (activity, results, agreement)."""
        self._pages[part] = pages
        first = 1
        for name, widget in (("activity", self.activity), ("chart", self.chart),
                             ("agreement", self.agreement)):  # fmt: skip
            shown(widget, sections(self._pages[name], first))
            first += len(self._pages[name])

    def _draw_results(self) -> None:
        tallies = revealed_tallies(self.state, self.groups, self.threshold)
        current = self.state.voting.current
        if not self._voting_step() or (current is not None and current.status != "revealed"):
            tallies = []  # while a round runs, the room sees its options, not old results
        if not tallies:
            self.words.value = ""
            self._agreement_key = ()
            self._set_pages("chart", [])
            self._set_pages("agreement", [])
            return
        from toolkit.widgets.agreement import agreement_pages  # these load at the first reveal
        from toolkit.widgets.voting import results_chart

        texts = self.template.texts
        looks = display(self.state, self.groups, self.threshold).groups  # merged for display
        mode, per = self.mode.value, OPTIONS_PER_PAGE
        if max(len(t.options) for t in tallies) <= per:
            pages = [results_chart(tallies, looks, mode, SLIDE_WIDTH, texts, WRAP)]
        else:  # a long round: a page per round and eight options, on the round's scale
            pages = [
                results_chart([t], looks, mode, SLIDE_WIDTH, texts, WRAP, range(n, n + per))
                for t in tallies
                for n in range(1, len(t.options) + 1, per)
            ]
        self.words.value = (
            "<p class='toolkit-summary'>"
            + escape(" ".join(describe_tally(t, self.mode.value, texts) for t in tallies))
            + "</p>"
        )
        self._set_pages("chart", pages)
        voting = self.state.voting
        key = (len(tallies), len(voting.vote_rows), len(self.state.participants), voting.shown_as)
        if key != self._agreement_key:  # votes are closed after a reveal: rarely redrawn
            self._agreement_key = key
            pages = agreement_pages(self.state, self.groups, self.threshold, texts)
            self._set_pages("agreement", pages)


# The results chart is drawn small and shown large, so its words are large on the slide;
# an option's name wraps at WRAP characters rather than being cut.
SLIDE_WIDTH, WRAP = 600, 40
OPTIONS_PER_PAGE = 8  # more make a round's bars too thin and its words too small to read


def with_count(panel: str, joined: str) -> str:
    """The join panel with how many have joined under the code (the panel's words end in
    two closing tags: its text column's and its own)."""
    end = "</div></div>"
    if not panel.endswith(end):
        return panel
    return panel[: -len(end)] + f"<p class='toolkit-joined-count'>{joined}</p>" + end


def closed_panel(texts: Texts) -> str:
    """In place of the join panel while the session is closed for phones."""
    return (f"<div class='toolkit-join-panel toolkit-join-closed'><div>"
            f"<h2>{escape(texts.say('join_panel.closed'))}</h2>"
            f"<p>{escape(texts.say('join_panel.closed_then'))}</p></div></div>")  # fmt: skip


def shown(widget: widgets.HTML, value: str) -> None:
    """Set a stage part's markup; an empty part takes no room."""
    widget.value = value
    widget.layout.display = "flex" if value else "none"


def activity_pages(state: SessionState, kind: str, template: WorkshopTemplate) -> list[str]:
    """What the room sees for a stakeholder, issues, prioritising or actions step, a page
    each (charts load only when such a step is shown). Hidden and merged issues never
    appear. A chart's words are for screen readers; the slide shows the chart."""
    texts = template.texts
    if kind == "stakeholders":
        from toolkit import charts
        from toolkit.domain.stakeholders import Register, describe_map
        from toolkit.widgets.stakeholders import map_frame

        current = Register.from_events(state.stakeholders).current
        words = sr_words(describe_map(current, template.stakeholder_map.quadrant_labels, texts))
        frame = map_frame(current)
        grid = charts.stakeholder_map(frame, template.stakeholder_map, 900, 440, texts, False)
        pages = [browser_chart(grid) + words]
        if any(s.desired_position and s.desired_position != s.position for s in current):
            moves = charts.stakeholder_moves(frame, template.stakeholder_map, 1000, texts)
            pages.append(browser_chart(moves))
        return pages
    if kind == "issues":
        return issue_pages(state.board, template.groups, texts)
    if kind == "prioritise":
        from toolkit.widgets.priority_map import priority_chart_html

        chart = priority_chart_html(state, template)
        return (shortlist_pages(state.board, texts) + ([chart] if chart else [])
                + issue_pages(state.board, template.groups, texts))  # fmt: skip
    if kind == "vote":
        running = state.voting.current
        if running is not None and running.status != "revealed":
            return option_pages(state.voting, running, texts)
        return shortlist_pages(state.board, texts) if running is None else []
    if kind == "actions":
        return plan_pages(state.plan, state.board, texts)
    if kind == "close":
        return closing_pages(state, texts)
    return []


def sr_words(words: str) -> str:
    return f"<p class='toolkit-summary toolkit-sr-only'>{escape(words)}</p>"
