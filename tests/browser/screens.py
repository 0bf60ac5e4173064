"""Steps the browser tests share: open a facilitator's screen, click and wait, vote a dot."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from devtools.chromium import OfflinePage, wait_for_app
from tests.browser.phones import LIVE, Phone
from tests.workshop import ADD_A_DOT


def open_screen(view: OfflinePage, origin: str, name: str, selector: str) -> Page:
    view.page.goto(f"{origin}/voila/render/{name}.ipynb")
    wait_for_app(view.page, selector)
    return view.page


def click(page: Page, name: str, wait_for: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.get_by_text(wait_for).first.wait_for(timeout=LIVE)


def dot(phone: Phone, option: str, left: str) -> None:
    """A dot on `option`, found by its label (the ballot may be in an order of its own)."""
    row = phone.page.locator("section.ballot form.option", has_text=option)
    row.get_by_role("button", name=ADD_A_DOT).click()
    shown = phone.page.locator("section.ballot .left", has_text=re.compile("^" + re.escape(left)))
    shown.wait_for(timeout=LIVE)
