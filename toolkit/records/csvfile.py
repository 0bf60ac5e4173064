"""Reading one table's CSV: whole files with every problem listed, or only the new bytes."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.records.cells import column_from_cells, rewritten_id
from toolkit.records.digests import Edit, chain_edits
from toolkit.records.errors import Problem, RecordError
from toolkit.records.fields import DIGEST, Table

BOM = b"\xef\xbb\xbf"


def complete_length(data: bytes) -> int:
    """Length of the leading part of `data` made of whole records: it ends with a newline
    that is outside any quoted field. What follows is a record still being written, or torn."""
    quotes = data.count(b'"')
    end = len(data)
    while True:
        nl = data.rfind(b"\n", 0, end)
        if nl < 0:
            return 0
        quotes -= data.count(b'"', nl + 1, end)
        if quotes % 2 == 0:
            return nl + 1
        end = nl


def _one_record(data: bytes) -> list[str] | None:
    """The single record `data` holds, or None if it is not exactly one whole record."""
    if data.count(b'"') % 2:  # an open quote: the rest of the field never came
        return None
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):  # e.g. a write cut inside a character
        return None
    return rows[0] if len(rows) == 1 else None


def ends_unterminated(data: bytes) -> bool:
    """Whether the file `data` ends with a whole record that lacks only its line break (as
    some spreadsheet programs save), rather than a record torn by a crash: the bytes after
    `complete_length` parse as one record as wide as the header row and open no quote. If
    they are the header row itself, its width is its own. A row cut between its \\r and \\n
    is whole too.

    The trade-off: a crash inside the last (unquoted) field of a row would leave a full-width
    prefix, read as whole with a shortened last value. Our rows are each one write, fsynced,
    so that takes a crash in the middle of one small write; a spreadsheet's last row
    without a line break is common."""
    start = complete_length(data)
    if start == len(data):
        return False
    row = _one_record(data[start:])
    if not row:  # None, or [] for a lone line break
        return False
    if start == 0:
        return True
    header = _one_record(data[: data.index(b"\n") + 1])
    return header is not None and len(row) == len(header)


def _decode(data: bytes, file: str, first_line: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise RecordError(
            [
                Problem(
                    file,
                    "is not valid UTF-8 text (was it saved in another "
                    "encoding?); save it again as 'CSV UTF-8'",
                    line,
                )
            ]
        ) from exc


def _records(text: str, first_line: int) -> tuple[list[list[str]], list[int]]:
    """Parsed records and the line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = list(reader)
    if reader.line_num == len(rows):  # no line break inside a cell: one record per line
        return rows, list(range(first_line, first_line + len(rows)))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[int] = []
    previous_end = 0
    for _ in reader:
        lines.append(first_line + previous_end)
        previous_end = reader.line_num
    return rows, lines


@dataclass
class TableData:
    """One table's validated events as typed columns, with what was wrong with them."""

    table: Table
    columns: dict[str, list[Any]]
    lines: list[int]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    chained: bool = False  # the file has its digest column
    edits: list[Edit] = field(default_factory=list)  # where it differs from what was recorded
    last_digest: str = ""  # of its latest row

    def __len__(self) -> int:
        return len(self.lines)

    def rows(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        return [
            dict(zip(names, values))  # noqa: B905 (columns are equal length by construction)
            for values in zip(*self.columns.values())  # noqa: B905
        ]


def check_header(table: Table, header: list[str], file: str) -> list[Problem]:
    expected = table.field_names
    if len(header) == 1 and ";" in header[0] and "event_id" in header[0]:
        return [
            Problem(
                file,
                "its columns are separated by semicolons (a spreadsheet set to another "
                "country's format saved it so); save it again as CSV with commas, "
                "'CSV UTF-8 (comma delimited)'",
                1,
            )
        ]
    problems = []
    missing = [n for n in expected if n not in header]
    unnamed = sum(1 for n in header if not n.strip())
    if unnamed:
        problems.append(
            Problem(
                file,
                f"the header has {unnamed} column(s) without a name (a spreadsheet may have "
                "added empty columns); delete those columns",
                1,
            )
        )
    extra = [n for n in header if n not in expected and n.strip() and n != DIGEST]
    dupes = sorted({n for n in header if header.count(n) > 1 and n.strip()})
    if missing:
        problems.append(
            Problem(
                file,
                f"the header lacks column(s) {', '.join(missing)}; "
                "restore them (the columns are listed in docs/records.md)",
                1,
            )
        )
    if extra:
        problems.append(
            Problem(
                file,
                f"the header has unknown column(s) {', '.join(extra)}; "
                "remove them or move them to another file",
                1,
            )
        )
    if dupes:
        problems.append(Problem(file, f"the header repeats column(s) {', '.join(dupes)}", 1))
    return problems


def typed_columns(
    table: Table, header: list[str], rows: list[list[str]], lines: list[int], file: str
) -> TableData:
    """Validate and type parsed rows; columns come out in the schema's order."""
    data = TableData(table, {}, lines)
    good_rows, good_lines = rows, lines
    if any(len(row) != len(header) for row in rows):
        good_rows, good_lines = [], []
        for row, line in zip(rows, lines, strict=True):
            if len(row) == len(header):
                good_rows.append(row)
                good_lines.append(line)
            elif row:  # csv gives [] for a blank line; a blank line is harmless
                data.problems.append(
                    Problem(
                        file,
                        f"has {len(row)} values but the header "
                        f"has {len(header)}; check for a stray or "
                        "missing comma",
                        line,
                    )
                )
    data.lines = good_lines
    columns = list(zip(*good_rows, strict=True)) if good_rows else [()] * len(header)
    by_name = dict(zip(header, columns, strict=True))
    for f in table.all_fields:
        data.columns[f.name] = column_from_cells(
            f, by_name[f.name], good_lines, file, data.problems, data.warnings
        )
    return data


def read_table(folder: Path, table: Table) -> TableData:
    """Read a whole table file, listing every problem; a torn last record is skipped with a
    warning, a whole one saved without its line break is read with a warning."""
    path = folder / table.filename
    file = table.filename
    empty = TableData(table, {n: [] for n in table.field_names}, [])
    if not path.exists():
        empty.problems.append(
            Problem(
                file,
                "is missing; every session folder needs it "
                "(restore it from a backup, or recreate it with just its "
                "header row from docs/records.md)",
            )
        )
        return empty
    raw = path.read_bytes().removeprefix(BOM)  # Excel's 'CSV UTF-8' starts with one
    if not raw.strip():
        empty.problems.append(
            Problem(
                file,
                "is empty; it needs at least its header row: " + ",".join(table.file_names),
                1,
            )
        )
        return empty
    whole = complete_length(raw)
    unterminated = ends_unterminated(raw)
    try:
        text = _decode(raw if unterminated else raw[:whole], file, 1)
        rows, lines = _records(text, 1)
    except RecordError as exc:
        empty.problems.extend(exc.problems)
        return empty
    except csv.Error as exc:
        empty.problems.append(Problem(file, f"is not readable CSV ({exc})"))
        return empty
    tail: list[Problem] = []
    line = 1 + raw.count(b"\n", 0, whole)
    if unterminated:
        tail.append(
            Problem(
                file,
                f"the {'header row' if whole == 0 else 'last record'} has no line break at "
                "its end (as some spreadsheet programs save); it was read, and the next "
                "save adds the line break",
                line,
            )
        )
    elif whole < len(raw):
        tail.append(
            Problem(
                file,
                "the last record is incomplete (a write was cut off) and "
                "was skipped; every complete record was read",
                line,
            )
        )
    if not rows:
        empty.problems.append(Problem(file, "has no header row", 1))
        return empty
    header = rows[0]
    problems = check_header(table, header, file)
    if problems:
        empty.problems.extend(problems)
        return empty
    data = typed_columns(table, header, rows[1:], lines[1:], file)
    if DIGEST in header:
        data.chained = True
        data.edits, data.last_digest = chain_edits(header, rows[1:], lines[1:], table.field_names)
    data.warnings.extend(tail)
    _check_unique_ids(data, file)
    in_time_order(data)
    data.warnings.extend(_same_moment(data, file))
    return data


def in_time_order(data: TableData) -> None:
    """Put the rows in the order the events happened: by timestamp, which the toolkit makes
    later for every row it appends, so sorting or shuffling the lines changes nothing. Rows
    with the same timestamp (only older folders, or rows added by hand) keep their order in
    the file. `data.lines` still names each row's line in the file."""
    stamps = data.columns["timestamp"]
    keys = [s or "" for s in stamps]  # a malformed timestamp is a problem of its own
    if all(a <= b for a, b in itertools.pairwise(keys)):
        return
    order = sorted(range(len(keys)), key=keys.__getitem__)
    data.lines = [data.lines[i] for i in order]
    for name, column in data.columns.items():
        data.columns[name] = [column[i] for i in order]


def _same_moment(data: TableData, file: str) -> list[Problem]:
    """Two events of one thing (one issue, one round...) recorded at the same moment: the
    file's order is all that orders them, and a sorted file loses it."""
    key = data.table.key
    if not key:
        return []
    stamps = data.columns["timestamp"]
    out = []
    for i in range(1, len(stamps)):
        same = stamps[i] is not None and stamps[i] == stamps[i - 1]
        if same and all(data.columns[k][i] == data.columns[k][i - 1] for k in key):
            out.append(
                Problem(
                    file,
                    f"this row and line {data.lines[i - 1]} record the same "
                    f"{key[0].removesuffix('_id')} at the same moment, so only their order in "
                    "the file says which came first; it was kept. If the file was sorted, "
                    "restore its original order from a backup",
                    data.lines[i],
                    "timestamp",
                )
            )
    return out


def _check_unique_ids(data: TableData, file: str) -> None:
    seen: set[str] = set()
    for event_id, line in zip(data.columns["event_id"], data.lines, strict=True):
        if event_id in seen and not rewritten_id(event_id):  # that was said already
            data.problems.append(
                Problem(
                    file,
                    f"event id {event_id!r} appears twice; each "
                    "event needs its own id (was a row copied?)",
                    line,
                    "event_id",
                )
            )
        seen.add(event_id)


class TailReader:
    """Returns the events appended to one table since the previous call, reading only the
    new bytes. A record still being written is left for the next call."""

    def __init__(self, folder: Path, table: Table) -> None:
        self.path = folder / table.filename
        self.table = table
        self._offset = 0
        self._next_line = 1
        self._header: list[str] | None = None

    def read_new(self) -> list[dict[str, Any]]:
        with self.path.open("rb") as f:
            f.seek(self._offset)
            chunk = f.read()
        whole = complete_length(chunk)
        if whole == 0:
            return []
        file = self.table.filename
        skip = len(BOM) if self._offset == 0 and chunk.startswith(BOM) else 0  # as Excel saves
        text = _decode(chunk[skip:whole], file, self._next_line)
        rows, lines = _records(text, self._next_line)
        if self._header is None:
            header, rows, lines = rows[0], rows[1:], lines[1:]
            problems = check_header(self.table, header, file)
            if problems:
                raise RecordError(problems)
            self._header = header
        data = typed_columns(self.table, self._header, rows, lines, file)
        if data.problems:
            raise RecordError(data.problems)
        in_time_order(data)
        self._offset += whole
        self._next_line += text.count("\n")
        return data.rows()
