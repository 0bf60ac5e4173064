"""A participant who uses only a keyboard: Tab, Shift+Tab, Enter and Space, no pointer.
They join a group and spend their dots, and their ballot locks when the round closes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.workshop import ADD_A_DOT, shortlist
from toolkit.apps.serving import notebook, voila_server
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
LIVE = 15_000
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip

# What has the keyboard focus, and how it is drawn.
FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const row = e.closest('.toolkit-ballot .widget-hbox');
  return {tag: e.tagName, text: e.textContent.replace(/\\s+/g, ' ').trim(),
          row: row ? row.textContent : '', disabled: !!e.disabled,
          pressed: e.getAttribute('aria-pressed'),
          outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth)};
}"""


def _focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(FOCUSED)
    return result


def _tab_to(page: Page, text: str, row: str = "", key: str = "Tab", most: int = 30) -> None:
    """Press Tab (or Shift+Tab) until the button reading `text` (in the ballot row of `row`)
    has the focus, and check that the focus can be seen."""
    seen = []
    for _ in range(most):
        page.keyboard.press(key)
        now = _focused(page)
        seen.append(now["text"][:30])
        if now["tag"] == "BUTTON" and now["text"] == text and row in now["row"]:
            # ipywidgets' own ring is a 1px pale line; the toolkit's is 3px in its accent
            assert now["outline"] != "none" and now["outlineWidth"] >= 2, now
            return
    raise AssertionError(f"{key} never reached {text!r} {row!r}; focus went to {seen}")


def _saved(page: Page, left: str) -> None:
    page.get_by_text(f"Saved. {left} left.").wait_for(timeout=LIVE)


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

    with voila_server(notebook("participant.ipynb"), folder) as origin:
        view = offline(origin, size=PHONE)
        page = view.page
        page.goto(f"{origin}/")
        wait_for_app(page, ".toolkit-participant")

        _tab_to(page, "T Tenants")
        page.keyboard.press("Space")
        page.wait_for_function(
            "document.activeElement.getAttribute('aria-pressed') === 'true'", timeout=LIVE
        )  # chosen, and screen readers are told so
        assert "mod-active" in (page.evaluate("document.activeElement.className") or "")
        _tab_to(page, "Join")  # past the optional name, left empty
        page.keyboard.press("Enter")
        page.get_by_text("You have joined").wait_for(timeout=LIVE)
        page.get_by_text("You each have 2 dots").wait_for(timeout=LIVE)

        _tab_to(page, "+", row=OPTIONS[0])
        named = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert named == f"Add a dot to 1. {OPTIONS[0]}"  # a screen reader says the option
        page.keyboard.press("Enter")
        _saved(page, "1 dot")
        _tab_to(page, "\u2212", row=OPTIONS[0], key="Shift+Tab")  # take it back...
        page.keyboard.press("Enter")
        _saved(page, "2 dots")
        _tab_to(page, "+", row=OPTIONS[0])  # ...and place it again
        page.keyboard.press("Space")
        _saved(page, "1 dot")
        _tab_to(page, "+", row=OPTIONS[1])
        page.keyboard.press("Space")
        _saved(page, "0 dots")
        ballot = page.locator(".toolkit-ballot")
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
