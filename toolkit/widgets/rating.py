"""Rating on behalf of a table without phones: one compact grid, a row per issue with its
choices side by side, so a table's ratings are entered in one screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.domain.events import Row

SCORES = [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
TIPS = ["1: very low", "2: low", "3: medium", "4: high", "5: very high"]
Save = Callable[[str, dict[str, Any]], None]  # (issue_id, values): called on every change


class RatingRow(widgets.HBox):  # type: ignore[misc]
    """One issue (its number and words) and its choices for the template's method, in one
    line: importance and feasibility 1-5 side by side, a rank, or points. Each choice is
    named for screen readers by what it rates ("Importance of issue 3"); the grid's header
    says it on screen."""

    def __init__(
        self,
        issue_id: str,
        number: int,
        text: str,
        method: str,
        options: int,
        budget: int,
        labels: tuple[str, str],
        save: Save,
    ) -> None:
        self.issue_id, self.method, self._save = issue_id, method, save
        self._loading = False
        style = {"description_width": "0px", "button_width": "28px"}
        self.importance = widgets.ToggleButtons(
            options=SCORES, value=None, tooltips=TIPS, style=style,
            description=f"{labels[0]} of issue {number}",
        )  # fmt: skip
        self.feasibility = widgets.ToggleButtons(
            options=SCORES, value=None, tooltips=TIPS, style=style,
            description=f"{labels[1]} of issue {number}",
        )  # fmt: skip
        self.rank = widgets.Dropdown(
            options=[("-", None)] + [(str(n), n) for n in range(1, options + 1)],
            value=None,
            description=f"Rank of issue {number}",
        )
        self.points = widgets.BoundedIntText(
            0, min=0, max=budget, description=f"Points for issue {number}"
        )
        controls = {"rating": [self.importance, self.feasibility], "ranking": [self.rank],
                    "points": [self.points]}[method]  # fmt: skip
        for control in controls:
            control.observe(lambda _: self._changed(), "value")
            control.add_class("toolkit-rating-choice")
        words = escape(text)
        self.title = widgets.HTML(  # one line; the whole text shows on hover
            f"<div class='toolkit-grid-issue' title='{words}'><b>{number}.</b> {words}</div>"
        )
        self.title.add_class("toolkit-grid-title")
        super().__init__([self.title, *controls])
        self.add_class("toolkit-rating-row")

    def values(self) -> dict[str, Any]:
        if self.method == "rating":
            return {"importance": self.importance.value, "feasibility": self.feasibility.value}
        if self.method == "ranking":
            return {"rank": self.rank.value}
        return {"points": self.points.value}

    def load(self, row: Row | None) -> None:
        """Show a saved rating without saving it again."""
        self._loading = True
        try:
            row = row or {}
            self.importance.value = row.get("importance")
            self.feasibility.value = row.get("feasibility")
            self.rank.value = row.get("rank")
            self.points.value = row.get("points") or 0
        finally:
            self._loading = False

    def _changed(self) -> None:
        if not self._loading:
            self._save(self.issue_id, self.values())


class RatingGrid(widgets.VBox):  # type: ignore[misc]
    """A header naming the columns, then one RatingRow per active issue, in a box that
    scrolls on its own. `draw` makes the rows again only when the issues change (or when
    forced, for another group) and shows what that group saved."""

    def __init__(self, method: str, budget: int, labels: tuple[str, str], save: Save) -> None:
        self.method, self.budget, self.labels, self._save = method, budget, labels, save
        self.rows: dict[str, RatingRow] = {}
        heads = {"rating": [f"{labels[0]} (1-5)", f"{labels[1]} (1-5)"], "ranking": ["Rank"],
                 "points": [f"Points (of {budget})"]}[method]  # fmt: skip
        cells = [widgets.HTML("Issue", layout=widgets.Layout(flex="1 1 auto"))]
        for head in heads:
            cell = widgets.HTML(escape(head))
            cell.add_class("toolkit-rating-choice")
            cells.append(cell)
        # Read by sight only: each choice carries its own name for screen readers.
        self.header = widgets.HBox(cells)
        self.header.add_class("toolkit-rating-head")
        self.body = widgets.VBox()
        self.body.add_class("toolkit-scroll-box")
        super().__init__([self.header, self.body])
        self.add_class("toolkit-rating-grid")

    def draw(
        self,
        issues: Sequence[tuple[str, int, str]],  # (issue_id, number, text), in board order
        saved: Mapping[str, Row],
        force: bool = False,
    ) -> None:
        if force or list(self.rows) != [i for i, _, _ in issues]:
            self.rows = {
                i: RatingRow(i, n, words, self.method, len(issues), self.budget, self.labels,
                             self._save)
                for i, n, words in issues
            }  # fmt: skip
            self.body.children = list(self.rows.values())
        for issue_id, row in self.rows.items():
            row.load(saved.get(issue_id))
