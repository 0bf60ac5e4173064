"""Work done ahead, while the room is busy with the current step, so that *Next* shows the
following step at once: the console builds the screens of the steps to come, the projector
loads what draws charts. Each piece runs on the kernel's own loop, one at a time, with a
pause between them so that a click waiting in between is handled first."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)
# A piece holds the kernel for a second or more (a screen with charts): start once the page
# has had time to draw itself, and pause between pieces so that clicks and redraws waiting
# meanwhile are handled first.
PAUSE_SECONDS = 1.0
START_SECONDS = 10.0


def do_ahead(pieces: Sequence[Callable[[], object]]) -> asyncio.Task[None] | None:
    """Run `pieces` one by one on the running loop (a kernel's); None without a loop (plain
    Python, tests), where nothing is done ahead. A piece that fails is logged and skipped:
    it will be done, or fail visibly, when it is needed."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def run() -> None:
        await asyncio.sleep(START_SECONDS)
        for piece in pieces:
            try:
                piece()
            except Exception:
                log.exception("work done ahead failed; it is done again when needed")
            await asyncio.sleep(PAUSE_SECONDS)

    return loop.create_task(run())


def load_charts() -> None:
    """Import what builds charts and build one, so the first chart of the day is not slow
    (the page draws it: toolkit/charts/browser.py)."""
    import altair as alt

    from toolkit.charts.browser import browser_chart

    browser_chart(alt.Chart({"values": [{"x": 1}]}).mark_point().encode(x="x:Q"))
