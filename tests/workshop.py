"""Setting up a session part-way through a workshop, through the real screens."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from toolkit.apps.issues import issues_app
from toolkit.records.templates import find_template

# The accessible name of a ballot's + button (its tooltip, which names the option).
ADD_A_DOT = re.compile(r"^Add a dot to ")


def template_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the housing template with one setting changed."""
    text = (find_template("housing-coproduction") / "template.toml").read_text()
    assert old in text
    folder = tmp_path / f"template-{len(list(tmp_path.glob('template-*')))}"
    shutil.copytree(find_template("housing-coproduction"), folder)
    (folder / "template.toml").write_text(text.replace(old, new))
    return folder


def shortlist(folder: Path, texts: Sequence[str]) -> None:
    """Raise these issues on the facilitator's screen and shortlist them all."""
    issues = issues_app(folder)
    for text in texts:
        issues.text.value = text
        issues.add_button.click()
    issues.picked.value = tuple(i.issue_id for i in issues.board.active)
    issues.pick_button.click()
    assert issues.status.kind == "ok", issues.status.message
