"""Every projector step is one slide: a generated whole workshop (8 steps, 40 issues, two
revealed rounds, four groups one of them small) stepped through the projector at 1920x1080
and 1280x720. On every page of every step nothing scrolls, no text is smaller than 2.2% of
the screen's height and no chart label is cut short or overlaps another; a screenshot of
each is written."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.chromium import OfflinePage, settle, show_slide_page, slide_pages, wait_for_app
from devtools.sample_session import build_workshop, four_group_template
from tests.browser.phones import LIVE
from toolkit.apps.serving import JOIN_URL_ENV, voila_server
from toolkit.records import Recorder
from toolkit.records.templates import shipped_root

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (1280, 720)]
SMALLEST = 0.022  # of the screen's height

SHOWN_PAGES = """() => [...document.querySelectorAll('.toolkit-stage .toolkit-page')]
  .filter(p => getComputedStyle(p).display !== 'none' && p.getBoundingClientRect().height > 0)
  .length"""
# What the room would see: the page's size against the window, every box that scrolls, the
# smallest visible text (scaled as drawn, in charts too; words for screen readers only are
# not drawn), the chart labels cut short and those whose boxes overlap.
MEASURE = """() => {
  const doc = document.scrollingElement;
  const out = {height: doc.scrollHeight, width: doc.scrollWidth, scrollers: [], overlaps: []};
  for (const el of document.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if ((el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(cs.overflowY)) ||
        (el.scrollWidth > el.clientWidth + 1 && /(auto|scroll)/.test(cs.overflowX)))
      out.scrollers.push(el.className.toString().slice(-60));
  }
  let smallest = 1e9, which = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode, el = t.parentElement;
    if (!t.textContent.trim() || el.closest('.toolkit-sr-only, style, script')) continue;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden') continue;
    let size = parseFloat(cs.fontSize);
    if (el.closest('svg')) { const m = el.getScreenCTM(); if (m) size *= Math.hypot(m.a, m.b); }
    if (size < smallest) { smallest = size; which = t.textContent.trim().slice(0, 40); }
  }
  out.smallest = [smallest, which];
  out.cut = [...document.querySelectorAll('svg text')]
    .filter(t => t.getBoundingClientRect().width >= 1 && t.textContent.trim().endsWith('…'))
    .map(t => t.textContent.trim());
  const boxes = [...document.querySelectorAll('svg text')]
    .map(t => [t.getBoundingClientRect(), t.textContent.trim()])
    .filter(([r, s]) => r.width >= 1 && r.height >= 1 && s);
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, sa] = boxes[i], [b, sb] = boxes[j];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) out.overlaps.push(sa + ' / ' + sb);
  }
  return out;
}"""


def _rate_for_each_group(recorder: Recorder, folder: Path) -> None:
    """Each group's importance and feasibility for ten issues, as the facilitator types them
    for a table, so the priorities slide has its marks and their numbers (some alike)."""
    raised = [r["issue_id"] for r in csv.DictReader((folder / "issues.csv").open())
              if r["event"] == "raised"][:10]  # fmt: skip
    groups = [r["group_id"] for r in csv.DictReader((folder / "groups.csv").open())]
    for n, issue in enumerate(raised):
        for g, group in enumerate(groups):
            recorder.append("ratings", "rated", issue_id=issue, group_id=group,
                            channel="facilitator", importance=1 + (n + g) % 5,
                            feasibility=1 + (2 * n + g) % 5)  # fmt: skip


def test_every_step_is_one_slide_at_both_sizes(
    tmp_path: Path, offline: Callable[..., OfflinePage]
) -> None:
    folder = build_workshop(tmp_path / "session", four_group_template(tmp_path))
    titles = [row["title"] for row in csv.DictReader((folder / "agenda.csv").open())]
    shots = tmp_path / "slides"
    shots.mkdir()
    recorder = Recorder(folder)
    _rate_for_each_group(recorder, folder)
    link = {JOIN_URL_ENV: "http://192.0.2.1:8867/?token=K7P2QX9M"}  # drawn, never fetched
    failures: list[str] = []
    with voila_server(shipped_root("notebooks"), folder, extra_env=link) as origin:
        views = {size: offline(origin, size=size) for size in SIZES}
        for view in views.values():
            view.page.goto(f"{origin}/voila/render/projector.ipynb")
        for view in views.values():
            wait_for_app(view.page, ".toolkit-projector")
        for n, title in enumerate(titles, 1):
            recorder.append("settings", "set", key="agenda_step", value=f"step-{n}")
            for (width, height), view in views.items():
                page = view.page
                heading = page.locator(".toolkit-projector h1", has_text=title)
                heading.wait_for(timeout=4 * LIVE)
                settle(page)  # the rest of the step, and its charts drawn after its heading
                count = slide_pages(page)
                # the projector's own choice: one page of the step at a time, numbered
                assert page.evaluate(SHOWN_PAGES) == (1 if count else 0), (n, width)
                if count > 1:
                    assert f" of {count}" in page.inner_text(".toolkit-page-number")
                for j in range(1, max(1, count) + 1):
                    show_slide_page(page, j if count else 0)
                    page.screenshot(path=str(shots / f"step{n}-page{j}-{width}.png"))
                    m: dict[str, Any] = page.evaluate(MEASURE)
                    where = f"step {n} ({title}), page {j} of {count}, {width}x{height}"
                    if m["height"] > height or m["width"] > width:
                        failures.append(f"{where}: the page is {m['width']}x{m['height']}")
                    if m["scrollers"]:
                        failures.append(f"{where}: these scroll: {m['scrollers']}")
                    if m["smallest"][0] < SMALLEST * height - 0.05:
                        failures.append(f"{where}: text at {m['smallest']}")
                    if m["cut"]:
                        failures.append(f"{where}: labels cut short: {m['cut'][:3]}")
                    if m["overlaps"]:
                        failures.append(f"{where}: labels overlap: {m['overlaps'][:3]}")
                show_slide_page(page, 0)
        assert all(view.blocked == [] for view in views.values())
    assert failures == [], "\n".join(failures)
    assert len(list(shots.glob("*.png"))) >= 2 * len(titles)
