"""Starting an app: find the session, build its view, follow the folder, or say what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets

from toolkit.apps.live import poll_every
from toolkit.apps.overview import session_folder
from toolkit.domain.template import WorkshopTemplate
from toolkit.records.folder import check_descriptor, session_template
from toolkit.records.templates import logo_data_uri
from toolkit.widgets.brand import brand_bar
from toolkit.widgets.overview import error_view


def launch(
    session: str | Path | None, build: Callable[[Path, WorkshopTemplate], Any], poll_seconds: float
) -> widgets.Widget:
    """The view `build` makes for the session folder, brought up to date with its records
    and refreshed every `poll_seconds` on the kernel's loop (so other screens' and phones'
    changes appear by themselves); or a message saying why it cannot open."""
    try:
        folder = session_folder(session)
        problems = check_descriptor(folder)
        if problems:
            raise ValueError(str(problems[0]))
        view = build(folder, session_template(folder))
        view.refresh()
    except (ValueError, OSError) as exc:
        return error_view(str(exc))
    if poll_seconds:
        view.poller = poll_every(poll_seconds, view.refresh)
    return view


View = TypeVar("View", bound=widgets.Box)


def branded(view: View, folder: Path, template: WorkshopTemplate) -> View:
    """Put the organisation's band (from the session's template) at the top of `view`."""
    view.brand = brand_bar(template.branding, logo_data_uri(folder, template.branding))
    view.children = (view.brand, *view.children)
    return view
