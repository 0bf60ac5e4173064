"""A whole short workshop as it is served: the console and the projector on one Voila, two
phones on the participants' server behind the join code, and nothing else reachable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import Phone
from tests.workshop import ADD_A_DOT, template_with
from toolkit.apps.serving import JOIN_URL_ENV, phone_server, session_token, voila_server
from toolkit.records import create_session
from toolkit.records.join_code import grouped, join_link
from toolkit.records.templates import shipped_root

pytestmark = pytest.mark.browser
LIVE = 15_000


def _next_step(console: Page, title: str, projector: Page) -> None:
    console.get_by_role("button", name="Next step").click()
    console.locator(".toolkit-agenda-bar", has_text=title).wait_for(timeout=LIVE)
    projector.locator(".toolkit-projector h1", has_text=title).wait_for(timeout=LIVE)


def _click(console: Page, name: str, wait_for: str) -> None:
    console.get_by_role("button", name=name).first.click()
    console.get_by_text(wait_for).first.wait_for(timeout=LIVE)


def test_a_short_workshop_across_console_projector_and_two_phones(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    # Groups of one are shown by name here, so that the agreement between them is visible.
    template = template_with(tmp_path, "small_group_threshold = 3", "small_group_threshold = 1")
    folder = create_session(tmp_path / "workshop", template, "Repairs together")
    token = session_token(folder)
    with phone_server(folder, token=token) as phones_origin:
        join = join_link(phones_origin, token)
        with voila_server(
            shipped_root("notebooks"), folder, extra_env={JOIN_URL_ENV: join}
        ) as origin:
            console_view, projector_view = offline(origin), offline(origin)
            console, projector = console_view.page, projector_view.page
            console.goto(f"{origin}/voila/render/console.ipynb")
            wait_for_app(console, ".toolkit-console")
            projector.goto(f"{origin}/voila/render/projector.ipynb")
            wait_for_app(projector, ".toolkit-projector")
            # The room sees who runs it and how to join: the QR code and the typed code.
            assert "Example Homes" in projector.inner_text(".toolkit-brand")
            assert grouped(token) in projector.inner_text(".toolkit-join-panel")
            assert projector.locator(".toolkit-join-panel svg").count() == 1

            _next_step(console, "Who is involved? Mapping stakeholders", projector)
            console.get_by_placeholder("a group or a role").fill("Tenants' association")
            console.get_by_placeholder("choose or type").fill("Voluntary group")
            _click(console, "Add to map", "Added")
            projector.locator(
                ".toolkit-projector svg text", has_text="Tenants' association"
            ).first.wait_for(timeout=LIVE)

            # Next step alone moves the phones to raising issues (no *Phones show* click)
            _next_step(console, "What should improve? Raising issues", projector)
            console.get_by_text("Phones show: Raise issues").first.wait_for(timeout=LIVE)
            phone_views = [offline(phones_origin, size=PHONE) for _ in range(2)]
            phones = [Phone(v, phones_origin, token) for v in phone_views]
            for phone, group in zip(phones, ["tenants", "managers"], strict=True):
                assert phone.open().url == f"{phones_origin}/"  # what the QR code opens
                assert "Example Homes" in phone.page.inner_text(".brand")
                phone.join(group)
                phone.page.locator("#issue-text").wait_for(timeout=LIVE)
            for phone, text in ((phones[0], "Repairs take too long"),
                                (phones[1], "Nobody calls back"),
                                (phones[0], "Damp in the flats")):  # fmt: skip
                phone.send_issue(text)
                phone.said("Received, thank you.")  # the housing template holds them
            # the facilitator checks them in the queue at the top of the issues screen
            console.locator(".toolkit-held-3").wait_for(timeout=LIVE)
            for n in (1, 2, 3):
                console.locator(f".toolkit-held-{n} input[type=checkbox]").check()
            _click(console, "Show selected", "Issues 1, 2, 3: shown to the room.")
            for text in ("Repairs take too long", "Nobody calls back", "Damp in the flats"):
                projector.locator(".toolkit-issue-list", has_text=text).wait_for(timeout=LIVE)

            _next_step(console, "Importance and feasibility, by group", projector)
            # the console reads the phones' issues on its own poll: wait for all three
            board = console.locator(".toolkit-issues table")
            for text in ("Repairs take too long", "Nobody calls back", "Damp in the flats"):
                board.filter(has_text=text).first.wait_for(timeout=LIVE)
            _click(console, "Shortlist the top N", "Shortlisted the top 3")

            _next_step(console, "Dot-vote, round 1", projector)
            # the dot-voting screen loads on this step: wait for it to show the shortlist
            console.get_by_text("No round yet").first.wait_for(timeout=LIVE)
            # one click creates the round, opens it and sets the phones to vote
            _click(console, "Create and open voting", "Read out the rules: You each have 1 dot.")
            for phone in phones:  # the phones redraw themselves on the new step
                row = phone.page.locator("section.ballot form.option",
                                         has_text="Repairs take too long")  # fmt: skip
                row.get_by_role("button", name=ADD_A_DOT).click(timeout=LIVE)
                phone.said("Saved. 0 dots left.")
            projector.locator(".toolkit-count", has_text="finished").get_by_text("2").wait_for(
                timeout=LIVE
            )
            _click(console, "Close voting", "ballots are locked")
            _click(console, "Reveal results", "Results revealed")
            # on the slide's second page, shown in its turn
            projector.locator(".toolkit-agreement", has_text="Where we agree").wait_for(
                state="attached", timeout=LIVE
            )
            agree = projector.inner_text(".toolkit-agreement")
            assert "Repairs take too long: Tenants 100%, Managers 100%" in agree

            _next_step(console, "Discuss the results, then round 2", projector)
            _next_step(console, "Agreeing actions: you said, we will", projector)
            console.locator(
                ".widget-dropdown:has(label:text-is('Answers issue')) select"
            ).select_option(label="1. Repairs take too long")
            console.get_by_placeholder("what will be done").fill("Call back within two days")
            console.get_by_placeholder("a role, not only a name").fill("Repairs lead")
            _click(console, "Add action", "Added: Call back within two days")
            plan = projector.locator(".toolkit-plan")
            plan.get_by_text("Call back within two days").wait_for(timeout=LIVE)
            assert "Repairs take too long" in plan.inner_text()

            views = (("console", console_view), ("projector", projector_view),
                     *((f"phone-{n}", v) for n, v in enumerate(phone_views, 1)))  # fmt: skip
            for name, view in views:
                view.page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
            blocked = [url for v in (console_view, projector_view, *phone_views)
                       for url in v.blocked]  # fmt: skip
            assert blocked == []

    session = toolkit.open_session(folder)
    assert session.stakeholders["name"].tolist() == ["Tenants' association"]
    assert len(session.issues) == 3 and int(session.votes["dots"].sum()) == 2
    assert session.actions[["action", "owner"]].values.tolist() == [
        ["Call back within two days", "Repairs lead"]]  # fmt: skip
