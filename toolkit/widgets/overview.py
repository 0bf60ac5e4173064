"""The session overview screen: title, groups (colour and letter), agenda, counts."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import traitlets

from toolkit.domain.colour import readable_ink
from toolkit.domain.overview import SessionOverview


class OverviewView(widgets.VBox):  # type: ignore[misc]
    """Shows one SessionOverview; assigning `overview` redraws it, and `refresh()` takes
    the latest from `read` when given one."""

    overview = traitlets.Instance(SessionOverview, allow_none=True)

    def __init__(
        self,
        overview: SessionOverview | None = None,
        read: Callable[[], SessionOverview] | None = None,
    ) -> None:
        self._read = read
        self.heading = widgets.HTML()
        self.groups = widgets.HTML()
        self.agenda = widgets.HTML()
        self.counts = widgets.HTML()
        super().__init__([self.heading, self.groups, self.counts, self.agenda])
        self.add_class("toolkit-app")
        self.add_class("toolkit-overview")
        self.observe(self._redraw_on_overview_change, "overview")
        self.overview = overview

    def refresh(self) -> None:
        if self._read is not None:
            self.overview = self._read()

    def _redraw_on_overview_change(self, change: dict[str, object] | None = None) -> None:
        o = self.overview
        if o is None:
            return
        details = " · ".join(escape(x) for x in (o.date, o.facilitator) if x)
        self.heading.value = f"<h1>{escape(o.title)}</h1><div class='toolkit-muted'>{details}</div>"
        chips = "".join(
            f"<span class='toolkit-chip' style='--chip-colour:{escape(g.colour)};"
            f"--chip-ink:{readable_ink(g.colour)}'>"
            f"<b aria-hidden='true'>{escape(g.letter)}</b>{escape(g.name)}"
            f" <span class='toolkit-muted'>({g.participants})</span></span>"
            for g in o.groups
        )
        self.groups.value = f"<h2>Groups</h2><div>{chips}</div>"
        steps = "".join(
            f"<li>{escape(s.title)} <span class='toolkit-muted'>({s.minutes} min)</span></li>"
            for s in o.agenda
        )
        self.agenda.value = (
            f"<h2>Agenda, {o.planned_minutes} minutes</h2><ol class='toolkit-agenda'>{steps}</ol>"
        )
        boxes = "".join(
            f"<div class='toolkit-count'><strong>{n}</strong>{escape(what)}</div>"
            for what, n in o.counts
        )
        self.counts.value = f"<h2>So far</h2><div class='toolkit-counts'>{boxes}</div>"


def error_view(message: str) -> widgets.HTML:
    """A clear message in place of an app that could not start."""
    box = widgets.HTML(
        f"<h1>This session cannot be opened</h1><p class='toolkit-error'>{escape(message)}</p>"
    )
    box.add_class("toolkit-app")
    return box
