"""The facilitator's dot-voting app for one session, live from its records."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.launch import launch
from toolkit.apps.link import PHONE_TABLES, SessionLink
from toolkit.apps.live import short_id
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.voting import VotingConsole


def voting_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The voting screen for a session folder: rounds, progress, other channels, results."""

    def build(folder: Path, template: WorkshopTemplate) -> VotingConsole:
        link = SessionLink(folder, PHONE_TABLES)
        return VotingConsole(
            template.groups,
            template.small_group_threshold,
            template.voting,
            link.record,
            link.read_new,
            short_id,
            names=template.names != "off",
        )

    return launch(session, build, poll_seconds)
