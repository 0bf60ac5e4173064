"""Appending: bad values are refused with a message, failed writes save nothing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import toolkit
from toolkit.records import Recorder, RecordError, RecordWriteError
from toolkit.records.csvfile import read_table
from toolkit.records.schema import TABLE_BY_NAME


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "x" * 201}, r"name is 201 characters long; the limit is 200"),
        ({"name": "ok", "power": 6}, r"power 6 is above the maximum of 5"),
        ({"name": "ok", "power": "5"}, r"power must be a whole number, not '5'"),
        ({"name": "ok", "position": "hostile"}, r"position 'hostile' is not one of"),
        ({"name": "ok", "co_design": "yes"}, r"co_design must be true or false"),
        ({"name": "nul\x00byte"}, r"NUL character"),
        ({"name": "lone \ud800 surrogate"}, r"broken character"),
        ({"name": "ok", "mood": "x"}, r"unknown column\(s\) mood"),
        ({"name": "ok", "stakeholder_id": ""}, r"stakeholder_id is required"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    session_dir: Path, values: dict[str, object], message: str
) -> None:
    path = session_dir / "stakeholders.csv"
    before = path.read_bytes()
    with pytest.raises(RecordError, match=message):
        Recorder(session_dir).append("stakeholders", "added", **{"stakeholder_id": "S1", **values})
    assert path.read_bytes() == before


def test_append_many_is_all_or_nothing(session_dir: Path) -> None:
    path = session_dir / "groups.csv"
    before = path.read_bytes()
    rows = [
        {
            "event": "added",
            "group_id": "carers",
            "name": "Carers",
            "colour": "#CC79A7",
            "letter": "C",
        },
        {"event": "added", "group_id": "", "name": "No id"},
    ]
    with pytest.raises(RecordError, match=r"group_id is required"):
        Recorder(session_dir).append_many("groups", rows)
    assert path.read_bytes() == before


def test_read_only_folder_gives_a_clear_message(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores file modes (CI runs as root), so the refusal is injected where it happens.
    real_open = Path.open

    def refuse(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.name == "votes.csv" and mode != "rb":
            raise PermissionError(13, "Permission denied")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(
        RecordWriteError,
        match=r"Permission denied. Nothing was saved; free "
        "disk space or check the folder's permissions",
    ):
        Recorder(session_dir).append(
            "votes", "cast", round_id="R1", option_id="O1", channel="paper", dots=1
        )


def test_failed_write_leaves_no_partial_row_and_the_next_write_succeeds(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = Recorder(session_dir)
    rec.append("settings", "set", key="before", value="kept")
    real_fsync = os.fsync
    monkeypatch.setattr(
        os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device"))
    )
    with pytest.raises(RecordWriteError, match=r"No space left on device. Nothing was saved"):
        rec.append("settings", "set", key="during", value="lost")
    monkeypatch.setattr(os, "fsync", real_fsync)
    rec.append("settings", "set", key="after", value="saved")
    keys = read_table(session_dir, TABLE_BY_NAME["settings"]).columns["key"]
    assert keys[-2:] == ["before", "after"]
    assert "during" not in keys


def test_missing_table_file_refuses_to_write(session_dir: Path) -> None:
    (session_dir / "notes.csv").unlink(missing_ok=True)
    (session_dir / "actions.csv").unlink()
    with pytest.raises(RecordWriteError, match=r"actions.csv: the file is missing"):
        Recorder(session_dir).append("actions", "proposed", action_id="A1")
    assert not (session_dir / "actions.csv").exists()


def test_writes_follow_a_reordered_header(session_dir: Path) -> None:
    path = session_dir / "groups.csv"
    lines = path.read_bytes().split(b"\r\n")
    header = lines[0].split(b",")
    order = list(reversed(range(len(header))))

    def reorder(line: bytes) -> bytes:
        cells = line.split(b",")
        return b",".join(cells[i] for i in order) if line else line

    path.write_bytes(b"\r\n".join(reorder(line) for line in lines))
    Recorder(session_dir).append(
        "groups", "added", group_id="carers", name="Carers", colour="#CC79A7", letter="C"
    )
    groups = toolkit.open_session(session_dir).groups
    assert groups.set_index("group_id").loc["carers", "name"] == "Carers"
    assert len(groups) == 4


def test_injected_clock_and_ids(session_dir: Path) -> None:
    ids = iter(["id-1", "id-2"])
    rec = Recorder(
        session_dir, clock=lambda: "2030-01-01T10:00:00.000000Z", new_id=lambda: next(ids)
    )
    row = rec.append("settings", "set", key="k", value="v")
    assert (row["event_id"], row["timestamp"]) == ("id-1", "2030-01-01T10:00:00.000000Z")
    # a clock that has not moved on: the next event is still later than the last
    again = rec.append("settings", "set", key="k", value="w")
    assert (again["event_id"], again["timestamp"]) == ("id-2", "2030-01-01T10:00:00.000001Z")


def test_each_row_is_later_than_every_row_in_the_file(session_dir: Path) -> None:
    """The timestamp orders events: taken under the lock, after the file's latest, even when
    the file was edited by hand (a row dated in 2031) or the clock went back."""
    rec = Recorder(session_dir, clock=lambda: "2030-01-01T10:00:00.000000Z")
    rec.append("settings", "set", key="k", value="1")
    settings = session_dir / "settings.csv"
    with settings.open("ab") as f:  # added by hand, so the note beside the lock is stale
        f.write(b"feedfacefeedface,2031-05-01T09:00:00.000000Z,set,k,2,\r\n")
    after = rec.append("settings", "set", key="k", value="3")
    assert after["timestamp"] == "2031-05-01T09:00:00.000001Z"
    back = Recorder(session_dir, clock=lambda: "2020-01-01T00:00:00.000000Z")
    assert back.append("settings", "set", key="k", value="4")["timestamp"] == (
        "2031-05-01T09:00:00.000002Z"
    )
    assert toolkit.open_session(session_dir).settings["k"] == "4"


def test_a_batch_gets_one_timestamp_a_row(session_dir: Path) -> None:
    rec = Recorder(session_dir, clock=lambda: "2030-01-01T10:00:00.000000Z")
    rows = rec.append_many("settings", [{"event": "set", "key": f"k{i}"} for i in range(3)])
    assert [r["timestamp"] for r in rows] == [
        "2030-01-01T10:00:00.000000Z",
        "2030-01-01T10:00:00.000001Z",
        "2030-01-01T10:00:00.000002Z",
    ]
