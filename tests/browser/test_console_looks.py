"""The console on a 1366x768 laptop, as served: a paused timer looks paused (its own style,
a drawn pause sign and the word), a running one does not; with an organisation's shared
phones' server, its switch is in view with Next and the timer and works from the keyboard
while a presenter clicker's PageDown still means Next; on a phone the step's screen shows
under the bar; the action form's date fields show a whole date. Screenshots are written
(TOOLKIT_SHOTS, else a temporary folder)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import LIVE
from toolkit.apps.serving import voila_server
from toolkit.records import create_session
from toolkit.records.phones_open import is_open_for_phones
from toolkit.records.ports import SHARED_PHONES_ENV
from toolkit.records.templates import find_template, shipped_root

pytestmark = pytest.mark.browser
LAPTOP = (1366, 768)

TIMER = """() => {
  const t = document.querySelector('.toolkit-agenda-bar .toolkit-timer');
  const s = getComputedStyle(t), b = getComputedStyle(t, '::before');
  return {cls: t.className, text: t.textContent, background: s.backgroundColor,
          outline: s.outlineStyle, sign: b.content !== 'none' ? parseFloat(b.width) : 0};
}"""
DATES = """() => [...document.querySelectorAll('.toolkit-form input[type=date]')].map(i => {
  const s = getComputedStyle(i), c = document.createElement('canvas').getContext('2d');
  c.font = `${s.fontSize} ${s.fontFamily}`;
  const inner = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return {value: i.value, inner: inner, date: c.measureText('12/28/2026').width,
          fontSize: parseFloat(s.fontSize)};
})"""
IN_VIEW = """(selectors) => selectors.map(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
})"""
UNDER_THE_BAR = """() => {
  const r = document.querySelector('.toolkit-console-main').getBoundingClientRect();
  const seen = document.elementFromPoint(r.x + 10, r.y + 50);  // in view, not squashed
  return r.height > 300 && !!seen && !!seen.closest('.toolkit-console-body');
}"""
IN_THE_BAR = [".toolkit-next-step", ".toolkit-agenda-bar .toolkit-timer",
              ".toolkit-phones-switch button"]  # fmt: skip


def test_a_paused_timer_looks_paused_and_dates_are_whole(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    shots = Path(os.environ.get("TOOLKIT_SHOTS", tmp_path))
    folder = create_session(tmp_path / "s", find_template("housing-coproduction"), "Looks")
    shared = {SHARED_PHONES_ENV: "https://hub.example.org/services/phones/"}
    with voila_server(shipped_root("notebooks"), folder, extra_env=shared) as origin:
        view = offline(origin, size=LAPTOP)
        page = view.page
        page.goto(f"{origin}/voila/render/console.ipynb")
        wait_for_app(page, ".toolkit-console")
        paused: dict[str, Any] = page.evaluate(TIMER)  # a step's timer waits to be started
        assert "toolkit-timer-paused" in paused["cls"] and paused["text"].startswith("Paused: ")
        assert paused["outline"] == "dashed" and paused["sign"] > 0
        page.locator(".toolkit-agenda-bar").screenshot(path=str(shots / "console-paused.png"))
        page.get_by_role("button", name="Start timer").click()
        page.locator(".toolkit-timer:not(.toolkit-timer-paused)").wait_for(timeout=LIVE)
        running: dict[str, Any] = page.evaluate(TIMER)
        assert "Paused" not in running["text"] and running["sign"] == 0
        assert running["background"] != paused["background"]
        assert running["outline"] != "dashed"
        page.locator(".toolkit-agenda-bar").screenshot(path=str(shots / "console-running.png"))

        assert page.evaluate(IN_VIEW, IN_THE_BAR) == [True] * 3
        switch = page.locator(".toolkit-phones-switch")
        assert switch.inner_text().startswith("Phones: closed")
        page.get_by_role("button", name="Open for phones").focus()
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Close for phones").wait_for(timeout=LIVE)
        # (the button and the words beside it are two widgets, updated one after the other)
        switch.get_by_text("Phones: open · code").wait_for(timeout=LIVE)
        assert is_open_for_phones(folder)
        assert page.evaluate(IN_VIEW, IN_THE_BAR) == [True] * 3
        page.locator(".toolkit-agenda-bar").screenshot(path=str(shots / "console-phones-open.png"))
        page.keyboard.press("Space")
        page.get_by_role("button", name="Open for phones").wait_for(timeout=LIVE)
        assert not is_open_for_phones(folder)
        page.keyboard.press("PageDown")  # the clicker, the switch focused: Next, not the switch
        page.get_by_text("Step 2 of 8").wait_for(timeout=LIVE)
        assert not is_open_for_phones(folder) and "Phones: closed" in switch.inner_text()

        # On a phone the console is one column that scrolls: the step's screen under the bar.
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        page.locator(".toolkit-console-body .toolkit-app").first.wait_for(timeout=LIVE)
        # (the page lays itself out again after a resize, in its own time: wait for it)
        page.wait_for_function(UNDER_THE_BAR, timeout=LIVE)
        box = page.locator(".toolkit-console-main").bounding_box()  # not squashed to nothing
        assert box is not None and box["height"] > 300, box
        page.screenshot(path=str(shots / "console-phone.png"))
        page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})

        page.goto(f"{origin}/voila/render/actions.ipynb")
        wait_for_app(page, ".toolkit-form")
        for field in page.locator(".toolkit-form input[type=date]").all():
            field.fill("2026-12-28")
        dates: list[dict[str, Any]] = page.evaluate(DATES)
        assert len(dates) == 2
        for d in dates:  # the whole date fits beside the calendar button
            assert d["value"] == "2026-12-28"
            assert d["inner"] >= d["date"] + 1.5 * d["fontSize"], d
        page.locator(".toolkit-form").screenshot(path=str(shots / "action-dates.png"))
        assert view.blocked == []
