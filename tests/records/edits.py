"""Hand edits of a session's tables, as an analyst makes them in a spreadsheet (issue 17): each
reads a table with the csv module, changes its rows and saves it back with CRLF, as
test_spreadsheet_edits does. The header row always stays first. `EDITS` lists them as
(id, description, edit); an edit changes the session folder it is given, in place."""

from __future__ import annotations

import csv
import hashlib
import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

Rows = list[list[str]]
Edit = Callable[[Path], None]
STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"


def read_rows(path: Path) -> Rows:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def save_rows(path: Path, rows: Rows) -> None:
    """What a spreadsheet writes back: CRLF line ends, every cell quoted its own way."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def _edit_body(path: Path, change: Callable[[list[str], Rows], Rows]) -> None:
    """Save `path` with its rows (below the header) as `change(header, rows)` returns them."""
    header, *body = read_rows(path)
    save_rows(path, [header, *change(header, body)])


def _column(header: list[str], name: str) -> int:
    return header.index(name)


def _new_id(row: list[str]) -> str:
    """An event id nobody has used: typed by hand, but the same on every run."""
    return hashlib.sha256("edited by hand".join(row).encode()).hexdigest()[:16]


def _later(rows: Rows, at: int) -> str:
    """A timestamp a second after the table's last."""
    last = max(datetime.strptime(r[at], STAMP) for r in rows)
    return (last + timedelta(seconds=1)).strftime(STAMP)


def _hidden_rows(header: list[str], rows: Rows) -> list[int]:
    """Indexes of each hidden issue's latest row, in file order (the untouched session's)."""
    issue, hidden = _column(header, "issue_id"), _column(header, "hidden")
    latest = {r[issue]: n for n, r in enumerate(rows)}
    return sorted(n for n in latest.values() if rows[n][hidden] == "true")


# --- sorting and reordering ------------------------------------------------------------------


def issues_sorted_by_event(folder: Path) -> None:
    _edit_body(folder / "issues.csv",
               lambda h, rows: sorted(rows, key=lambda r: r[_column(h, "event")]))  # fmt: skip


def rounds_newest_first(folder: Path) -> None:
    _edit_body(folder / "rounds.csv",
               lambda h, rows: sorted(rows, key=lambda r: r[_column(h, "timestamp")],
                                      reverse=True))  # fmt: skip


def every_table_reversed(folder: Path) -> None:
    for path in sorted(folder.glob("*.csv")):
        _edit_body(path, lambda _, rows: rows[::-1])


def every_table_shuffled(folder: Path) -> None:
    rng = random.Random(17)

    def change(_: list[str], rows: Rows) -> Rows:
        return rng.sample(rows, len(rows))

    for path in sorted(folder.glob("*.csv")):
        _edit_body(path, change)


# --- votes and participants ------------------------------------------------------------------


def _first_cast(header: list[str], rows: Rows) -> int:
    return next(n for n, r in enumerate(rows) if r[_column(header, "event")] == "cast")


def vote_duplicated(folder: Path) -> None:
    """A cast row copied and pasted below itself, its event id changed to a new one."""

    def change(h: list[str], rows: Rows) -> Rows:
        n = _first_cast(h, rows)
        copy = [*rows[n]]
        copy[_column(h, "event_id")] = _new_id(copy)
        return [*rows[: n + 1], copy, *rows[n + 1 :]]

    _edit_body(folder / "votes.csv", change)


def vote_of_100_dots(folder: Path) -> None:
    def change(h: list[str], rows: Rows) -> Rows:
        rows[_first_cast(h, rows)][_column(h, "dots")] = "100"
        return rows

    _edit_body(folder / "votes.csv", change)


def withdrawn_never_cast(folder: Path) -> None:
    """The last voter takes back a dot from an option of their round they never voted for."""

    def change(h: list[str], rows: Rows) -> Rows:
        last = rows[-1]
        rid, pid = last[_column(h, "round_id")], last[_column(h, "participant_id")]
        mine = [r for r in rows if (r[_column(h, "round_id")], r[_column(h, "participant_id")])
                == (rid, pid)]  # fmt: skip
        cast = {r[_column(h, "option_id")] for r in mine}
        never = next(o for o in _options(folder, rid) if o not in cast)
        row = [*last]
        row[_column(h, "event")], row[_column(h, "option_id")] = "withdrawn", never
        row[_column(h, "dots")] = "1"
        row[_column(h, "timestamp")] = _later(rows, _column(h, "timestamp"))
        row[_column(h, "event_id")] = _new_id(row)
        return [*rows, row]

    _edit_body(folder / "votes.csv", change)


def _options(folder: Path, round_id: str) -> list[str]:
    header, *rows = read_rows(folder / "options.csv")
    at, rid = _column(header, "option_id"), _column(header, "round_id")
    return list(dict.fromkeys(r[at] for r in rows if r[rid] == round_id))


def vote_for_another_rounds_option(folder: Path) -> None:
    def change(h: list[str], rows: Rows) -> Rows:
        row = rows[_first_cast(h, rows)]
        rid = row[_column(h, "round_id")]
        other = next(r[_column(h, "round_id")] for r in rows if r[_column(h, "round_id")] != rid)
        row[_column(h, "option_id")] = _options(folder, other)[0]
        return rows

    _edit_body(folder / "votes.csv", change)


def participant_moved_group(folder: Path) -> None:
    """The first participant put in another group; their votes keep the old one."""

    def change(h: list[str], rows: Rows) -> Rows:
        at = _column(h, "group_id")
        old = rows[0][at]
        rows[0][at] = next(r[at] for r in rows if r[at] != old)
        return rows

    _edit_body(folder / "participants.csv", change)


def _added_row(folder: Path, table: str, values: dict[str, str], at: str = "") -> int:
    """A row added at the end of `table`, a second after its last (or at `at`); its line."""

    def change(h: list[str], rows: Rows) -> Rows:
        row = [values.get(name, "") for name in h]
        row[_column(h, "timestamp")] = at or _later(rows, _column(h, "timestamp"))
        row[_column(h, "event_id")] = _new_id(row)
        return [*rows, row]

    _edit_body(folder / f"{table}.csv", change)
    return (folder / f"{table}.csv").read_bytes().count(b"\n")  # the row ends the file


def threshold_lowered_after_voting(folder: Path) -> int:
    """The small-group threshold lowered to 2 after the vote, which the console refuses."""
    return _added_row(folder, "settings", {"event": "set", "key": "display_threshold",
                                           "value": "2"})  # fmt: skip


def participant_event(folder: Path, event: str, group: str = "") -> int:
    """The first participant's join row copied as another `event`, a second after the
    table's last row, in `group` if given."""
    header, first, *_ = read_rows(folder / "participants.csv")
    values = dict(zip(header, first, strict=True)) | {"event": event}
    return _added_row(folder, "participants", values | ({"group_id": group} if group else {}))


def option_for_an_issue_already_in_its_round(folder: Path) -> int:
    """An option added to the first round while it was a draft, for the issue of its first
    option, in other words."""
    header, *rows = read_rows(folder / "options.csv")
    first = dict(zip(header, rows[0], strict=True))
    mine = [r for r in rows if r[_column(header, "round_id")] == first["round_id"]]
    last = max(datetime.strptime(r[_column(header, "timestamp")], STAMP) for r in mine)
    at = (last + timedelta(milliseconds=100)).strftime(STAMP)  # before the round's own row
    values = first | {"option_id": first["option_id"] + "-again", "label": "Booking a repair",
                      "position": str(len(mine) + 1)}  # fmt: skip
    return _added_row(folder, "options", values, at)


# --- unhiding by hand, without an `unhidden` event -------------------------------------------


def unhidden_by_edited_row(folder: Path) -> None:
    """After each hidden issue's `hidden` row, a later `edited` row saying hidden=false."""

    def change(h: list[str], rows: Rows) -> Rows:
        added: Rows = []
        for n in _hidden_rows(h, rows):
            row = [*rows[n]]
            row[_column(h, "event")], row[_column(h, "hidden")] = "edited", "false"
            row[_column(h, "timestamp")] = _later(rows + added, _column(h, "timestamp"))
            row[_column(h, "event_id")] = _new_id(row)
            added.append(row)
        return rows + added

    _edit_body(folder / "issues.csv", change)


def hidden_cell_set_false(folder: Path) -> None:
    """Each hidden issue's `hidden` cell changed from true to false in its latest row."""

    def change(h: list[str], rows: Rows) -> Rows:
        for n in _hidden_rows(h, rows):
            rows[n][_column(h, "hidden")] = "false"
        return rows

    _edit_body(folder / "issues.csv", change)


EDITS: list[tuple[str, str, Edit]] = [
    ("issues-sorted-by-event", "issues.csv sorted by its event column", issues_sorted_by_event),
    ("rounds-newest-first", "rounds.csv sorted newest first", rounds_newest_first),
    ("every-table-reversed", "every table's rows in reverse order", every_table_reversed),
    ("every-table-shuffled", "every table's rows shuffled (seeded)", every_table_shuffled),
    ("vote-duplicated", "a cast vote copied with a new event id", vote_duplicated),
    ("vote-of-100-dots", "a cast vote's dots edited to 100", vote_of_100_dots),
    ("withdrawn-never-cast", "a withdrawn row added for a dot never cast", withdrawn_never_cast),
    ("vote-for-another-rounds-option", "a vote's option changed to one of the other round",
     vote_for_another_rounds_option),
    ("participant-moved-group", "a participant moved to another group; their votes keep "
     "the old one", participant_moved_group),
    ("unhidden-by-edited-row", "an edited row with hidden=false added after each hidden "
     "issue's hidden row", unhidden_by_edited_row),
    ("hidden-cell-set-false", "each hidden issue's hidden cell set to false in its latest row",
     hidden_cell_set_false),
]  # fmt: skip
