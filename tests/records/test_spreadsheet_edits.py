"""A session folder opened in a spreadsheet, edited and saved back: what a spreadsheet does on
its own (reorders nothing it is not asked to, but changes line endings, capitalises TRUE,
drops the apostrophe that guards a formula) still opens as the same session; what breaks
the records is named with its file, line and column and what to do about it."""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import toolkit
from tests.records.sample import fill_every_table, paper_tally
from toolkit.cli import main as cli
from toolkit.records import TABLE_BY_NAME, Recorder, RecordError, TailReader
from toolkit.records.append import new_event_id
from toolkit.records.replayed import EditedSessionWarning

Rows = list[list[str]]


def _rows(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _save(path: Path, rows: Rows, line_end: str = "\r\n", delimiter: str = ",") -> None:
    """What a spreadsheet writes back: every cell re-quoted its own way."""
    out = io.StringIO()
    csv.writer(out, lineterminator=line_end, delimiter=delimiter).writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def _every_table(folder: Path, edit: Callable[[Rows], Rows], **save: str) -> None:
    for path in sorted(folder.glob("*.csv")):
        _save(path, edit(_rows(path)), **save)


def _state(folder: Path) -> dict[str, list[dict[str, object]]]:
    """Each table's current state, columns in the schema's order, as plain values."""
    session = toolkit.open_session(folder)
    names = ("groups", "agenda", "participants", "stakeholders", "issues", "ratings",
             "rounds", "options", "votes", "actions")  # fmt: skip
    return {
        n: getattr(session, n).astype(object).where(getattr(session, n).notna(), None)
        .to_dict("records")
        for n in names
    } | {"settings": [{k: _switch(v) for k, v in session.settings.items()}]}  # fmt: skip


def _switch(value: str) -> str:
    """A switch's true or false is text in settings.csv, which Excel saves as TRUE or FALSE;
    the toolkit reads hold_phone_issues either way (test_holding)."""
    return value.casefold() if value.casefold() in ("true", "false") else value


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = cli(["validate", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


# --- edits a spreadsheet makes by itself: the session reopens unchanged --------------------


def _reordered_columns(folder: Path) -> None:
    _every_table(folder, lambda rows: [list(reversed(r)) for r in rows])


def _unix_line_endings(folder: Path) -> None:  # LibreOffice on Linux, Numbers on a Mac
    _every_table(folder, lambda rows: rows, line_end="\n")


def _windows_line_endings_requoted(folder: Path) -> None:  # Excel: CRLF, its own quoting
    for path in folder.glob("*.csv"):
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(_rows(path))
        path.write_bytes(out.getvalue().encode("utf-8"))


def _capitalised_booleans(folder: Path) -> None:  # Excel shows and saves TRUE / FALSE
    upper = {"true": "TRUE", "false": "FALSE"}
    _every_table(folder, lambda rows: [[upper.get(c, c) for c in r] for r in rows])


def _formula_guard_dropped(folder: Path) -> None:
    """A spreadsheet reads the leading apostrophe as 'this is text' and saves without it."""
    _every_table(folder, lambda rows: [[c[1:] if c.startswith("'=") else c for c in r]
                                       for r in rows])  # fmt: skip


def _blank_rows_at_the_end(folder: Path) -> None:
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes() + b"\r\n\r\n")


def _bom_on_every_table(folder: Path) -> None:  # Excel's 'CSV UTF-8' adds one
    for path in folder.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


KEPT = [
    _bom_on_every_table,
    _reordered_columns,
    _unix_line_endings,
    _windows_line_endings_requoted,
    _capitalised_booleans,
    _formula_guard_dropped,
    _blank_rows_at_the_end,
]


@pytest.mark.parametrize("edit", KEPT, ids=[e.__name__.strip("_") for e in KEPT])
def test_a_spreadsheet_round_trip_reopens_as_the_same_session_and_takes_new_records(
    session_dir: Path, edit: Callable[[Path], None], capsys: pytest.CaptureFixture[str]
) -> None:
    fill_every_table(session_dir, text="=1+1 in the flats")
    before = _state(session_dir)
    edit(session_dir)
    assert _state(session_dir) == before
    _validate(session_dir, capsys)
    # the toolkit goes on writing into the edited files, in their own column order
    after = paper_tally(Recorder(session_dir), 5)
    votes = toolkit.open_session(session_dir).events["votes"]
    assert votes["event_id"].tolist()[-1] == after["event_id"]
    assert votes["dots"].tolist()[-1] == 5
    assert "valid" in _validate(session_dir, capsys)


def test_a_row_deleted_by_hand_is_gone_and_nothing_else_changes(session_dir: Path) -> None:
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    rows = _rows(votes)
    _save(votes, [rows[0], *rows[2:]])  # the facilitator deleted a mistaken dot
    session = toolkit.open_session(session_dir)
    assert session.events["votes"]["channel"].tolist() == ["paper"]
    assert len(session.participants) == 1 and len(session.issues) == 2


# --- a last line saved without its line break ---------------------------------------------

NO_LINE_BREAK = (
    r"the last record has no line break at its end \(as some spreadsheet programs save\); "
    r"it was read, and the next save adds the line break"
)


def _tail_warnings(folder: Path) -> list[str]:
    """What reopening the folder warns about the end of its files."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toolkit.open_session(folder)
    return [str(w.message) for w in caught if "line break" in str(w.message)
            or "incomplete" in str(w.message)]  # fmt: skip


@pytest.mark.parametrize(
    ("line_end", "cut"),
    [("\r\n", b"\r\n"), ("\n", b"\n"), ("\r\n", b"\n")],
    ids=["crlf", "lf", "crlf-cut-before-its-lf"],
)
def test_a_last_row_saved_without_its_line_break_is_read_and_kept_by_the_next_append(
    session_dir: Path, line_end: str, cut: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """Google Sheets' CSV download ends its last row without a line break. That row parses
    as one record as wide as the header, so it is no write cut off by a crash: it is read,
    and the next append ends it before adding its own row (nothing goes to .torn/)."""
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    _save(votes, _rows(votes), line_end=line_end)
    saved = votes.read_bytes().removesuffix(cut)
    votes.write_bytes(saved)
    with pytest.warns(UserWarning, match=r"votes.csv, line 3: " + NO_LINE_BREAK):
        session = toolkit.open_session(session_dir)
    assert session.events["votes"]["dots"].tolist() == [1, 7]
    assert "warning: votes.csv, line 3: the last record has no line break" in _validate(
        session_dir, capsys
    )

    after = paper_tally(Recorder(session_dir), 2)
    assert not (session_dir / ".torn").exists()
    assert votes.read_bytes().startswith(saved)
    assert _tail_warnings(session_dir) == []
    votes_read = toolkit.open_session(session_dir).events["votes"]
    assert votes_read["dots"].tolist() == [1, 7, 2]
    assert votes_read["event_id"].tolist()[-1] == after["event_id"]
    assert "line break" not in _validate(session_dir, capsys)


@pytest.mark.parametrize("line_end", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_a_table_of_only_its_header_saved_without_a_line_break_takes_its_first_row(
    session_dir: Path, line_end: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    _save(votes, _rows(votes)[:1], line_end=line_end)  # every tally deleted in a spreadsheet
    header = votes.read_bytes().removesuffix(line_end.encode())
    votes.write_bytes(header)
    with pytest.warns(UserWarning, match=r"votes.csv, line 1: the header row has no line break"):
        assert toolkit.open_session(session_dir).events["votes"].empty

    after = paper_tally(Recorder(session_dir), 3)
    assert not (session_dir / ".torn").exists()
    assert votes.read_bytes().startswith(header + b"\r\n" + after["event_id"].encode())
    assert _tail_warnings(session_dir) == []
    with pytest.warns(EditedSessionWarning):  # every tally deleted: an edit, and it shows
        assert toolkit.open_session(session_dir).events["votes"]["dots"].tolist() == [3]
    assert cli(["validate", str(session_dir)]) == 1
    out = capsys.readouterr().out
    assert "line break" not in out
    assert "votes.csv, line 2: a row recorded just before this one (in time) was deleted" in out


def test_a_last_row_without_its_line_break_is_checked_like_any_other(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Being read means being validated: a bad value in it is a problem, not a skipped row."""
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    votes.write_bytes(re.sub(rb",paper,7,(\w+)\r\n", rb",paper,seven,\1", votes.read_bytes()))
    message = r"votes.csv, line 3, column 'dots': 'seven' is not a whole number"
    with pytest.raises(RecordError, match=message):
        toolkit.open_session(session_dir)
    assert cli(["validate", str(session_dir)]) == 1
    assert re.search(message, capsys.readouterr().out)
    # the next append ends the row rather than hiding it in .torn/: it stays there to fix
    paper_tally(Recorder(session_dir), 2)
    assert not (session_dir / ".torn").exists()
    with pytest.raises(RecordError, match=message):
        toolkit.open_session(session_dir)


def _issue_row(folder: Path, text_last: bool = False) -> bytes:
    """A row as the toolkit writes it, with a quoted text, and the folder without it."""
    issues = folder / "issues.csv"
    if text_last:  # a spreadsheet moved the column; the toolkit writes in the file's order
        rows = _rows(issues)
        at = rows[0].index("text")
        _save(issues, [[*r[:at], *r[at + 1 :], r[at]] for r in rows])
    Recorder(folder).append("issues", "raised", issue_id="I9", text='Damp, "mould"',
                            channel="paper")  # fmt: skip
    whole = issues.read_bytes()
    start = whole.rindex(b"\n", 0, len(whole) - 1) + 1
    issues.write_bytes(whole[:start])
    # a crash in the write comes before the note of the last row beside the lock
    (folder / ".locks" / "issues.last").unlink()
    return whole[start:]


def _in_the_text(row: bytes) -> bytes:
    return row[: row.index(b"mould")]


def _after_the_text(row: bytes) -> bytes:
    return row[: row.index(b",paper")]


def _in_the_event(row: bytes) -> bytes:
    return row[: row.index(b",raised") + 4]


TORN: list[tuple[str, Callable[[bytes], bytes], bool]] = [
    ("in-a-quoted-field", _in_the_text, False),  # an open quote, and too few values
    ("in-the-quoted-last-field", _in_the_text, True),  # as wide as the header: an open quote
    ("too-few-values", _after_the_text, False),
    ("in-an-earlier-field", _in_the_event, False),
]


@pytest.mark.parametrize(("cut", "text_last"), [c[1:] for c in TORN], ids=[c[0] for c in TORN])
def test_a_record_torn_by_a_crash_is_still_skipped_and_set_aside(
    session_dir: Path, cut: Callable[[bytes], bytes], text_last: bool
) -> None:
    """The other side of the rule above: a tail that is not one whole record as wide as the
    header (an open quote, too few values) is a write cut off, as before."""
    fill_every_table(session_dir)
    torn = cut(_issue_row(session_dir, text_last))
    with (session_dir / "issues.csv").open("ab") as f:
        f.write(torn)
    with pytest.warns(UserWarning) as caught:
        issues = toolkit.open_session(session_dir).events["issues"]
    assert issues["issue_id"].unique().tolist() == ["I1", "I2"]
    assert [str(w.message) for w in caught] == [
        "issues.csv, line 8: the last record is incomplete (a write was cut off) and was "
        "skipped; every complete record was read"
    ]
    Recorder(session_dir).append("issues", "raised", issue_id="I10", text="x", channel="paper")
    assert (session_dir / ".torn" / "issues.txt").read_bytes() == torn + b"\n"
    assert _tail_warnings(session_dir) == []
    reopened = toolkit.open_session(session_dir).events["issues"]
    assert reopened["issue_id"].unique().tolist() == ["I1", "I2", "I10"]


# --- edits that break the records: named precisely, with what to do ------------------------


def _joined_row_deleted(folder: Path) -> None:
    path = folder / "participants.csv"
    rows = _rows(path)
    _save(path, rows[:1])


def _due_date_reformatted(folder: Path) -> None:
    path = folder / "actions.csv"
    path.write_bytes(path.read_bytes().replace(b"2027-01-31", b"31/01/2027"))


def _whole_number_as_decimal(folder: Path) -> None:
    path = folder / "votes.csv"
    path.write_bytes(re.sub(rb",paper,7,", b",paper,7.0,", path.read_bytes()))


def _semicolons(folder: Path) -> None:  # a spreadsheet set to a European locale
    path = folder / "votes.csv"
    _save(path, _rows(path), delimiter=";")


def _empty_column_added(folder: Path) -> None:
    path = folder / "votes.csv"
    _save(path, [[*r, ""] for r in _rows(path)])


def _row_of_empty_cells(folder: Path) -> None:
    path = folder / "votes.csv"
    rows = _rows(path)
    _save(path, [*rows, [""] * len(rows[0])])


def _row_pasted_twice(folder: Path) -> None:
    path = folder / "votes.csv"
    rows = _rows(path)
    _save(path, [*rows, rows[1]])


BROKEN: list[tuple[Callable[[Path], None], str]] = [
    (
        _joined_row_deleted,
        r"votes.csv, line 2, column 'participant_id': refers to participant_id 'P1', which "
        r"is not in participants.csv; restore that participant or correct the id",
    ),
    (
        _due_date_reformatted,
        r"actions.csv, line 2, column 'due': '31/01/2027' is not a date like 2026-11-28 \(a "
        r"spreadsheet may have reformatted it: restore the original text\)",
    ),
    (_whole_number_as_decimal, r"votes.csv, line 3, column 'dots': '7.0' is not a whole number"),
    (
        _semicolons,
        r"votes.csv, line 1: its columns are separated by semicolons.*save it again as CSV "
        r"with commas",
    ),
    (
        _empty_column_added,
        r"votes.csv, line 1: the header has 1 column\(s\) without a name.*delete those columns",
    ),
    (
        _row_of_empty_cells,
        r"votes.csv, line 4, column 'event_id': is empty but required; fill it in or delete "
        r"the row",
    ),
    (_row_pasted_twice, r"votes.csv, line 4, column 'event_id': event id '\w+' appears twice"),
]


@pytest.mark.parametrize(
    ("edit", "message"), BROKEN, ids=[e.__name__.strip("_") for e, _ in BROKEN]
)
def test_a_spreadsheet_edit_that_breaks_the_records_says_what_to_fix(
    session_dir: Path,
    edit: Callable[[Path], None],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill_every_table(session_dir)
    edit(session_dir)
    with pytest.raises(RecordError) as caught:
        toolkit.open_session(session_dir)
    problems = "\n".join(str(p) for p in caught.value.problems)
    assert re.search(message, problems), problems
    assert cli(["validate", str(session_dir)]) == 1
    assert re.search(message, capsys.readouterr().out)
    # and the screens refuse to write into a file they cannot read back
    if edit in (_semicolons, _empty_column_added):
        with pytest.raises(OSError, match=r"could not save to votes.csv: its header row"):
            paper_tally(Recorder(session_dir), 1)


def test_excel_csv_utf8_is_read_by_the_live_screens_too(session_dir: Path) -> None:
    fill_every_table(session_dir)
    cast = toolkit.open_session(session_dir).events["votes"]["event_id"].tolist()
    assert cast
    _bom_on_every_table(session_dir)  # saved by Excel as 'CSV UTF-8'
    tail = TailReader(session_dir, TABLE_BY_NAME["votes"])
    assert [row["event_id"] for row in tail.read_new()] == cast  # the mark is not a column
    after = paper_tally(Recorder(session_dir), 4)
    assert [row["event_id"] for row in tail.read_new()] == [after["event_id"]]


def test_rows_of_one_thing_at_the_same_moment_are_named(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows the toolkit writes never share a timestamp; two rows of one round that do (typed
    by hand, or from a folder older than the rule) are ordered only by the file: said."""
    rec = Recorder(session_dir)
    for n in (1, 2):
        rec.append("options", "added", option_id=f"O{n}", round_id="R1", label=f"{n}",
                   position=n)  # fmt: skip
    rec.append("rounds", "created", round_id="R1", number=1, status="draft")
    rec.append("rounds", "opened", round_id="R1", number=1, status="open")
    rounds = session_dir / "rounds.csv"
    header, *rows = _rows(rounds)
    at = header.index("timestamp")
    rows[1][at] = rows[0][at]
    _save(rounds, [header, *rows])
    assert cli(["validate", str(session_dir)]) == 1  # a timestamp edited by hand: it shows
    out = capsys.readouterr().out
    assert "rounds.csv, line 3: this row was changed after it was recorded" in out
    assert out.splitlines()[0] == (
        "warning: rounds.csv, line 3, column 'timestamp': this row and line 2 record the same "
        "round at the same moment, so only their order in the file says which came first; it "
        "was kept. If the file was sorted, restore its original order from a backup"
    )


# --- ids that a spreadsheet takes for numbers -----------------------------------------------

# What a spreadsheet reads as a number: digits, with a decimal point or an exponent or both.
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
REWRITTEN = (
    "is an id that a spreadsheet turned into a number; restore the id from a backup or the "
    "original file (in a spreadsheet, import the id columns as text)"
)


def test_new_event_ids_never_look_like_numbers_to_a_spreadsheet() -> None:
    """A 16-hex-digit id is all digits, or digits and one 'e', about once in 400 draws."""
    ids = [new_event_id() for _ in range(100_000)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert [i for i in ids if NUMBER.fullmatch(i)] == []
    assert len(set(ids)) == len(ids)


def _set_cells(path: Path, column: str, cells: dict[int, str]) -> None:
    """Write `cells` (line number -> new text) into `column`, as a spreadsheet saves."""
    rows = _rows(path)
    at = rows[0].index(column)
    for line, text in cells.items():
        rows[line - 1][at] = text
    _save(path, rows)


def _problems(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problems opening the folder raises, checked to be what `toolkit validate` says."""
    with pytest.raises(RecordError) as caught:
        toolkit.open_session(folder)
    problems = [str(p) for p in caught.value.problems]
    assert cli(["validate", str(folder)]) == 1
    assert capsys.readouterr().out.splitlines() == problems
    return problems


@pytest.mark.parametrize(
    "number", ["1.79769313486232E+308", "8.404E+19"], ids=["libreoffice-overflow", "exponent"]
)
def test_event_ids_a_spreadsheet_turned_into_numbers_are_named(
    session_dir: Path, number: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice reads 8404e17004847270 and 8404e17004847271 as numbers too large to hold,
    and saves both as the largest number there is: two events now share an id."""
    fill_every_table(session_dir)
    _set_cells(session_dir / "votes.csv", "event_id", {2: number, 3: number})
    assert _problems(session_dir, capsys) == [
        f"votes.csv, line 2, column 'event_id': {number!r} {REWRITTEN}",
        f"votes.csv, line 3, column 'event_id': {number!r} {REWRITTEN}",
    ]


def test_a_reference_a_spreadsheet_turned_into_a_decimal_is_named(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_every_table(session_dir)
    _set_cells(session_dir / "votes.csv", "option_id", {2: "42.0"})
    assert _problems(session_dir, capsys) == [
        f"votes.csv, line 2, column 'option_id': '42.0' {REWRITTEN}",
        "votes.csv, line 2, column 'option_id': refers to option_id '42.0', which is not in "
        "options.csv; restore that option or correct the id",
    ]


def test_ids_that_only_look_like_numbers_are_a_warning(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older folder may hold such ids as they were made (0042, 8404e17004847270), or a
    spreadsheet may have rewritten 0042 as 42 already: the reader cannot tell which."""
    fill_every_table(session_dir)
    _set_cells(session_dir / "votes.csv", "event_id", {2: "42", 3: "8404e17004847270"})
    _set_cells(session_dir / "issues.csv", "event_id", {3: "0042"})
    tail = (
        "only digits (or digits and one 'e'): a spreadsheet takes such an id for a number "
        "and rewrites it (0042 as 42, 8404e17 as 8.404E+20), so check it against a backup or "
        "the original file; in a spreadsheet, import the id columns as text"
    )
    expected = [
        f"issues.csv, line 3, column 'event_id': id '0042' is {tail}",
        f"votes.csv, line 2, column 'event_id': 2 ids, the first '42' here, are {tail}",
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert toolkit.open_session(session_dir).events["votes"]["event_id"].tolist() == [
            "42",
            "8404e17004847270",
        ]
    # the ids were edited in this folder, and that shows too (older folders have no digests)
    assert [str(w.message) for w in caught if w.category is not EditedSessionWarning] == expected
    assert cli(["validate", str(session_dir)]) == 1
    out = capsys.readouterr().out
    assert [f"warning: {w}" for w in expected] == [
        line for line in out.splitlines() if "warning" in line
    ]
