"""A phone that cannot scan: open the bare address, type the code, and the page opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.chromium import PHONE, OfflinePage, wait_for_app
from toolkit.apps.join_login import LABEL, TITLE, WRONG_CODE
from toolkit.apps.serving import notebook, session_token, voila_server

pytestmark = pytest.mark.browser


def test_typing_the_code_on_a_phone_opens_the_participants_page(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    code = session_token(session_dir)
    with voila_server(notebook("participant.ipynb"), session_dir, token=code) as origin:
        view = offline(origin, size=PHONE)
        page = view.page
        page.goto(origin)
        assert page.title() == TITLE and page.url == f"{origin}/login?next=%2F"
        field = page.get_by_label(LABEL)
        assert page.evaluate("document.activeElement.id") == "code"  # ready to type
        # fits a phone: nothing wider than the screen, a button easy to hit
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        button = page.get_by_role("button", name="Join").bounding_box()
        assert button and button["height"] >= 48 and button["width"] >= PHONE[0] * 0.8

        page.keyboard.type("WXYZ 2345" if code != "WXYZ2345" else "WXYZ 2346")
        page.keyboard.press("Enter")
        page.get_by_text(WRONG_CODE).wait_for()
        assert page.url == f"{origin}/login" and field.input_value() == ""  # not echoed
        assert page.evaluate("document.activeElement.id") == "code"

        page.keyboard.type(f"{code[:4].lower()}-{code[4:].lower()}")
        page.keyboard.press("Enter")
        wait_for_app(page, ".toolkit-participant")
        assert page.url == f"{origin}/"
        page.get_by_role("button", name="T  Tenants").click()
        page.get_by_role("button", name="Join").click()
        page.get_by_text("You have joined").wait_for()
        assert view.blocked == []
