"""Page speed and kernel memory, in Chromium, against a minimal notebook in the same run.

Run with `make bench`. One Voila serves a minimal notebook (one ipywidgets button) and the
toolkit's pages; each page is opened REPEATS times in a fresh browser context and timed
from navigation to its first widget of our own on screen; each page's kernel is measured
(resident memory) once that widget shows. Targets (issue 6): the participants' page within
1.2x the minimal notebook's time and 1.3x its kernel memory; the facilitator console and
the projector within 1.5x its time.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.chromium import launch, offline_page, wait_for_app
from toolkit.apps.serving import voila_server
from toolkit.records import create_session
from toolkit.records.templates import find_template, shipped_root

REPEATS = 3
PAGES = {  # page -> (selector of its first own widget, time target, memory target)
    "minimal": (".toolkit-minimal", None, None),
    "participant": (".toolkit-participant", 1.2, 1.3),
    "console": (".toolkit-console .toolkit-agenda-bar", 1.5, None),
    "projector": (".toolkit-projector", 1.5, None),
}


def minimal_notebook(folder: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\n"
            "b = w.Button(description='OK')\n"
            "b.add_class('toolkit-minimal')\n"
            "b"
        )
    ]
    nbformat.write(nb, folder / "minimal.ipynb")


def kernels(server_pid: int) -> set[int]:
    return {p.pid for p in psutil.Process(server_pid).children(recursive=True)}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = root / "pages"
        shutil.copytree(shipped_root("notebooks"), pages)
        minimal_notebook(pages)
        session = create_session(root / "bench", find_template("housing-coproduction"), "Benchmark")
        times: dict[str, list[float]] = {name: [] for name in PAGES}
        memory: dict[str, list[float]] = {name: [] for name in PAGES}
        with voila_server(pages, session) as origin, sync_playwright() as p:
            server = next(
                proc
                for proc in psutil.process_iter(["cmdline"])
                if origin.rsplit(":", 1)[1] in " ".join(proc.info["cmdline"] or [])
            )
            browser = launch(p)
            for round_ in range(REPEATS + 1):  # the first round warms caches; not counted
                for name, (selector, _, _) in PAGES.items():
                    before = kernels(server.pid)
                    view = offline_page(browser, origin)
                    start = time.perf_counter()
                    view.page.goto(f"{origin}/voila/render/{name}.ipynb")
                    wait_for_app(view.page, selector)
                    elapsed = time.perf_counter() - start
                    new = kernels(server.pid) - before
                    rss = sum(psutil.Process(pid).memory_info().rss for pid in new) / 2**20
                    if round_:
                        times[name].append(elapsed)
                        memory[name].append(rss)
                    view.context.close()
                    assert not view.blocked, view.blocked
            browser.close()
    base_t = statistics.median(times["minimal"])
    base_m = statistics.median(memory["minimal"])
    ok = True
    print(f"{'page':<12} {'time (s)':>9} {'ratio':>6} {'kernel MB':>10} {'ratio':>6}  targets")
    for name, (_, t_target, m_target) in PAGES.items():
        t, m = statistics.median(times[name]), statistics.median(memory[name])
        met = (t_target is None or t / base_t <= t_target) and (
            m_target is None or m / base_m <= m_target
        )
        ok = ok and met
        goal = " ".join(
            f"{what} <= {x}x" for what, x in (("time", t_target), ("memory", m_target)) if x
        )
        print(
            f"{name:<12} {t:>9.2f} {t / base_t:>6.2f} {m:>10.0f} {m / base_m:>6.2f}  "
            f"{goal or '(baseline)'}{'' if met else '  MISSED'}"
        )
    print(
        f"medians of {REPEATS} loads each, after one warm-up load; 'kernel MB' is the "
        "resident memory of the page's kernel when its first widget shows"
    )
    print("targets met" if ok else "TARGETS MISSED")
    from benchmarks.results import figure, save

    figures = []
    for name, (_, t_target, m_target) in PAGES.items():
        t, m = statistics.median(times[name]), statistics.median(memory[name])
        base = name == "minimal"
        figures.append(
            figure(
                f"{name} page: first widget on screen",
                t,
                "s",
                baseline=None if base else ("minimal notebook", base_t),
                target=f"ratio <= {t_target}" if t_target else "",
                met=t / base_t <= t_target if t_target else None,
            )
        )
        figures.append(
            figure(
                f"{name} page: its kernel's memory",
                m,
                "MB",
                baseline=None if base else ("minimal notebook", base_m),
                target=f"ratio <= {m_target}" if m_target else "",
                met=m / base_m <= m_target if m_target else None,
            )
        )
    save("pages", f"Page load in Chromium and kernel memory, medians of {REPEATS} loads",
         figures, ok)  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
