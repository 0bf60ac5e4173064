"""A reopened session replayed through the workshop's rules: the events they would have
refused (only a hand edit makes them) as problems with file and line, and the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from toolkit.domain.events import Row
from toolkit.domain.replay import accepted, refusals
from toolkit.records.csvfile import TableData
from toolkit.records.errors import Problem
from toolkit.records.schema import TABLE_BY_NAME

Rows = dict[str, list[Row]]


class EditedSessionWarning(UserWarning):
    """A reopened session's files were edited after recording, or hold events the
    workshop's rules would have refused."""


@dataclass
class Replayed:
    """What the rules accept of a session's tables (rows in time order), and what not."""

    rows: Rows
    refused: list[Problem] = field(default_factory=list)


def replay(tables: Mapping[str, TableData]) -> Replayed:
    rows = {name: data.rows() for name, data in tables.items()}
    refused = refusals(rows)
    problems = []
    for r in refused:
        data = tables[r.table]
        copied = f" (line {data.lines[r.same_as]})" if r.same_as >= 0 else ""
        message = f"the workshop's rules refuse this '{rows[r.table][r.index]['event']}' event: "
        problems.append(
            Problem(
                TABLE_BY_NAME[r.table].filename,
                message + r.rule + copied + f"; {r.todo}",
                data.lines[r.index],
            )
        )
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return Replayed(accepted(rows, refused), problems)


def edited_warning(folder: str, refused: list[Problem]) -> str:
    """What `open_session` says of a session with refused events: how many, the first few."""
    return (
        f"{folder}: {len(refused)} recorded event(s) break the workshop's rules, as only a "
        f"hand edit of the files can; they are left out of every table and figure. "
        f"{_first_few(refused)}. Run 'toolkit validate' on the folder to list them all"
    )


def edits_warning(folder: str, edits: list[Problem]) -> str:
    """What `open_session` says of files edited after they were recorded."""
    return (
        f"{folder}: its files were edited after the toolkit recorded them, in {len(edits)} "
        f"place(s); the edited rows are counted as they read now. {_first_few(edits)}. Run "
        "'toolkit validate' on the folder to list them all"
    )


def _first_few(problems: list[Problem]) -> str:
    more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
    return "; ".join(str(p) for p in problems[:3]) + more
