"""The facilitator's issues app: every issue of one session, live from its records."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.launch import launch
from toolkit.apps.link import SessionLink
from toolkit.apps.live import short_id
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.issues import IssuesConsole


def issues_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The issues screen for a session folder (phones' issues appear by themselves)."""

    def build(folder: Path, template: WorkshopTemplate) -> IssuesConsole:
        link = SessionLink(folder, ("settings", "issues", "ratings"))
        return IssuesConsole(
            template.groups,
            template.issue_categories,
            template.priorities,
            link.record,
            link.read_new,
            short_id,
            template.hold_phone_issues,
        )

    return launch(session, build, poll_seconds)
