"""Several kernels appending at once, and a writer killed mid-loop, lose and tear nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import toolkit
from tests.records.sample import paper_tally
from toolkit.records import TABLE_BY_NAME, Recorder, RecordWriteError
from toolkit.records.csvfile import read_table

ROOT = Path(__file__).resolve().parents[2]


def _writer(folder: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.records.writer_process", str(folder), name, str(count)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _prepare_round(folder: Path) -> None:
    rec = Recorder(folder)
    rec.append("options", "added", option_id="O1", round_id="R1", label="Repairs", position=1)
    rec.append("options", "added", option_id="O2", round_id="R1", label="Bins", position=2)
    rec.append("rounds", "created", round_id="R1", number=1, status="draft")
    rec.append("rounds", "opened", round_id="R1", number=1, status="open")


def test_eight_processes_append_1600_rows_without_loss(session_dir: Path) -> None:
    _prepare_round(session_dir)
    writers = [_writer(session_dir, f"w{i}", 200) for i in range(8)]
    acknowledged = set()
    for w in writers:
        out, _ = w.communicate(timeout=120)
        assert w.returncode == 0
        acknowledged.update(out.split())
    votes = read_table(session_dir, TABLE_BY_NAME["votes"])
    assert votes.problems == [] and votes.warnings == []
    assert len(votes) == 1600
    assert len(set(votes.columns["event_id"])) == 1600
    assert set(votes.columns["event_id"]) == acknowledged
    per_writer = Counter(votes.columns["participant_id"])
    assert per_writer == {f"w{i}": 200 for i in range(8)}  # every row whole, none mixed
    # each writer's dot was cast and taken back in turn: in any other order the rules
    # would refuse a row, so every row being accepted shows each writer's order was kept
    session = toolkit.open_session(session_dir)
    assert session.refused == [] and len(session.events["votes"]) == 1600
    assert session.votes.empty


def test_writer_killed_mid_loop_leaves_every_acknowledged_row(session_dir: Path) -> None:
    _prepare_round(session_dir)
    writer = _writer(session_dir, "doomed", 0)
    assert writer.stdout is not None
    acknowledged = [writer.stdout.readline().strip() for _ in range(50)]
    time.sleep(0.2)  # let it run on in its tight loop
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    acknowledged += rest.split()
    session = toolkit.open_session(session_dir)  # never crashes on a torn tail
    recorded = set(session.events["votes"]["event_id"])
    assert set(acknowledged) <= recorded
    assert len(recorded) >= 50


def test_torn_last_record_is_skipped_then_set_aside_by_the_next_append(
    session_dir: Path,
) -> None:
    _prepare_round(session_dir)
    rec = Recorder(session_dir)
    kept = paper_tally(rec, 2)
    votes_csv = session_dir / "votes.csv"
    with votes_csv.open("ab") as f:  # what a power cut mid-write leaves
        f.write(b'0123456789abcdef,2026-11-28T10:00:00.000000Z,cast,R1,O1,,"tena')
    with pytest.warns(UserWarning, match=r"votes.csv, line 3: the last record is incomplete"):
        session = toolkit.open_session(session_dir)
    assert session.events["votes"]["event_id"].tolist() == [kept["event_id"]]

    after = paper_tally(rec, 3)
    data = read_table(session_dir, TABLE_BY_NAME["votes"])
    assert data.problems == [] and data.warnings == []
    assert data.columns["event_id"] == [kept["event_id"], after["event_id"]]
    assert b'"tena' in (session_dir / ".torn" / "votes.txt").read_bytes()


HOLDER = """
import sys, time
from toolkit.records import Recorder
with Recorder(sys.argv[1], holder="the participants' server").holding("rounds"):
    print("holding", flush=True)
    time.sleep(60)
"""


def test_a_writer_waiting_too_long_for_a_lock_is_told_who_holds_it(session_dir: Path) -> None:
    # the participants' server frozen (SIGSTOP) while it holds the rounds' lock for a vote
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(session_dir)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        os.kill(holder.pid, signal.SIGSTOP)
        console = Recorder(session_dir, lock_timeout=0.3, holder="a facilitator's screen")
        before = (session_dir / "rounds.csv").read_bytes()
        with pytest.raises(RecordWriteError) as refused:
            console.append("rounds", "created", round_id="R1", number=1, status="draft")
        assert str(refused.value) == (
            f"could not save to rounds.csv: the participants' server (pid {holder.pid}) has "
            "held its lock for over 0.3 s. Nothing was saved; try again"
        )
        assert (session_dir / "rounds.csv").read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    # the lock died with its holder: the console saves at once
    console.append("rounds", "created", round_id="R1", number=1, status="draft")
