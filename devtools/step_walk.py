"""Walk a generated 40-issue workshop with an open round through the console's own *Next*
button in Chromium: each step's page height at laptop size, how long the console and the
projector take to show the new step, and (with --shots) a screenshot of each.

Used by benchmarks/steps.py and by hand: `python -m devtools.step_walk --shots OUT_DIR`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

from devtools.chromium import PROJECTOR, OfflinePage, launch, offline_page, wait_for_app
from devtools.sample_session import _reread as reread
from devtools.sample_session import _rows, build_workshop, four_group_template
from toolkit.apps.serving import JOIN_URL_ENV, notebook, voila_server
from toolkit.domain.voting import Rules
from toolkit.records import Recorder

LAPTOP = (1366, 768)
# How tall the step's screen is: the page's height, or where the step's own column (which
# scrolls beside the guide) would end if it did not scroll. The guide scrolls on its own.
TALLEST = """() => {
  const body = document.querySelector('.toolkit-console-body');
  const page = document.scrollingElement.scrollHeight;
  if (!body) return page;
  return Math.max(window.innerHeight, body.getBoundingClientRect().top + body.scrollHeight);
}"""
SCROLL_ALL = """(toEnd) => {
  for (const el of [document.scrollingElement, ...document.querySelectorAll('*')]) {
    el.scrollTop = toEnd ? el.scrollHeight : 0;
  }
}"""
CONSOLE = ".toolkit-console .toolkit-agenda-bar"
# For the whole step's screen in one picture: a window as tall as the step, its boxes that
# scroll kept to the height they have in the real window.
KEEP_BOXES = """([on, h]) => {
  let s = document.getElementById('walk-keep-boxes');
  if (s) s.remove();
  if (!on) return;
  s = document.createElement('style'); s.id = 'walk-keep-boxes';
  s.textContent = `.toolkit-console .toolkit-scroll-box { max-height: ${0.4 * h}px !important; }
    .toolkit-console .toolkit-results-box { max-height: ${0.32 * h}px !important; }`;
  document.head.appendChild(s);
}"""


@dataclass
class StepFigures:
    """What one step change measured."""

    step: int
    title: str
    console_s: float
    projector_s: float
    height: int
    next_visible_at_end: bool


@dataclass
class Walk:
    steps: list[StepFigures] = field(default_factory=list)
    console: OfflinePage | None = None  # the pages, left open for the caller
    projector: OfflinePage | None = None


def workshop_with_open_round(root: Path) -> Path:
    """The generated workshop (40 issues, two revealed rounds, actions) with a third round
    open on the last round's options, and the agenda back at the first step."""
    folder = build_workshop(root / "walk", four_group_template(root))
    voting = reread(folder)
    last = voting.rounds[-1]
    labels = [(o.label, o.issue_id) for o in voting.options(last.round_id)]
    rec = Recorder(folder)
    ids = [f"R3-O{i}" for i in range(1, len(labels) + 1)]
    for e in voting.new_round("R3", labels, Rules(dots=3, cap=2), ids):
        rec.append(e.table, e.event, **e.values)
    e = reread(folder).advance("R3", "open")
    rec.append(e.table, e.event, **e.values)
    rec.append("settings", "set", key="agenda_step", value="step-1")
    return folder


def _step_title(page: Page) -> str:
    return str(page.locator(f"{CONSOLE} h2").first.inner_text())


def _wait_text(page: Page, selector: str, text: str, timeout: float = 60) -> float:
    start = time.perf_counter()
    page.wait_for_function(
        "([s, t]) => [...document.querySelectorAll(s)].some(e => e.innerText.includes(t))",
        arg=[selector, text],
        timeout=timeout * 1000,
    )
    return time.perf_counter() - start


def walk(
    browser: Browser,
    folder: Path,
    shots: Path | None = None,
    size: tuple[int, int] = LAPTOP,
    key: str = "",
    origin: str = "",
    back_again: bool = False,
    settle_seconds: float = 0,
) -> Walk:
    """Step through every agenda step by the console's Next (or by pressing `key`, as a
    presenter clicker does), and with `back_again` back to the first by Back; on the Voila at
    `origin`, or one started for the shipped notebooks."""
    if not origin:
        # a join link as `toolkit serve` gives one (only drawn as a QR code, never visited)
        join = {JOIN_URL_ENV: "http://127.0.0.1:8001/?token=K7M2QX"}
        with voila_server(notebook("."), folder, extra_env=join) as started:
            done = walk(browser, folder, shots, size, key, started, back_again, settle_seconds)
            for page in (done.console, done.projector):
                if page is not None:
                    page.context.close()
            return done
    result = Walk()
    console = offline_page(browser, origin, size=size)
    projector = offline_page(browser, origin, size=PROJECTOR)
    console.page.goto(f"{origin}/voila/render/console.ipynb")
    projector.page.goto(f"{origin}/voila/render/projector.ipynb")
    wait_for_app(console.page, CONSOLE)
    wait_for_app(projector.page, ".toolkit-projector")
    time.sleep(settle_seconds)  # the welcome: the screens ahead are built meanwhile
    agenda = _rows(folder, "agenda")
    route = list(range(1, len(agenda) + 1))
    if back_again:
        route += list(range(len(agenda) - 1, 0, -1))
    for i, n in enumerate(route):
        if i:
            by = "next" if n > route[i - 1] else "back"
            result.steps.append(_change(console.page, projector.page, agenda, n, by, key))
        else:
            result.steps.append(StepFigures(n, _step_title(console.page), 0.0, 0.0, 0, True))
        figures = result.steps[-1]
        console.page.wait_for_timeout(300)
        figures.height = int(console.page.evaluate(TALLEST))
        console.page.evaluate(SCROLL_ALL, True)
        box = console.page.get_by_role("button", name="Next step").first.bounding_box()
        figures.next_visible_at_end = (
            box is not None and 0 <= box["y"] and box["y"] + box["height"] <= size[1]
        )
        console.page.evaluate(SCROLL_ALL, False)
        if shots and not (back_again and i >= len(agenda)):
            shots.mkdir(parents=True, exist_ok=True)
            console.page.screenshot(path=str(shots / f"console-step{n}.png"))
            console.page.evaluate(KEEP_BOXES, [True, size[1]])
            tall = {"width": size[0], "height": max(figures.height, size[1])}
            console.page.set_viewport_size(tall)
            console.page.wait_for_timeout(300)
            console.page.screenshot(path=str(shots / f"console-step{n}-full.png"))
            console.page.evaluate(KEEP_BOXES, [False, size[1]])
            console.page.set_viewport_size({"width": size[0], "height": size[1]})
            projector.page.screenshot(path=str(shots / f"projector-step{n}.png"))
    result.console, result.projector = console, projector
    return result


def _change(
    console: Page, projector: Page, agenda: list[dict[str, Any]], n: int, by: str, key: str
) -> StepFigures:
    """Move the console to step `n` (one step on) and time its screen and the projector."""
    if key:
        console.locator("body").press(key if by == "next" else "PageUp")
    else:
        console.locator(f"{CONSOLE} .toolkit-{by}-step").click()
    t0 = time.perf_counter()
    _wait_text(console, f"{CONSOLE} h2", f"Step {n} of")
    kind = agenda[n - 1]["kind"] or "other"
    console.wait_for_selector(f".toolkit-console-body.toolkit-showing-{kind} > *", timeout=60_000)
    console_s = time.perf_counter() - t0
    _wait_text(projector, ".toolkit-slide-title h1", agenda[n - 1]["title"])
    projector_s = time.perf_counter() - t0
    return StepFigures(n, _step_title(console), console_s, projector_s, 0, True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shots", type=Path, help="a folder for screenshots of each step")
    parser.add_argument("--width", type=int, default=LAPTOP[0])
    parser.add_argument("--height", type=int, default=LAPTOP[1])
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    try:
        folder = workshop_with_open_round(root)
        with sync_playwright() as p:
            browser = launch(p)
            w = walk(browser, folder, args.shots, (args.width, args.height))
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for s in w.steps:
        print(
            f"{s.step} {s.title[:50]:50} console {s.console_s:5.2f}s projector "
            f"{s.projector_s:5.2f}s height {s.height:6d} next {s.next_visible_at_end}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
