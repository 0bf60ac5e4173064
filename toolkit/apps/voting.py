"""The facilitator's dot-voting app for one session, live from its records."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.link import SessionLink
from toolkit.apps.live import poll_every, short_id
from toolkit.apps.overview import session_folder
from toolkit.apps.participant import PHONE_TABLES
from toolkit.records.folder import check_descriptor, session_template
from toolkit.widgets.overview import error_view
from toolkit.widgets.voting import VotingConsole


def voting_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The voting screen for a session folder, or a message saying why it cannot open."""
    try:
        folder = session_folder(session)
        problems = check_descriptor(folder)
        if problems:
            raise ValueError(str(problems[0]))
        template = session_template(folder)
        link = SessionLink(folder, PHONE_TABLES)
        view = VotingConsole(
            template.groups,
            template.small_group_threshold,
            template.voting,
            link.record,
            link.read_new,
            short_id,
        )
        view.refresh()
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
    view.poller = poll_every(poll_seconds, view.refresh)
    return view
