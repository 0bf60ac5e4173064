"""Step changes on the facilitator's side: a whole generated workshop (40 issues, two
revealed rounds and a third open, devtools/sample_session.py) walked through the console's
Next to the last step and Back to the first, in Chromium at 1366x768, with the projector open
at 1920x1080 on the same Voila. The walk starts SETTLE_SECONDS after both screens show (a
welcome takes minutes; the console builds the screens of the steps to come meanwhile).

Run with `make bench`. Figures, each beside a minimal notebook's widget round trip (a button
whose click changes a label) measured in the same run and on the same server:
- Next/Back to the new step's screen usable on the console, p50 and p95 (target p95 < 1 s);
- the same step's title on the projector, p50 and p95 (target p95 < 1 s);
- the console's and the projector's kernel memory after the whole walk (target < 200 MB);
- kernels still running 5 s after the console was reloaded twice (target: none left over).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from playwright.sync_api import Browser, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.results import figure, save
from devtools.chromium import launch, offline_page, wait_for_app
from devtools.kernels import kernels_of
from devtools.step_walk import CONSOLE, walk, workshop_with_open_round
from toolkit.apps.serving import free_port, voila_server
from toolkit.records.templates import shipped_root

ROUND_TRIPS = 15
# The walk starts this long after the console and projector show, as a facilitator's
# welcome takes minutes: the console builds the screens of the steps to come meanwhile.
SETTLE_SECONDS = 30
STEP_TARGET, MEMORY_TARGET = 1.0, 200.0


def round_trip_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as w\n"
        "b, l = w.Button(description='Go'), w.Label('0')\n"
        "def go(_): l.value = str(int(l.value) + 1)\n"
        "b.on_click(go)\n"
        "box = w.HBox([b, l]); box.add_class('toolkit-minimal'); box"
    )]  # fmt: skip
    nbformat.write(nb, folder / "minimal.ipynb")


def round_trip(browser: Browser, origin: str) -> float:
    """The median time from a click to the label it changes, in a minimal notebook."""
    view = offline_page(browser, origin)
    view.page.goto(f"{origin}/voila/render/minimal.ipynb")
    wait_for_app(view.page, ".toolkit-minimal")
    times = []
    for n in range(1, ROUND_TRIPS + 1):
        t0 = time.perf_counter()
        view.page.get_by_role("button", name="Go").click()
        view.page.locator(".toolkit-minimal").get_by_text(str(n), exact=True).wait_for()
        times.append(time.perf_counter() - t0)
    view.context.close()
    return statistics.median(times)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> int:
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp())
    try:
        folder = workshop_with_open_round(root)
        notebooks = root / "notebooks"
        shutil.copytree(shipped_root("notebooks"), notebooks)
        round_trip_notebook(notebooks)
        port = free_port()
        with voila_server(notebooks, folder, port=port) as origin, sync_playwright() as p:
            browser = launch(p)
            trip = round_trip(browser, origin)
            result = walk(browser, folder, origin=origin, back_again=True,
                          settle_seconds=SETTLE_SECONDS)  # fmt: skip
            moves = result.steps[1:]
            console = [s.console_s for s in moves]
            projector = [s.projector_s for s in moves]
            memory = sorted((k.memory_info().rss / 1e6 for k in kernels_of(port)), reverse=True)
            assert result.console is not None
            page = result.console.page
            before = len(kernels_of(port))
            for _ in range(2):
                page.reload()
                wait_for_app(page, CONSOLE)
            time.sleep(5)
            left_over = len(kernels_of(port)) - before
            browser.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    base = ("a minimal notebook's widget round trip", trip)
    figures = [
        figure("console: Next/Back to the step's screen, p50", statistics.median(console), "s",
               base),
        figure("console: Next/Back to the step's screen, p95", p95(console), "s", base,
               f"< {STEP_TARGET:.0f} s", p95(console) < STEP_TARGET),
        figure("projector: showing the new step, p50", statistics.median(projector), "s", base),
        figure("projector: showing the new step, p95", p95(projector), "s", base,
               f"< {STEP_TARGET:.0f} s", p95(projector) < STEP_TARGET),
        figure("largest kernel after the walk (console or projector)", memory[0], "MB", None,
               f"< {MEMORY_TARGET:.0f} MB", memory[0] < MEMORY_TARGET),
        figure("kernels left over 5 s after two console reloads", left_over, "kernels", None,
               "0", left_over == 0),
    ]  # fmt: skip
    ok = all(f["met"] is not False for f in figures)
    slowest = max(moves, key=lambda s: s.console_s)
    notes = (f"{len(moves)} step changes over {len(result.steps) // 2 + 1} steps; the slowest "
             f"on the console: step {slowest.step} ({slowest.console_s:.2f} s). Kernel memory "
             f"(MB, largest first): {', '.join(f'{m:.0f}' for m in memory)}.")  # fmt: skip
    save("steps", "Step changes on the console and the projector", figures, ok, notes,
         time.perf_counter() - started)  # fmt: skip
    for f in figures:
        print(
            f"{f['name']}: {f['value']:.3f} {f['unit']} {f['target']} "
            f"{'' if f['met'] is None else ('met' if f['met'] else 'MISSED')}"
        )
    print(notes)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
