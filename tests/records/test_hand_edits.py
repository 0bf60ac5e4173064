"""Hand edits of a generated whole workshop's records (issue 17): an edit that only moves rows
changes nothing; an edit that breaks the workshop's rules is named by `toolkit validate`
(file, line, the rule, what to do), left out by `open_session` with a loud warning, and
refused by `toolkit report` unless it is told --accept-edits."""

from __future__ import annotations

import random
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import toolkit
from tests.records.edits import (
    every_table_reversed,
    every_table_shuffled,
    issues_sorted_by_event,
    option_for_an_issue_already_in_its_round,
    participant_event,
    participant_moved_group,
    read_rows,
    rounds_newest_first,
    save_rows,
    threshold_lowered_after_voting,
    vote_duplicated,
    vote_for_another_rounds_option,
    vote_of_100_dots,
)
from toolkit import analysis
from toolkit.cli import main as cli
from toolkit.outputs.report import ReportError, write_report
from toolkit.records.replayed import EditedSessionWarning

STATE = ("groups", "agenda", "participants", "stakeholders", "issues", "ratings", "rounds",
         "options", "votes", "actions", "notes")  # fmt: skip


def _copy(workshop: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(workshop, tmp_path / workshop.name))


def _state(folder: Path) -> dict[str, Any]:
    """Everything a reopened session says: each table's current state, the settings, the
    issues' numbers and the results of every round."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", EditedSessionWarning)
        s = toolkit.open_session(folder)
    out: dict[str, Any] = {
        n: getattr(s, n).astype(object).where(getattr(s, n).notna(), None).to_dict("records")
        for n in STATE
    }
    voting = s.state.voting
    out["numbers"] = s.state.board.numbers()
    out["rounds_as_seen"] = [(r.number, r.status, voting.dots(r.round_id)) for r in voting.rounds]
    return out | {"settings": s.settings}


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli(["validate", str(folder)])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def original(workshop: Path) -> dict[str, Any]:
    return _state(workshop)


# --- moving rows changes nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [issues_sorted_by_event, rounds_newest_first, every_table_reversed, every_table_shuffled],
)
def test_rows_moved_in_a_spreadsheet_change_nothing(
    workshop: Path,
    tmp_path: Path,
    original: dict[str, Any],
    capsys: pytest.CaptureFixture[str],
    edit: Any,
) -> None:
    folder = _copy(workshop, tmp_path)
    edit(folder)
    assert _state(folder) == original
    code, out = _validate(folder, capsys)
    # 566: with 30 'shown' events (phones' issues held, then shown from the queue) and the
    # template's hold_phone_issues recorded in settings.csv
    assert code == 0 and out[-1].endswith(": valid, 13 tables, 568 events"), out


def test_any_order_of_any_tables_rows_gives_the_same_session(
    workshop: Path, tmp_path: Path, original: dict[str, Any]
) -> None:
    """The property: 30 seeds, each shuffling every table's rows its own way."""
    for seed in range(30):
        folder = tmp_path / f"seed-{seed}"
        shutil.copytree(workshop, folder)
        shuffle = random.Random(seed)
        for path in sorted(folder.glob("*.csv")):
            header, *rows = read_rows(path)
            shuffle.shuffle(rows)
            save_rows(path, [header, *rows])
        assert _state(folder) == original, f"seed {seed}"
        shutil.rmtree(folder)


# --- edits the rules refuse: named, not counted, reported ------------------------------------

RESTORE = "it is not counted. Delete the row, or restore the file from a backup"


def _refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """What validate says (it exits 1), checked against what open_session warns of."""
    code, out = _validate(folder, capsys)
    assert code == 1
    refused = [line for line in out if "the workshop's rules refuse" in line]
    with pytest.warns(EditedSessionWarning) as caught:
        session = toolkit.open_session(folder)
    assert any(f"{len(refused)} recorded event(s) break" in str(w.message) for w in caught)
    assert [str(p) for p in session.refused] == refused
    # the hand edit shows as an edit too, at its own line: validate lists both
    assert session.edits
    assert [str(p) for p in session.edits] == [line for line in out if line not in refused]
    return refused


def _votes_total(folder: Path) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EditedSessionWarning)
        return int(toolkit.open_session(folder).votes["dots"].sum())


def test_a_copied_dot_is_named_and_not_counted(
    workshop: Path, tmp_path: Path, original: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    vote_duplicated(folder)  # the copy goes just below the row, as a spreadsheet copies
    assert _refused(folder, capsys) == [
        "votes.csv, line 3: the workshop's rules refuse this 'cast' event: this row "
        f"repeats another, event for event, with a new event id (a copied row) (line 2); {RESTORE}"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EditedSessionWarning)
        session = toolkit.open_session(folder)
    assert len(session.events["votes"]) == len(toolkit.open_session(workshop).events["votes"]) + 1
    assert session.votes.to_dict("records") == original["votes"]


def test_a_dot_edited_to_100_is_named_and_not_counted(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    vote_of_100_dots(folder)
    assert _refused(folder, capsys) == [
        "votes.csv, line 2: the workshop's rules refuse this 'cast' event: a ballot records one "
        f"dot a row, and this row has 100; {RESTORE}"
    ]
    assert _votes_total(folder) == _votes_total(workshop) - 1  # the dot as it was is gone too


def test_a_withdrawal_of_a_dot_never_cast_is_named(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dot taken back, a microsecond after the round's first dot, by a voter who had none
    on that option."""
    folder = _copy(workshop, tmp_path)
    header, *rows = read_rows(folder / "votes.csv")
    col = {name: header.index(name) for name in header}
    first = rows[0]
    other = next(r for r in rows if r[col["participant_id"]] != first[col["participant_id"]])
    taken = list(other)
    taken[col["event_id"]] = "fab0fab0fab0fab0"
    taken[col["event"]] = "withdrawn"
    taken[col["option_id"]] = first[col["option_id"]]
    taken[col["round_id"]] = first[col["round_id"]]
    taken[col["timestamp"]] = first[col["timestamp"]][:-2] + "9Z"
    save_rows(folder / "votes.csv", [header, *rows, taken])
    assert _refused(folder, capsys) == [
        f"votes.csv, line {len(rows) + 2}: the workshop's rules refuse this 'withdrawn' event: "
        f"it takes back a dot the voter had not cast on this option; {RESTORE}"
    ]
    assert _votes_total(folder) == _votes_total(workshop)


def test_a_dot_moved_to_another_rounds_option_is_named(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    vote_for_another_rounds_option(folder)
    [said] = _refused(folder, capsys)
    assert said.startswith("votes.csv, line 2: the workshop's rules refuse this 'cast' event: ")
    assert said.endswith(f"is an option of round 2, not of round 1; {RESTORE}")


def test_a_participant_moved_to_another_group_is_named_on_each_of_their_dots(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    participant_moved_group(folder)
    said = _refused(folder, capsys)
    assert said and all(
        "the workshop's rules refuse this 'cast' event: it counts participant " in s
        and "but participants.csv had them in group " in s
        for s in said
    ), said


def test_a_threshold_lowered_after_the_vote_is_named_and_the_small_group_stays_folded(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lowered to 2 after the vote, the threshold would name the two Councillors' dots."""
    folder = _copy(workshop, tmp_path)
    line = threshold_lowered_after_voting(folder)
    assert _refused(folder, capsys) == [
        f"settings.csv, line {line}: the workshop's rules refuse this 'set' event: it changes "
        "display_threshold after the first dot of the session was cast; the groups shown in the "
        f"results are fixed for the whole session from then on; {RESTORE}"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EditedSessionWarning)
        session = toolkit.open_session(folder)
    assert analysis.group_display(session).threshold == 3
    assert "Councillors" not in analysis.groups(session)["group"].tolist()


@pytest.mark.parametrize("event", ["edited", "left"])
def test_a_participant_edited_or_left_is_named_and_stays_as_they_joined(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], event: str
) -> None:
    folder = _copy(workshop, tmp_path)
    line = participant_event(folder, event)
    assert _refused(folder, capsys) == [
        f"participants.csv, line {line}: the workshop's rules refuse this '{event}' event: no "
        f"screen records a participant's '{event}' event; a participant stays as they joined "
        f"for the whole session; {RESTORE}"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EditedSessionWarning)
        assert len(toolkit.open_session(folder).participants) == 60


def test_a_second_join_in_another_group_is_named_and_their_dots_keep_counting(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    line = participant_event(folder, "joined", group="managers")
    [said] = _refused(folder, capsys)
    assert said.startswith(f"participants.csv, line {line}: the workshop's rules refuse this "
                           "'joined' event: participant ")  # fmt: skip
    assert said.endswith(f" joins again, in group 'managers' after 'tenants'; a participant "
                         f"joins once, in one group; {RESTORE}")  # fmt: skip
    assert _votes_total(folder) == _votes_total(workshop)


def test_a_second_option_for_one_issue_in_a_round_is_named(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    line = option_for_an_issue_already_in_its_round(folder)
    assert _refused(folder, capsys) == [
        f"options.csv, line {line}: the workshop's rules refuse this 'added' event: option "
        "'R1-O1-again' is for issue 'I01', as option 'R1-O1' of round 1 already is; a round has "
        f"one option per issue; {RESTORE}"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EditedSessionWarning)
        options = toolkit.open_session(folder).options
    assert "R1-O1-again" not in options["option_id"].tolist()


def test_the_report_refuses_an_edited_session_unless_told_to_accept_edits(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    vote_of_100_dots(folder)
    assert cli(["report", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "1 recorded event(s) in" in err and "--accept-edits" in err
    assert not (folder / "report.html").exists()
    with pytest.warns(EditedSessionWarning), pytest.raises(ReportError, match="the first: votes"):
        write_report(folder)

    assert cli(["report", str(folder), "--accept-edits"]) == 0
    html = (folder / "report.html").read_text(encoding="utf-8")
    first = html.index("Records edited by hand")
    assert first < html.index(">Summary<")
    assert "1 recorded event breaks the workshop&#x27;s rules" in html
    assert "votes.csv, line 2: the workshop" in html
    assert "this row has 100" in html


def test_an_untouched_report_says_nothing_of_edits(workshop: Path, tmp_path: Path) -> None:
    folder = _copy(workshop, tmp_path)
    html = write_report(folder).read_text(encoding="utf-8")
    assert "Records edited by hand" not in html


def test_the_report_command_still_passes_on_other_warnings(
    workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the hand-edit warning is said the report's own way; a torn record's warning
    (a crash mid-write) still reaches whoever runs `toolkit report`."""
    folder = _copy(workshop, tmp_path)
    with (folder / "notes.csv").open("ab") as f:
        f.write(b'0123456789abcdef,2026-11-28T10:00:00.000000Z,added,"N-torn')
    with pytest.warns(UserWarning, match=r"notes.csv, line \d+: the last record is incomplete"):
        assert cli(["report", str(folder)]) == 0
    assert "left out" not in capsys.readouterr().err
