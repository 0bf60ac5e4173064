"""Moderation before the room sees (issue 22), in Chromium: two phones, the real console and
the projector. Phone A's issues are held for the facilitator's check: in the console's queue,
on neither the projector nor phone B until shown; a held issue hidden never appears."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import LIVE, Phone
from toolkit.apps.serving import notebook, phone_server, session_token, voila_server
from toolkit.domain.agenda import entering, steps
from toolkit.domain.state import SessionState
from toolkit.records import Recorder, create_session
from toolkit.records.load import load_folder
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
LAPTOP = (1366, 768)
SHOWN = "Mrs Jones at flat 12 waits 9 weeks for a repair, call her on 07700 900123"
HIDDEN = "The caretaker Dave Smith drinks on duty"


@dataclass
class Served:
    folder: Path
    origin: str  # the facilitator's screens
    phones: str
    token: str
    shots: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A housing session (phones' issues held, as the template says) on its issues step."""
    tmp = tmp_path_factory.mktemp("moderation")
    folder = create_session(tmp / "session", find_template("housing-coproduction"), "Held")
    tables = {n: d.rows() for n, d in load_folder(folder).tables.items()}
    state = SessionState().with_new(tables)
    issues_step = next(s for s in steps(state.agenda) if s.kind == "issues")
    recorder = Recorder(folder)
    for values in entering(issues_step, state.room):
        recorder.append("settings", "set", **values)
    token = session_token(folder)
    shots = Path(os.environ.get("TOOLKIT_SHOTS") or tmp)
    with (
        voila_server(notebook("."), folder) as origin,
        phone_server(folder, token=token) as phones,
    ):
        yield Served(folder, origin, phones, token, shots)


def test_a_held_issue_reaches_the_room_only_once_shown(
    served: Served, offline: Callable[..., OfflinePage]
) -> None:
    console = offline(served.origin, size=LAPTOP).page
    projector = offline(served.origin).page
    console.goto(f"{served.origin}/voila/render/console.ipynb", wait_until="commit")
    projector.goto(f"{served.origin}/voila/render/projector.ipynb", wait_until="commit")
    a = Phone(offline(served.phones, size=PHONE), served.phones, served.token)
    b = Phone(offline(served.phones, size=PHONE), served.phones, served.token)
    for phone, group in ((a, "tenants"), (b, "managers")):
        phone.open()
        phone.join(group)
        phone.page.locator("#issue-text").wait_for(timeout=LIVE)
    for text in (SHOWN, HIDDEN):
        a.send_issue(text)
        a.said("Received, thank you. The facilitator checks each issue")
    waiting = a.page.locator(".mine li", has_text=SHOWN)
    assert "(waiting for the facilitator's check)" in waiting.inner_text()
    a.page.screenshot(path=str(served.shots / "moderation-sender-phone.png"), full_page=True)

    wait_for_app(console, ".toolkit-console .toolkit-moderation")
    queue = console.locator(".toolkit-moderation")
    queue.locator(".toolkit-held-2").wait_for(timeout=LIVE)  # the console's own poll
    assert "Waiting for your check (2)" in queue.inner_text()
    assert SHOWN in queue.locator(".toolkit-held-1").inner_text()
    queue.locator(".toolkit-held-1").scroll_into_view_if_needed()
    console.screenshot(path=str(served.shots / "moderation-console-queue.png"))

    wait_for_app(projector, ".toolkit-projector")
    projector.get_by_text("No issues yet").first.wait_for(timeout=LIVE)
    b.page.locator("#issue-text").wait_for(timeout=LIVE)
    assert "Jones" not in projector.inner_text("body") and "Jones" not in b.page.content()

    # the phones prioritise: B's page lists nothing held
    console.locator(".widget-toggle-buttons:has(label:text-is('Phones show')) "
                    "button:text-is('Prioritise issues')").first.click()  # fmt: skip
    b.page.locator("h1", has_text="Prioritise issues").wait_for(timeout=LIVE)
    assert b.page.locator("form.rating").count() == 0 and "Jones" not in b.page.content()

    queue.locator(".toolkit-held-2 button", has_text="Hide").click()
    queue.get_by_text("Issue 2: hidden: it never reaches the room.").wait_for(timeout=LIVE)
    queue.locator(".toolkit-held-1 button", has_text="Show").click()
    queue.get_by_text("Issue 1: shown to the room.").wait_for(timeout=LIVE)
    assert "Waiting for your check (0)" in queue.inner_text()

    projector.locator(".toolkit-issue-list", has_text="Mrs Jones at flat 12").wait_for(timeout=LIVE)
    b.page.locator("form.rating#r1", has_text="Mrs Jones at flat 12").wait_for(timeout=LIVE)
    for page in (projector, b.page):
        assert "Dave Smith" not in page.content()
