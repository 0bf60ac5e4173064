"""Bad records give errors naming the file, the line and the column, and what to do."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import toolkit
from tests.records.sample import fill_every_table
from toolkit.records import RecordError


def _replace(folder: Path, name: str, old: bytes, new: bytes) -> None:
    """Replace the first match of the pattern `old` (rows end with their digest, DIGEST)."""
    path = folder / name
    data, count = re.subn(old, new, path.read_bytes(), count=1)
    assert count == 1, old
    path.write_bytes(data)


DIGEST = rb"(\w*)\r\n"  # a row's digest and line end: \1 puts the digest back


def _missing_column(f: Path) -> None:
    _replace(f, "agenda.csv", b",minutes,", b",")


def _extra_column(f: Path) -> None:
    _replace(f, "groups.csv", b"letter,digest\r\n", b"letter,digest,mood\r\n")


def _wrong_type(f: Path) -> None:
    _replace(f, "votes.csv", b",device,1," + DIGEST, rb",device,lots,\1\r\n")


def _out_of_range(f: Path) -> None:
    _replace(f, "stakeholders.csv", b",5,1,resisting,", b",9,1,resisting,")


def _not_in_enum(f: Path) -> None:
    _replace(f, "stakeholders.csv", b",resisting,", b",grumpy,")


def _unknown_version(f: Path) -> None:
    d = json.loads((f / "datapackage.json").read_text())
    d["toolkit_schema_version"] = 99
    (f / "datapackage.json").write_text(json.dumps(d))


def _latin1(f: Path) -> None:
    with (f / "issues.csv").open("ab") as out:
        out.write(b"e1,2026-11-28T10:00:00.000000Z,raised,I9,caf\xe9,,,,paper,,,,,\r\n")


def _empty(f: Path) -> None:
    (f / "ratings.csv").write_bytes(b"")


def _missing_table(f: Path) -> None:
    (f / "options.csv").unlink()


def _unknown_reference(f: Path) -> None:
    _replace(f, "votes.csv", b",R1,O1,P1,", b",R1,O404,P1,")


def _note_about_unknown(f: Path) -> None:  # about_kind says which table about_id is in
    _replace(f, "notes.csv", b",issue,I1,tenants", b",stakeholder,I1,tenants")


def _note_of_unknown_group(f: Path) -> None:
    _replace(f, "notes.csv", b",I1,tenants," + DIGEST, rb",I1,tenants pirates,\1\r\n")


def _duplicate_id(f: Path) -> None:
    path = f / "participants.csv"
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([*lines[:-1], lines[1], b""]))


def _too_few_values(f: Path) -> None:
    with (f / "groups.csv").open("ab") as out:
        out.write(b"e9,2026-11-28T10:00:00.000000Z,added\r\n")


def _reformatted_time(f: Path) -> None:
    path = f / "rounds.csv"
    text = path.read_bytes().decode()
    stamp = text.split("\r\n")[1].split(",")[1]
    path.write_bytes(text.replace(stamp, "28/11/2026 10:00").encode())


def _too_long_text(f: Path) -> None:  # an issue's limit is 2,000 characters
    _replace(f, "issues.csv", b",Damp in the flats,", b"," + b"x" * 100_000 + b",")


def _yes_for_true(f: Path) -> None:  # not one of Table Schema's boolean values
    _replace(f, "stakeholders.csv", b",false,true,,true,", b",false,yes,,true,")


def _no_such_day(f: Path) -> None:
    _replace(f, "actions.csv", b",2027-01-31,", b",2027-02-30,")


def _thirteenth_month(f: Path) -> None:
    path = f / "rounds.csv"
    stamp = path.read_bytes().split(b"\r\n")[1].split(b",")[1]
    _replace(f, "rounds.csv", stamp, stamp[:5] + b"13" + stamp[7:])


def _guarded_enum_value(f: Path) -> None:  # a formula guard typed before a tag
    _replace(f, "issues.csv", b",must,", b",'must,")


def _not_a_folder(f: Path) -> None:
    (f / "datapackage.json").unlink()


CASES: list[tuple[Callable[[Path], None], str, str, int | None, str | None]] = [
    (_missing_column, "agenda.csv", r"lacks column\(s\) minutes", 1, None),
    (_extra_column, "groups.csv", r"unknown column\(s\) mood; remove", 1, None),
    (_wrong_type, "votes.csv", r"'lots' is not a whole number", 2, "dots"),
    (_out_of_range, "stakeholders.csv", r"9 is outside the allowed range 1..5", 2, "power"),
    (_not_in_enum, "stakeholders.csv", r"'grumpy' is not one of: supportive", 2, "position"),
    (
        _unknown_version,
        "datapackage.json",
        r"schema version 99 is not one this toolkit",
        None,
        None,
    ),
    (_latin1, "issues.csv", r"not valid UTF-8.*save it again as 'CSV UTF-8'", 8, None),
    (_empty, "ratings.csv", r"is empty; it needs at least its header row", 1, None),
    (_missing_table, "options.csv", r"is missing; every session folder needs it", None, None),
    (
        _unknown_reference,
        "votes.csv",
        r"refers to option_id 'O404', which is not in options",
        2,
        "option_id",
    ),
    (
        _note_about_unknown,
        "notes.csv",
        r"refers to stakeholder_id 'I1', which is not in stakeholders.csv",
        2,
        "about_id",
    ),
    (_note_of_unknown_group, "notes.csv", r"refers to group_id 'pirates'", 2, "groups"),
    (_duplicate_id, "participants.csv", r"appears twice", 3, "event_id"),
    (_too_few_values, "groups.csv", r"has 3 values but the header has 8", 6, None),
    (
        _reformatted_time,
        "rounds.csv",
        r"'28/11/2026 10:00' is not a datetime.*spreadsheet",
        2,
        "timestamp",
    ),
    (_not_a_folder, "datapackage.json", r"is missing, so this is not a session folder", None, None),
    (
        _too_long_text,
        "issues.csv",
        r"^is 100,000 characters long; the limit is 2,000: shorten it to fit$",
        2,
        "text",
    ),
    (_yes_for_true, "stakeholders.csv", r"^'yes' is not true or false$", 2, "co_design"),
    (
        _no_such_day,
        "actions.csv",
        r"^'2027-02-30' is not a date like 2026-11-28 \(a spreadsheet may have reformatted "
        r"it: restore the original text\)$",
        2,
        "due",
    ),
    (_thirteenth_month, "rounds.csv", r"^'\d{4}-13-.*' is not a datetime like", 2, "timestamp"),
    (_guarded_enum_value, "issues.csv", r"^\"'must\" is not one of: must, should", 4, "moscow"),
]


@pytest.mark.parametrize(
    ("damage", "file", "message", "line", "column"),
    CASES,
    ids=[c[0].__name__.strip("_") for c in CASES],
)
def test_bad_record_is_named_precisely(
    session_dir: Path,
    damage: Callable[[Path], None],
    file: str,
    message: str,
    line: int | None,
    column: str | None,
) -> None:
    fill_every_table(session_dir)
    damage(session_dir)
    with pytest.raises(RecordError) as caught:
        toolkit.open_session(session_dir)
    problem = next(p for p in caught.value.problems if p.file == file)
    assert re.search(message, problem.message), str(problem)
    assert (problem.line, problem.column) == (line, column), str(problem)
    where = f"{file}, line {line}" if line else file
    assert str(problem).startswith(where)


def test_error_lists_every_problem_not_only_the_first(session_dir: Path) -> None:
    fill_every_table(session_dir)
    _wrong_type(session_dir)
    _not_in_enum(session_dir)
    with pytest.raises(RecordError) as caught:
        toolkit.open_session(session_dir)
    assert {p.file for p in caught.value.problems} == {"votes.csv", "stakeholders.csv"}
