"""The phones' pages as a room uses them: three phones join two groups, raise, rate and vote,
come back by cookie and by personal code, with and without JavaScript; pushed redraws."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

import toolkit
from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import LIVE, Phone, phone_view
from tests.phones import holding
from tests.workshop import shortlist
from toolkit.apps.issues import issues_app
from toolkit.apps.serving import phone_server, session_token
from toolkit.apps.voting import voting_app
from toolkit.domain.room import PHONE_STEP_KEY, check_step
from toolkit.records import Recorder, create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
RAISED = ["Repairs take too long", "Damp in the flats", "Nobody calls back"]
DOTS = 3


def _session(path: Path) -> Path:
    """A housing session whose phones' issues go straight to the board (holding them for a
    check is test_moderation_pages')."""
    folder = create_session(path, find_template("housing-coproduction"), "Phones")
    holding(folder, False)
    return folder


def _phones_show(folder: Path, step: str) -> None:
    """The facilitator's issues screen moves the phones on."""
    issues = issues_app(folder, 0)
    if issues.state.room.phone_step == step:
        return
    issues.set_phone_step(step)
    assert issues.status.kind == "ok", issues.status.message


def _open_vote(folder: Path) -> None:
    """Shortlist every issue on the board, open round 1 with three dots, phones to vote."""
    issues = issues_app(folder, 0)
    issues.picked.value = tuple(i.issue_id for i in issues.board.active)
    issues.pick_button.click()
    assert issues.status.kind == "ok", issues.status.message
    voting = voting_app(folder, 0)
    voting.dots.value, voting.cap.value, voting.shuffle.value = DOTS, 2, False
    voting.create_button.click()
    voting.open_button.click()
    voting.set_phone_step("vote")
    assert voting.status.kind == "ok", voting.status.message


def _close_vote(folder: Path) -> None:
    voting = voting_app(folder, 0)
    voting.advance("closed")
    assert voting.status.kind == "ok", voting.status.message


@dataclass
class Room:
    phones: list[Phone]
    shots: Path
    scripted: bool

    def shot(self, name: str, phone: int = 0) -> None:
        self.phones[phone].page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def moved(self, facilitator: Callable[[], None], selector: str) -> None:
        """The facilitator moves the phones on. With the script every page redraws itself
        from the pushed event, with no reload (a mark set on `window` survives); without
        it, the page shows the new step when it is next loaded."""
        if self.scripted:
            for phone in self.phones:
                phone.page.evaluate("window.notReloaded = true")
        facilitator()
        for phone in self.phones:
            if not self.scripted:
                phone.page.reload()
            phone.page.locator(selector).first.wait_for(timeout=LIVE)
            if self.scripted:
                assert phone.page.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("scripted", [True, False], ids=["javascript", "no-javascript"])
def test_three_phones_join_raise_rate_vote_and_come_back(
    browser: Browser, tmp_path: Path, scripted: bool
) -> None:
    folder = _session(tmp_path / "session")
    token = session_token(folder)
    shots = tmp_path / "screens"
    shots.mkdir()
    with phone_server(folder, token=token) as origin:
        views = [phone_view(browser, origin, scripted) for _ in range(4)]
        phones = [Phone(v, origin, token) for v in views[:3]]
        room = Room(phones, shots, scripted)
        try:
            phones[0].page.goto(origin)  # the bare address: the login page
            phones[0].page.locator("input[name=code]").wait_for()
            room.shot("login")
            for phone, group, name in zip(phones, ["tenants", "tenants", "managers"],
                                          ["Ada", "", "Sam"], strict=True):  # fmt: skip
                phone.open()
                if phone is phones[0]:
                    assert phone.scripted is scripted
                    room.shot("before-joining")
                phone.join(group, name)
            assert len({p.code for p in phones}) == 3
            assert "Tenants" in phones[0].page.inner_text(".code-banner")
            assert "Managers" in phones[2].page.inner_text(".code-banner")
            room.shot("joined-waiting")

            room.moved(lambda: _phones_show(folder, "issues"), "#issue-text")
            for phone, text in zip(phones, RAISED, strict=True):
                phone.send_issue(text)
            phones[0].send_issue("<b>Bins</b> & lifts")  # typed text is shown as text
            assert phones[0].page.locator(".mine li b").count() == 0
            room.shot("raising-issues")

            room.moved(lambda: _phones_show(folder, "rating"), "form.rating#r4")
            assert phones[1].page.locator("form.rating").count() == 4
            phones[0].rate(1, 5, 2)
            phones[1].rate(1, 4, 3)
            phones[2].rate(2, 2, 5)
            room.shot("rating")

            room.moved(lambda: _open_vote(folder), "section.ballot #o4-plus")
            assert f"{DOTS} of {DOTS} dots left" in phones[0].left()
            room.shot("voting")
            phones[0].dot(1, 2)
            phones[0].dot(1, 1)
            assert phones[0].page.locator("#o1-plus").is_disabled()  # two at most on one
            phones[0].dot(2, 0)
            room.shot("ballot-spent")
            phones[0].dot(1, 1, step=-1)
            phones[1].dot(2, 2)
            phones[2].dot(3, 2)
            phones[2].dot(1, 1)

            # a reload: the cookie brings the same person back to their own ballot
            phones[0].page.reload()
            phones[0].page.locator("section.ballot").wait_for()
            assert phones[0].page.inner_text(".code-banner b") == phones[0].code
            assert "1 of 3 dots left" in phones[0].left()
            assert phones[0].page.inner_text("#o1 .dots").count("●") == 1

            # a fresh browser: the personal code brings them back, and they go on voting
            fresh = Phone(views[3], origin, token)
            fresh.open()
            fresh.come_back(phones[1].code.lower())
            assert fresh.page.inner_text(".code-banner b") == phones[1].code
            assert "2 of 3 dots left" in fresh.left()
            room.shot("returned", 0)
            fresh.dot(2, 1)
            # the first browser's page is now out of date: its tap changes nothing
            phones[1].page.click("#o2-plus")
            phones[1].said("Your ballot changed since this page was drawn")
            assert "1 of 3 dots left" in phones[1].left()

            room.moved(lambda: _close_vote(folder), "section.ballot .locked")
            assert phones[2].page.locator("section.ballot button:enabled").count() == 0
            room.shot("closed")
            fresh.page.screenshot(path=str(shots / "returned.png"), full_page=True)
            assert [u for v in views for u in v.blocked] == []
        finally:
            for view in views:
                view.context.close()

    session = toolkit.open_session(folder)
    people = session.participants.set_index("participant_id")
    assert sorted(people["group_id"]) == ["managers", "tenants", "tenants"]
    assert sorted(people["display_name"]) == ["", "Ada", "Sam"]
    issues = session.events["issues"]
    issues = issues[issues["event"] == "raised"]
    assert sorted(issues["text"]) == sorted([*RAISED, "<b>Bins</b> & lifts"])
    assert set(issues["channel"]) == {"device"}
    ratings = session.ratings[["importance", "feasibility"]].astype(int).values.tolist()
    assert sorted(ratings) == [[2, 5], [4, 3], [5, 2]]
    spent = session.votes.groupby("participant_id")["dots"].sum()
    codes = {p.code: p for p in phones}
    assert sorted(spent.tolist()) == [2, 2, 2]
    assert len(codes) == 3


@dataclass
class Shared:
    folder: Path
    origin: str
    token: str


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    """One session and server for the module's shorter tests: two issues shortlisted."""
    folder = _session(tmp_path_factory.mktemp("phone-pages") / "session")
    shortlist(folder, ["Repairs take too long", "Nobody calls back"])
    token = session_token(folder)
    with phone_server(folder, token=token) as origin:
        yield Shared(folder, origin, token)


def _joined(offline: Callable[..., OfflinePage], shared: Shared) -> tuple[OfflinePage, Phone]:
    view = offline(shared.origin, size=PHONE)
    phone = Phone(view, shared.origin, shared.token)
    phone.open()
    phone.join("managers")
    return view, phone


def test_the_page_redraws_itself_when_the_facilitator_moves_the_phones_on(
    shared: Shared, offline: Callable[..., OfflinePage]
) -> None:
    view, phone = _joined(offline, shared)
    page: Page = phone.page
    page.evaluate("window.notReloaded = true")
    for step, title, selector in (
        ("issues", "Raise issues", "#issue-text"),
        ("rating", "Prioritise issues", "form.rating#r2"),
        ("wait", "Wait for the facilitator", "p.lead"),
        ("issues", "Raise issues", "#issue-text"),
    ):
        _phones_show(shared.folder, step)
        page.locator("main h1", has_text=title).wait_for(timeout=LIVE)
        page.locator(selector).wait_for(timeout=LIVE)
    # a round created while people are typing redraws every phone; what was typed survives
    page.fill("#issue-text", "Half a sentence")
    drawn = page.input_value("input[name=issue_id]")  # a new one on every drawing
    voting = voting_app(shared.folder, 0)
    voting.create_button.click()
    assert voting.status.kind == "ok", voting.status.message
    page.locator(f"input[name=issue_id]:not([value='{drawn}'])").wait_for(
        state="attached", timeout=LIVE
    )
    assert page.input_value("#issue-text") == "Half a sentence"
    assert page.evaluate("window.notReloaded") is True
    assert view.blocked == []


def test_no_request_leaves_the_served_origin(
    shared: Shared, offline: Callable[..., OfflinePage]
) -> None:
    view = offline(shared.origin, size=PHONE)
    requested: list[str] = []
    view.page.on("request", lambda r: requested.append(r.url))
    phone = Phone(view, shared.origin, shared.token)
    phone.page.goto(shared.origin)
    phone.page.fill("input[name=code]", shared.token)
    phone.page.click('form[action="/login"] button')
    phone.page.locator("main#phone form[action='/join']").wait_for()
    phone.join("tenants")
    _phones_show(shared.folder, "issues")
    phone.page.locator("#issue-text").wait_for(timeout=LIVE)
    phone.send_issue("Lifts break down")
    assert view.blocked == []
    assert requested and all(
        u.startswith(shared.origin + "/") or u.startswith("data:") for u in requested
    ), requested


def _facilitator_moves(folder: Path, step: str) -> None:
    """What the console records when the facilitator moves the phones on (the phone step's
    settings row, as `toolkit.domain.agenda.entering` gives it), without a console: quick."""
    Recorder(folder).append("settings", "set", key=PHONE_STEP_KEY, value=check_step(step))


def test_without_javascript_a_waiting_phone_follows_the_room_and_a_save_lands_at_its_form(
    shared: Shared, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    # A phone with the script, on the same waiting page: it must not be reloaded as well.
    scripted = Phone(offline(shared.origin, size=PHONE), shared.origin, shared.token)
    scripted.open()
    scripted.join("tenants")
    _facilitator_moves(shared.folder, "wait")
    scripted.page.locator("main h1", has_text="Wait for the facilitator").wait_for(timeout=LIVE)
    scripted.page.evaluate("window.notReloaded = true")
    loaded = time.monotonic()

    view = offline(shared.origin, size=PHONE, javascript=False)
    phone = Phone(view, shared.origin, shared.token)
    phone.open()
    phone.join("managers")
    assert not phone.scripted
    phone.page.goto(shared.origin + "/")  # the waiting page as it is once the join is said
    phone.page.locator("main h1", has_text="Wait for the facilitator").wait_for()
    phone.page.screenshot(path=str(tmp_path / "no-script-waiting.png"))

    _facilitator_moves(shared.folder, "issues")
    moved = time.monotonic()
    # nobody touches the phone: the page loads itself again within its 5 seconds
    phone.page.locator("#issue-text").wait_for(timeout=10_000)
    assert time.monotonic() - moved < 10 and phone.page.url == shared.origin + "/"

    phone.send_issue("Stairs are dark at night")
    assert phone.page.url == shared.origin + "/#issue-form"
    assert "Sent." in phone.page.inner_text("#issue-form .status")

    _facilitator_moves(shared.folder, "rating")
    phone.page.reload()  # a form page never reloads itself: its owner reloads it
    last = phone.page.locator("form.rating").last
    number = int((last.get_attribute("id") or "r0")[1:])
    phone.rate(number, 4, 2)  # ticks both scales, then Save: a plain POST
    assert phone.page.url == f"{shared.origin}/#r{number}"
    assert phone.page.locator(f"#r{number} #status").is_visible()
    # the form is in full view and the page is scrolled to it: the page's title is above
    box, title = (phone.page.locator(s).bounding_box() for s in (f"#r{number}", "main h1"))
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE[1], box
    assert title and title["y"] + title["height"] < 0, title
    phone.page.screenshot(path=str(tmp_path / "no-script-after-a-save.png"))

    # the scripted phone followed by its pushed events and was never reloaded
    _facilitator_moves(shared.folder, "wait")
    scripted.page.wait_for_timeout(max(0, 6 - (time.monotonic() - loaded)) * 1000)
    assert scripted.page.evaluate("window.notReloaded") is True
    assert view.blocked == []
