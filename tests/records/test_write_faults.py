"""A write that fails leaves nothing: the file is cut back to its bytes before the write,
so "Nothing was saved" is true, whichever byte of the row the disk refused."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from toolkit.records import Recorder, RecordWriteError
from toolkit.records.csvfile import read_table
from toolkit.records.schema import TABLE_BY_NAME

NOTHING_SAVED = r"No space left on device. Nothing was saved; free disk space"
REAL_PWRITE = os.pwrite


def _vote(rec: Recorder, dots: int = 1) -> dict[str, Any]:
    return rec.append("votes", "cast", round_id="R1", option_id="O1", channel="paper", dots=dots)


def _full_after(k: int, seen: list[bytes]) -> Callable[[int, bytes, int], int]:
    """A pwrite that puts the first `k` bytes of a write on disk, then reports a full disk."""

    def pwrite(fd: int, data: bytes, offset: int) -> int:
        seen.append(bytes(data))
        REAL_PWRITE(fd, bytes(data[:k]), offset)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return pwrite


def _event_ids(session_dir: Path) -> list[str]:
    data = read_table(session_dir, TABLE_BY_NAME["votes"])
    assert data.problems == [] and data.warnings == []
    assert data.edits == []  # a failed write leaves the chain whole too
    return list(data.columns["event_id"])


@pytest.mark.parametrize("unterminated", [False, True], ids=["whole-file", "no-last-line-break"])
def test_a_write_cut_at_every_byte_leaves_the_file_exactly_as_it_was(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch, unterminated: bool
) -> None:
    rec = Recorder(session_dir)
    path = session_dir / "votes.csv"
    saved = [_vote(rec)["event_id"]]
    k = 0
    while True:
        if unterminated:  # as a spreadsheet saves it: the write begins with the line break
            path.write_bytes(path.read_bytes().removesuffix(b"\r\n"))
        before = path.read_bytes()
        seen: list[bytes] = []
        monkeypatch.setattr(os, "pwrite", _full_after(k, seen))
        with pytest.raises(RecordWriteError, match=NOTHING_SAVED):
            _vote(rec, dots=2)
        monkeypatch.setattr(os, "pwrite", REAL_PWRITE)
        assert path.read_bytes() == before
        assert not (session_dir / ".torn").exists()
        # the next append is whole and reads back, behind every row saved before it
        saved.append(_vote(rec)["event_id"])
        assert _event_ids(session_dir) == saved
        if k == len(seen[0]):  # every byte, the whole write included
            break
        k += 1
    # the write tried was the whole row (after the line break the file lacked)
    assert seen[0].startswith(b"\r\n") == unterminated
    assert re.search(rb",paper,2,[0-9a-f]{64}\r\n$", seen[0])
    assert seen[0].count(b"\r\n") == 1 + unterminated


def test_a_batch_cut_at_every_byte_leaves_nothing_of_any_row(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder(session_dir)
    path = session_dir / "votes.csv"
    row = {"event": "cast", "round_id": "R1", "option_id": "O1", "channel": "paper", "dots": 1}
    before = path.read_bytes()
    k = 0
    while True:
        seen: list[bytes] = []
        monkeypatch.setattr(os, "pwrite", _full_after(k, seen))
        with pytest.raises(RecordWriteError, match=NOTHING_SAVED):
            rec.append_many("votes", [row, row, row])
        assert path.read_bytes() == before
        if k == len(seen[0]):
            break
        k += 1
    monkeypatch.setattr(os, "pwrite", REAL_PWRITE)
    assert len(_event_ids(session_dir)) == 0
    saved = [r["event_id"] for r in rec.append_many("votes", [row, row, row])]
    assert _event_ids(session_dir) == saved


def test_a_write_taken_a_byte_at_a_time_is_whole(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def one_byte(fd: int, data: bytes, offset: int) -> int:
        calls.append(offset)
        return REAL_PWRITE(fd, bytes(data[:1]), offset)

    size = (session_dir / "votes.csv").stat().st_size
    monkeypatch.setattr(os, "pwrite", one_byte)
    rec = Recorder(session_dir)
    saved = [_vote(rec)["event_id"], _vote(rec)["event_id"]]
    monkeypatch.setattr(os, "pwrite", REAL_PWRITE)
    assert calls == list(range(size, (session_dir / "votes.csv").stat().st_size))
    assert _event_ids(session_dir) == saved


def test_a_failed_fsync_takes_the_whole_row_back(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder(session_dir)
    saved = [_vote(rec)["event_id"]]
    path = session_dir / "votes.csv"
    before = path.read_bytes()
    real_fsync = os.fsync
    fsyncs: list[int] = []

    def full(fd: int) -> None:
        fsyncs.append(fd)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RecordWriteError, match=NOTHING_SAVED):
        _vote(rec, dots=2)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(fsyncs) == 1  # the row's; the cut is not fsynced on a failing disk
    assert path.read_bytes() == before
    saved.append(_vote(rec)["event_id"])
    assert _event_ids(session_dir) == saved


@pytest.mark.parametrize("whole", [False, True], ids=["cut-in-the-id", "whole-row"])
def test_when_the_cut_fails_too_the_message_says_what_to_do(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    """Nothing can be promised, so nothing is: the message sends the facilitator to validate.
    A torn row is then set aside by the next append, as a crash's would be; a whole one stays."""
    rec = Recorder(session_dir)
    saved = [_vote(rec)["event_id"]]
    seen: list[bytes] = []
    k = 10_000 if whole else 10  # the row's length is under 100 bytes
    monkeypatch.setattr(os, "pwrite", _full_after(k, seen))
    monkeypatch.setattr(
        os, "ftruncate", lambda fd, size: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error"))
    )
    with pytest.raises(RecordWriteError) as caught:
        _vote(rec, dots=2)
    monkeypatch.undo()
    message = str(caught.value)
    assert "Nothing was saved" not in message
    assert "may have been saved, whole or in part. Run 'toolkit validate' on the folder" in message
    assert (session_dir / "votes.csv").read_bytes().endswith(seen[0][:k])

    after = _vote(rec)["event_id"]
    torn = session_dir / ".torn" / "votes.txt"
    if whole:
        assert _event_ids(session_dir) == [*saved, seen[0][:16].decode(), after]
        assert not torn.exists()
    else:
        assert _event_ids(session_dir) == [*saved, after]
        assert torn.read_bytes() == seen[0][:k] + b"\n"
