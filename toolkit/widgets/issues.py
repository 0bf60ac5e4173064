"""The facilitator's issues screen: raise, moderate, merge, tag, rate for a group, shortlist."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd
import traitlets

from toolkit import charts
from toolkit.domain.cuts import shortlist_said
from toolkit.domain.events import Row
from toolkit.domain.issues import (
    MOSCOW,
    MOSCOW_LABELS,
    DuplicateIssueWarning,
    Issue,
    IssueBoard,
    IssueChange,
)
from toolkit.domain.priorities import (
    RULES,
    RULES_FOR,
    GroupLook,
    check_points,
    check_rank,
    check_score,
    current_ratings,
    describe_priorities,
    group_ratings,
    priority_rows,
    sensitivity,
    top,
)
from toolkit.domain.room import PHONE_STEP_KEY, PHONE_STEPS, check_step
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec, PrioritySettings, WorkshopTemplate
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.issue_tables import board_table, results_table
from toolkit.widgets.moderation import ModerationQueue
from toolkit.widgets.phone_step import phone_step_toggle
from toolkit.widgets.rating import RatingRow
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]  # (table, event, values) -> saved row
ROOM = ""  # "raised by": nobody in particular


def _wide(**kw: Any) -> widgets.Layout:
    return widgets.Layout(width="100%", **kw)


class IssuesConsole(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """Every issue and its priority. State: one SessionState read back from the records;
    each action validates in the domain, records, then reads back."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        categories: Sequence[str],
        priorities: PrioritySettings,
        record: Record,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        new_id: Callable[[str], str],
        hold_default: bool = False,
    ) -> None:
        self.groups, self.categories, self.priorities = list(groups), tuple(categories), priorities
        self._record, self._read_new, self._new_id = record, read_new, new_id
        self._confirm = ""
        self.status = StatusLine()
        style = {"description_width": "8em"}
        toggles = {"description_width": "8em", "button_width": "auto"}  # labels never cut
        group_options = [("the room", ROOM)] + [(f"{g.letter} {g.name}", g.id) for g in groups]
        category_options = [("(none)", "")] + [(c, c) for c in categories]

        # what phones show, and the queue of their issues held for a check
        self.phone_step = phone_step_toggle(self.set_phone_step)
        self.queue = ModerationQueue(groups, categories, hold_default, self._apply)

        # raising
        self.text = widgets.Textarea(
            placeholder="What should improve? (typed from the room or a paper card)",
            layout=_wide(height="4.5em"),
        )
        self.category = widgets.Dropdown(
            options=category_options, value="", description="Category", style=style
        )
        self.raised_by = widgets.Dropdown(
            options=group_options, value=ROOM, description="Raised by", style=style
        )
        self.channel = widgets.ToggleButtons(
            options=[("said in the room", "facilitator"), ("paper card", "paper")],
            value="facilitator",
            description="From",
            style=toggles,
        )
        self.add_button = widgets.Button(description="Add issue", button_style="primary")
        self.add_button.on_click(lambda _: self.add())

        # moderation
        self.chosen = widgets.Dropdown(
            description="Issue", options=[("-", "")], value="", layout=_wide(), style=style
        )
        self.wording = widgets.Textarea(
            description="Wording", layout=_wide(height="4em"), style=style
        )
        self.save_button = widgets.Button(description="Save wording")
        self.hide_button = widgets.Button(description="Hide", button_style="warning")
        self.unhide_button = widgets.Button(description="Unhide")
        self.target = widgets.Dropdown(
            description="Merge into", options=[("-", "")], value="", layout=_wide(), style=style
        )
        self.merge_button = widgets.Button(description="Merge")
        self.unmerge_button = widgets.Button(description="Undo merge")
        self.moscow = widgets.ToggleButtons(
            options=[("none", "")] + [(MOSCOW_LABELS[m], m) for m in MOSCOW],
            value="",
            description="MoSCoW",
            style=toggles,
        )
        self.tag_button = widgets.Button(description="Tag")
        self._syncing = False  # True while the screen itself resets the lists
        self._loaded = ""  # the issue whose wording and tag the controls show
        self.chosen.observe(lambda c: None if self._syncing else self.choose(c["new"]), "value")
        self.save_button.on_click(lambda _: self.save_wording())
        self.hide_button.on_click(lambda _: self.hide())
        self.unhide_button.on_click(lambda _: self.unhide())
        self.merge_button.on_click(lambda _: self.merge())
        self.unmerge_button.on_click(lambda _: self.unmerge())
        self.tag_button.on_click(lambda _: self.tag())
        self.board_table = widgets.HTML()

        # prioritising for a group (a table without phones)
        self.rate_for = widgets.Dropdown(
            options=[(f"{g.letter} {g.name}", g.id) for g in groups],
            description="Rate for",
            style=style,
        )
        self.rate_for.observe(lambda _: self._draw_rating_rows(force=True), "value")
        self.rating_rows: dict[str, RatingRow] = {}
        self.rating_box = widgets.VBox()
        self.priority_map = widgets.HTML()
        self.priority_map.add_class("toolkit-map")
        self.priority_words = widgets.HTML()
        self.results = widgets.HTML()

        # shortlist
        rules = RULES_FOR[priorities.method]
        self.rule = widgets.Dropdown(
            options=[(RULES[r][0], r) for r in rules],
            value=rules[0],
            description="Rule",
            style=style,
        )
        self.top_n = widgets.BoundedIntText(
            priorities.shortlist_size, min=2, max=50, description="Top", style=style
        )
        self.top_button = widgets.Button(description="Shortlist the top N")
        self.picked = widgets.SelectMultiple(
            description="Or pick", layout=_wide(height="10em"), style=style
        )
        self.pick_button = widgets.Button(description="Set as shortlist")
        self.top_button.on_click(lambda _: self.shortlist_top())
        self.pick_button.on_click(lambda _: self.shortlist_picked())
        self.rule.observe(lambda _: self._draw_results(), "value")
        self.top_n.observe(lambda _: self._draw_results(), "value")
        self.shortlist_box = widgets.HTML()
        # Forty issues make long tables: each keeps to a box of its own that scrolls, so the
        # controls under it stay near (the console's step screen).
        for long in (self.board_table, self.results, self.rating_box):
            long.add_class("toolkit-scroll-box")

        for button in (self.add_button, self.save_button, self.hide_button, self.unhide_button,
                       self.merge_button, self.unmerge_button, self.tag_button,
                       self.top_button, self.pick_button):  # fmt: skip
            button.layout.width = "auto"
        row = widgets.HBox
        super().__init__([
            widgets.HTML("<h1>Issues</h1>"), self.phone_step, self.queue,
            widgets.HTML("<h2>Add an issue</h2>"), self.text,
            row([self.category, self.raised_by]), self.channel, self.add_button, self.status,
            widgets.HTML("<h2>All issues</h2>"), self.board_table,
            widgets.HTML("<h2>Moderate, edit, merge</h2>"), self.chosen, self.wording,
            row([self.save_button, self.hide_button, self.unhide_button]),
            self.target, row([self.merge_button, self.unmerge_button]),
            row([self.moscow, self.tag_button]),
            widgets.HTML("<h2>Prioritise</h2>"), self.priority_map, self.priority_words,
            self.results, widgets.HTML("<h3>Rate on behalf of a group</h3>"), self.rate_for,
            self.rating_box,
            widgets.HTML("<h2>Shortlist for the vote</h2>"), row([self.rule, self.top_n,
                                                                  self.top_button]),
            self.picked, self.pick_button, self.shortlist_box,
        ])  # fmt: skip
        self.add_class("toolkit-app")
        self.add_class("toolkit-issues")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    # Public actions: each handler above is one call to one of these.

    def set_phone_step(self, step: str) -> None:
        if step == self.state.room.phone_step:
            return
        self._apply(
            lambda: [("settings", "set", {"key": PHONE_STEP_KEY, "value": check_step(step)})],
            f"Phones now show: {PHONE_STEPS.get(step, step)}.",
        )

    def add(self) -> None:
        confirmed = self._confirm == self.text.value
        group = self.raised_by.value

        def plan() -> list[tuple[str, str, dict[str, Any]]]:
            issue = Issue(
                self._new_id("I"),
                self.text.value,
                self.category.value,
                "",
                group,
                self.channel.value,
            )
            return _issue_events(
                self.board.raise_issue(issue, self.categories, allow_duplicate=confirmed)
            )

        if self._apply(plan, "Added the issue."):
            self.text.value = ""

    def choose(self, issue_id: str) -> None:
        """Pick the issue the moderation controls act on."""
        if self.chosen.value != issue_id:
            self.chosen.value = issue_id
        if issue_id != self._loaded:  # what is being typed is never overwritten by a refresh
            issue = self.board.get(issue_id) if issue_id else None
            self.wording.value = issue.text if issue else ""
            self.moscow.value = issue.moscow if issue else ""
            self._loaded = issue_id
        target = self.target.value
        options = [("-", "")] + [(_title(self.board, i), i.issue_id) for i in self.board.active
                                 if i.issue_id != issue_id]  # fmt: skip
        self.target.options = options
        self.target.value = target if target in {v for _, v in options} else ""

    def save_wording(self) -> None:
        issue = self.board.get(self.chosen.value) if self.chosen.value else None
        self._act(
            lambda b, i: b.edit(i, self.wording.value, issue.category if issue else ""),
            "Saved the new wording.",
        )

    def hide(self) -> None:
        self._act(lambda b, i: b.hide(i), "Hidden: it is off the projector and the phones.")

    def unhide(self) -> None:
        self._act(lambda b, i: b.unhide(i), "Unhidden.")

    def merge(self) -> None:
        self._act(
            lambda b, i: b.merge(i, self.target.value),
            "Merged; the merged issue keeps the trace of both.",
        )

    def unmerge(self) -> None:
        self._act(lambda b, i: b.unmerge(i), "Merge undone.")

    def tag(self) -> None:
        self._act(lambda b, i: b.tag(i, self.moscow.value), "Tagged.")

    def rate(self, issue_id: str, values: dict[str, Any]) -> None:
        """Save a rating on behalf of the chosen group (a table without phones)."""
        rater = (ROOM, self.rate_for.value)
        mine = [r for r in self.ratings() if (r["participant_id"], r["group_id"]) == rater]
        current = next((r for r in mine if r["issue_id"] == issue_id), {})

        def plan() -> list[tuple[str, str, dict[str, Any]]]:
            check_score(values.get("importance"), "importance")
            check_score(values.get("feasibility"), "feasibility")
            check_rank(mine, rater, issue_id, values.get("rank"), len(self.board.active))
            check_points(mine, rater, issue_id, values.get("points"), self.priorities.points_budget)
            merged = {**current, **values}
            return [("ratings", "rated", {
                "issue_id": issue_id, "participant_id": ROOM, "group_id": rater[1],
                "channel": "facilitator", **{k: merged.get(k) for k in (
                    "importance", "feasibility", "rank", "points")}})]  # fmt: skip

        if not self._apply(plan, f"Saved for issue {self.board.number(issue_id)}."):
            self._draw_rating_rows(force=True)

    def shortlist_top(self) -> None:
        ids = [i.issue_id for i in self.board.active]
        cut = top(self.rule.value, self.ratings(), ids, self.top_n.value)  # ties kept
        self._apply(
            lambda: [e for c in self.board.set_shortlist(cut.kept) for e in _issue_events(c)],
            shortlist_said(cut, RULES[self.rule.value][0]),
        )

    def shortlist_picked(self) -> None:
        picked = list(self.picked.value)
        self._apply(
            lambda: [e for c in self.board.set_shortlist(picked) for e in _issue_events(c)],
            f"Shortlisted {len(picked)} issues; the rest stays in the backlog.",
        )

    # Helpers

    @property
    def board(self) -> IssueBoard:
        return self.state.board

    def ratings(self) -> list[Row]:
        """Current ratings of every rater (the last per issue and rater)."""
        return current_ratings(self.state.ratings)

    def _act(self, plan: Callable[[IssueBoard, str], IssueChange], done: str) -> None:
        if not self.chosen.value:
            self.status.show("Choose an issue first.", "error")
            return
        self._apply(
            lambda: _issue_events(plan(self.board, self.chosen.value)),
            f"Issue {self.board.number(self.chosen.value)}: {done}",
        )

    def _apply(
        self,
        plan: Callable[[], list[tuple[str, str, dict[str, Any]]]],
        done: str,
        status: StatusLine | None = None,
    ) -> bool:
        """Validate in the domain, record, read back; expected errors are shown (on `status`,
        the screen's own by default), and then nothing was saved."""
        status = status or self.status
        try:
            self.refresh()
            for table, event, values in plan():
                self._record(table, event, values)
        except DuplicateIssueWarning as warning:
            self._confirm = self.text.value
            status.show(f"{warning} Press 'Add issue' again to add it anyway.", "warning")
            return False
        except (ValueError, OSError) as exc:
            status.show(str(exc), "error")
            return False
        finally:
            self.refresh()
        self._confirm = ""
        status.show(done)
        return True

    # Drawing

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        board = self.board
        self.queue.draw(self.state)
        if self.phone_step.value != self.state.room.phone_step:
            self.phone_step.value = self.state.room.phone_step
        options = [("-", "")] + [(_title(board, i), i.issue_id) for i in board.all]
        chosen = self.chosen.value if self.chosen.value in {v for _, v in options} else ""
        self._syncing = True
        try:
            self.chosen.options = options
            self.chosen.value = chosen
        finally:
            self._syncing = False
        self.choose(chosen)
        self.picked.options = [(_title(board, i), i.issue_id) for i in board.active]
        self.board_table.value = board_table(board, self.groups)
        self._draw_rating_rows()
        self._draw_results()

    def _draw_rating_rows(self, force: bool = False) -> None:
        active = self.board.active
        if force or list(self.rating_rows) != [i.issue_id for i in active]:
            self.rating_rows = {i.issue_id: RatingRow(
                i.issue_id, _title(self.board, i), self.priorities.method, len(active),
                self.priorities.points_budget, ("Importance", "Feasibility"), self.rate)
                for i in active}  # fmt: skip
            self.rating_box.children = list(self.rating_rows.values())
        saved = {
            r["issue_id"]: r
            for r in self.ratings()
            if (r["participant_id"], r["group_id"]) == (ROOM, self.rate_for.value)
        }
        for issue_id, row in self.rating_rows.items():
            row.load(saved.get(issue_id))

    def _draw_results(self) -> None:
        board, settings = self.board, self.priorities
        active = [i.issue_id for i in board.active]
        numbers = {i: board.number(i) for i in active}
        current = self.ratings()
        if settings.method == "rating":
            svg, words = priority_picture(board, current, self.groups, settings)
            self.priority_map.value = svg
            self.priority_words.value = f"<p class='toolkit-summary'>{escape(words)}</p>"
        rules = RULES_FOR[settings.method]
        table = results_table(board, current, active, rules)
        n = min(self.top_n.value, len(active))
        words = (
            sensitivity(
                current,
                active,
                n,
                [self.rule.value, *[r for r in rules if r != self.rule.value]],
                {i: f"issue {numbers[i]}" for i in active},
            )
            if n
            else ""
        )
        self.results.value = table + (
            f"<p class='toolkit-summary'>{escape(words)}</p>" if words else ""
        )
        shortlist = "".join(f"<li>{escape(_title(board, i))}</li>" for i in board.shortlist)
        backlog = "".join(f"<li>{escape(_title(board, i))}</li>" for i in board.backlog)
        self.shortlist_box.value = (
            f"<h3>Shortlist ({len(board.shortlist)})</h3>"
            f"<ol>{shortlist or '<li>none yet</li>'}</ol>"
            f"<h3>Backlog ({len(board.backlog)})</h3><ul>{backlog}</ul>"
        )


def priority_picture(
    board: IssueBoard,
    ratings: Sequence[Row],
    groups: Sequence[GroupSpec],
    settings: PrioritySettings,
    texts: Texts = ENGLISH,
    size: tuple[int, int] = (760, 620),
) -> tuple[str, str]:
    """The priority map (SVG) of the active issues, and the same in words."""
    active = [i.issue_id for i in board.active]
    numbers = {i: board.number(i) for i in active}
    rated = group_ratings(ratings, active)
    looks = [GroupLook(g.id, g.name, g.colour, g.letter) for g in groups]
    frame = pd.DataFrame(priority_rows(rated, numbers, looks), columns=charts.PRIORITY_COLUMNS)
    looked = [(g.name, g.colour) for g in groups]
    chart = charts.priority_map(frame, looked, settings, *size, texts=texts)
    names = {g.id: g.name for g in groups}
    words = describe_priorities(rated, numbers, names, settings.quadrant_labels, texts)
    return charts.to_svg(chart), words


def priority_chart_html(state: SessionState, template: WorkshopTemplate) -> str:
    """The priority map and its words, for the projector (rating method only)."""
    if template.priorities.method != "rating":
        return ""
    svg, words = priority_picture(
        state.board,
        current_ratings(state.ratings),
        template.groups,
        template.priorities,
        template.texts,
        size=(520, 380),  # drawn small, shown large: its words are large on the slide
    )
    return f"{svg}<p class='toolkit-summary toolkit-sr-only'>{escape(words)}</p>"


def _title(board: IssueBoard, issue: Issue) -> str:
    return f"{board.number(issue.issue_id)}. {issue.text}"


def _issue_events(change: IssueChange) -> list[tuple[str, str, dict[str, Any]]]:
    return [("issues", change.event, change.values())]
