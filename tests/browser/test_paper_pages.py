"""The paper materials open in Chromium from the file alone, nothing fetched and no errors,
fit their A4 pages, and print to PDF with the expected number of pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.chromium import OfflinePage, ink
from tests.hostile import HOSTILE_TEXTS
from tests.outputs.test_paper import with_round
from tests.widgets.test_voting_view import ready
from toolkit.outputs.paper import KINDS, write_page
from toolkit.records import Recorder, create_session
from toolkit.records.join_code import TOKEN_KEY
from toolkit.records.templates import find_template

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WHITE = (0xFF, 0xFF, 0xFF)  # the sheet's colour
A4_POINTS = (595.92, 842.88)  # 210 x 297 mm, as Chromium writes the MediaBox
PAGES = {"ballots": 3, "issue-cards": 1, "stakeholder-sheet": 2, "join-poster": 1}
SHEET = (900, 1200)  # wide and tall enough for one sheet of A4 at 96 dpi

# Whatever does not fit where it is drawn: a sheet wider than its page, a fixed page (cards,
# poster) or a card whose content is cut off at the bottom.
OVERFLOW = """() => {
  const out = [];
  const over = (e, what) => {
    if (e.scrollWidth > e.clientWidth + 1) out.push(what + ' too wide');
    if (e.scrollHeight > e.clientHeight + 1) out.push(what + ' too tall');
  };
  document.querySelectorAll('.page').forEach((e, i) => {
    if (e.scrollWidth > e.clientWidth + 1) out.push('page ' + i + ' too wide');
  });
  document.querySelectorAll('.page.fixed').forEach((e, i) => over(e, 'fixed page ' + i));
  document.querySelectorAll('.card').forEach((e, i) => over(e, 'card ' + i));
  return out;
}"""


# The Spanish template's longer words and eight topics must fit the same sheets.
@pytest.fixture(scope="module", params=["housing-coproduction", "prioridades-comunitarias"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, Path]:  # fmt: skip
    """Every kind of paper for a session whose round 1 has six shortlisted options."""
    root = tmp_path_factory.mktemp("paper")
    folder = create_session(root / "2026-11-28-estate", find_template(request.param),
                            "Improving repairs together", date="2026-11-28")  # fmt: skip
    ready(folder)
    Recorder(folder).append("settings", "set", key=TOKEN_KEY, value="K7P2QX9M")  # same shots
    address = "http://192.168.1.20:8867"
    return {
        what: write_page(folder, what, address=address if what == "join-poster" else None)
        for what in KINDS
    }


def open_file(view: OfflinePage, path: Path) -> list[str]:
    """Open the file; return every console message, page error, dialog and request made."""
    page, url = view.page, path.resolve().as_uri()
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.append(f"error: {e}"))
    page.on("dialog", lambda d: seen.append(f"dialog: {d.message}"))
    page.on("request", lambda r: seen.append(f"request: {r.url}") if r.url != url else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return seen


@pytest.mark.parametrize("what", KINDS)
def test_paper_renders_offline_fits_a4_and_prints(
    printed: dict[str, Path], offline: Callable[..., OfflinePage], what: str
) -> None:
    path = printed[what]
    view = offline(path.resolve().as_uri(), size=SHEET)  # only the file itself may load
    page = view.page
    assert open_file(view, path) == [] and view.blocked == []
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    body, smallest_heading = page.evaluate("""() => {
      const px = e => parseFloat(getComputedStyle(e).fontSize);
      return [px(document.body), Math.min(...[...document.querySelectorAll('h1, h2')].map(px))];
    }""")
    assert body == pytest.approx(14 * 96 / 72, abs=0.01) and smallest_heading > body * 1.2
    assert page.evaluate(OVERFLOW) == []
    page.emulate_media(media="print")
    assert page.evaluate(OVERFLOW) == []
    page.emulate_media(media="screen")

    shot = page.locator(".page").first.screenshot()  # the first sheet, as it prints
    if page.locator("html").get_attribute("lang") == "en":  # the README's pictures
        (SCREENSHOTS / f"paper-{what}.png").write_bytes(shot)
    else:
        (path.parent / f"paper-{what}.png").write_bytes(shot)
    colours, inked = ink(view.context, shot, WHITE)
    assert colours > 50 and inked > 0.05  # the band, text and lines, not a blank page

    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == PAGES[what]
    for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf):
        assert tuple(float(x) for x in box) == pytest.approx(A4_POINTS, abs=1)


def test_hostile_options_are_shown_as_typed_and_nothing_runs(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = create_session(tmp_path / "hostile", find_template("housing-coproduction"),
                            "<script>alert('title')</script>")  # fmt: skip
    with_round(folder, HOSTILE_TEXTS)
    path = write_page(folder, "ballots")
    view = offline(path.resolve().as_uri(), size=SHEET)
    assert open_file(view, path) == [] and view.blocked == []
    shown = view.page.eval_on_selector_all("td.option", "cells => cells.map(c => c.textContent)")
    # an HTML parser reads every line ending as \n; nothing else changes
    typed = [t.replace("\r\n", "\n").replace("\r", "\n") for t in HOSTILE_TEXTS]
    assert shown == typed * 3
    assert view.page.evaluate("document.querySelectorAll('script, td b').length") == 0
    assert view.page.inner_text("h1") == "Dot-voting · Round 1"
    assert view.page.inner_text(".sheet-head .session") == "<script>alert('title')</script>"
    assert view.page.evaluate("document.querySelector('.page').scrollWidth") <= SHEET[0]


def test_a_dozen_options_still_fit_one_sheet_per_table(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    """More than eight options are set smaller, so a Spanish ballot (longer rules, three groups
    on two lines) of twelve still prints one sheet per group."""
    folder = create_session(tmp_path / "doce", find_template("prioridades-comunitarias"), "Doce")
    with_round(folder, [f"Opción número {n}" for n in range(1, 13)])
    path = write_page(folder, "ballots")
    view = offline(path.resolve().as_uri(), size=SHEET)
    assert open_file(view, path) == []
    pdf = view.page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 3


@pytest.mark.parametrize("template", ["service-design", "community-priorities"])
def test_every_topic_on_an_issue_card_is_printed_whole(
    tmp_path: Path, offline: Callable[..., OfflinePage], template: str
) -> None:
    """Long topic lists (these templates' eight topics, wrapping) get a card per page rather
    than being cut off at the card's edge."""
    folder = create_session(tmp_path / "cards", find_template(template), "Cards")
    path = write_page(folder, "issue-cards")
    view = offline(path.resolve().as_uri(), size=SHEET)
    assert open_file(view, path) == []
    for media in ("screen", "print"):
        view.page.emulate_media(media=media)
        assert view.page.evaluate(OVERFLOW) == []
