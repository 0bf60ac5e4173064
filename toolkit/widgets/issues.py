"""The facilitator's issues screen: raise, moderate, merge, tag, rate for a group, shortlist
(the chosen issue's tools are in editing_issues.py, prioritising and the shortlist in
prioritising.py: mixins of IssuesConsole)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.events import Row
from toolkit.domain.issues import MOSCOW, MOSCOW_LABELS, DuplicateIssueWarning, Issue, IssueBoard
from toolkit.domain.priorities import RULES, RULES_FOR
from toolkit.domain.room import PHONE_STEP_KEY, PHONE_STEPS, check_step
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.template_settings import PrioritySettings
from toolkit.widgets.editing_issues import EditingIssues
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.issue_tables import board_table
from toolkit.widgets.issues_shared import ROOM, issue_events, issue_title
from toolkit.widgets.moderation import ModerationQueue
from toolkit.widgets.phone_step import phone_step_toggle
from toolkit.widgets.prioritising import Prioritising
from toolkit.widgets.rating import RatingGrid
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]  # (table, event, values) -> saved row


def _wide(**kw: Any) -> widgets.Layout:
    return widgets.Layout(width="100%", **kw)


class IssuesConsole(EditingIssues, Prioritising, FollowsSession, widgets.VBox):  # type: ignore[misc]
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
        short = {"description_width": "initial"}  # beside each other in one row
        toggles = {"description_width": "initial", "button_width": "auto"}  # labels never cut
        group_options = [("the room", ROOM)] + [(f"{g.letter} {g.name}", g.id) for g in groups]
        category_options = [("(none)", "")] + [(c, c) for c in categories]

        # what phones show, and the queue of their issues held for a check
        self.phone_step = phone_step_toggle(self.set_phone_step)
        self.queue = ModerationQueue(groups, categories, hold_default, self._apply)

        # raising
        self.text = widgets.Textarea(
            placeholder="What should improve? (typed from the room or a paper card)",
            layout=_wide(height="3.2em"),
        )
        self.category = widgets.Dropdown(
            options=category_options, value="", description="Category", style=short,
            layout=widgets.Layout(width="12em"),
        )  # fmt: skip
        self.raised_by = widgets.Dropdown(
            options=group_options, value=ROOM, description="Raised by", style=short,
            layout=widgets.Layout(width="12em"),
        )  # fmt: skip
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
            description="Wording", layout=_wide(height="2.6em"), style=style
        )
        self.save_button = widgets.Button(description="Save wording")
        self.hide_button = widgets.Button(description="Hide", button_style="warning")
        self.unhide_button = widgets.Button(description="Unhide")
        self.target = widgets.Dropdown(
            description="Merge into", options=[("-", "")], value="", style=style,
            layout=widgets.Layout(flex="1 1 20em", min_width="0"),
        )  # fmt: skip
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
        self._loaded: str = ""  # the issue whose wording and tag the controls show
        self.chosen.observe(lambda c: None if self._syncing else self.choose(c["new"]), "value")
        self.save_button.on_click(lambda _: self.save_wording())
        self.hide_button.on_click(lambda _: self.hide())
        self.unhide_button.on_click(lambda _: self.unhide())
        self.merge_button.on_click(lambda _: self.merge())
        self.unmerge_button.on_click(lambda _: self.unmerge())
        self.tag_button.on_click(lambda _: self.tag())
        self.board_table = widgets.HTML()

        # prioritising for a group (a table without phones): one compact grid
        self.rate_for = widgets.Dropdown(
            options=[(f"{g.letter} {g.name}", g.id) for g in groups],
            description="Rate for",
            style=short,
            layout=widgets.Layout(width="16em"),
        )
        self.rate_for.observe(lambda _: self._draw_rating_rows(force=True), "value")
        self.rating_grid = RatingGrid(priorities.method, priorities.points_budget,
                                      ("Importance", "Feasibility"), self.rate)  # fmt: skip
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
            priorities.shortlist_size, min=2, max=50, description="Top", style=style,
            layout=widgets.Layout(width="14em"),
        )  # fmt: skip
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
        for long in (self.board_table, self.results, self.shortlist_box):
            long.add_class("toolkit-scroll-box")
        for beside in (self.results, self.shortlist_box):  # side by side, a little shorter
            beside.add_class("toolkit-short-box")

        for button in (self.add_button, self.save_button, self.hide_button, self.unhide_button,
                       self.merge_button, self.unmerge_button, self.tag_button,
                       self.top_button, self.pick_button):  # fmt: skip
            button.layout.width = "auto"
        for toggle in (self.phone_step, self.channel, self.moscow):
            toggle.add_class("toolkit-inline-toggle")  # its label beside it, not above
        row, column = widgets.HBox, widgets.VBox
        self.title = widgets.HTML()
        self.header = row([self.title, self.phone_step], layout=_wrap())
        # Raising: the queue, adding, the board and its moderation tools, in the order used.
        self.add_form = column()
        self.raising = column([
            self.queue, widgets.HTML("<h2>Add an issue</h2>"), self.text,
            row([self.category, self.raised_by, self.channel, self.add_button], layout=_wrap()),
            self.add_form, widgets.HTML("<h2>All issues</h2>"), self.board_table,
            widgets.HTML("<h2>Moderate, edit, merge</h2>"), self.chosen, self.wording,
            row([self.save_button, self.hide_button, self.unhide_button, self.moscow,
                 self.tag_button], layout=_wrap()),
            row([self.target, self.merge_button, self.unmerge_button]),
        ])  # fmt: skip
        # Prioritising: the map beside rating for a table, then the shortlist.
        self.prioritise_heading = widgets.HTML("<h2>Prioritise</h2>")
        self.shortlist_controls = column(layout=_half())
        self.prioritising = column([
            self.prioritise_heading,
            row([column([self.priority_map, self.priority_words],
                        layout=widgets.Layout(flex="1 1 18em", min_width="0")),
                 column([row([widgets.HTML("<h2>Rate on behalf of a group</h2>"),
                              self.rate_for], layout=_wrap()), self.rating_grid],
                        layout=widgets.Layout(flex="1 1 30em", min_width="0"))],
                layout=_wrap()),
            widgets.HTML("<h2>Shortlist for the vote</h2>"),
            row([self.rule, self.top_n, self.top_button], layout=_wrap()),
            row([self.shortlist_controls, column([self.shortlist_box], layout=_half())],
                layout=_wrap()),
        ])  # fmt: skip
        self.by_hand = column([self.picked, self.pick_button])
        self.all_prioritising = column([self.prioritising, self.by_hand])
        self.folded = widgets.Accordion()  # what the step does not need, one click away
        self.folded.add_class("toolkit-folded")
        self.shown_for: str | None = None
        super().__init__()
        self.show_for("")
        self.add_class("toolkit-app")
        self.add_class("toolkit-issues")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    def show_for(self, kind: str) -> None:
        """Arrange the screen for an agenda step's kind: at "issues" the queue, adding and
        the board come first and prioritising is folded; at "prioritise" the map, rating
        for a table and the shortlist come first and raising is folded; any other kind
        (the screen on its own) shows everything, in the order of a workshop."""
        if kind == self.shown_for:
            return
        self.shown_for = kind
        folds: list[tuple[str, widgets.Widget]] = []
        self.title.value = f"<h1>{'Prioritise' if kind == 'prioritise' else 'Issues'}</h1>"
        self.prioritise_heading.value = "" if kind == "prioritise" else "<h2>Prioritise</h2>"
        if kind == "prioritise":
            self.add_form.children = ()
            self.shortlist_controls.children = self._shortlist_controls(self.status)
            body = [self.prioritising]
            folds = [("Pick the shortlist by hand", self.by_hand),
                     ("Raise, moderate and edit issues", self.raising)]  # fmt: skip
        else:
            self.add_form.children = (self.status,)
            self.shortlist_controls.children = self._shortlist_controls()
            if kind == "issues":
                body = [self.raising]
                folds = [("Prioritise and shortlist", self.all_prioritising)]
            else:
                body = [self.raising, self.all_prioritising]
        self.folded.selected_index = None  # a step opens with its folds closed
        self.folded.children = [w for _, w in folds]
        self.folded.titles = tuple(t for t, _ in folds)
        self.children = [self.header, *body, *([self.folded] if folds else [])]

    def _shortlist_controls(self, *status: StatusLine) -> tuple[widgets.Widget, ...]:
        return (*status, self.results)

    # Public actions: each handler above is one call to one of these or of the mixins'.

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
            return issue_events(
                self.board.raise_issue(issue, self.categories, allow_duplicate=confirmed)
            )

        if self._apply(plan, "Added the issue."):
            self.text.value = ""

    # Helpers

    @property
    def board(self) -> IssueBoard:
        return self.state.board

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
        options = [("-", "")] + [(issue_title(board, i), i.issue_id) for i in board.all]
        chosen = self.chosen.value if self.chosen.value in {v for _, v in options} else ""
        self._syncing = True
        try:
            self.chosen.options = options
            self.chosen.value = chosen
        finally:
            self._syncing = False
        self.choose(chosen)
        self.picked.options = [(issue_title(board, i), i.issue_id) for i in board.active]
        self.board_table.value = board_table(board, self.groups)
        self._draw_rating_rows()
        self._draw_results()


def _wrap() -> widgets.Layout:
    return widgets.Layout(flex_flow="row wrap", grid_gap="0 1em", align_items="flex-start")


def _half() -> widgets.Layout:  # one of two columns, one above the other when narrow
    return widgets.Layout(flex="1 1 24em", min_width="0")
