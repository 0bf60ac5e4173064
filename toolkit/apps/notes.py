"""The note-taker's app: discussion notes of one session on a second screen, following the
console's step, live from its records."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.launch import branded, launch
from toolkit.apps.link import SessionLink
from toolkit.apps.live import short_id
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.notes import NotesScreen

NOTES_TABLES = ("settings", "agenda", "issues", "stakeholders", "actions", "notes")


def notes_app(session: str | Path | None = None, poll_seconds: float = 1.0) -> widgets.Widget:
    """The notes screen for a session folder: a form, and every note taken, step by step."""

    def build(folder: Path, template: WorkshopTemplate) -> NotesScreen:
        link = SessionLink(folder, NOTES_TABLES)
        view = NotesScreen(template.groups, link.record, link.read_new, lambda: short_id("N"))
        return branded(view, folder, template)

    return launch(session, build, poll_seconds)
