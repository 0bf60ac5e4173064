"""Creating session folders: from a template, whole or not at all, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

import toolkit
from toolkit.domain.template import TemplateError
from toolkit.records import RecordError, create_session
from toolkit.records.folder import SessionExistsError
from toolkit.records.templates import find_template

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
        TemplateError, match=r"no template named 'nope'; shipped templates: housing-coproduction"
    ):
        find_template("nope")
    with pytest.raises(TemplateError, match=r"no template at '../etc'"):
        find_template("../etc")
