"""In Chromium, through Voila: add stakeholders on the page, see them on the map, reload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

import toolkit
from devtools.chromium import PHONE, OfflinePage, wait_for_app
from toolkit.apps.serving import notebook, voila_server

pytestmark = pytest.mark.browser
MAP_TEXT = ".toolkit-map svg text"


def _add(view: OfflinePage, name: str, kind: str) -> None:
    page = view.page
    page.get_by_placeholder("a group or a role").fill(name)
    page.get_by_placeholder("choose or type").fill(kind)
    page.get_by_role("button", name="Add to map").click()
    page.locator(MAP_TEXT, has_text=name).first.wait_for(timeout=30_000)


def test_add_three_stakeholders_see_them_on_the_map_and_after_a_reload(
    session_dir: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    names = ["Tenants' panel", "Repairs <contractor>", "=Councillors"]
    with voila_server(notebook("stakeholders.ipynb"), session_dir) as origin:
        view = offline(origin)
        view.page.goto(origin + "/")
        wait_for_app(view.page, ".toolkit-stakeholders .toolkit-map svg")
        for name, kind in zip(names, ["Tenants", "Contractor", "Council"], strict=True):
            _add(view, name, kind)
        shown = view.page.locator(MAP_TEXT).all_text_contents()
        assert all(name in shown for name in names), shown
        # the status is set after the map is redrawn, so it may reach the page a moment later
        expect(view.page.locator(".toolkit-status")).to_contain_text("Added '=Councillors'.")
        view.page.screenshot(path=str(tmp_path / "map-projector.png"), full_page=True)

        view.page.reload()
        wait_for_app(view.page, ".toolkit-stakeholders .toolkit-map svg")
        view.page.locator(MAP_TEXT, has_text="=Councillors").first.wait_for()
        assert all(name in view.page.locator(MAP_TEXT).all_text_contents() for name in names)
        table = view.page.inner_text("table.toolkit-table")
        assert "Repairs <contractor>" in table
        assert view.page.locator("table.toolkit-table contractor").count() == 0

        phone = offline(origin, size=PHONE)
        phone.page.goto(origin + "/")
        wait_for_app(phone.page, ".toolkit-stakeholders .toolkit-map svg")
        phone.page.screenshot(path=str(tmp_path / "map-phone.png"), full_page=True)
        assert view.blocked == [] and phone.blocked == []
    recorded = toolkit.open_session(session_dir).stakeholders["name"].tolist()
    assert recorded == names


def test_a_second_screen_shows_a_new_stakeholder_without_a_reload(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    with voila_server(notebook("stakeholders.ipynb"), session_dir) as origin:
        console, other = offline(origin), offline(origin)
        for view in (console, other):
            view.page.goto(origin + "/")
            wait_for_app(view.page, ".toolkit-stakeholders .toolkit-map svg")
        _add(console, "Residents' association", "Voluntary group")
        # each page has its own kernel; the second learns of it from the session folder
        # the map and the table are redrawn one after the other: wait for both
        for shown in (MAP_TEXT, "table.toolkit-table td"):
            other.page.locator(shown, has_text="Residents' association").first.wait_for(
                timeout=15_000
            )
        assert console.blocked == [] and other.blocked == []
