"""The facilitator's console: walks the agenda step by step, with a timer, and shows the
screen each step needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit.apps.issues import issues_app
from toolkit.apps.launch import launch
from toolkit.apps.link import LiveState, SessionLink
from toolkit.apps.live import poll_every
from toolkit.apps.overview import overview_app
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.agenda import AgendaBar, ConsoleView

# Which screen serves each kind of agenda step (issues and prioritising share one).
SCREENS: dict[str, Callable[[Path, float], Any]] = {
    "stakeholders": stakeholder_app, "issues": issues_app, "prioritise": issues_app,
    "vote": voting_app,
}  # fmt: skip


def now_utc() -> datetime:
    return datetime.now(UTC)


def console_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The console for a session folder, or a message saying why it cannot open."""

    def build(folder: Path, template: WorkshopTemplate) -> ConsoleView:
        live = LiveState(SessionLink(folder, ("settings", "agenda")))
        made: dict[Callable[[Path, float], Any], Any] = {}

        def screen_for(kind: str) -> Any:
            app = SCREENS.get(kind, overview_app)
            if app not in made:  # the screens follow the folder through the console's poll
                made[app] = app(folder, 0)
            return made[app]

        bar = AgendaBar(live.link.record, live.read, now_utc)
        return ConsoleView(bar, live.read, screen_for)

    view = launch(session, build, 0)
    if isinstance(view, ConsoleView) and poll_seconds:

        def follow() -> None:
            view.refresh()
            view.tick()

        view.poller = poll_every(poll_seconds, follow)
    return view
