"""The overview app: the session's title, groups, agenda and counts from its records."""

from __future__ import annotations

import os
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.live import poll_every
from toolkit.domain.events import Row
from toolkit.domain.overview import SessionOverview, summarise
from toolkit.records import TABLES, TailReader
from toolkit.records.folder import enclosing_session
from toolkit.records.overview import read_overview
from toolkit.records.ports import SESSION_ENV
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


class LiveOverview:
    """A session's overview kept current by reading only what was appended since the last
    read (the console shows it on its setup and closing steps, while people join)."""

    def __init__(self, folder: Path) -> None:
        self.tails = {t.name: TailReader(folder, t) for t in TABLES}
        self.rows: dict[str, list[Row]] = {name: [] for name in self.tails}
        self.overview: SessionOverview | None = None

    def read(self) -> SessionOverview:
        new = {name: tail.read_new() for name, tail in self.tails.items()}
        for name, rows in new.items():
            self.rows[name].extend(rows)
        if self.overview is None or any(new.values()):
            self.overview = summarise(self.rows)
        return self.overview


def overview_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The overview screen for a session folder, or a message saying why it cannot open;
    its counts follow the folder (every `poll_seconds`, or at each `refresh()`)."""
    try:
        folder = session_folder(session)
        read_overview(folder)  # the whole folder checked once: a problem is said here
        live = LiveOverview(folder)
        view = OverviewView(live.read(), live.read)
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
    if poll_seconds:
        view.poller = poll_every(poll_seconds, view.refresh)
    return view
