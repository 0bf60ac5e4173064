"""Recording deliberate edits of a session's files as corrections: who, what and why, so
the record shows each edit as meant rather than hiding it (`toolkit correct`)."""

from __future__ import annotations

from pathlib import Path

from toolkit.records.append import Recorder
from toolkit.records.errors import Problem, RecordError
from toolkit.records.load import load_folder


def record_corrections(folder: Path | str, by: str, why: str) -> list[Problem]:
    """Record every edit of the folder that no correction explains yet, as made by `by` for
    the reason `why`; return those edits (none: nothing is recorded)."""
    if not by.strip() or not why.strip():
        said = "say who made the edits (--by) and why (--why): the record keeps both"
        raise RecordError([Problem("corrections.csv", said)])
    loaded = load_folder(folder)
    if loaded.problems:
        raise RecordError(loaded.problems)
    if loaded.found:
        Recorder(folder).append_many(
            "corrections",
            [
                {"event": "corrected", "file": file, "about_event_id": edit.event_id,
                 "change": edit.change, "fingerprint": edit.fingerprint, "by": by, "why": why}
                for file, edit in loaded.found
            ],
        )  # fmt: skip
    return loaded.edits
