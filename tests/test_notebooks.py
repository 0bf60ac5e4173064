"""Every shipped notebook executes headless against a real session folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from toolkit.apps.serving import SESSION_ENV
from toolkit.records.templates import shipped_root

NOTEBOOKS = sorted(shipped_root("notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# What each notebook's widgets must show for a fresh session titled "Repairs together".
SHOWS = {
    "console.ipynb": "Step 1 of 8: Welcome, purpose and ground rules",
    "overview.ipynb": "Repairs together",
    "stakeholders.ipynb": "Who is involved?",
    "issues.ipynb": "Add an issue",
    "participant.ipynb": "Join the workshop",
    "voting.ipynb": "No round yet",
    "projector.ipynb": "Welcome, purpose and ground rules",
}


def test_every_notebook_is_checked() -> None:
    assert [p.name for p in NOTEBOOKS] == sorted(SHOWS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_one_call_into_the_package(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].count("\n") <= 2
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_first_screens_start_without_pandas_or_altair() -> None:
    """The apps served to every phone must stay light: no pandas, altair or scipy on import."""
    probe = (
        "import sys, toolkit.apps.overview, toolkit.apps.participant, toolkit.records, "
        "toolkit.apps.console, toolkit.apps.projector; "
        "print(sorted({'pandas', 'altair', 'vl_convert', 'scipy'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
