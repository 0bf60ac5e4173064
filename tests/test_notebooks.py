"""Every shipped notebook executes headless against a real session folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.records.ports import SESSION_ENV
from toolkit.records.templates import shipped_root

NOTEBOOKS = sorted(shipped_root("notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The analysts' notebooks: short cells of calls into toolkit.analysis, no widgets.
ANALYSIS = ("analysis.ipynb", "compare-sessions.ipynb")
APPS = [p for p in NOTEBOOKS if p.name not in ANALYSIS]


# What each notebook's widgets must show for a fresh session titled "Repairs together".
SHOWS = {
    "actions.ipynb": "No actions yet.",
    "console.ipynb": "Step 1 of 8: Welcome, purpose and ground rules",
    "notes.ipynb": "No notes yet.",
    "overview.ipynb": "Repairs together",
    "stakeholders.ipynb": "Who is involved?",
    "issues.ipynb": "Add an issue",
    "voting.ipynb": "No round yet",
    "projector.ipynb": "Welcome, purpose and ground rules",
}


def test_every_notebook_is_checked() -> None:
    assert [p.name for p in NOTEBOOKS] == sorted([*SHOWS, *ANALYSIS])


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_notebook_executes_and_shows_a_widget(
    path: Path, session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SESSION_ENV, str(session_dir))  # the kernel inherits it
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs)
    state = json.dumps(nb.metadata["widgets"])
    assert SHOWS[path.name] in state  # the app itself rendered, not an error message
    assert "cannot be opened" not in state


@pytest.mark.parametrize("path", APPS, ids=[p.stem for p in APPS])
def test_notebook_is_one_call_into_the_package(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].count("\n") <= 2
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def _imported(modules: str, heavy: set[str]) -> list[str]:
    """Which of `heavy` a fresh Python has loaded after importing `modules`."""
    probe = f"import sys, {modules}; print(sorted({heavy!r} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return [str(name) for name in json.loads(out.strip().replace("'", '"'))]


def test_importing_the_toolkit_or_its_records_loads_no_pandas_or_altair() -> None:
    """`import toolkit` and `import toolkit.records` alone stay light: pandas and altair
    load only when an analyst asks for a DataFrame or a chart (toolkit/__init__.py is lazy)."""
    for modules in ("toolkit", "toolkit.records"):
        assert _imported(modules, {"pandas", "altair"}) == [], modules


def test_first_screens_start_without_pandas_or_altair() -> None:
    """The facilitator's first screens stay quick to open: no pandas, altair or scipy."""
    modules = ("toolkit.apps.overview, toolkit.records, toolkit.apps.console, "
               "toolkit.apps.projector")  # fmt: skip
    assert _imported(modules, {"pandas", "altair", "vl_convert", "scipy"}) == []


def test_the_phones_server_imports_no_kernel_or_dataframe_machinery() -> None:
    """The participants' server holds every phone in the room in one small process: it
    starts in a second without pandas, charts, numbers libraries or the widget stack."""
    heavy = {"pandas", "altair", "vl_convert", "scipy", "ipywidgets", "traitlets", "IPython",
             "numpy"}  # fmt: skip
    assert _imported("toolkit.apps.phones.server, toolkit.apps.phones.__main__", heavy) == []


def execute(name: str, dump: str = "") -> tuple[nbformat.NotebookNode, Any]:
    """Run an analysts' notebook from its own folder, as Jupyter would; `dump` is a final
    expression whose value, from the notebook's own variables, comes back as JSON."""
    path = shipped_root("notebooks") / name
    nb = nbformat.read(path, as_version=4)
    if dump:
        nb.cells.append(
            nbformat.v4.new_code_cell(f"import json\nprint(json.dumps({dump}, default=str))")
        )
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = json.dumps([o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})])
    assert "<script" not in html and "cdn" not in json.dumps(outputs)  # charts drawn offline
    return nb, json.loads(outputs[-1]["text"]) if dump else None


def test_the_analysis_notebook_gives_the_reports_numbers(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.outputs.test_report import tables
    from toolkit.outputs.report import build, to_html

    monkeypatch.setenv(SESSION_ENV, str(workshop))
    nb, shown = execute(
        "analysis.ipynb",
        '{"scores": scores.to_dict("records"), "pairs": pairs.to_dict("records"), '
        '"shifts": shifts.to_dict("records"), "fates": fates["fate"].value_counts().to_dict()}',
    )
    charts = [
        o for c in nb.cells for o in c.get("outputs", []) if "image/svg+xml" in o.get("data", {})
    ]
    assert len(charts) == 5  # map, raw and equal-weight votes, ranks, shift: drawn offline
    report = tables(to_html(build(workshop)))
    for number in (1, 2):
        mine = [
            [r["number"], r["option"], str(r["dots"]), f"{r['equal_weight']:.1f}",
             str(r["rank"])]
            for r in shown["scores"] if r["round"] == number
        ]  # fmt: skip
        assert mine == report[f"scores-round-{number}"][1:]
        pairs = [
            [f"{r['first']} and {r['second']}", f"{r['tau_b']:.2f}", f"{r['rho']:.2f}",
             f"{r['top_overlap']:.2f}", f"{r['js_distance']:.2f}"]
            for r in shown["pairs"] if r["round"] == number
        ]  # fmt: skip
        assert pairs == report[f"pairs-round-{number}"][1:]
    assert [[r["group"], f"{r['tau_b']:.2f}"] for r in shown["shifts"]] == report[
        "shift-round-1-to-2-table"
    ][1:]
    assert shown["fates"] == {"backlog": 26, "voted": 5, "merged": 4, "action": 3, "hidden": 2}
    assert report["scores-round-1"][1] == ["1", "Repairs take too long to be booked", "53",
                                           "26.4", "1"]  # fmt: skip


def test_the_analysis_notebook_runs_on_a_session_without_votes(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SESSION_ENV, str(session_dir))
    _, shown = execute("analysis.ipynb", "len(scores)")
    assert shown == 0


def test_the_comparing_notebook_follows_actions_up(
    workshops: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.analysis import SESSIONS_ENV

    monkeypatch.setenv(SESSIONS_ENV, os.pathsep.join(str(p) for p in reversed(workshops)))
    _, shown = execute(
        "compare-sessions.ipynb",
        '{"follow": sessions.follow_up().to_dict("records"), '
        '"top": priorities[priorities["rank"] == 1]["date"].tolist()}',
    )
    assert [(r["carried_from"], r["status_before"], r["status"]) for r in shown["follow"]] == [
        ("2026-09-12-estate/A-01", "agreed", "done"),
        ("2026-09-12-estate/A-02", "in progress", "in progress"),
        ("2026-09-12-estate/A-03", "proposed", "proposed"),
    ]
    assert shown["top"] == ["2026-09-12", "2026-11-28"]


@pytest.mark.parametrize("name", ANALYSIS)
def test_analysis_notebooks_are_short_calls_with_the_methods_in_words(name: str) -> None:
    from toolkit.analysis import FATE_RULES, METHODS

    nb = nbformat.read(shipped_root("notebooks") / name, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert all(c.count("\n") <= 2 for c in code)  # each cell short: logic lives in the package
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    words = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    used = ["equal_weight"] + (
        ["equal_weight_rank", "small_groups", "share", "tau_b", "rho", "top_overlap",
         "js_distance", "p", "consensus", "w"]
        if name == "analysis.ipynb" else []
    )  # fmt: skip
    for key in used:  # the definitions shown are the package's, word for word
        assert METHODS[key] in words, key
    if name == "analysis.ipynb":
        assert all(rule in words for rule in FATE_RULES.values())
