"""Every folder the toolkit writes is a valid Frictionless Data Package."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import frictionless
import pytest

from tests.hostile import HOSTILE_TEXTS
from tests.records.sample import fill_every_table
from toolkit.records import SCHEMA_VERSION, TABLE_BY_NAME, TABLES
from toolkit.records.cells import guard
from toolkit.records.csvfile import read_table


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


# Cells that are not of a field's type or format, as Table Schema reads them.
NOT_OF_TYPE = {
    "string": [],
    "integer": ["1.5", "seven"],
    "boolean": ["yes", "tRUE"],
    "date": ["28/11/2026", "2026-02-30"],
    "datetime": ["2026-11-28 14:05:00", "2026-11-31T14:05:00.000000Z"],
}


def _breaking_cells(field: dict[str, Any]) -> dict[str, list[str]]:
    """For each rule the descriptor declares for `field`, cells that break it."""
    out = {"type": NOT_OF_TYPE[field["type"]]}
    for rule, limit in field.get("constraints", {}).items():
        if rule == "required":
            out[rule] = [""]
        elif rule == "enum":
            out[rule] = [limit[0].upper() + "?"]
        elif rule == "minimum":
            out[rule] = [str(limit - 1)]
        elif rule == "maximum":
            out[rule] = [str(limit + 1)]
        elif rule == "maxLength":
            out[rule] = ["x" * (limit + 1)]
        else:
            raise AssertionError(f"no cell breaks {rule!r} here: add one, and check it is read")
    return out


def test_every_rule_the_descriptor_declares_is_checked_by_the_reader(session_dir: Path) -> None:
    """Each cell Frictionless rejects for a field's type, format or constraints is a problem
    at its line and column for the toolkit's reader too (so for `toolkit validate`)."""
    fill_every_table(session_dir)
    descriptor = json.loads((session_dir / "datapackage.json").read_text())
    checked = 0
    for resource in descriptor["resources"]:
        path = session_dir / resource["path"]
        saved = path.read_bytes()
        header, first, *rest = csv.reader(io.StringIO(saved.decode(), newline=""))
        for field in resource["schema"]["fields"]:
            at = header.index(field["name"])
            for rule, cells in _breaking_cells(field).items():
                for cell in cells:
                    assert frictionless.Field.from_descriptor(field).read_cell(cell)[1], cell
                    out = io.StringIO()
                    row = [*first[:at], cell, *first[at + 1 :]]
                    csv.writer(out, lineterminator="\r\n").writerows([header, row, *rest])
                    path.write_text(out.getvalue(), encoding="utf-8")
                    problems = read_table(session_dir, TABLE_BY_NAME[resource["name"]]).problems
                    where = {(p.line, p.column) for p in problems}
                    assert (2, field["name"]) in where, (resource["name"], rule, cell[:20])
                    checked += 1
        path.write_bytes(saved)
    assert checked > 200


def test_no_enum_value_needs_the_formula_guard() -> None:
    """The reader checks an enum cell as written, as Frictionless does: a value that needed
    the guard would be written as one that is not in the enum."""
    assert [v for t in TABLES for f in t.all_fields for v in f.enum if guard(v) != v] == []
