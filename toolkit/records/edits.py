"""Every edit shows: where a session folder's files differ from what the toolkit recorded
(digests.py), and which of those edits a correction in corrections.csv explains."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.records.append import LOCK_DIR
from toolkit.records.csvfile import TableData
from toolkit.records.digests import Edit, chain_part, edit_message
from toolkit.records.errors import Problem
from toolkit.records.folder import DESCRIPTOR, SEAL, SEALED, file_seal
from toolkit.records.stamps import LastStamps

RESTORE_OR_CORRECT = (
    "restore the file from a backup, or, if the edit was meant, record who made it and why "
    "with 'toolkit correct'"
)


@dataclass
class EditsFound:
    """The folder's edits: those no correction explains, those corrected, and notes."""

    edits: list[Problem] = field(default_factory=list)
    corrected: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    found: list[tuple[str, Edit]] = field(default_factory=list)  # uncorrected, for `correct`


def find_edits(folder: Path, tables: Mapping[str, TableData], version: int) -> EditsFound:
    out = EditsFound()
    if version < 2:
        out.notes.append(Problem(DESCRIPTOR, "this folder was made before each row carried a "
                                 "digest (records schema 1): it opens as before, but edits of "
                                 "its files cannot be shown"))  # fmt: skip
        return out
    corrections = _corrections(tables.get("corrections"))
    for file, edit in _all_edits(folder, tables):
        problem = Problem(file, _message(edit), edit.line)
        why = corrections.get((file, edit.event_id, edit.change, edit.fingerprint))
        if why:
            out.corrected.append(replace(problem, message=f"{problem.message}; {why}"))
        else:
            out.edits.append(replace(problem, message=f"{problem.message}; {RESTORE_OR_CORRECT}"))
            out.found.append((file, edit))
    return out


def _all_edits(folder: Path, tables: Mapping[str, TableData]) -> list[tuple[str, Edit]]:
    found = []
    stamps = LastStamps(folder / LOCK_DIR)
    for name, data in tables.items():
        file = data.table.filename
        if not data.chained:
            found.append((file, Edit("unchained", 1, "", "0" * 32)))
            continue
        found += [(file, e) for e in data.edits]
        cut = _cut(stamps.noted(name), data)
        if cut:
            found.append((file, cut))
    found += _unsealed(folder, tables["settings"])
    return found


def _cut(noted: tuple[int, int, str, str] | None, data: TableData) -> Edit | None:
    """Rows cut from the end of a file since the toolkit last recorded one: the note beside
    the locks remembers the last row (it travels with the folder, .locks included)."""
    if noted is None or not noted[3]:
        return None
    latest = max((s for s in data.columns["timestamp"] if s), default="")
    if noted[2] <= latest or noted[3] == data.last_digest:
        return None
    return Edit("cut", None, "", chain_part(noted[3], data.last_digest))


def _unsealed(folder: Path, settings: TableData) -> list[tuple[str, Edit]]:
    seals = {  # the last seal of each file counts
        key.removeprefix(SEAL): value
        for key, value in zip(settings.columns["key"], settings.columns["value"], strict=True)
        if key and key.startswith(SEAL)
    }
    found = []
    for name in SEALED:
        if name not in seals or not (folder / name).is_file():
            continue  # a folder made before seals; a missing file is a problem of its own
        now = file_seal(folder / name)
        if now != seals[name]:
            found.append((name, Edit("changed", None, "", now[:32])))
    return found


def _message(edit: Edit) -> str:
    if edit.change == "unchained":
        return "its digest column was removed, so edits of this file cannot be shown"
    if edit.line is None and edit.change == "changed":
        return "it was changed after the session was created: it no longer matches its seal "\
               "in settings.csv"  # fmt: skip
    return edit_message(edit)


def _corrections(data: TableData | None) -> dict[tuple[str, str, str, str], str]:
    """What each correction explains, and the words that say who corrected it and why."""
    if data is None:
        return {}
    out = {}
    for row in data.rows():
        key = (row["file"], row["about_event_id"] or "", row["change"], row["fingerprint"])
        day = (row["timestamp"] or "")[:10]
        out[key] = f"corrected on {day} by {row['by'] or 'someone unnamed'}: {row['why'] or '-'}"
    return out
