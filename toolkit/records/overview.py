"""The overview of a session folder, read without pandas (fit for any kernel)."""

from __future__ import annotations

from pathlib import Path

from toolkit.domain.overview import SessionOverview, summarise
from toolkit.records.errors import RecordError
from toolkit.records.load import load_folder


def read_overview(folder: Path | str) -> SessionOverview:
    loaded = load_folder(folder)
    if loaded.problems:
        raise RecordError(loaded.problems)
    return summarise({name: data.rows() for name, data in loaded.tables.items()})
