"""A dot-vote in Chromium: phones on the participants' server, the facilitator's console and
the projector on Voila."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import toolkit
from devtools.chromium import PHONE, OfflinePage
from tests.browser.phones import Phone
from tests.browser.screens import click as _click
from tests.browser.screens import dot as _dot
from tests.browser.screens import open_screen as _open
from tests.workshop import shortlist, template_with
from toolkit.apps.serving import notebook, phone_server, session_token, voila_server
from toolkit.records import create_session

pytestmark = pytest.mark.browser
LIVE = 15_000
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip


def _session(tmp_path: Path) -> Path:
    """Six shortlisted issues; groups of any size shown (threshold 1) to see the split."""
    template = template_with(tmp_path, "small_group_threshold = 3", "small_group_threshold = 1")
    folder = create_session(tmp_path / "vote", template, "Vote test")
    shortlist(folder, OPTIONS)
    return folder


def test_a_two_round_vote_with_a_reload_and_a_hidden_then_revealed_projector(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = _session(tmp_path)
    token = session_token(folder)
    with (
        voila_server(notebook("."), folder) as origin,
        phone_server(folder, token=token) as phones_origin,
    ):
        console = _open(offline(origin), origin, "voting", ".toolkit-voting")
        _click(console, "Create the round", "Round created")
        _click(console, "Open voting", "Voting is open")
        console.get_by_role("button", name="Vote with your dots").click()
        console.get_by_text("Phones now show: Vote with your dots").wait_for()
        projector_view = offline(origin)
        projector = _open(projector_view, origin, "projector", ".toolkit-projector")

        phones = [Phone(offline(phones_origin, size=PHONE), phones_origin, token)
                  for _ in range(4)]  # fmt: skip
        groups = ["tenants", "tenants", "front-line-staff"]
        for phone, group in zip(phones[:3], groups, strict=True):
            phone.open()
            phone.join(group)
        pages = [phone.page for phone in phones[:3]]
        for page in pages:
            page.get_by_text("You each have 2 dots").wait_for(timeout=LIVE)
        _dot(phones[0], "Repairs take too long", "1 of 2 dots")

        # a reload: the cookie brings the first participant back to their own ballot
        pages[0].reload()
        pages[0].locator("section.ballot").wait_for()
        assert "1 of 2 dots left" in pages[0].inner_text("section.ballot")
        # another browser: their personal code does too
        phones[3].code = phones[0].code
        phones[3].open()
        phones[3].come_back()
        assert "1 of 2 dots left" in phones[3].page.inner_text("section.ballot")

        _dot(phones[3], "Repairs take too long", "0 of 2 dots")
        _dot(phones[1], "Repairs take too long", "1 of 2 dots")
        _dot(phones[1], "Damp in the flats", "0 of 2 dots")
        _dot(phones[2], "Nobody calls back", "1 of 2 dots")
        _dot(phones[2], "Nobody calls back", "0 of 2 dots")
        projector.get_by_text("finished").wait_for()
        projector.locator(".toolkit-count", has_text="finished").get_by_text("3").wait_for(
            timeout=LIVE
        )
        assert projector.locator(".toolkit-projector svg").count() == 0  # hidden until reveal

        _click(console, "Close voting", "ballots are locked")
        pages[1].locator("section.ballot .locked", has_text="Voting is closed").wait_for(
            timeout=LIVE
        )
        _click(console, "Reveal results", "Results revealed")
        # the projector kernel's first chart (vl-convert starting up) can take a while on a
        # busy machine: wait longer for it than for a live update
        projector.locator(".toolkit-projector svg").first.wait_for(timeout=4 * LIVE)
        texts = projector.locator(".toolkit-projector svg text").all_text_contents()
        assert "Tenants" in texts and "Front-line staff" in texts
        words = projector.inner_text(".toolkit-projector .toolkit-summary")
        top = "1. Repairs take too long: 3; 2. Nobody calls back: 2; 3. Damp in the flats: 1"
        assert top in words

        console.get_by_role("button", name="the last round's top").click()
        _click(console, "Create the round", "Round created")
        _click(console, "Open voting", "Voting is open")
        pages[2].locator("#ballot-round", has_text="Round 2").wait_for(timeout=LIVE)
        _dot(phones[2], "Damp in the flats", "0 of ")
        _click(console, "Close voting", "ballots are locked")
        _click(console, "Reveal results", "Results revealed")
        projector.locator(".toolkit-projector svg text", has_text="Round 2").first.wait_for(
            timeout=LIVE
        )
        texts = projector.locator(".toolkit-projector svg text").all_text_contents()
        assert "Round 1" in texts and "Round 2" in texts  # side by side
        projector.screenshot(path=str(tmp_path / "projector.png"), full_page=True)
        pages[0].screenshot(path=str(tmp_path / "ballot-phone.png"), full_page=True)
        blocked = [url for v in (projector_view, *(p.view for p in phones)) for url in v.blocked]
        assert blocked == []

    votes = toolkit.open_session(folder).events["votes"]
    assert len(votes) == 7 and set(votes["event"]) == {"cast"}
    assert votes.groupby("round_id")["dots"].sum().sort_values().tolist() == [1, 6]
