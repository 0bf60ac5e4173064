"""Appending events: validated whole rows, written under a lock and fsynced, or not at all."""

from __future__ import annotations

import csv
import errno
import io
import os
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from toolkit.records.cells import to_cell, unguard
from toolkit.records.csvfile import BOM, complete_length, ends_unterminated
from toolkit.records.digests import digest
from toolkit.records.errors import Problem, RecordError, RecordWriteError
from toolkit.records.fields import DIGEST, Table
from toolkit.records.lock_holders import SOMEONE, holder_of, introduce
from toolkit.records.ownership import adopt
from toolkit.records.schema import TABLE_BY_NAME
from toolkit.records.stamps import LastStamps, later_stamp

LOCK_DIR = ".locks"
TORN_DIR = ".torn"
_NUMBER_CHARACTERS = frozenset("0123456789e")


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_event_id() -> str:
    """16 lowercase hex digits, among them a letter other than 'e': an id of only digits, or
    digits and one 'e', is a number to a spreadsheet, which rewrites it (0042 as 42,
    8404e17004847270 as 1.79769313486232E+308). About 1 draw in 400 is drawn again."""
    while True:
        event_id = secrets.token_hex(8)
        if not set(event_id) <= _NUMBER_CHARACTERS:
            return event_id


def csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    # RFC 4180 line ends; they also make the writer quote any cell holding \r or \n
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


class Recorder:
    """Appends events to the tables of one session folder. Safe across processes: every
    append takes the table's file lock, so concurrent kernels never interleave rows.
    `holder` names this program to whoever waits too long for a lock it holds."""

    def __init__(
        self,
        folder: Path | str,
        clock: Callable[[], str] = utc_now,
        new_id: Callable[[], str] = new_event_id,
        lock_timeout: float = 10.0,
        holder: str = SOMEONE,
    ) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.new_id = new_id
        self.lock_timeout = lock_timeout
        self.holder = holder
        self._stamps = LastStamps(self.folder / LOCK_DIR)

    def append(self, table: str, event: str, **values: Any) -> dict[str, Any]:
        """Save one event and return it as it will read back."""
        return self.append_many(table, [dict(values, event=event)])[0]

    def append_many(self, table: str, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """Save several events at once (all or none) and return them as they will read back.
        Each row's timestamp is taken under the table's lock and is later than every row
        before it, so the order of events is in the data, not in the order of the lines."""
        spec = TABLE_BY_NAME[table]
        now = self.clock()
        stamped = [{"event_id": self.new_id(), "timestamp": now, **row} for row in rows]
        encoded = [_encode(spec, row) for row in stamped]
        self._write(spec, encoded)
        return [
            {f.name: _read_back(f.type, cells[f.name]) for f in spec.all_fields}
            for cells in encoded
        ]

    @contextmanager
    def holding(self, table: str) -> Iterator[None]:
        """Hold the lock of `table`, to check it and save to another table meanwhile: e.g.
        a dot is saved while no one can close its round, so no dot is recorded after the
        close (the rules would refuse it on reopening). Whoever waits too long for it is told
        who holds it (RecordWriteError; lock_holders.py)."""
        locks = self.folder / LOCK_DIR
        locks.mkdir(exist_ok=True)
        adopt(locks, self.folder)
        lock = FileLock(locks / f"{table}.lock", timeout=self.lock_timeout)
        try:
            lock.acquire()
            adopt(locks / f"{table}.lock", self.folder)
        except Timeout as exc:
            spec = TABLE_BY_NAME[table]
            raise RecordWriteError(
                f"could not save to {spec.filename}: {holder_of(locks / f'{table}.lock')} has "
                f"held its lock for over {self.lock_timeout:g} s. Nothing was saved; try again"
            ) from exc
        try:
            introduce(locks, self.holder)
            yield
        finally:
            lock.release()

    def _write(self, spec: Table, encoded: list[dict[str, str]]) -> None:
        path = self.folder / spec.filename
        if not path.exists():
            raise RecordWriteError(
                f"could not save to {spec.filename}: the file is missing. "
                "Nothing was saved; run 'toolkit validate' on the folder"
            )
        try:
            with self.holding(spec.name):
                self._write_locked(path, spec, encoded)
        except RecordWriteError:
            raise
        except OSError as exc:
            raise RecordWriteError(
                f"could not save to {spec.filename}: {exc.strerror or exc}. "
                "Nothing was saved; free disk space or check the folder's "
                "permissions, then try again"
            ) from exc

    def _write_locked(self, path: Path, spec: Table, encoded: list[dict[str, str]]) -> None:
        with path.open("r+b") as f:
            header = _header(f, spec)
            size = f.seek(0, os.SEEK_END)
            size, line_break = self._end_or_set_aside_tail(f, size, spec)
            last, previous = self._stamps.last(spec.name, f, size, header)
            chained = DIGEST in header  # not in files made before digests: they go on without
            for cells in encoded:  # now, or just after the last event if the clock is behind
                cells["timestamp"] = last = later_stamp(self.clock(), last)
                if chained:
                    cells[DIGEST] = previous = digest(
                        previous, [cells[n] for n in spec.field_names]
                    )
            data = "".join(csv_line([cells[n] for n in header]) for cells in encoded)
            _write_or_leave_nothing(f.fileno(), size, line_break + data.encode("utf-8"), spec)
            self._stamps.remember(spec.name, f, last, previous)

    def _end_or_set_aside_tail(self, f: Any, size: int, spec: Table) -> tuple[int, bytes]:
        """The file's size and the line break to write before the new rows. A whole last
        record saved without its line break (by a spreadsheet) gets it, in the same write
        as the rows; a record cut off by a crash would merge with the next one: move it
        aside."""
        f.seek(max(0, size - 1))
        if size == 0 or f.read(1) == b"\n":
            return size, b""
        f.seek(0)
        whole = f.read()
        if ends_unterminated(whole):
            return size, b"\n" if whole.endswith(b"\r") else b"\r\n"
        keep = complete_length(whole)
        tail = whole[keep:]
        torn_dir = self.folder / TORN_DIR
        torn_dir.mkdir(exist_ok=True)
        with (torn_dir / f"{spec.name}.txt").open("ab") as out:
            out.write(tail + b"\n")
        for made in (torn_dir, torn_dir / f"{spec.name}.txt"):
            adopt(made, self.folder)
        f.truncate(keep)
        f.seek(keep)
        return keep, b""


def _write_or_leave_nothing(fd: int, size: int, data: bytes, spec: Table) -> None:
    """Write `data` at byte `size` of the file and fsync it, or cut the file back to `size`."""
    # Unbuffered, on the descriptor: a buffered file's truncate flushes first, and on a full
    # disk that flush fails again and leaves the row, so a phone told "Nothing was saved"
    # would still find its dot counted.
    try:
        _write_all(fd, data, size)
        os.fsync(fd)
    except OSError as exc:
        try:
            os.ftruncate(fd, size)
        except OSError:
            raise RecordWriteError(
                f"could not save to {spec.filename}: {exc.strerror or exc}, and what was "
                "written could not be taken back, so it may have been saved, whole or in part. Run "
                "'toolkit validate' on the folder before trying again"
            ) from exc
        # Readers see the file cut back at once; the cut reaches the disk with the next
        # append's fsync (no second fsync here: on a failing disk it fails again).
        raise


def _write_all(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset`: one write may take only part of it."""
    # pwrite, not write: the buffered reads before it leave the descriptor's position anywhere
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        if written == 0:  # never for a regular file, but it would loop forever
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view, offset = view[written:], offset + written


def _header(f: Any, spec: Table) -> list[str]:
    """The file's own column order (a spreadsheet may have reordered it)."""
    # A byte-order mark (Excel's 'CSV UTF-8') is not part of the first column's name.
    first = f.readline().removeprefix(BOM).decode("utf-8", errors="replace").rstrip("\r\n")
    header = next(csv.reader([first])) if first else []
    if sorted(header) not in (sorted(spec.field_names), sorted(spec.file_names)):
        raise RecordWriteError(
            f"could not save to {spec.filename}: its header row is not the "
            "expected one. Nothing was saved; run 'toolkit validate'"
        )
    return header


def _encode(spec: Table, row: Mapping[str, Any]) -> dict[str, str]:
    unknown = set(row) - set(spec.field_names)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise RecordError([Problem(spec.filename, f"unknown column(s) {names}")])
    problems = []
    cells = {}
    for f in spec.all_fields:
        try:
            cells[f.name] = to_cell(f, row.get(f.name))
        except ValueError as exc:
            problems.append(Problem(spec.filename, f"{f.name} {exc}", column=f.name))
    if problems:
        raise RecordError(problems)
    return cells


def _read_back(kind: str, cell: str) -> Any:
    if cell == "":
        return None if kind != "string" else ""
    if kind == "integer":
        return int(cell)
    if kind == "boolean":
        return cell == "true"
    return unguard(cell) if kind == "string" else cell
