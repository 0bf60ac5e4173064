"""Voila serves the overview of a real session to a real Chromium, fully offline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.chromium import PHONE, PROJECTOR, OfflinePage, wait_for_app
from tests.records.sample import fill_every_table
from toolkit.apps.serving import notebook, overview_notebook, voila_server

pytestmark = pytest.mark.browser


def test_overview_renders_the_session_offline(
    new_session: Callable[..., Path], offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    session = new_session(title="Estate repairs <b>workshop</b>", facilitator="Sam")
    fill_every_table(session)
    with voila_server(overview_notebook(), session) as origin:
        for size in (PROJECTOR, PHONE):
            view = offline(origin, size=size)
            view.page.goto(origin + "/")
            wait_for_app(view.page, ".toolkit-overview h1")
            assert view.page.inner_text(".toolkit-overview h1") == (
                "Estate repairs <b>workshop</b>"
            )
            text = view.page.inner_text(".toolkit-overview")
            assert "Front-line staff" in text and "dots placed" in text
            assert view.page.locator(".toolkit-overview h1 b").count() == 0  # markup not run
            shot = tmp_path / f"overview-{size[0]}.png"
            view.page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
            assert view.blocked == []


def test_served_page_links_nothing_outside_the_origin(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    with voila_server(overview_notebook(), session_dir) as origin:
        view = offline(origin)
        view.page.goto(origin + "/")
        wait_for_app(view.page, ".toolkit-overview")
        sources = view.page.eval_on_selector_all(
            "link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
        )
        assert sources and all(
            s.startswith(origin + "/") or s.startswith("data:") for s in sources
        ), sources
        assert view.blocked == []


def test_the_root_page_lists_the_screens_in_workshop_order_offline(
    session_dir: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    notebooks = notebook("console.ipynb").parent
    with voila_server(notebooks, session_dir) as origin:
        for size in (PROJECTOR, PHONE):
            view = offline(origin, size=size)
            answer = view.page.goto(origin + "/")
            assert answer is not None and answer.ok
            assert view.page.inner_text("h1") == "Workshop screens"
            links = view.page.locator("main li a")
            names = [links.nth(i).locator("b").inner_text() for i in range(links.count())]
            assert names[:3] == ["Facilitator console", "Projector", "Session overview"]
            assert "Dot-voting" in names and not any(n.endswith(".ipynb") for n in names)
            hrefs = view.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            assert hrefs[0] == origin + "/voila/render/console.ipynb"
            assert all(h.startswith(origin + "/") for h in hrefs), hrefs
            loaded = view.page.eval_on_selector_all(
                "link[href], script[src], img[src]", "els => els.map(e => e.href || e.src)"
            )
            assert loaded == []  # one page, nothing else fetched
            serious = [v["id"] for v in Axe().run(view.page).response["violations"]
                       if v["impact"] in ("critical", "serious")]  # fmt: skip
            assert serious == []
            view.page.screenshot(path=str(tmp_path / f"root-{size[0]}.png"))
            assert view.blocked == []
