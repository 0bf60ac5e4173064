"""The projector app: follows the session folder by itself, read-only."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.join import join_panel
from toolkit.apps.link import SessionLink
from toolkit.apps.live import poll_every
from toolkit.apps.overview import session_folder
from toolkit.apps.participant import PHONE_TABLES
from toolkit.apps.serving import JOIN_URL_ENV
from toolkit.records.folder import check_descriptor, session_template
from toolkit.records.overview import read_overview
from toolkit.widgets.overview import error_view
from toolkit.widgets.projector import ProjectorView


def projector_app(session: str | Path | None = None, poll_seconds: float = 0.5) -> widgets.Widget:
    """The projector screen for a session folder, or a message saying why it cannot open."""
    try:
        folder = session_folder(session)
        problems = check_descriptor(folder)
        if problems:
            raise ValueError(str(problems[0]))
        template = session_template(folder)
        link = SessionLink(folder, PHONE_TABLES)
        view = ProjectorView(
            read_overview(folder).title,
            template.groups,
            template.small_group_threshold,
            link.read_new,
            join_panel(os.environ.get(JOIN_URL_ENV, "")),
        )
        view.refresh()
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
    view.poller = poll_every(poll_seconds, view.refresh)
    return view
