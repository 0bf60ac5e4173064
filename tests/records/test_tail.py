"""The tail reader returns only new events and reads only new bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.records import TABLE_BY_NAME, Recorder, RecordError, TailReader

ISSUES = TABLE_BY_NAME["issues"]


def _raise(rec: Recorder, n: int, text: str = "Repairs\ntake too long") -> str:
    return rec.append("issues", "raised", issue_id=f"I{n}", text=text, channel="paper")["event_id"]


def test_returns_only_rows_appended_since_the_last_call(session_dir: Path) -> None:
    rec, tail = Recorder(session_dir), TailReader(session_dir, ISSUES)
    assert tail.read_new() == []
    first = [_raise(rec, 1), _raise(rec, 2)]
    assert [r["event_id"] for r in tail.read_new()] == first
    assert tail.read_new() == []
    third = _raise(rec, 3, "=1+1")
    [row] = tail.read_new()
    assert (row["event_id"], row["text"]) == (third, "=1+1")


def test_a_record_being_written_waits_for_the_next_call(session_dir: Path) -> None:
    rec, tail = Recorder(session_dir), TailReader(session_dir, ISSUES)
    _raise(rec, 1)
    tail.read_new()
    path = session_dir / "issues.csv"
    whole = path.read_bytes()
    line = whole[whole.index(b"\r\n") + 2 :]  # the first record, quoted newline included
    cut = line.index(b"\n") + 1  # stop just after the newline inside the quoted text
    with path.open("ab") as f:
        f.write(line[:cut])
    assert tail.read_new() == []
    with path.open("ab") as f:
        f.write(line[cut:])
    [row] = tail.read_new()
    assert row["text"] == "Repairs\ntake too long"


def test_reads_only_the_new_bytes(session_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rec, tail = Recorder(session_dir), TailReader(session_dir, ISSUES)
    for n in range(200):
        _raise(rec, n)
    tail.read_new()
    path = session_dir / "issues.csv"
    before = path.stat().st_size
    _raise(rec, 999)
    new_bytes = path.stat().st_size - before
    sizes: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read

        def read(*a: Any) -> Any:
            data = real_read(*a)
            sizes.append(len(data))
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", spy_open)
    [row] = tail.read_new()
    assert row["issue_id"] == "I999"
    assert sizes == [new_bytes]  # one record's bytes, not the file's
    assert new_bytes < before / 100


def test_a_bad_new_row_is_reported_with_its_line(session_dir: Path) -> None:
    tail = TailReader(session_dir, ISSUES)
    with (session_dir / "issues.csv").open("ab") as f:
        f.write(b"e1,2026-11-28T10:00:00.000000Z,shouted,I1,x,,,,paper,,,,,\r\n")
    with pytest.raises(RecordError, match=r"issues.csv, line 2, column 'event': 'shouted'"):
        tail.read_new()


def test_a_last_row_saved_without_its_line_break_comes_with_the_next_append(
    session_dir: Path,
) -> None:
    """A spreadsheet may save the last row without a line break. The tail reader cannot tell
    it from a row still being written, so it waits; the next append ends that row (it is
    not moved aside as torn) and both rows arrive together."""
    rec, tail = Recorder(session_dir), TailReader(session_dir, ISSUES)
    _raise(rec, 1)
    tail.read_new()
    spreadsheet_row = _raise(rec, 2)
    path = session_dir / "issues.csv"
    path.write_bytes(path.read_bytes().removesuffix(b"\r\n"))
    assert tail.read_new() == []
    after = _raise(rec, 3)
    assert [r["event_id"] for r in tail.read_new()] == [spreadsheet_row, after]
    assert not (session_dir / ".torn").exists()


def test_a_file_sorted_in_a_spreadsheet_is_followed_in_time_order(session_dir: Path) -> None:
    """The live screens start from the whole file: rows moved by hand come back in the
    order the events happened, as for `open_session`."""
    rec = Recorder(session_dir)
    written = [_raise(rec, n, f"Issue {n}") for n in range(1, 6)]
    path = session_dir / "issues.csv"
    header, *rows = path.read_bytes().split(b"\r\n")[:-1]
    path.write_bytes(b"\r\n".join([header, *reversed(rows)]) + b"\r\n")
    assert [r["event_id"] for r in TailReader(session_dir, ISSUES).read_new()] == written
