"""The projector app: follows the session folder by itself, read-only."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.ahead import do_ahead, load_charts
from toolkit.apps.launch import branded, launch
from toolkit.apps.link import PHONE_TABLES, SessionLink
from toolkit.apps.live import poll_every
from toolkit.apps.serving import JOIN_URL_ENV
from toolkit.domain.template import WorkshopTemplate
from toolkit.outputs.join_panel import join_panel
from toolkit.widgets.projector import ProjectorView


def projector_app(session: str | Path | None = None, poll_seconds: float = 0.25) -> widgets.Widget:
    """The projector screen: progress while voting, results by group after a reveal, and the
    join link as a QR code when `toolkit serve` gave one."""

    def build(folder: Path, template: WorkshopTemplate) -> ProjectorView:
        link = SessionLink(folder, (*PHONE_TABLES, "agenda", "stakeholders", "actions"))
        view = ProjectorView(
            template, link.read_new, join_panel(os.environ.get(JOIN_URL_ENV, ""), template.texts)
        )
        return branded(view, folder, template)

    view = launch(session, build, 0)
    if isinstance(view, ProjectorView) and poll_seconds:

        def follow() -> None:
            view.refresh()
            view.tick()  # the countdown moves even when nothing new was recorded

        view.poller = poll_every(poll_seconds, follow)
        view.ahead = do_ahead([load_charts])  # the first chart of the day is then quick
    return view
