"""The stakeholder mapping app: the register and map of one session, live from its records."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from toolkit.apps.live import poll_every, short_id
from toolkit.apps.overview import session_folder
from toolkit.domain.events import Row
from toolkit.records import TABLE_BY_NAME, Recorder, TailReader
from toolkit.records.folder import check_descriptor, session_template
from toolkit.widgets.overview import error_view
from toolkit.widgets.stakeholders import StakeholderMapping


def stakeholder_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The mapping screen for a session folder, or a message saying why it cannot open."""
    try:
        folder = session_folder(session)
        problems = check_descriptor(folder)
        if problems:
            raise ValueError(str(problems[0]))
        template = session_template(folder)
        recorder = Recorder(folder)
        tail = TailReader(folder, TABLE_BY_NAME["stakeholders"])

        def record(event: str, values: Mapping[str, Any]) -> Row:
            return recorder.append("stakeholders", event, **values)

        view = StakeholderMapping(
            template.stakeholder_map, record, tail.read_new, lambda: short_id("S")
        )
        view.refresh()
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
    view.poller = poll_every(poll_seconds, view.refresh)  # other screens' changes appear too
    return view
