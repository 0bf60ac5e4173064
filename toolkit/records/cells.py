"""Values to CSV cells and back, with spreadsheet formulas neutralised on the way out."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from toolkit.records.errors import Problem
from toolkit.records.fields import Field

# A cell starting with one of these is run as a formula by Excel or LibreOffice. Such a cell
# is written with a leading apostrophe; a leading apostrophe is doubled so the rule reverses.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
# As the data package declares them; a day of the month past the month's end is checked apart.
_DATE = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])")
_DATETIME = re.compile(_DATE.pattern + r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\.[0-9]{6}Z")
_DAY = operator.itemgetter(slice(0, 10))  # the date part of a date or datetime cell
# Table Schema's boolean values (its default trueValues and falseValues); empty is None.
_BOOLEANS: dict[str, bool | None] = dict.fromkeys(("true", "True", "TRUE", "1"), True)
_BOOLEANS |= dict.fromkeys(("false", "False", "FALSE", "0"), False) | {"": None}
# An id that a spreadsheet took for a number is saved as one: with a decimal point, or in
# scientific notation (0042 as 42.0, 8404e17004847270 as 1.79769313486232E+308).
_REWRITTEN_ID = re.compile(
    r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[0-9]+[eE][+-][0-9]+"
)
# An id a spreadsheet would take for a number: only digits, or digits and one 'e'.
_NUMBER_LIKE_ID = re.compile(r"[0-9]+(?:[eE][0-9]+)?")
# Either kind, and a few more: the first pass, over a whole column joined by line breaks
# (possessive, as nothing a quantifier gives back could match what follows it).
_NUMBER_CELL = re.compile(r"[+-]?+[0-9.]++(?:[eE][+-]?+[0-9]++)?+")
_NUMBER_IN_COLUMN = re.compile(r"\n" + _NUMBER_CELL.pattern + r"(?=\n)")

Report = Callable[[int, str], None]  # (index of the cell in its column, message)


def guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def to_cell(field: Field, value: Any) -> str:
    """The cell text for `value`; raises ValueError with a message for the person typing."""
    if value is None or value == "":
        if field.required:
            raise ValueError("is required")
        return ""
    if field.type == "string":
        if not isinstance(value, str):
            raise ValueError(f"must be text, not {type(value).__name__}")
        _check_text(field, value)
        return guard(value)
    if field.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, not {value!r}")
        _check_range(field, value)
        return str(value)
    if field.type == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {value!r}")
        return "true" if value else "false"
    if field.type == "date":
        text = value.isoformat() if isinstance(value, date) else str(value)
        if not _DATE.fullmatch(text):
            raise ValueError(f"must be a date like 2026-11-28, not {text!r}")
        date.fromisoformat(text)
        return text
    if field.type == "datetime":
        if not isinstance(value, str) or not _DATETIME.fullmatch(value):
            raise ValueError(f"must be a UTC time like 2026-11-28T14:05:00.000000Z, not {value!r}")
        return value
    raise AssertionError(f"unknown field type {field.type}")


def _check_text(field: Field, value: str) -> None:
    if len(value) > field.max_length:
        raise ValueError(f"is {len(value):,} characters long; the limit is {field.max_length:,}")
    if "\x00" in value:
        raise ValueError("contains a NUL character, which cannot be saved; remove it")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("contains a broken character (a lone surrogate); retype it") from exc
    if field.enum and value not in field.enum:
        raise ValueError(f"{value!r} is not one of: {', '.join(field.enum)}")


def _check_range(field: Field, value: int) -> None:
    if field.minimum is not None and value < field.minimum:
        raise ValueError(f"{value} is below the minimum of {field.minimum}")
    if field.maximum is not None and value > field.maximum:
        raise ValueError(f"{value} is above the maximum of {field.maximum}")


def rewritten_id(cell: str) -> bool:
    """Whether an id cell holds what a spreadsheet writes for a number (see _REWRITTEN_ID)."""
    return _REWRITTEN_ID.fullmatch(cell) is not None


def column_from_cells(
    field: Field,
    cells: Sequence[str],
    lines: Sequence[int],
    file: str,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
) -> list[Any]:
    """Typed values of one column, read back; bad cells are added to `problems` as None.
    Each check runs first over the whole column at C speed, then cell by cell only when
    something is wrong, so that 100,000 rows open in well under a second."""

    def bad(i: int, message: str) -> None:
        problems.append(Problem(file, message, lines[i], field.name))

    def warn(i: int, message: str) -> None:
        if warnings is not None:
            warnings.append(Problem(file, message, lines[i], field.name))

    if field.required and "" in cells:
        for i, cell in enumerate(cells):
            if cell == "":
                bad(i, "is empty but required; fill it in or delete the row")
    if field.type == "string":
        joined = "\n".join(cells)
        guarded = joined.startswith("'") or "\n'" in joined
        values: list[Any] = (
            [c[1:] if c[:1] == "'" else c for c in cells] if guarded else list(cells)
        )
        if field.enum and not set(cells) <= set(field.enum) | {""}:
            for i, c in enumerate(cells):  # as written: no enum value needs the guard
                if c and c not in field.enum:
                    bad(i, f"{c!r} is not one of: {', '.join(field.enum)}")
        if cells and max(map(len, cells)) > field.max_length:  # a guarded cell is one longer
            _check_lengths(field, values, bad)
        if field.is_id and _NUMBER_IN_COLUMN.search(f"\n{joined}\n"):
            _check_ids(cells, bad, warn)
        return values
    if field.type == "integer":
        return _integers(field, cells, bad)
    if field.type == "boolean":
        return _booleans(cells, bad)
    return _dates(field, cells, bad)


def _check_lengths(field: Field, values: Sequence[str], bad: Report) -> None:
    for i, v in enumerate(values):
        if len(v) > field.max_length:
            bad(
                i,
                f"is {len(v):,} characters long; the limit is {field.max_length:,}: shorten "
                "it to fit",
            )


def _check_ids(cells: Sequence[str], bad: Report, warn: Report) -> None:
    """Ids a spreadsheet turned into numbers are problems; ids it would are one warning."""
    number_like = []
    number = _NUMBER_CELL.fullmatch
    for i in [i for i, c in enumerate(cells) if number(c)]:
        c = cells[i]
        if _REWRITTEN_ID.fullmatch(c):
            bad(
                i,
                f"{c!r} is an id that a spreadsheet turned into a number; restore the id "
                "from a backup or the original file (in a spreadsheet, import the id "
                "columns as text)",
            )
        elif _NUMBER_LIKE_ID.fullmatch(c):
            number_like.append(i)
    if number_like:
        first = cells[number_like[0]]
        ids = (
            f"id {first!r} is"
            if len(number_like) == 1
            else f"{len(number_like):,} ids, the first {first!r} here, are"
        )
        warn(
            number_like[0],
            f"{ids} only digits (or digits and one 'e'): a spreadsheet takes such an id "
            "for a number and rewrites it (0042 as 42, 8404e17 as 8.404E+20), so check it "
            "against a backup or the original file; in a spreadsheet, import the id "
            "columns as text",
        )


def _dates(field: Field, cells: Sequence[str], bad: Report) -> list[Any]:
    """Dates and datetimes as text, checked: written as declared, and on a day that exists."""
    pattern, example = (
        (_DATETIME, "2026-11-28T14:05:00.000000Z")
        if field.type == "datetime"
        else (_DATE, "2026-11-28")
    )
    column_pattern = re.compile(f"(?:(?:{pattern.pattern})?\n)*")
    wrong = set()
    if not column_pattern.fullmatch("\n".join(cells) + "\n" if cells else ""):
        wrong = {i for i, c in enumerate(cells) if c and not pattern.fullmatch(c)}
    no_such_day = {d for d in set(map(_DAY, cells)) - {""} if not _is_day(d)}
    if no_such_day:  # such as 2026-02-30
        wrong |= {i for i, c in enumerate(cells) if _DAY(c) in no_such_day}
    for i in sorted(wrong):
        bad(
            i,
            f"{cells[i]!r} is not a {field.type} like {example} (a spreadsheet may have "
            "reformatted it: restore the original text)",
        )
    return [c or None for c in cells]


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _booleans(cells: Sequence[str], bad: Report) -> list[Any]:
    if set(cells) <= _BOOLEANS.keys():
        return [_BOOLEANS[c] for c in cells]
    for i, c in enumerate(cells):
        if c not in _BOOLEANS:
            bad(i, f"{c!r} is not true or false")
    return [_BOOLEANS.get(c) for c in cells]


def _integers(field: Field, cells: Sequence[str], bad: Any) -> list[Any]:
    try:  # fast path: every cell a plain number
        values: list[Any] = [int(c) if c else None for c in cells]
    except ValueError:
        values = []
        for i, c in enumerate(cells):
            try:
                values.append(int(c) if c else None)
            except ValueError:
                bad(i, f"{c!r} is not a whole number")
                values.append(None)
    lo, hi = field.minimum, field.maximum
    present = [v for v in values if v is not None]
    if present and (
        (lo is not None and min(present) < lo) or (hi is not None and max(present) > hi)
    ):
        for i, v in enumerate(values):
            if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
                bad(i, f"{v} is outside the allowed range {lo}..{hi}")
    return values
