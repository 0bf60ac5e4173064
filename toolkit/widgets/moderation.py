"""The queue of issues from phones held for the facilitator's check, at the top of the issues
screen: each with its words, group and time; show, edit then show, merge or hide it, one by
one or several at once; and the switch that holds phones' issues for the session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from html import escape

import ipywidgets as widgets

from toolkit.domain.issues import Issue, IssueBoard, IssueChange
from toolkit.domain.room import HOLD_KEY
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.widgets.issues_shared import Events, issue_events
from toolkit.widgets.status import StatusLine

# Validates (the plan raises when the rules refuse), records, reads back, says how it went
# on the given status line; True when it was saved. The issues screen's own `_apply`.
Apply = Callable[[Callable[[], Events], str, StatusLine], bool]
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
HOLDING_OFF = "Holding is off: phones' issues go straight to the room."


def local_time(stamp: str) -> str:
    """A record's UTC timestamp as the laptop's clock said it (HH:MM)."""
    try:
        moment = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return ""
    return moment.astimezone().strftime("%H:%M")


class HeldRow(widgets.HBox):  # type: ignore[misc]
    """One held issue: a tick box to act on several, its words, group and time, and its own
    Show, Edit and Hide buttons."""

    def __init__(self, board: IssueBoard, issue: Issue, group: GroupSpec | None) -> None:
        n = board.number(issue.issue_id)
        self.issue_id = issue.issue_id
        self.pick = widgets.Checkbox(
            description=f"{n}.", indent=False, layout=widgets.Layout(width="3.5em")
        )
        meta = [f"{group.letter} {group.name}" if group else "the room",
                local_time(board.raised_at(issue.issue_id)), issue.category]  # fmt: skip
        self.words = widgets.HTML(
            f"<div class='toolkit-held-words'>{escape(issue.text)}</div><div class="
            f"'toolkit-held-meta'>{escape(' · '.join(m for m in meta if m))}</div>",
            layout=widgets.Layout(flex="1 1 auto", width="auto"),
        )
        self.show_button = widgets.Button(description="Show", button_style="success",
                                          tooltip=f"Show issue {n} to the room")  # fmt: skip
        self.edit_button = widgets.Button(description="Edit…", tooltip=f"Edit issue {n}")
        self.hide_button = widgets.Button(description="Hide", button_style="warning",
                                          tooltip=f"Hide issue {n}")  # fmt: skip
        for button in (self.show_button, self.edit_button, self.hide_button):
            button.layout.width = "auto"
        buttons = [self.show_button, self.edit_button, self.hide_button]
        super().__init__([self.pick, self.words, *buttons],
                         layout=widgets.Layout(align_items="center"))  # fmt: skip
        self.add_class("toolkit-held")
        self.add_class(f"toolkit-held-{n}")


class ModerationQueue(widgets.VBox):  # type: ignore[misc]
    """Held issues, first raised first; every action goes through the issue board's rules
    (`show`, `show_edited`, `merge`, `hide`) and is recorded by the issues screen's `apply`."""

    def __init__(
        self, groups: Sequence[GroupSpec], categories: Sequence[str], hold_default: bool,
        apply: Apply,
    ) -> None:  # fmt: skip
        self.groups = {g.id: g for g in groups}
        self.categories, self.hold_default, self._apply = tuple(categories), hold_default, apply
        self.state = SessionState()
        self.status = StatusLine()
        self.heading = widgets.HTML()
        self.hold = widgets.Checkbox(
            value=hold_default,
            description="Hold issues from phones for my check before the room sees them",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self._syncing = False
        self.hold.observe(lambda c: None if self._syncing else self.set_holding(c["new"]), "value")
        self.rows: dict[str, HeldRow] = {}
        self.list = widgets.VBox()
        self.show_selected_button = widgets.Button(description="Show selected")
        self.hide_selected_button = widgets.Button(description="Hide selected")
        self.show_selected_button.on_click(lambda _: self.show(self.selected()))
        self.hide_selected_button.on_click(lambda _: self.hide(self.selected()))
        self.bulk = widgets.HBox([self.show_selected_button, self.hide_selected_button])
        # the editor: one held issue reworded then shown, or merged into one on the board
        self.editing = ""
        self.editor_title = widgets.HTML()
        self.wording = widgets.Textarea(layout=widgets.Layout(width="100%", height="4em"))
        self.save_show_button = widgets.Button(description="Save and show",
                                               button_style="success")  # fmt: skip
        self.target = widgets.Dropdown(description="Or merge into", options=[("-", "")],
                                       value="", style={"description_width": "8em"},
                                       layout=widgets.Layout(width="60%"))  # fmt: skip
        self.merge_button = widgets.Button(description="Merge")
        self.cancel_button = widgets.Button(description="Cancel")
        self.save_show_button.on_click(lambda _: self.save_and_show())
        self.merge_button.on_click(lambda _: self.merge())
        self.cancel_button.on_click(lambda _: self.edit(""))
        self.editor = widgets.VBox([
            self.editor_title, self.wording,
            widgets.HBox([self.save_show_button, self.target, self.merge_button,
                          self.cancel_button]),
        ])  # fmt: skip
        for b in (self.show_selected_button, self.hide_selected_button, self.save_show_button,
                  self.merge_button, self.cancel_button):  # fmt: skip
            b.layout.width = "auto"
        super().__init__([self.heading, self.hold, self.list, self.bulk, self.editor,
                          self.status])  # fmt: skip
        self.add_class("toolkit-moderation")
        self.draw(self.state)

    # Public actions

    def set_holding(self, on: bool) -> None:
        value = "true" if on else "false"
        said = ("Issues from phones now wait here for your check." if on else
                "Issues from phones now go straight to the room.")  # fmt: skip
        self._apply(lambda: [("settings", "set", {"key": HOLD_KEY, "value": value})], said,
                    self.status)  # fmt: skip

    def selected(self) -> list[str]:
        return [i for i, row in self.rows.items() if row.pick.value]

    def show(self, issue_ids: Sequence[str]) -> None:
        self._each(issue_ids, lambda b, i: [b.show(i)], "shown to the room")

    def hide(self, issue_ids: Sequence[str]) -> None:
        self._each(issue_ids, lambda b, i: [b.hide(i)], "hidden: it never reaches the room")

    def edit(self, issue_id: str) -> None:
        """Open the editor on one held issue ("" closes it)."""
        self.editing = issue_id
        issue = self.board.get(issue_id) if issue_id else None
        self.wording.value = issue.text if issue else ""
        self.target.value = ""
        self._draw_editor()

    def save_and_show(self) -> None:
        issue_id, text = self.editing, self.wording.value
        if self._each([issue_id] if issue_id else [],
                      lambda b, i: b.show_edited(i, text, b.get(i).category, self.categories),
                      "shown to the room"):  # fmt: skip
            self.edit("")

    def merge(self) -> None:
        target = self.target.value
        if self._each(
            [self.editing] if self.editing else [],
            lambda b, i: [b.merge(i, target)],
            f"merged into issue {self.board.number(target) if target else '?'}",
        ):
            self.edit("")  # fmt: skip

    # Helpers

    @property
    def board(self) -> IssueBoard:
        return self.state.board

    def _each(
        self, issue_ids: Sequence[str],
        plan: Callable[[IssueBoard, str], Sequence[IssueChange]], done: str,
    ) -> bool:  # fmt: skip
        if not issue_ids:
            self.status.show("Choose an issue in the queue first (tick it, or press Edit).",
                             "error")  # fmt: skip
            return False
        numbers = ", ".join(str(self.board.number(i)) for i in issue_ids)
        word = "Issues" if len(issue_ids) > 1 else "Issue"

        def events() -> Events:  # planned when applied, on the board as it is then
            return issue_events(*(c for i in issue_ids for c in plan(self.board, i)))

        return self._apply(events, f"{word} {numbers}: {done}.", self.status)

    # Drawing

    def draw(self, state: SessionState) -> None:
        self.state = state
        board, waiting = state.board, state.board.waiting
        holding = state.room.holds(self.hold_default)
        if self.hold.value != holding:
            self._syncing = True
            try:
                self.hold.value = holding
            finally:
                self._syncing = False
        off = f"<p class='toolkit-summary'>{HOLDING_OFF}</p>"
        self.heading.value = (f"<h2>Waiting for your check ({len(waiting)})</h2>"
                              f"{'' if holding else off}")  # fmt: skip
        if [(i.issue_id, i.text) for i in waiting] != [
            (r.issue_id, board.get(r.issue_id).text) for r in self.rows.values()
        ]:
            ticked = set(self.selected())
            self.rows = {i.issue_id: HeldRow(board, i, self.groups.get(i.group_id))
                         for i in waiting}  # fmt: skip
            for issue_id, row in self.rows.items():
                row.pick.value = issue_id in ticked
                row.show_button.on_click(lambda _, i=issue_id: self.show([i]))
                row.edit_button.on_click(lambda _, i=issue_id: self.edit(i))
                row.hide_button.on_click(lambda _, i=issue_id: self.hide([i]))
            empty = widgets.HTML("<p>Nothing is waiting: every issue sent has been checked.</p>")
            self.list.children = list(self.rows.values()) or [empty]
        self.bulk.layout.display = "flex" if len(waiting) > 1 else "none"
        if self.editing and self.editing not in self.rows:
            self.editing = ""
        self._draw_editor()

    def _draw_editor(self) -> None:
        self.editor.layout.display = "flex" if self.editing else "none"
        if not self.editing:
            return
        board = self.board
        self.editor_title.value = (f"<h3>Edit issue {board.number(self.editing)}, then show "
                                   "it; or merge it into an issue on the board</h3>")  # fmt: skip
        options = [("-", "")] + [(f"{board.number(i.issue_id)}. {i.text}", i.issue_id)
                                 for i in board.active]  # fmt: skip
        target = self.target.value
        self.target.options = options
        self.target.value = target if target in {v for _, v in options} else ""
