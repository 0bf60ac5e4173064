"""Every folder the toolkit writes is a valid Frictionless Data Package."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import frictionless
import pytest

from tests.hostile import HOSTILE_TEXTS
from tests.records.older_folders import as_version_1
from tests.records.sample import fill_every_table
from toolkit.cli import main as cli
from toolkit.records import SCHEMA_VERSION, TABLE_BY_NAME, TABLES, Recorder
from toolkit.records.cells import guard
from toolkit.records.csvfile import read_table
from toolkit.records.schema import REFERENCES


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
    votes.write_bytes(re.sub(rb",device,1,(\w*)\r\n", rb",device,-4,\1\r\n", votes.read_bytes()))
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


# --- `frictionless validate` and `toolkit validate` agree --------------------------------


def _set_first(folder: Path, table: str, column: str, text: str, rows: int = 1) -> None:
    """Write `text` into `column` of the first `rows` rows that have a value there."""
    path = folder / f"{table}.csv"
    header, *body = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    at = header.index(column)
    chosen = [r for r in body if r[at]][:rows]
    assert len(chosen) == rows, f"{table}.csv has too few rows with a {column}"
    for row in chosen:
        row[at] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([header, *body])
    path.write_text(out.getvalue(), encoding="utf-8")


def _valid(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[bool, bool]:
    """What `toolkit validate` and `frictionless validate` say: valid or not."""
    toolkit_says = cli(["validate", str(folder)]) == 0
    capsys.readouterr()
    return toolkit_says, frictionless.validate(str(folder / "datapackage.json")).valid


def _unedited(f: Path) -> None:
    pass


def _unknown_references(f: Path) -> None:
    _set_first(f, "participants", "group_id", "X-404")
    _set_first(f, "issues", "participant_id", "X-404")
    _set_first(f, "options", "issue_id", "X-404")
    _set_first(f, "votes", "option_id", "X-404")


def _too_long_text(f: Path) -> None:
    _set_first(f, "issues", "text", "x" * 100_000)


def _out_of_range(f: Path) -> None:
    _set_first(f, "votes", "dots", "0")


def _enum_typo(f: Path) -> None:
    _set_first(f, "votes", "channel", "devise")


def _missing_required(f: Path) -> None:
    _set_first(f, "rounds", "number", "")


def _ids_turned_into_one_number(f: Path) -> None:  # as LibreOffice saves 8404e17004847270
    _set_first(f, "votes", "event_id", "1.79769313486232E+308", rows=2)


def _reference_turned_into_a_decimal(f: Path) -> None:
    _set_first(f, "votes", "option_id", "42.0")


def _option_of_a_round_never_created(f: Path) -> None:  # ignored, with a warning
    """What a round's creation that failed part-way leaves: an option of no round."""
    Recorder(f).append("options", "added", option_id="O-LEFT", round_id="R-NEVER", label="x",
                       position=1)  # fmt: skip


def _id_that_looks_like_a_number(f: Path) -> None:  # a warning
    _set_first(f, "votes", "event_id", "0042")


AGREED = [
    (_unedited, True),
    (_option_of_a_round_never_created, True),
    (_unknown_references, False),
    (_too_long_text, False),
    (_out_of_range, False),
    (_enum_typo, False),
    (_missing_required, False),
    (_ids_turned_into_one_number, False),
    (_reference_turned_into_a_decimal, False),
]


@pytest.mark.parametrize(("edit", "valid"), AGREED, ids=[e.__name__.strip("_") for e, _ in AGREED])
def test_frictionless_and_the_toolkit_agree_on_an_edited_workshop(
    workshop: Path,
    tmp_path: Path,
    edit: Callable[[Path], None],
    valid: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Unedited, it is valid to both though a foreign key's target repeats (an issue has
    several events, each naming its issue_id): Frictionless accepts that."""
    folder = Path(shutil.copytree(workshop, tmp_path / workshop.name))
    edit(folder)
    assert _valid(folder, capsys) == (valid, valid)


@pytest.mark.parametrize("reference", REFERENCES, ids=[f"{r[0]}.{r[1]}" for r in REFERENCES])
def test_every_reference_is_a_foreign_key_frictionless_checks(
    session_dir: Path, reference: tuple[str, str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    table, column, target, target_column = reference
    fill_every_table(session_dir)
    _set_first(session_dir, table, column, "X-404")
    assert cli(["validate", str(session_dir)]) == 1
    assert f"refers to {target_column} 'X-404', which is not in {target}.csv; restore that " \
        f"{target[:-1]} or correct the id" in capsys.readouterr().out  # fmt: skip
    report = frictionless.validate(str(session_dir / "datapackage.json"))
    assert [(t.name, e.type) for t in report.tasks for e in t.errors] == [(table, "foreign-key")]


def _one_id_turned_into_a_number(f: Path) -> None:
    _set_first(f, "votes", "event_id", "8.404E+19")


def _note_about_an_unknown_stakeholder(f: Path) -> None:  # I1 is an issue
    _set_first(f, "notes", "about_kind", "stakeholder")


def _columns_reordered(f: Path) -> None:  # a spreadsheet user moved a column
    path = f / "votes.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([list(reversed(r)) for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


# (edit, toolkit says valid, frictionless says valid)
DIFFER = [
    (_one_id_turned_into_a_number, False, True),  # two such rows repeat the primary key
    (_note_about_an_unknown_stakeholder, False, True),
    (_columns_reordered, True, False),
    (_id_that_looks_like_a_number, False, True),  # an edit to the toolkit, which has digests
]


@pytest.mark.parametrize(
    ("edit", "toolkit_says", "frictionless_says"),
    DIFFER,
    ids=[e.__name__.strip("_") for e, _, _ in DIFFER],
)
def test_where_frictionless_and_the_toolkit_differ(
    session_dir: Path,
    edit: Callable[[Path], None],
    toolkit_says: bool,
    frictionless_says: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Known and accepted: one id a spreadsheet turned into a number is still a unique text
    to Frictionless; a note's about_id names a row of the table its about_kind says, which a
    foreign key cannot express; the toolkit matches columns by name, Frictionless by place."""
    fill_every_table(session_dir)
    edit(session_dir)
    assert _valid(session_dir, capsys) == (toolkit_says, frictionless_says)


def test_a_folder_made_before_foreign_keys_were_declared_opens_as_before(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The descriptor describes the same tables as before: the schema version stays, and
    the toolkit checks references by its own schema whatever the descriptor declares. (Those
    folders came before digests too: records schema 1.)"""
    folder = as_version_1(Path(shutil.copytree(workshop, tmp_path / workshop.name)))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert [r["name"] for r in descriptor["resources"] if "foreignKeys" in r["schema"]] == [
        "participants",
        "issues",
        "ratings",
        "options",
        "votes",
        "actions",
        "notes",
    ]  # fmt: skip (corrections.csv came with schema 2)
    for resource in descriptor["resources"]:
        resource["schema"].pop("foreignKeys", None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    assert _valid(folder, capsys) == (True, True)
    _unknown_references(folder)
    assert _valid(folder, capsys) == (False, True)  # Frictionless no longer sees them
