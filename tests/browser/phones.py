"""Participants' phones in Chromium against the participants' server: join, raise, rate, vote."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Browser, Page, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from devtools.chromium import PHONE, OfflinePage, offline_page
from toolkit.records.join_code import join_link

LIVE = 15_000  # ms: a pushed redraw or a tail read, with room for a busy CI machine


def phone_view(browser: Browser, origin: str, javascript: bool = True) -> OfflinePage:
    """A phone-sized page that may only reach `origin`, with or without JavaScript."""
    return offline_page(browser, origin, size=PHONE, javascript=javascript)


@dataclass
class Phone:
    """One participant's phone; `code` is their personal code once they have joined."""

    view: OfflinePage
    origin: str
    token: str  # the room's join code, which the QR link carries
    code: str = ""

    @property
    def page(self) -> Page:
        return self.view.page

    def said(self, text: str) -> None:
        """Wait until the status line says `text`."""
        try:
            self.page.locator("#status", has_text=text).wait_for(timeout=LIVE)
        except PlaywrightTimeout:
            shown = self.page.inner_text("main") if self.page.locator("main").count() else ""
            raise AssertionError(f"the phone never said {text!r}; it shows:\n{shown}") from None

    def open(self) -> Page:
        """What scanning the QR code does: the join link, which lets this phone in."""
        self.page.goto(join_link(self.origin, self.token))
        self.page.locator("main#phone").wait_for(timeout=LIVE)
        return self.page

    def join(self, group: str, name: str = "") -> str:
        """Join `group` from the join form; returns the personal code the page shows."""
        page = self.page
        page.check(f"input[name=group][value={group}]")
        if name:
            page.fill("#name", name)
        page.click('form[action$="/join"] button')
        self.said("You have joined")
        self.code = page.inner_text(".code-banner b")
        assert self.code and self.code in page.inner_text("#status")
        return self.code

    def come_back(self, code: str = "") -> None:
        """Type the personal code on the join page (a fresh phone, or cookies cleared)."""
        self.page.fill("#personal-code", code or self.code)
        self.page.click('form[action$="/return"] button')
        self.said("Welcome back")

    def send_issue(self, text: str) -> None:
        self.page.fill("#issue-text", text)
        self.page.click('form[action$="/issue"] button')
        self.page.locator(".mine li", has_text=text).first.wait_for(timeout=LIVE)

    def rate(self, number: int, importance: int, feasibility: int) -> None:
        """Rate issue `number`, tapping both scores at once: with the script each tap is sent
        as it is made (the second while the first is on its way); without it, Save sends both."""
        page, form = self.page, self.page.locator(f"form.rating#r{number}")
        answers: list[str] = []

        def answered(response: Response) -> None:
            if response.url.endswith("/rate"):
                answers.append(response.url)

        page.on("response", answered)
        try:
            for field, value in (("importance", importance), ("feasibility", feasibility)):
                form.locator(f"label.score:has(input[name={field}][value='{value}'])").click()
            if self.scripted:
                while len(answers) < 2:
                    try:
                        page.wait_for_event("response", timeout=LIVE)
                    except PlaywrightTimeout:
                        shown = page.inner_text("main")
                        raise AssertionError(
                            f"{len(answers)} of the 2 taps were answered; the phone shows:\n{shown}"
                        ) from None
            else:
                form.locator("button.save").click()
        finally:
            page.remove_listener("response", answered)
        self.said(f"Saved your view of issue {number}.")
        for field, value in (("importance", importance), ("feasibility", feasibility)):
            assert form.locator(f"input[name={field}][value='{value}']").is_checked()

    @property
    def scripted(self) -> bool:
        """Whether phone.js runs on this page (it marks <html> with the class 'js')."""
        return self.page.locator("html.js").count() == 1

    def dot(self, number: int, left: int, step: int = 1) -> None:
        """Place (or take back) a dot on option `number`; wait until the ballot, drawn from
        what the server saved, shows `left` dots left. (The status line's "Saved." may be
        redrawn away by a pushed update that crosses the answer, so it is not waited for.)"""
        self.page.click(f"#o{number}-{'plus' if step > 0 else 'minus'}")
        shown = self.page.locator("section.ballot .left", has_text=re.compile(rf"^{left} of "))
        try:
            shown.wait_for(timeout=LIVE)
        except PlaywrightTimeout:
            shown_now = self.page.inner_text("main")
            raise AssertionError(f"never {left} left; the phone shows:\n{shown_now}") from None

    def left(self) -> str:
        """What the ballot says is left, e.g. '1 of 2 dots left'."""
        return self.page.inner_text("section.ballot .left")
