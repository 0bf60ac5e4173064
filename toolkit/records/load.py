"""Reading a whole session folder: every table, checked, with cross-table references."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.records.csvfile import TableData, read_table
from toolkit.records.digests import Edit
from toolkit.records.edits import find_edits
from toolkit.records.errors import Problem
from toolkit.records.folder import check_descriptor, records_version
from toolkit.records.schema import NOTE_TARGETS, REFERENCES, TABLES


@dataclass
class LoadedFolder:
    folder: Path
    tables: dict[str, TableData] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    edits: list[Problem] = field(default_factory=list)  # made after recording, unexplained
    corrected: list[Problem] = field(default_factory=list)  # made, and recorded as corrections
    found: list[tuple[str, Edit]] = field(default_factory=list)  # `edits`, for `toolkit correct`


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: reading 100,000 rows makes millions of small
    acyclic objects, and the collector's repeated passes over them cost more than the read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_folder(folder: Path | str) -> LoadedFolder:
    """Every table of the folder; problems are collected, not raised."""
    loaded = LoadedFolder(Path(folder))
    loaded.problems.extend(check_descriptor(loaded.folder))
    if loaded.problems:
        return loaded
    version = records_version(loaded.folder)
    for table in TABLES:
        if table.name == "corrections" and version < 2:  # it came with version 2: none
            loaded.tables[table.name] = TableData(table, {n: [] for n in table.field_names}, [])
            continue
        data = read_table(loaded.folder, table)
        loaded.tables[table.name] = data
        loaded.problems.extend(data.problems)
        loaded.warnings.extend(data.warnings)
    if not loaded.problems:
        found = find_edits(loaded.folder, loaded.tables, version)
        loaded.edits, loaded.corrected, loaded.found = found.edits, found.corrected, found.found
        loaded.warnings.extend(found.notes)
    loaded.problems.extend(_unknown_references(loaded.tables))
    loaded.warnings.extend(_unfinished_rounds(loaded.tables))
    loaded.problems.extend(_unknown_note_references(loaded.tables))
    return loaded


def _unfinished_rounds(tables: dict[str, TableData]) -> list[Problem]:
    """Options of a round that was never created: a round is saved options first, round
    last, so a write that failed part-way leaves these behind; they are ignored."""
    rounds = set(tables["rounds"].columns["round_id"])
    data = tables["options"]
    return [
        Problem(
            data.table.filename,
            f"round {value!r} was never created (saving it failed "
            "part-way); this option is ignored",
            line,
            "round_id",
        )
        for value, line in zip(data.columns["round_id"], data.lines, strict=True)
        if value and value not in rounds
    ]


def _unknown_references(tables: dict[str, TableData]) -> list[Problem]:
    problems = []
    for source, column, target, target_column in REFERENCES:
        known = set(tables[target].columns[target_column])
        data = tables[source]
        if set(data.columns[column]) <= known | {""}:
            continue
        for value, line in zip(data.columns[column], data.lines, strict=True):
            if value and value not in known:
                problems.append(
                    Problem(
                        data.table.filename,
                        f"refers to {target_column} {value!r}, which is not in "
                        f"{target}.csv; restore that {target[:-1]} or correct the id",
                        line,
                        column,
                    )
                )
    return problems


def _unknown_note_references(tables: dict[str, TableData]) -> list[Problem]:
    """A note's about_id names a row of the table its about_kind says; its groups, groups."""
    notes = tables["notes"]
    known = {kind: set(tables[t].columns[f"{kind}_id"]) for kind, t in NOTE_TARGETS.items()}
    groups = set(tables["groups"].columns["group_id"])
    problems = []
    columns = (notes.columns[c] for c in ("about_kind", "about_id", "groups"))
    for kind, about, named, line in zip(*columns, notes.lines, strict=True):
        if about and kind in known and about not in known[kind]:
            target = NOTE_TARGETS[kind]
            problems.append(Problem(notes.table.filename, f"refers to {kind}_id {about!r}, "
                                    f"which is not in {target}.csv; restore that {kind} or "
                                    "correct the id", line, "about_id"))  # fmt: skip
        for group in (named or "").split():
            if group not in groups:
                problems.append(Problem(notes.table.filename, f"refers to group_id {group!r}, "
                                        "which is not in groups.csv; correct the id", line,
                                        "groups"))  # fmt: skip
    return problems
