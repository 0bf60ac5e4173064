"""Phones raise and rate issues; the facilitator sees them live, hides, merges, sees ratings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from tests.browser.phones import Phone
from toolkit.apps.serving import notebook, phone_server, session_token, voila_server

pytestmark = pytest.mark.browser
LIVE = 15_000  # ms: a poll each second, with room for a busy CI machine


def _select(page: Page, label: str, option: str) -> None:
    page.locator(f".widget-dropdown:has(label:text-is('{label}')) select").select_option(
        label=option
    )


def _toggle(scope: Page, label: str, value: str) -> None:
    scope.locator(
        f".widget-toggle-buttons:has(label:text-is('{label}')) button:text-is('{value}')"
    ).click()


def _join(view: OfflinePage, origin: str, token: str, group: str) -> Phone:
    phone = Phone(view, origin, token)
    phone.open()
    phone.join(group)
    return phone


def test_phones_raise_and_rate_and_the_facilitator_moderates_live(
    session_dir: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    token = session_token(session_dir)
    with (
        voila_server(notebook("."), session_dir) as origin,
        phone_server(session_dir, token=token) as phones,
    ):
        console = offline(origin)
        page = console.page
        page.goto(origin + "/voila/render/issues.ipynb")
        wait_for_app(page, ".toolkit-issues")
        # phones' issues straight to the board (the queue has test_moderation_pages)
        page.get_by_role("checkbox", name="Hold issues from phones").uncheck()
        page.get_by_text("Issues from phones now go straight to the room.").wait_for()
        _toggle(page, "Phones show", "Raise issues")
        page.get_by_text("Phones now show: Raise issues").wait_for()

        tenant_view, staff_view = offline(phones, size=PHONE), offline(phones, size=PHONE)
        tenant = _join(tenant_view, phones, token, "tenants")
        staff = _join(staff_view, phones, token, "front-line-staff")
        for phone in (tenant, staff):
            phone.page.locator("#issue-text").wait_for(timeout=LIVE)
        tenant.send_issue("Repairs take too long")
        staff.send_issue("Repairs are slow")
        staff.send_issue("<b>Bins</b> overflow =1+1")

        board = page.locator(".toolkit-issues table.toolkit-table").first
        board.get_by_text("<b>Bins</b> overflow =1+1").wait_for(timeout=LIVE)  # no reload
        assert "Repairs take too long" in board.inner_text()

        _select(page, "Issue", "3. <b>Bins</b> overflow =1+1")
        page.get_by_role("button", name="Hide", exact=True).click()
        page.get_by_text("Issue 3: Hidden").wait_for()
        _select(page, "Issue", "2. Repairs are slow")
        _select(page, "Merge into", "1. Repairs take too long")
        page.get_by_role("button", name="Merge", exact=True).click()
        page.get_by_text("Issue 2: Merged").wait_for()
        assert "merged into 1" in board.inner_text() and "hidden" in board.inner_text()

        _toggle(page, "Phones show", "Prioritise issues")
        for phone in (tenant, staff):  # redrawn by themselves
            phone.page.locator("form.rating#r1", has_text="1. Repairs take too long").wait_for(
                timeout=LIVE
            )
        assert staff.page.locator("form.rating").count() == 1  # hidden and merged are gone
        tenant.rate(1, 5, 2)
        staff.rate(1, 2, 5)
        words = page.locator(".toolkit-issues .toolkit-summary", has_text="differ most")
        words.wait_for(timeout=LIVE)
        assert "Tenants: Major projects" in words.inner_text()
        tags = page.locator(".toolkit-issues .toolkit-map svg text").all_text_contents()
        assert "T1" in tags and "F1" in tags
        page.screenshot(path=str(tmp_path / "issues-console.png"), full_page=True)
        tenant.page.screenshot(path=str(tmp_path / "participant-phone.png"), full_page=True)
        assert console.blocked == tenant_view.blocked == staff_view.blocked == []

    session = toolkit.open_session(session_dir)
    issues = session.events["issues"]
    assert issues["event"].tolist() == ["raised", "raised", "raised", "hidden", "merged"]
    assert issues["channel"].tolist()[:3] == ["device"] * 3
    assert sorted(session.ratings["group_id"].tolist()) == ["front-line-staff", "tenants"]
    assert len(session.participants) == 2
