"""Creating session folders: from a template, whole or not at all, never overwriting."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

import toolkit
from toolkit.domain.template import TemplateError
from toolkit.records import RecordError, create_session
from toolkit.records.folder import SessionExistsError, enclosing_session
from toolkit.records.templates import find_template, load_template_file, shipped_root

HOUSING = find_template("housing-coproduction")


def test_new_session_holds_the_template_and_settings(tmp_path: Path) -> None:
    folder = create_session(
        tmp_path / "estate", HOUSING, "Repairs", date="2026-11-28", facilitator="Sam"
    )
    session = toolkit.open_session(folder)
    assert session.settings == {
        "title": "Repairs",
        "date": "2026-11-28",
        "facilitator": "Sam",
        "template": "housing-coproduction",
        "hold_phone_issues": "true",  # the template's: phones' issues wait for a check
        # what no one should edit, sealed in the chained record (every edit shows)
        "sealed:template.toml": hashlib.sha256((folder / "template.toml").read_bytes()).hexdigest(),
        "sealed:datapackage.json": hashlib.sha256(
            (folder / "datapackage.json").read_bytes()
        ).hexdigest(),
    }
    assert session.groups["letter"].tolist() == ["T", "F", "M"]
    assert session.agenda["kind"].tolist()[:3] == ["setup", "stakeholders", "issues"]
    assert (folder / "template.toml").read_bytes() == (HOUSING / "template.toml").read_bytes()
    assert not (folder / ".locks").exists()


def test_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "estate", HOUSING, "First")
    with pytest.raises(SessionExistsError, match=r"already exists and is not empty"):
        create_session(folder, HOUSING, "Second")
    assert toolkit.open_session(folder).title == "First"


@pytest.mark.parametrize("name", ["..", ".hidden", "a b", "x" * 81, "naïve"])
def test_unsafe_folder_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(RecordError, match=r"session folder name .* is not allowed"):
        create_session(tmp_path / name, HOUSING, "Title")


def test_failed_creation_leaves_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken-template"
    broken.mkdir()
    (broken / "template.toml").write_text('title = "x"\n[[groups]]\nid = "a"\n')
    with pytest.raises(TemplateError, match=r"groups\[1\].colour: is required"):
        create_session(tmp_path / "estate", broken, "Title")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-template"]


@pytest.mark.parametrize(
    ("title", "date", "message"),
    [
        ("  ", None, "the title is empty"),
        ("ok", "28/11/2026", "date '28/11/2026' is not like 2026-11-28"),
    ],
)
def test_bad_settings_are_refused(
    tmp_path: Path, title: str, date: str | None, message: str
) -> None:
    with pytest.raises(RecordError, match=message):
        create_session(tmp_path / "estate", HOUSING, title, date=date)
    assert not (tmp_path / "estate").exists()


def test_unknown_template_lists_the_shipped_ones() -> None:
    with pytest.raises(
        TemplateError,
        match=r"no template named 'nope'; shipped templates: community-priorities, "
        r"housing-coproduction, (.+, )?service-design(, .+)?; or give",
    ):
        find_template("nope")
    with pytest.raises(TemplateError, match=r"no template at '../etc'"):
        find_template("../etc")


def test_a_session_carries_the_shipped_notebooks_for_one_session(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "estate", HOUSING, "Repairs")
    carried = sorted(p.name for p in (folder / "notebooks").iterdir())
    shipped = sorted(p.name for p in shipped_root("notebooks").glob("*.ipynb"))
    assert carried == [n for n in shipped if n != "compare-sessions.ipynb"]
    assert {"console.ipynb", "projector.ipynb", "analysis.ipynb"} <= set(carried)
    assert "participant.ipynb" not in carried  # phones are served by the participants' server
    for name in carried:
        assert (folder / "notebooks" / name).read_bytes() == (
            shipped_root("notebooks") / name
        ).read_bytes()


def test_a_templates_own_notebooks_replace_or_join_the_shipped_ones(tmp_path: Path) -> None:
    ours = tmp_path / "ours"
    shutil.copytree(HOUSING, ours)
    (ours / "notebooks").mkdir()
    for name, heading in (("console.ipynb", "# Our console"), ("extra.ipynb", "# Extra")):
        (ours / "notebooks" / name).write_text(json.dumps(
            {"cells": [{"cell_type": "markdown", "metadata": {}, "source": heading}],
             "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))  # fmt: skip
    folder = create_session(tmp_path / "estate", ours, "Repairs")
    assert "# Our console" in (folder / "notebooks" / "console.ipynb").read_text()
    assert "# Extra" in (folder / "notebooks" / "extra.ipynb").read_text()
    assert (folder / "notebooks" / "voting.ipynb").is_file()  # the rest: shipped


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("console.ipynb", "{", r"console.ipynb: not a notebook \(Expecting property name"),
        ("console.ipynb", "[1]", r"console.ipynb: not a notebook \(no list of cells\)"),
        ("a b.ipynb", "{}", r"a b.ipynb: notebook file name 'a b.ipynb' is not allowed"),
    ],
)
def test_a_broken_template_notebook_is_named_and_nothing_is_made(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    ours = tmp_path / "ours"
    shutil.copytree(HOUSING, ours)
    (ours / "notebooks").mkdir()
    (ours / "notebooks" / name).write_text(content)
    with pytest.raises(TemplateError, match=message):
        create_session(tmp_path / "estate", ours, "Repairs")
    assert not (tmp_path / "estate").exists()


def test_a_notebook_finds_the_session_it_is_in(tmp_path: Path) -> None:
    folder = create_session(tmp_path / "estate", HOUSING, "Repairs")
    assert enclosing_session(folder / "notebooks") == folder
    assert enclosing_session(folder) == folder
    assert enclosing_session(tmp_path) is None
    assert enclosing_session(folder / "notebooks" / "deeper") is None  # only one level up


def test_a_session_made_before_a_text_was_added_still_opens_and_says_it_in_english(
    tmp_path: Path,
) -> None:
    """A toolkit upgrade adds texts; a Spanish session made before it keeps its own texts and
    shows only the new one in English, while a template is still checked for every key."""
    folder = create_session(tmp_path / "s", find_template("prioridades-comunitarias"), "T")
    frozen = folder / "template.toml"
    lines = frozen.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith('"map.title" = ')]
    assert len(kept) == len(lines) - 1
    frozen.write_text("".join(kept), encoding="utf-8")
    texts = toolkit.open_session(folder).template.texts
    assert texts.say("map.title") == "Stakeholder map"
    assert texts.say("map.type") == "Tipo"
    with pytest.raises(TemplateError, match=r"template.toml: text.map.title: is missing"):
        load_template_file(frozen)
