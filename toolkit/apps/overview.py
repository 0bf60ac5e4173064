"""The overview app: the session's title, groups, agenda and counts from its records."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.ports import SESSION_ENV
from toolkit.records.folder import enclosing_session
from toolkit.records.overview import read_overview
from toolkit.widgets.overview import OverviewView, error_view


def session_folder(session: str | Path | None = None) -> Path:
    """The session to show: the argument, else the one `toolkit serve` was started with,
    else the session folder Jupyter runs the notebook in (its notebooks/ folder)."""
    chosen = session if session is not None else os.environ.get(SESSION_ENV)
    if not chosen:
        here = enclosing_session(Path.cwd())
        if here is not None:
            return here
        raise ValueError(
            f"no session given: call with a session folder, start the app "
            f"with 'toolkit serve FOLDER' (which sets {SESSION_ENV}), or open the "
            "notebook from the session folder's notebooks folder"
        )
    return Path(chosen)


def overview_app(session: str | Path | None = None, poll_seconds: float = 0) -> widgets.Widget:
    """The overview screen for a session folder, or a message saying why it cannot open.
    (It is drawn once; `poll_seconds` is accepted so that every app starts alike.)"""
    try:
        return OverviewView(read_overview(session_folder(session)))
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
