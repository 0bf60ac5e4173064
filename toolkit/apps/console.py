"""The facilitator's console: walks the agenda step by step, with a timer, and shows the
screen each step needs."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit.apps.ahead import do_ahead
from toolkit.apps.launch import branded, launch
from toolkit.apps.link import LiveState, SessionLink
from toolkit.apps.live import poll_every, short_id
from toolkit.domain.template import WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.records.join_code import split_join_link
from toolkit.records.phones_open import open_for_phones
from toolkit.records.ports import SHARED_PHONES_ENV
from toolkit.widgets.agenda import AgendaBar, ConsoleView
from toolkit.widgets.guidance import GuidancePanel
from toolkit.widgets.notes import NotesPanel
from toolkit.widgets.phones_switch import PhonesOpenSwitch

# Which app serves each kind of agenda step (issues and prioritising share one), imported
# when first needed: the first screen shows sooner without altair and pandas loaded.
SCREENS = {
    "stakeholders": "toolkit.apps.stakeholders:stakeholder_app",
    "issues": "toolkit.apps.issues:issues_app",
    "prioritise": "toolkit.apps.issues:issues_app",
    "vote": "toolkit.apps.voting:voting_app",
    "actions": "toolkit.apps.actions:actions_app",
}
OVERVIEW = "toolkit.apps.overview:overview_app"
# What the guide to each step reads: its script's numbers, the prompts, the notes.
CONSOLE_TABLES = ("settings", "agenda", "participants", "stakeholders", "issues", "rounds",
                  "options", "votes", "actions", "notes")  # fmt: skip


def _app(path: str) -> Callable[[Path, float], Any]:
    module, name = path.split(":")
    app: Callable[[Path, float], Any] = getattr(importlib.import_module(module), name)
    return app


def now_utc() -> datetime:
    return datetime.now(UTC)


def phones_switch(folder: Path, texts: Texts, shared_url: str) -> PhonesOpenSwitch:
    """The switch that opens the session in `folder` for phones on the organisation's shared
    phones' server at `shared_url` (its public address), and closes it."""
    address, _ = split_join_link(shared_url)  # as the projector shows it to type

    def switch(open_: bool) -> str:
        return open_for_phones(folder, open_, holder="the console")

    return PhonesOpenSwitch(switch, address, texts)


def console_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The console for a session folder, or a message saying why it cannot open."""

    def build(folder: Path, template: WorkshopTemplate) -> ConsoleView:
        live = LiveState(SessionLink(folder, CONSOLE_TABLES))
        made: dict[str, Any] = {}

        def screen_for(kind: str) -> Any:
            path = SCREENS.get(kind, OVERVIEW)
            if path not in made:  # the screens follow the folder through the console's poll
                made[path] = _app(path)(folder, 0)
            return made[path]

        bar = AgendaBar(live.link.record, live.read, now_utc)
        shared_url = os.environ.get(SHARED_PHONES_ENV, "")
        if shared_url:  # one laptop (`toolkit serve`) lets phones in while it serves
            bar.add_phones_switch(phones_switch(folder, template.texts, shared_url))
        notes = NotesPanel(template.groups, live.link.record, live.read, lambda: short_id("N"))
        guidance = GuidancePanel(template, live.link.record, live.read, now_utc, notes)
        return branded(ConsoleView(bar, live.read, screen_for, guidance), folder, template)

    view = launch(session, build, 0)
    if isinstance(view, ConsoleView) and poll_seconds:

        def follow() -> None:
            view.refresh()
            view.tick()

        view.poller = poll_every(poll_seconds, follow)
        # The screens of the steps to come, built while the room works on this one.
        view.ahead = do_ahead([partial(view.prepare, kind) for kind in view.kinds_ahead()])
    return view
