"""One issue's rating controls, for a phone or for the facilitator rating for a group."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.domain.events import Row

SCORES = [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
TIPS = ["1: very low", "2: low", "3: medium", "4: high", "5: very high"]


class RatingRow(widgets.VBox):  # type: ignore[misc]
    """An issue and its controls for the template's method: importance and feasibility 1-5,
    a rank, or points. `save(issue_id, values)` is called on every change the person makes."""

    def __init__(
        self,
        issue_id: str,
        title: str,
        method: str,
        options: int,
        budget: int,
        labels: tuple[str, str],
        save: Callable[[str, dict[str, Any]], None],
    ) -> None:
        self.issue_id, self.method, self._save = issue_id, method, save
        self._loading = False
        style = {"description_width": "10em", "button_width": "2.6em"}
        self.importance = widgets.ToggleButtons(
            options=SCORES, value=None, tooltips=TIPS, description=labels[0], style=style
        )
        self.feasibility = widgets.ToggleButtons(
            options=SCORES, value=None, tooltips=TIPS, description=labels[1], style=style
        )
        self.rank = widgets.Dropdown(
            options=[("-", None)] + [(str(n), n) for n in range(1, options + 1)],
            value=None,
            description="Rank",
        )
        self.points = widgets.BoundedIntText(0, min=0, max=budget, description="Points")
        controls = {"rating": [self.importance, self.feasibility], "ranking": [self.rank],
                    "points": [self.points]}[method]  # fmt: skip
        for control in controls:
            control.observe(lambda _: self._changed(), "value")
        heading = widgets.HTML(f"<div class='toolkit-issue-title'>{escape(title)}</div>")
        super().__init__([heading, *controls])
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
