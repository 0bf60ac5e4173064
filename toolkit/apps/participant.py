"""The participant app served to phones: light on purpose (no pandas, no altair)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.launch import branded, launch
from toolkit.apps.link import SessionLink
from toolkit.apps.live import personal_code, short_id
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.participant import ParticipantView

PHONE_TABLES = ("settings", "participants", "issues", "ratings", "rounds", "options", "votes")


def participant_app(
    session: str | Path | None = None,
    poll_seconds: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
) -> widgets.Widget:
    """The phone screen for a session folder: join, raise issues, rate, vote (`clock`:
    seconds, for the pause after too many wrong personal codes)."""

    def build(folder: Path, template: WorkshopTemplate) -> ParticipantView:
        link = SessionLink(folder, PHONE_TABLES)
        view = ParticipantView(
            template.groups,
            template.issue_categories,
            template.priorities,
            link.record,
            link.read_new,
            short_id,
            personal_code,
            template.texts,
            names=template.names != "off",
            clock=clock,
        )
        return branded(view, folder, template)

    return launch(session, build, poll_seconds)
