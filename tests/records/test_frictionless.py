"""Every folder the toolkit writes is a valid Frictionless Data Package."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from tests.hostile import HOSTILE_TEXTS
from tests.records.sample import fill_every_table
from toolkit.records import SCHEMA_VERSION, TABLES


def _errors(folder: Path) -> list[str]:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return [f"{e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        f"{e.type}: {e.message}" for e in report.errors
    ]


def test_new_session_is_a_valid_data_package(session_dir: Path) -> None:
    assert _errors(session_dir) == []


@pytest.mark.parametrize(
    "text",
    [HOSTILE_TEXTS[1], HOSTILE_TEXTS[11], HOSTILE_TEXTS[-1]],
    ids=["formula", "newline", "long"],
)
def test_session_with_data_in_every_table_is_valid(session_dir: Path, text: str) -> None:
    fill_every_table(session_dir, text)
    report = frictionless.validate(str(session_dir / "datapackage.json"))
    assert _errors(session_dir) == []
    assert {t.name for t in report.tasks} == {t.name for t in TABLES}
    assert all(task.stats["rows"] >= 1 for task in report.tasks)


def test_invalid_value_is_caught_by_frictionless_too(session_dir: Path) -> None:
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    votes.write_bytes(votes.read_bytes().replace(b",device,1\r\n", b",device,-4\r\n"))
    assert any("constraint" in e for e in _errors(session_dir))


def test_descriptor_documents_every_column(session_dir: Path) -> None:
    descriptor = json.loads((session_dir / "datapackage.json").read_text())
    assert descriptor["toolkit_schema_version"] == SCHEMA_VERSION
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"].strip(), (resource["name"], field["name"])
