"""The dot-voting screen's "Groups shown in the results": which groups are too small to be
shown by name as people join, and, before the first dot, merging groups for display or
lowering the threshold for the session (`toolkit.domain.display`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.domain.display import LOWEST_THRESHOLD, GroupDisplay
from toolkit.domain.events import Row
from toolkit.domain.results import display, group_members, voters, voting_started
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import OTHER, Event
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]


class DisplayGroupsPanel(widgets.VBox):  # type: ignore[misc]
    """Drawn from a SessionState given by its owner (`show`); `refresh` makes the owner read
    the records again and call `show` with what is new."""

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        threshold: int,
        record: Record,
        refresh: Callable[[], None],
    ) -> None:
        self.groups, self.threshold = tuple(groups), threshold
        self._record, self._refresh = record, refresh
        self.state = SessionState()
        self._drawn: tuple[int, int, bool, int] | None = None
        self.summary = widgets.HTML()
        self.status = StatusLine()
        wide = {"description_width": "10em"}
        self.merge_groups = widgets.SelectMultiple(
            options=[(f"{g.letter} {g.name}", g.id) for g in groups],
            description="Groups",
            rows=min(6, max(2, len(groups))),
            style=wide,
        )
        self.merge_name = widgets.Text(description="Shown as", placeholder="e.g. Staff", style=wide)
        self.merge_button = widgets.Button(description="Show them together")
        self.merge_button.on_click(lambda _: self.merge())
        self.merges = widgets.Dropdown(options=[], description="Merge", style=wide)
        self.undo_button = widgets.Button(description="Undo this merge")
        self.undo_button.on_click(lambda _: self.undo())
        self.new_threshold = widgets.BoundedIntText(
            max(LOWEST_THRESHOLD, threshold - 1),
            min=1,
            max=20,
            description="Lower it to",
            style=wide,
        )
        self.lower_button = widgets.Button(description="Lower the threshold")
        self.lower_button.on_click(lambda _: self.lower())
        self.restore_button = widgets.Button(description=f"Back to the template's ({threshold})")
        self.restore_button.on_click(lambda _: self.restore())
        for b in (self.merge_button, self.undo_button, self.lower_button, self.restore_button):
            b.layout.width = "auto"
        for control in (self.merge_groups, self.merge_name, self.merges, self.new_threshold):
            control.layout.width = "26em"
        self.controls = widgets.VBox(
            [
                widgets.HBox([self.merge_groups, self.merge_name, self.merge_button]),
                widgets.HBox([self.merges, self.undo_button]),
                widgets.HBox([self.new_threshold, self.lower_button, self.restore_button]),
            ]
        )
        super().__init__(
            [
                widgets.HTML("<h2>Groups shown in the results</h2>"),
                self.summary,
                self.controls,
                self.status,
            ]
        )
        self.add_class("toolkit-display-groups")

    @property
    def display(self) -> GroupDisplay:
        return display(self.state, self.groups, self.threshold)

    # Public actions

    def merge(self) -> None:
        """Show the picked groups together under the typed name in every result."""
        name, picked = self.merge_name.value, tuple(self.merge_groups.value)
        if self._apply(
            lambda: self.display.merge(name, picked, voting_started(self.state)),
            "Merged for display: the results will show them together. Votes keep their "
            "own groups in the records.",
        ):
            self.merge_name.value, self.merge_groups.value = "", ()

    def undo(self) -> None:
        """Undo the merge picked under 'Merge'."""
        name = self.merges.value or ""
        self._apply(
            lambda: self.display.unmerge(name, voting_started(self.state)),
            "Merge undone: its groups are shown on their own again.",
        )

    def lower(self) -> None:
        """Show groups by name from the typed number of members, for this session."""
        k = self.new_threshold.value
        self._apply(
            lambda: self.display.lower(k, voting_started(self.state)),
            f"Groups of {k} or more are now shown by name in this session's results.",
        )

    def restore(self) -> None:
        """Back to the template's threshold."""
        self._apply(
            lambda: self.display.restore(voting_started(self.state)),
            f"Back to the template's threshold: groups of {self.threshold} or more are shown "
            "by name.",
        )

    def show(self, state: SessionState) -> None:
        """Redraw from the session's state."""
        self.state = state
        started = voting_started(state)
        # votes arrive many times a second while voting is open; only these change the view
        key = (len(state.participants), len(state.settings), started, len(state.voting.rounds))
        if key == self._drawn:
            return
        self._drawn = key
        d, members = self.display, group_members(state)
        joined = d.sizes(Counter(gid for _, gid in voters(state)))
        small = dict(d.small(members))

        def fate(name: str) -> str:
            if name in small:
                return f"{joined[name]} joined, <b>counted in {escape(OTHER)}</b>"
            return f"{joined[name]} joined, shown by name" if joined[name] else "nobody yet"

        shown = dict.fromkeys(g.name for g in d.groups)
        rows = "".join(f"<li>{escape(name)}: {fate(name)}</li>" for name in shown)
        whose = "the template's" if d.lowered is None else f"the template's is {self.threshold}"
        rule = f"A group is shown by name from {d.threshold} members ({whose})." + (
            " Dots have been cast: the groups shown are fixed for this session."
            if started
            else " Merge groups or lower the threshold here before the first dot, if need be."
        )
        warnings = d.warnings(members, started)
        notes = d.notes()
        self.summary.value = (
            f"<p>{escape(rule)}</p><ul>{rows}</ul>"
            + "".join(f"<p class='toolkit-muted'>{escape(n)}</p>" for n in notes)
            + (
                "<div class='toolkit-status-warning' role='note'><b aria-hidden='true'>!</b> "
                + escape(" ".join(warnings))
                + "</div>"
                if warnings
                else ""
            )
        )
        names = [m.name for m in d.merges]
        if list(self.merges.options) != names:
            self.merges.options = names
        for control in (self.merge_button, self.merge_groups, self.merge_name, self.lower_button,
                        self.new_threshold):  # fmt: skip
            control.disabled = started
        self.undo_button.disabled = started or not names
        self.merges.disabled = started or not names
        self.restore_button.disabled = started or d.lowered is None

    # Helpers

    def _apply(self, plan: Callable[[], Event], done: str) -> bool:
        try:
            self._refresh()  # decide on what is recorded now, votes from phones included
            e = plan()
            self._record(e.table, e.event, e.values)
        except (ValueError, OSError) as exc:  # DisplayError, or a record refused
            self.status.show(str(exc), "error")
            return False
        finally:
            self._refresh()
        self.status.show(done)
        return True
