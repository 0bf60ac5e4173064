"""A participant who uses only a keyboard: Tab, Shift+Tab, Enter and Space, no pointer.
They join a group and spend their dots, and their ballot locks when the round closes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import LIVE, Phone
from tests.workshop import ADD_A_DOT, shortlist
from toolkit.apps.serving import phone_server, session_token
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip

# What has the keyboard focus, and how it is drawn (a score's ring is on its visible box).
FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, text: e.textContent.replace(/\\s+/g, ' ').trim(),
          label: e.getAttribute('aria-label') || '', value: e.value || '',
          disabled: !!e.disabled, checked: !!e.checked,
          outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
}"""


def _focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(FOCUSED)
    return result


def _tab_to(page: Page, want: Callable[[dict[str, Any]], bool], key: str = "Tab",
            most: int = 30) -> dict[str, Any]:  # fmt: skip
    """Press Tab (or Shift+Tab) until the focused element is the one wanted, and check that
    the focus can be seen."""
    seen = []
    for _ in range(most):
        page.keyboard.press(key)
        now = _focused(page)
        seen.append(now["label"] or now["text"][:30] or now["value"])
        if want(now):
            assert now["outline"] != "none" and now["outlineWidth"] >= 2, now
            return now
    raise AssertionError(f"{key} never reached what was wanted; focus went to {seen}")


def _button(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda now: now["tag"] == "BUTTON" and now["text"] == text


def _ballot_button(sign: str, option: int) -> Callable[[dict[str, Any]], bool]:
    words = "Add a dot to" if sign == "+" else "Take a dot back from"
    label = f"{words} {option}. {OPTIONS[option - 1]}"
    return lambda now: now["tag"] == "BUTTON" and now["label"] == label


def test_a_participant_joins_and_votes_with_the_keyboard_alone(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = create_session(tmp_path / "kb", find_template("housing-coproduction"), "Keys")
    shortlist(folder, OPTIONS)
    voting = voting_app(folder, 0)  # the facilitator's screen, driven from Python
    voting.create_button.click()
    voting.open_button.click()
    voting.set_phone_step("vote")
    assert voting.status.kind == "ok", voting.status.message
    token = session_token(folder)

    with phone_server(folder, token=token) as origin:
        view = offline(origin, size=PHONE)
        phone = Phone(view, origin, token)
        page = phone.open()

        _tab_to(page, lambda now: now["tag"] == "INPUT" and now["value"] == "tenants")
        page.keyboard.press("Space")
        assert _focused(page)["checked"]  # chosen, and a screen reader says so (a radio)
        _tab_to(page, _button("Join"))  # past the optional name, left empty
        page.keyboard.press("Enter")
        phone.said("You have joined")
        page.get_by_text("You each have 2 dots").wait_for(timeout=LIVE)

        now = _tab_to(page, _ballot_button("+", 1))
        assert now["label"] == f"Add a dot to 1. {OPTIONS[0]}"  # a screen reader says the option
        page.keyboard.press("Enter")
        phone.said("Saved. 1 dot left.")
        assert _focused(page)["label"] == now["label"]  # the focus stays where it was
        _tab_to(page, _ballot_button("-", 1), key="Shift+Tab")  # take it back...
        page.keyboard.press("Enter")
        phone.said("Saved. 2 dots left.")
        _tab_to(page, _ballot_button("+", 1))  # ...and place it again
        page.keyboard.press("Space")
        phone.said("Saved. 1 dot left.")
        _tab_to(page, _ballot_button("+", 2))
        page.keyboard.press("Space")
        phone.said("Saved. 0 dots left.")
        ballot = page.locator("section.ballot")
        assert "0 of 2 dots left" in ballot.inner_text()
        plus = ballot.get_by_role("button", name=ADD_A_DOT)
        assert plus.count() == len(OPTIONS)
        assert all(plus.nth(i).is_disabled() for i in range(len(OPTIONS)))  # budget spent

        voting.refresh()
        voting.advance("closed")
        assert voting.status.kind == "ok", voting.status.message
        page.get_by_text("Voting is closed").wait_for(timeout=LIVE)
        buttons = ballot.get_by_role("button")
        assert buttons.count() == 2 * len(OPTIONS)
        assert all(buttons.nth(i).is_disabled() for i in range(buttons.count()))
        assert view.blocked == []

    votes = toolkit.open_session(folder).votes
    assert int(votes["dots"].sum()) == 2 and len(votes) == 2  # one dot each on two options
