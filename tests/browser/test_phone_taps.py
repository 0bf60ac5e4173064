"""Taps on a phone while its last one is still on the way (slow wifi in a hall): a second
option's dot is sent next, not dropped, and a redraw pushed meanwhile never hides the save.
The dot's request is held in Chromium, so the order is the same on any machine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Route

from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import LIVE, Phone
from tests.workshop import shortlist
from toolkit.apps.serving import phone_server, session_token
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats"]

# Every EventSource the page opens is kept where the test can reach it, so the test can
# push "the room moved on" (a redraw that finds nothing new) at the moment it chooses.
KEEP_EVENT_SOURCES = """
window.eventSources = [];
const Original = window.EventSource;
window.EventSource = function (url) {
  const source = new Original(url);
  window.eventSources.push(source);
  return source;
};
Math.random = () => 0;  // redraw at once rather than spread over a moment
"""
PUSH = "window.eventSources[0].dispatchEvent(new MessageEvent('message', {data: 'moved'}))"


def _vote_open(folder: Path) -> None:
    voting = voting_app(folder, 0)
    voting.dots.value, voting.cap.value, voting.shuffle.value = 4, 2, False
    voting.create_button.click()
    voting.open_button.click()
    voting.set_phone_step("vote")
    assert voting.status.kind == "ok", voting.status.message


def test_a_second_dot_and_a_push_while_a_dot_is_on_its_way_lose_nothing(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = create_session(tmp_path / "s", find_template("housing-coproduction"), "Taps")
    shortlist(folder, OPTIONS)
    _vote_open(folder)
    token = session_token(folder)
    with phone_server(folder, token=token) as origin:
        view = offline(origin, size=PHONE)
        view.page.add_init_script(KEEP_EVENT_SOURCES)
        phone = Phone(view, origin, token)
        phone.open()
        phone.join("tenants")
        page = phone.page
        page.locator("section.ballot .left", has_text="4 of 4 dots").wait_for(timeout=LIVE)

        held: list[Route] = []
        sent: list[str] = []

        def hold_one(route: Route) -> None:
            sent.append(route.request.post_data or "")
            if len(sent) == 1:
                held.append(route)  # on its way, for as long as the test likes
            else:
                route.continue_()

        def on_its_way(place: int) -> Route:
            """Tap the dot of the option at `place`; its request is held until released."""
            held.clear()
            sent.clear()
            page.click(f"section.ballot #o{place}-plus")
            for _ in range(LIVE // 50):
                if held:
                    return held[0]
                page.wait_for_timeout(50)  # lets the route handler run
            raise AssertionError(f"the dot on option {place} was never sent")

        def left(dots: str, mine: tuple[int, ...]) -> None:
            page.locator("section.ballot .left", has_text=dots).wait_for(timeout=LIVE)
            for place, count in enumerate(mine, 1):
                shown = page.locator(f"#o{place} .dots").get_attribute("aria-label") or ""
                assert shown.startswith(f"{count} "), (place, shown)

        page.route("**/vote", hold_one)
        # the room pushes a redraw while a dot is on its way: the dot's answer still shows
        first = on_its_way(1)
        page.evaluate(PUSH)
        page.wait_for_timeout(500)  # time for a redraw that should wait, to go wrong
        first.continue_()
        left("3 of 4 dots", (1, 0, 0))
        assert len(sent) == 1, sent

        # two more options tapped while a dot is on its way are sent after it, in turn
        second = on_its_way(2)
        page.click("section.ballot #o3-plus")
        page.click("section.ballot #o1-plus")
        page.wait_for_timeout(200)
        second.continue_()
        left("0 of 4 dots", (2, 1, 1))
        assert len(sent) == 3, sent
        page.unroute("**/vote")
        assert page.evaluate("window.eventSources.length") == 1  # never reloaded
    assert view.blocked == []
