"""The report opens in Chromium from the file alone: nothing fetched, no errors, charts drawn,
and printing gives A4 pages with each section on a new page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from devtools.chromium import PHONE, OfflinePage, ink
from toolkit.outputs.report import build, write_report

pytestmark = pytest.mark.browser

FIGURES = 6
SCRIPTS_OFF = "The charts in this report are drawn by your web browser"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "report.png"
BACKGROUND = (0xF7, 0xF5, 0xEF)  # the page colour


def drawn(page: Page) -> None:
    """Wait until the browser has drawn every chart (the report carries them as specs)."""
    page.locator("figure .toolkit-chart[data-drawn]").nth(FIGURES - 1).wait_for(timeout=15_000)
    assert page.locator("figure .toolkit-chart").count() == FIGURES


def test_report_renders_offline_without_errors_and_prints_on_a4(
    workshop: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    path = write_report(workshop, tmp_path / "report.html")
    url = path.resolve().as_uri()
    view = offline(url, size=(1100, 1500))  # only the file itself may load
    page = view.page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    drawn(page)
    assert problems == [] and view.blocked == []
    assert page.title() == "Improving repairs together: workshop report"
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    widths = page.evaluate(
        "[...document.querySelectorAll('figure svg')].map(s => s.getBBox().width)"
    )
    assert len(widths) == FIGURES and min(widths) > 300
    # each drawing is named by its chart's title, as the placeholder was
    names = page.evaluate(
        "[...document.querySelectorAll('figure svg')].map(s => s.getAttribute('aria-label'))"
    )
    assert names == [f.title for f in build(workshop).figures]
    assert page.locator("noscript").count() == 1 and not page.locator("noscript p").count()
    assert page.inner_text("table#issues-table tr:nth-child(8) td:nth-child(2)") == (
        "<script>alert('boo')</script> Lifts & <b>stairwells</b> \"never\" cleaned"
    )  # shown as the words typed, never run

    shot = page.screenshot()  # the top of the report, as a reader first sees it
    SCREENSHOT.write_bytes(shot)
    colours, inked = ink(view.context, shot, BACKGROUND)
    assert colours > 200 and inked > 0.05  # text, tables and the brand band, not a blank page

    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 7  # each of the seven sections starts a page


def test_the_report_reads_on_a_phone_and_passes_axe(
    workshop: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    """Sent to everyone who took part, so opened on phones: the page never scrolls sideways
    (a wide table scrolls on its own, and a keyboard can reach it), and axe finds nothing
    serious."""
    from tests.browser.test_accessibility import AXE, FAIL, OPTIONS, _describe

    path = write_report(workshop, tmp_path / "report.html")
    view = offline(path.resolve().as_uri(), size=PHONE)
    page = view.page
    page.goto(path.resolve().as_uri())
    drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    wide = page.locator(".table-scroll", has=page.locator("table#issues-table"))
    assert wide.evaluate("e => e.scrollWidth > e.clientWidth && e.tabIndex === 0")
    violations = AXE.run(page, options=OPTIONS).response["violations"]
    failing = [v for v in violations if v["impact"] in FAIL]
    assert failing == [], _describe(failing)


def test_with_scripts_off_the_report_says_so_and_keeps_its_words(
    workshop: Path, offline: Callable[..., OfflinePage], tmp_path: Path
) -> None:
    """An office viewer or a locked-down browser that runs no script: the charts are not
    drawn, and the report says why; every chart's words and every table are still there."""
    path = write_report(workshop, tmp_path / "report.html")
    url = path.resolve().as_uri()
    view = offline(url, size=(1100, 1500), javascript=False)
    page = view.page
    page.goto(url)
    said = page.locator("noscript p.note")  # (Playwright's text search skips <noscript>)
    assert said.is_visible() and SCRIPTS_OFF in said.inner_text()
    assert page.locator("figure svg").count() == 0
    assert page.locator("figure figcaption").count() == FIGURES
    assert page.locator("table#issues-table tr").count() > 10
    page.screenshot(path=str(tmp_path / "report-without-scripts.png"))
