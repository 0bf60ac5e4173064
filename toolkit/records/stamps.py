"""Timestamps that order a table's events: each later than the one before it in the file."""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from toolkit.records.fields import DIGEST
from toolkit.records.ownership import adopt

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
    """The latest row of each table file, kept beside the locks as 'size mtime stamp digest'
    so an append need not read the file; when the file changed otherwise (edited in a
    spreadsheet, or a crash came between the write and this note) the file is read.

    The note also remembers the last row recorded when rows were since cut from the end of
    the file: the next row is chained to it, so the cut shows (digests.py)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def last(self, table: str, f: Any, size: int, header: list[str]) -> tuple[str, str]:
        """The timestamp and digest of the latest row of the open table file `f` (`size`
        bytes), or of the last row recorded if rows were cut from its end since."""
        info = os.fstat(f.fileno())
        noted = self.noted(table)
        if noted and (noted[0], noted[1]) == (size, info.st_mtime_ns):
            return noted[2], noted[3]
        stamp, digest = latest_row(f, size, header)
        if noted and noted[2] > stamp and noted[3]:
            return noted[2], noted[3]
        return stamp, digest

    def noted(self, table: str) -> tuple[int, int, str, str] | None:
        try:
            size, mtime, stamp, *digest = (self.folder / f"{table}.last").read_text().split()
            return int(size), int(mtime), stamp, "".join(digest[:1])
        except (OSError, ValueError):
            return None

    def remember(self, table: str, f: Any, stamp: str, digest: str) -> None:
        info = os.fstat(f.fileno())
        note = self.folder / f"{table}.last"
        try:
            note.write_text(f"{info.st_size} {info.st_mtime_ns} {stamp} {digest}".rstrip())
            adopt(note, self.folder.parent)
        except OSError:
            note.unlink(missing_ok=True)  # the next append reads the file instead


def latest_row(f: Any, size: int, header: list[str]) -> tuple[str, str]:
    """The timestamp and digest ("" without the column) of the latest row of the file."""
    f.seek(0)
    text = f.read(size).decode("utf-8", errors="replace")
    rows = csv.reader(io.StringIO(text, newline=""))
    next(rows, None)
    at = header.index("timestamp")
    width = len(header)
    stamp, row = "", []
    for r in rows:  # the last of the latest: rows of one moment are in the file's order
        if len(r) > at and r[at] >= stamp and _STAMP.fullmatch(r[at]):
            stamp, row = r[at], r
    f.seek(size)
    return stamp, row[header.index(DIGEST)] if len(row) == width and DIGEST in header else ""
