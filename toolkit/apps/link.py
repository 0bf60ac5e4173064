"""One kernel's link to a session folder: it appends events and reads what others appended."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from toolkit.domain.events import Row
from toolkit.domain.state import SessionState
from toolkit.records import TABLE_BY_NAME, Recorder, TailReader

# What the phones read: the step, who joined, the issues, ratings and the vote.
PHONE_TABLES = ("settings", "participants", "issues", "ratings", "rounds", "options", "votes")


class SessionLink:
    def __init__(self, folder: Path, tables: Iterable[str]) -> None:
        self.folder = folder
        self.recorder = Recorder(folder, holder="a facilitator's screen")
        self.tails = {t: TailReader(folder, TABLE_BY_NAME[t]) for t in tables}

    def record(self, table: str, event: str, values: Mapping[str, Any]) -> Row:
        return self.recorder.append(table, event, **values)

    def read_new(self) -> dict[str, Sequence[Row]]:
        return {table: tail.read_new() for table, tail in self.tails.items()}


class LiveState:
    """A SessionState kept up to date from a link: `read()` takes in what is new."""

    def __init__(self, link: SessionLink) -> None:
        self.link = link
        self.state = SessionState()

    def read(self) -> SessionState:
        new = self.link.read_new()
        if any(new.values()):
            self.state = self.state.with_new(new)
        return self.state
