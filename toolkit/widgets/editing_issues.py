"""The issues screen's tools for the one chosen issue: its wording, hiding and unhiding it,
merging it into another and undoing that, and its MoSCoW tag (a mixin of IssuesConsole)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit.domain.issues import IssueBoard, IssueChange
from toolkit.widgets.issues_shared import issue_events, issue_title

if TYPE_CHECKING:
    from toolkit.widgets.issues import IssuesConsole


class EditingIssues:
    """What IssuesConsole does to the issue chosen in its moderation controls; the widgets
    are built there. (Each method's `self` is the console; mypy cannot see that IssuesConsole,
    whose bases are untyped ipywidgets, is a subclass of this mixin, hence the ignores.)"""

    def choose(self: IssuesConsole, issue_id: str) -> None:  # type: ignore[misc]
        """Pick the issue the moderation controls act on."""
        if self.chosen.value != issue_id:
            self.chosen.value = issue_id
        if issue_id != self._loaded:  # what is being typed is never overwritten by a refresh
            issue = self.board.get(issue_id) if issue_id else None
            self.wording.value = issue.text if issue else ""
            self.moscow.value = issue.moscow if issue else ""
            self._loaded = issue_id
        target = self.target.value
        options = [("-", "")] + [(issue_title(self.board, i), i.issue_id) for i in self.board.active
                                 if i.issue_id != issue_id]  # fmt: skip
        self.target.options = options
        self.target.value = target if target in {v for _, v in options} else ""

    def save_wording(self: IssuesConsole) -> None:  # type: ignore[misc]
        issue = self.board.get(self.chosen.value) if self.chosen.value else None
        self._act(
            lambda b, i: b.edit(i, self.wording.value, issue.category if issue else ""),
            "Saved the new wording.",
        )

    def hide(self: IssuesConsole) -> None:  # type: ignore[misc]
        self._act(lambda b, i: b.hide(i), "Hidden: it is off the projector and the phones.")

    def unhide(self: IssuesConsole) -> None:  # type: ignore[misc]
        self._act(lambda b, i: b.unhide(i), "Unhidden.")

    def merge(self: IssuesConsole) -> None:  # type: ignore[misc]
        self._act(
            lambda b, i: b.merge(i, self.target.value),
            "Merged; the merged issue keeps the trace of both.",
        )

    def unmerge(self: IssuesConsole) -> None:  # type: ignore[misc]
        self._act(lambda b, i: b.unmerge(i), "Merge undone.")

    def tag(self: IssuesConsole) -> None:  # type: ignore[misc]
        self._act(lambda b, i: b.tag(i, self.moscow.value), "Tagged.")

    def _act(  # type: ignore[misc]
        self: IssuesConsole, plan: Callable[[IssueBoard, str], IssueChange], done: str
    ) -> None:
        if not self.chosen.value:
            self.status.show("Choose an issue first.", "error")
            return
        self._apply(
            lambda: issue_events(plan(self.board, self.chosen.value)),
            f"Issue {self.board.number(self.chosen.value)}: {done}",
        )
