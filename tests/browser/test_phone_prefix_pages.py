"""A phone with its script, on the phones' server under a path prefix: every request the page
makes (its script, forms sent in the background, pushed updates, redraws) stays under it; and
on the shared server, a workshop closed for phones shows so by itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

import toolkit
from tests.browser.phones import LIVE, Phone, phone_view
from tests.test_phone_server import OPTIONS, new_folder, open_round
from toolkit.apps.serving import free_port, phone_server, session_token, shared_phones_child
from toolkit.apps.supervise import running
from toolkit.domain.room import PHONE_STEP_KEY
from toolkit.records import Recorder
from toolkit.records.phones_open import open_for_phones

PREFIX = "/services/phones/"

pytestmark = pytest.mark.browser


def test_a_phone_with_its_script_asks_only_under_the_prefix(
    browser: Browser, tmp_path: Path
) -> None:
    folder = new_folder(tmp_path)
    open_round(folder, typed=OPTIONS, dots=3, cap=2)
    token = session_token(folder)
    with phone_server(folder, token=token, prefix="/services/phones/") as origin:
        # the page may reach nothing but addresses under the prefix
        view = phone_view(browser, origin)
        requested: list[str] = []
        view.page.on("request", lambda r: requested.append(r.url))
        try:
            phone = Phone(view, origin, token)
            page = phone.open()
            assert phone.scripted  # phone.js, loaded from under the prefix
            phone.join("tenants")
            phone.dot(1, left=2)  # sent in the background, the ballot redrawn
            page.evaluate("window.notReloaded = true")
            Recorder(folder).append("settings", "set", key=PHONE_STEP_KEY, value="wait")
            page.locator("main h1", has_text="Wait for the facilitator").wait_for(timeout=LIVE)
            assert page.evaluate("window.notReloaded") is True  # a push, then a redraw
            assert view.blocked == []
            assert all(u.startswith(f"{origin}/") for u in requested), requested
            assert {f"{origin}/events", f"{origin}/vote", f"{origin}/join"} <= set(requested)
        finally:
            view.context.close()
    assert len(toolkit.open_session(folder).votes) == 1


def test_a_phone_on_the_shared_server_shows_its_workshop_closed_by_itself(
    browser: Browser, tmp_path: Path
) -> None:
    """On the organisation's one address, a phone that has joined and waits is told, with no
    tap, when the facilitator closes the workshop for phones."""
    sessions = tmp_path / "sessions"
    sessions.mkdir()
    folder = new_folder(sessions)
    open_round(folder, typed=OPTIONS, dots=3, cap=2)
    code = open_for_phones(folder)
    with running(shared_phones_child(sessions, "127.0.0.1", free_port(), PREFIX)) as child:
        view = phone_view(browser, child.address)
        try:
            phone = Phone(view, child.address, code)
            page = phone.open()  # the QR code's link, through the shared login page
            phone.join("tenants")
            open_for_phones(folder, False)
            page.get_by_text("not open for phones just now").wait_for(timeout=LIVE)
            assert view.blocked == []
        finally:
            view.context.close()
