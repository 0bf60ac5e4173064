"""The console as a cockpit at laptop sizes, on a generated 40-issue workshop with an open
round: a presenter clicker's PageDown steps through every step, the window never scrolls
Next away, and each step's screen is short."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from devtools.step_walk import walk, workshop_with_open_round

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", [(1366, 768), (1280, 800)])
def test_a_clicker_walks_every_step_and_next_stays_on_screen(
    browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = workshop_with_open_round(tmp_path)
    result = walk(browser, folder, size=size, key="PageDown")
    assert [s.step for s in result.steps] == list(range(1, 9))  # PageDown moved each step
    for s in result.steps:
        assert s.title.startswith(f"Step {s.step} of 8"), s
        assert s.next_visible_at_end, f"Next scrolled away on step {s.step}"
        assert s.height <= 1.5 * size[1], f"step {s.step} is {s.height} px tall"
