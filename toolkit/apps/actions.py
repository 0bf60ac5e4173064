"""The facilitator's actions app: the action plan of one session, live from its records."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.launch import launch
from toolkit.apps.link import PHONE_TABLES, SessionLink
from toolkit.apps.live import short_id
from toolkit.domain.results import revealed_tallies
from toolkit.domain.state import SessionState
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.actions import ActionsConsole, top_issues


def actions_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The actions screen for a session folder: the vote's top issues first in the form."""

    def build(folder: Path, template: WorkshopTemplate) -> ActionsConsole:
        link = SessionLink(folder, (*PHONE_TABLES, "actions"))

        def ranked(state: SessionState) -> list[str]:
            return top_issues(
                revealed_tallies(state, template.groups, template.small_group_threshold)
            )

        return ActionsConsole(link.record, link.read_new, lambda: short_id("A"), ranked)

    return launch(session, build, poll_seconds)
