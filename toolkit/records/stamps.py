"""Timestamps that order a table's events: each later than the one before it in the file."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def later_stamp(now: str, last: str) -> str:
    """`now`, or one microsecond after `last` when the clock has not moved past it (two
    events in one microsecond, a clock set back, or a test's fixed clock)."""
    if not last or now > last:
        return now
    after = datetime.strptime(last, STAMP_FORMAT).replace(tzinfo=UTC) + timedelta(microseconds=1)
    return after.strftime(STAMP_FORMAT)


class LastStamps:
    """The latest timestamp in each table file, kept beside the locks as 'size mtime stamp'
    so an append need not read the file; when the file changed otherwise (edited in a
    spreadsheet, or a crash came between the write and this note) the file is read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def last(self, table: str, f: Any, size: int, header: list[str]) -> str:
        """The latest timestamp among the rows of the open table file `f`, of `size` bytes."""
        info = os.fstat(f.fileno())
        try:
            noted_size, noted_mtime, stamp = (self.folder / f"{table}.last").read_text().split()
            if (int(noted_size), int(noted_mtime)) == (size, info.st_mtime_ns):
                return stamp
        except (OSError, ValueError):
            pass
        return _latest_in(f, size, header.index("timestamp"))

    def remember(self, table: str, f: Any, stamp: str) -> None:
        info = os.fstat(f.fileno())
        note = self.folder / f"{table}.last"
        try:
            note.write_text(f"{info.st_size} {info.st_mtime_ns} {stamp}")
        except OSError:
            note.unlink(missing_ok=True)  # the next append reads the file instead


def _latest_in(f: Any, size: int, column: int) -> str:
    f.seek(0)
    text = f.read(size).decode("utf-8", errors="replace")
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows, None)
    stamps = (r[column] for r in rows if len(r) > column and _STAMP.fullmatch(r[column]))
    latest = max(stamps, default="")
    f.seek(size)
    return latest
