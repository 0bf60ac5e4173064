"""A workshop of six in Chromium: 2 tenants, 2 front-line staff and 2 managers, the housing
template's threshold of 3. The console and the dot-voting screen warn while they join; the
facilitator shows the staff together and lowers the threshold to 2 before the vote; the
projector then shows Tenants and Staff, and where they agree and differ."""

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
from tests.browser.test_accessibility import AXE, FAIL
from tests.browser.test_accessibility import OPTIONS as AXE_OPTIONS
from tests.workshop import shortlist
from toolkit.apps.serving import notebook, phone_server, session_token, voila_server
from toolkit.records import create_session
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser
LIVE = 15_000
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip
GROUPS = ["tenants", "tenants", "front-line-staff", "front-line-staff", "managers", "managers"]
# Each person's two dots: every tenant and 3 of the 4 staff on repairs; 3 staff on the bins.
DOTS = [
    ("Repairs take too long", "Nobody calls back"),
    ("Repairs take too long", "Damp in the flats"),
    ("Repairs take too long", "Bins overflow"),
    ("Repairs take too long", "Bins overflow"),
    ("Repairs take too long", "Bins overflow"),
    ("Lifts break down", "Noise at night"),
]


def test_six_people_see_their_groups_after_a_merge_for_display(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = create_session(tmp_path / "six", find_template("housing-coproduction"), "Six of us")
    shortlist(folder, OPTIONS)
    token = session_token(folder)
    with (
        voila_server(notebook("."), folder) as origin,
        phone_server(folder, token=token) as phones_origin,
    ):
        console = _open(offline(origin), origin, "console", ".toolkit-console")
        voting = _open(offline(origin), origin, "voting", ".toolkit-voting")
        panel = voting.locator(".toolkit-display-groups")
        voting.get_by_text("Groups shown in the results", exact=True).first.click()  # unfold it
        _click(voting, "Create the round", "Round created")

        phones = [Phone(offline(phones_origin, size=PHONE), phones_origin, token)
                  for _ in GROUPS]  # fmt: skip
        for phone, group in zip(phones[:2], GROUPS[:2], strict=True):
            phone.open()
            phone.join(group)
        # while they join: the screen and the console's guide say what the results will do
        panel.get_by_text("Tenants: 2 joined, counted in Other groups").wait_for(timeout=LIVE)
        for phone, group in zip(phones[2:], GROUPS[2:], strict=True):
            phone.open()
            phone.join(group)
        warning = "Below the threshold of 3 so far (Tenants: 2 people; Front-line staff: 2 people"
        panel.get_by_text(warning).wait_for(timeout=LIVE)
        assert "left out of 'Where we agree'" in panel.inner_text()
        console.locator(".toolkit-guidance", has_text=warning).wait_for(timeout=LIVE)
        panel.screenshot(path=str(tmp_path / "groups-shown.png"))
        found = AXE.run(voting, context=".toolkit-display-groups", options=AXE_OPTIONS)
        serious = [v["id"] for v in found.response["violations"] if v["impact"] in FAIL]
        assert serious == [], serious
        console.screenshot(path=str(tmp_path / "console.png"), full_page=True)

        # before the vote: the staff shown together, and the two tenants agree to be shown
        panel.locator("select[multiple]").select_option(label=["F Front-line staff", "M Managers"])
        panel.get_by_placeholder("e.g. Staff").fill("Staff")
        _click(voting, "Show them together", "Merged for display")
        panel.get_by_text("Staff: 4 joined, shown by name").wait_for(timeout=LIVE)
        _click(voting, "Lower the threshold", "Groups of 2 or more are now shown by name")
        panel.get_by_text("Tenants: 2 joined, shown by name").wait_for(timeout=LIVE)

        _click(voting, "Open voting", "Voting is open")
        voting.get_by_role("button", name="Vote with your dots").click()
        voting.get_by_text("Phones now show: Vote with your dots").wait_for(timeout=LIVE)
        for phone, (first, second) in zip(phones, DOTS, strict=True):
            phone.page.get_by_text("You each have 2 dots").wait_for(timeout=LIVE)
            _dot(phone, first, "1 of 2 dots")
            _dot(phone, second, "0 of 2 dots")
        # once a dot is cast, the groups shown are fixed
        panel.get_by_text("Dots have been cast: the groups shown are fixed").wait_for(timeout=LIVE)
        assert panel.get_by_role("button", name="Show them together").is_disabled()

        projector_view = offline(origin)
        projector = _open(projector_view, origin, "projector", ".toolkit-projector")
        _click(voting, "Close voting", "ballots are locked")
        _click(voting, "Reveal results", "Results revealed")
        projector.locator(".toolkit-projector svg").first.wait_for(timeout=4 * LIVE)
        texts = projector.locator(".toolkit-projector svg text").all_text_contents()
        assert "Tenants" in texts and "Staff" in texts
        assert "Other groups" not in texts and "Managers" not in texts
        agreement = projector.locator(".toolkit-agreement")
        agreement.get_by_text("Staff is Front-line staff + Managers counted together").wait_for(
            timeout=4 * LIVE
        )
        agree = agreement.locator("section", has_text="Where we agree").inner_text()
        differ = agreement.locator("section", has_text="Where we differ").inner_text()
        assert "Repairs take too long" in agree and "Tenants 100%" in agree and "Staff 75%" in agree
        assert "Bins overflow" in differ
        projector.screenshot(path=str(tmp_path / "projector.png"), full_page=True)
        assert projector_view.blocked == []

    votes = toolkit.open_session(folder).events["votes"]
    assert set(votes["group_id"]) == set(GROUPS)  # the merge was for display only
