"""The projector app: follows the session folder by itself, read-only."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from toolkit.apps.ahead import do_ahead, load_charts
from toolkit.apps.launch import branded, launch
from toolkit.apps.link import PHONE_TABLES, SessionLink
from toolkit.apps.live import poll_every
from toolkit.apps.serving import JOIN_URL_ENV
from toolkit.domain.template import WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.outputs.join_panel import join_panel
from toolkit.records.join_code import join_link
from toolkit.records.ports import SHARED_PHONES_ENV
from toolkit.widgets.projector import ProjectorView


def shared_join(shared_url: str, texts: Texts) -> Callable[[str], str]:
    """The join panel for a session's code on the shared phones' server at `shared_url`:
    its QR code carries the address with the code, which people may type instead. The code
    is the one the console's switch made (read from the folder, never made here)."""
    address = shared_url.rstrip("/")
    return lambda code: join_panel(join_link(address, code), texts)


def projector_app(session: str | Path | None = None, poll_seconds: float = 0.25) -> widgets.Widget:
    """The projector screen: progress while voting, results by group after a reveal, and the
    join link as a QR code when `toolkit serve` gave one, or else, with an organisation's
    shared phones' server, its address and this session's code while it is open for phones."""

    def build(folder: Path, template: WorkshopTemplate) -> ProjectorView:
        link = SessionLink(folder, (*PHONE_TABLES, "agenda", "stakeholders", "actions"))
        own = os.environ.get(JOIN_URL_ENV, "")
        shared = os.environ.get(SHARED_PHONES_ENV, "")
        view = ProjectorView(
            template,
            link.read_new,
            join_panel(own, template.texts),
            shared_join=shared_join(shared, template.texts) if shared and not own else None,
        )
        return branded(view, folder, template)

    view = launch(session, build, 0)
    if isinstance(view, ProjectorView) and poll_seconds:

        def follow() -> None:
            view.refresh()
            view.tick()  # the countdown moves even when nothing new was recorded

        view.poller = poll_every(poll_seconds, follow)
        view.ahead = do_ahead([load_charts])  # the first chart of the day is then quick
    return view
