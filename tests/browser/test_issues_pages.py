"""Phones raise and rate issues; the facilitator sees them live, hides, merges, sees ratings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from toolkit.apps.serving import notebook, voila_server

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


def _join(view: OfflinePage, origin: str, group: str) -> Page:
    page = view.page
    page.goto(origin + "/voila/render/participant.ipynb")
    wait_for_app(page, ".toolkit-participant")
    page.get_by_role("button", name=group).click()
    page.get_by_role("button", name="Join").click()
    page.get_by_text("You have joined").wait_for()
    return page


def _send(page: Page, text: str) -> None:
    page.get_by_placeholder("What should improve?").fill(text)
    page.get_by_role("button", name="Send issue").click()
    page.get_by_text("Sent. Thank you!").wait_for()


def _rate(page: Page, title: str, importance: str, feasibility: str) -> None:
    row = page.locator(".toolkit-rating-row", has_text=title)
    row.locator(
        f".widget-toggle-buttons:has(label:text-is('Importance')) button:text-is('{importance}')"
    ).click()
    page.get_by_text("Saved your view").wait_for()
    row.locator(
        f".widget-toggle-buttons:has(label:text-is('Feasibility')) button:text-is('{feasibility}')"
    ).click()


def test_phones_raise_and_rate_and_the_facilitator_moderates_live(
    session_dir: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    with voila_server(notebook("."), session_dir) as origin:
        console = offline(origin)
        page = console.page
        page.goto(origin + "/voila/render/issues.ipynb")
        wait_for_app(page, ".toolkit-issues")
        _toggle(page, "Phones show", "Raise issues")
        page.get_by_text("Phones now show: Raise issues").wait_for()

        tenant_view, staff_view = offline(origin, size=PHONE), offline(origin, size=PHONE)
        tenant = _join(tenant_view, origin, "T  Tenants")
        staff = _join(staff_view, origin, "F  Front-line staff")
        _send(tenant, "Repairs take too long")
        _send(staff, "Repairs are slow")
        _send(staff, "<b>Bins</b> overflow =1+1")

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
        for phone in (tenant, staff):
            phone.get_by_text("1. Repairs take too long").wait_for(timeout=LIVE)
        assert staff.locator(".toolkit-rating-row").count() == 1  # hidden and merged are gone
        _rate(tenant, "Repairs take too long", "5", "2")
        _rate(staff, "Repairs take too long", "2", "5")
        words = page.locator(".toolkit-issues .toolkit-summary", has_text="differ most")
        words.wait_for(timeout=LIVE)
        assert "Tenants: Major projects" in words.inner_text()
        tags = page.locator(".toolkit-issues .toolkit-map svg text").all_text_contents()
        assert "T1" in tags and "F1" in tags
        page.screenshot(path=str(tmp_path / "issues-console.png"), full_page=True)
        tenant.screenshot(path=str(tmp_path / "participant-phone.png"), full_page=True)
        assert console.blocked == tenant_view.blocked == staff_view.blocked == []

    session = toolkit.open_session(session_dir)
    issues = session.events["issues"]
    assert issues["event"].tolist() == ["raised", "raised", "raised", "hidden", "merged"]
    assert issues["channel"].tolist()[:3] == ["device"] * 3
    assert sorted(session.ratings["group_id"].tolist()) == ["front-line-staff", "tenants"]
    assert len(session.participants) == 2
