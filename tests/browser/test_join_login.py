"""A phone that cannot scan: open the bare address, type the code, and the page opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import toolkit
from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import Phone
from toolkit.apps.serving import phone_server, session_token
from toolkit.domain.texts import Texts

pytestmark = pytest.mark.browser
SAY = Texts().say  # the template's words, in English here


def test_typing_the_code_on_a_phone_opens_the_participants_page(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    code = session_token(session_dir)
    with phone_server(session_dir, token=code) as origin:
        view = offline(origin, size=PHONE)
        page = view.page
        page.goto(origin)
        assert page.title() == SAY("login.title") and page.url == f"{origin}/"
        field = page.get_by_label(SAY("login.label"))
        assert page.evaluate("document.activeElement.id") == "code"  # ready to type
        # fits a phone: nothing wider than the screen, a button easy to hit
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        button = page.get_by_role("button", name=SAY("login.button")).bounding_box()
        assert button and button["height"] >= 48 and button["width"] >= PHONE[0] * 0.8

        page.keyboard.type("WXYZ 2345" if code != "WXYZ2345" else "WXYZ 2346")
        page.keyboard.press("Enter")
        page.get_by_text(SAY("login.wrong")).wait_for()
        assert page.url == f"{origin}/login" and field.input_value() == ""  # not echoed
        assert page.evaluate("document.activeElement.id") == "code"
        assert field.get_attribute("aria-invalid") == "true"  # and said to a screen reader

        page.keyboard.type(f"{code[:4].lower()}-{code[4:].lower()}")
        page.keyboard.press("Enter")
        page.locator("form[action='/join']").wait_for()
        assert page.url == f"{origin}/"
        Phone(view, origin, code).join("tenants")
        assert view.blocked == []
    assert len(toolkit.open_session(session_dir).participants) == 1
