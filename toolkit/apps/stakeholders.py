"""The stakeholder mapping app: the register and map of one session, live from its records."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit.apps.launch import launch
from toolkit.apps.link import SessionLink
from toolkit.apps.live import short_id
from toolkit.domain.events import Row
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.stakeholders import StakeholderMapping


def stakeholder_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The mapping screen for a session folder (other screens' changes appear too)."""

    def build(folder: Path, template: WorkshopTemplate) -> StakeholderMapping:
        link = SessionLink(folder, ("stakeholders",))

        def record(event: str, values: Mapping[str, Any]) -> Row:
            return link.record("stakeholders", event, values)

        return StakeholderMapping(
            template.stakeholder_map,
            record,
            lambda: link.read_new()["stakeholders"],
            lambda: short_id("S"),
        )

    return launch(session, build, poll_seconds)
