"""Errors of the session folder: each names the file, the line and the column where it can."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a session folder, phrased for the person who has to fix it."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class RecordError(ValueError):
    """A session folder, or a value about to be saved, that the records cannot accept."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = (
            f" (and {len(problems) - 3} more: run 'toolkit validate')" if len(problems) > 3 else ""
        )
        super().__init__(shown + more)


class RecordWriteError(OSError):
    """Saving failed (disk full, read-only folder, lock held); its message says what was saved."""
