"""Every edit shows (issue 23): hand edits of a generated workshop that break none of the
workshop's rules, each named by `toolkit validate` with its file and line, warned of by
open_session, and refused by the report unless --accept-edits; a correction recorded with
who and why shows instead; a folder made before digests opens as before, with a note."""

from __future__ import annotations

import itertools
import json
import shutil
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import toolkit
from tests.records.edits import STAMP, read_rows, save_rows
from tests.records.older_folders import as_version_1
from tests.records.sample import fill_every_table
from toolkit.cli import main as cli
from toolkit.outputs.report import ReportError, write_report
from toolkit.records import Recorder
from toolkit.records.replayed import EditedSessionWarning

CHANGED = "this row was changed after it was recorded"
ADDED = "this row was added by hand"
DELETED = "a row recorded just before this one (in time) was deleted"
CUT = "the last row(s) the toolkit recorded were deleted from the file"
UNSEALED = "it was changed after the session was created: it no longer matches its seal"
# (file, line or None, what validate says there)
Found = tuple[str, int | None, str]


def _body(folder: Path, name: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = read_rows(folder / name)
    return header, rows


def _row(header: list[str], rows: list[list[str]], **match: str) -> int:
    """The index of the first row whose cells are as `match` says."""
    at = {k: header.index(k) for k in match}
    return next(n for n, r in enumerate(rows) if all(r[at[k]] == v for k, v in match.items()))


def _set(folder: Path, name: str, match: dict[str, str], **cells: str) -> int:
    """Change cells of the first row matching; returns its line in the file."""
    header, rows = _body(folder, name)
    n = _row(header, rows, **match)
    for column, value in cells.items():
        rows[n][header.index(column)] = value
    save_rows(folder / name, [header, *rows])
    return n + 2


def paper_tally_times_ten(folder: Path) -> list[Found]:
    header, rows = _body(folder, "votes.csv")
    n = _row(header, rows, channel="paper", event="cast")
    dots = str(int(rows[n][header.index("dots")]) * 10)
    return [("votes.csv", _set(folder, "votes.csv", {"event_id": rows[n][0]}, dots=dots), CHANGED)]


def paper_row_copied_a_microsecond_later(folder: Path) -> list[Found]:
    header, rows = _body(folder, "votes.csv")
    n = _row(header, rows, channel="paper", event="cast")
    copy = list(rows[n])
    copy[header.index("event_id")] = "c0ffee00c0ffee01"
    stamp = datetime.strptime(copy[header.index("timestamp")], STAMP)
    copy[header.index("timestamp")] = (stamp + timedelta(microseconds=1)).strftime(STAMP)
    save_rows(folder / "votes.csv", [header, *rows[: n + 1], copy, *rows[n + 1 :]])
    return [("votes.csv", n + 3, ADDED)]


def ballot_moved_to_another_option(folder: Path) -> list[Found]:
    header, rows = _body(folder, "votes.csv")
    n = _row(header, rows, channel="device", event="cast")
    option = rows[n][header.index("option_id")]
    other = next(
        r[header.index("option_id")]
        for r in rows
        if r[header.index("round_id")] == rows[n][header.index("round_id")]
        and r[header.index("option_id")] != option
    )
    line = _set(folder, "votes.csv", {"event_id": rows[n][0]}, option_id=other)
    return [("votes.csv", line, CHANGED)]


def ballots_swapped_between_two_of_a_group(folder: Path) -> list[Found]:
    """A's dot on one option made B's, and B's dot on another made A's: everyone still holds
    their budget, no cap is passed, the group's totals are the same; two rows changed."""
    header, rows = _body(folder, "votes.csv")
    col = {c: header.index(c) for c in ("round_id", "option_id", "participant_id", "group_id")}
    held = Counter((r[col["round_id"]], r[col["participant_id"]], r[col["option_id"]])
                   for r in rows)  # fmt: skip
    cap = 2  # the workshop's rounds: at most 2 dots on one option
    for a, b in itertools.combinations(range(len(rows)), 2):
        ra, rb = rows[a], rows[b]
        same = all(ra[col[c]] == rb[col[c]] for c in ("round_id", "group_id"))
        if not same or ra[col["participant_id"]] == rb[col["participant_id"]]:
            continue
        if ra[col["option_id"]] == rb[col["option_id"]]:
            continue
        r, pa, pb = ra[col["round_id"]], ra[col["participant_id"]], rb[col["participant_id"]]
        if held[r, pb, ra[col["option_id"]]] < cap and held[r, pa, rb[col["option_id"]]] < cap:
            ra[col["participant_id"]], rb[col["participant_id"]] = pb, pa
            save_rows(folder / "votes.csv", [header, *rows])
            return [("votes.csv", a + 2, CHANGED), ("votes.csv", b + 2, CHANGED)]
    raise AssertionError("no two ballots to swap")


def last_dot_deleted(folder: Path) -> list[Found]:
    header, rows = _body(folder, "votes.csv")
    last = max(range(len(rows)), key=lambda n: rows[n][header.index("timestamp")])
    save_rows(folder / "votes.csv", [header, *rows[:last], *rows[last + 1 :]])
    return [("votes.csv", None, CUT)]


def backlog_issue_deleted(folder: Path) -> list[Found]:
    """Every row of an issue never voted on: later issues' numbers would move up one."""
    header, rows = _body(folder, "issues.csv")
    at = header.index("issue_id")
    referred = {r[header.index("merged_into")] for r in rows}
    for table, column in (("options", "issue_id"), ("ratings", "issue_id"),
                          ("actions", "issue_id"), ("notes", "about_id")):  # fmt: skip
        t_header, t_rows = _body(folder, f"{table}.csv")
        referred |= {r[t_header.index(column)] for r in t_rows}
    last = {r[at]: n for n, r in enumerate(rows)}
    gone = next(i for i, n in last.items() if i not in referred and n < len(rows) - 1)
    after = last[gone] + 1
    kept = [r for r in rows if r[at] != gone]
    save_rows(folder / "issues.csv", [header, *kept])
    first_after = rows[after]  # the row recorded after the issue's last row
    return [("issues.csv", kept.index(first_after) + 2, DELETED)]


def template_threshold_lowered(folder: Path) -> list[Found]:
    path = folder / "template.toml"
    text = path.read_text(encoding="utf-8")
    assert "small_group_threshold = 3" in text
    path.write_text(text.replace("small_group_threshold = 3", "small_group_threshold = 1"))
    return [("template.toml", None, UNSEALED)]


def descriptor_retitled(folder: Path) -> list[Found]:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] = "Something else"
    path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    return [("datapackage.json", None, UNSEALED)]


def digest_column_removed(folder: Path) -> list[Found]:
    header, rows = _body(folder, "ratings.csv")
    at = header.index("digest")
    save_rows(folder / "ratings.csv", [[c for i, c in enumerate(r) if i != at]
                                       for r in [header, *rows]])  # fmt: skip
    return [("ratings.csv", 1, "its digest column was removed")]


def stacked_dot_turned_into_a_withdrawal(folder: Path) -> list[Found]:
    """The second of two dots on one option, by one person, made a withdrawal."""
    header, rows = _body(folder, "votes.csv")
    key = [header.index(c) for c in ("round_id", "option_id", "participant_id")]
    seen: set[tuple[str, ...]] = set()
    for n, r in enumerate(rows):
        k = tuple(r[i] for i in key)
        if r[header.index("event")] == "cast" and r[header.index("channel")] == "device":
            if k in seen:
                rows[n][header.index("event")] = "withdrawn"
                save_rows(folder / "votes.csv", [header, *rows])
                return [("votes.csv", n + 2, CHANGED)]
            seen.add(k)
    raise AssertionError("no stacked dots in the workshop")


PAPER = [paper_tally_times_ten, paper_row_copied_a_microsecond_later]  # on a filled folder
CATALOGUE: list[Callable[[Path], list[Found]]] = [
    *PAPER,
    ballot_moved_to_another_option,
    ballots_swapped_between_two_of_a_group,
    stacked_dot_turned_into_a_withdrawal,
    last_dot_deleted,
    backlog_issue_deleted,
    template_threshold_lowered,
    descriptor_retitled,
    digest_column_removed,
]


def _validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli(["validate", str(folder)])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def folder(workshop: Path, tmp_path: Path) -> Path:
    """A copy of the generated whole workshop (its votes are all from phones)."""
    return Path(shutil.copytree(workshop, tmp_path / workshop.name))


@pytest.fixture
def filled(session_dir: Path) -> Path:
    """A session with an event in every table, a paper tally of 7 dots among them."""
    fill_every_table(session_dir)
    return session_dir


def test_the_untouched_workshop_has_no_edits(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _validate(folder, capsys)
    assert code == 0 and len(out) == 1 and out[0].endswith("events"), out
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert toolkit.open_session(folder).edits == []


@pytest.mark.parametrize("edit", CATALOGUE, ids=[e.__name__ for e in CATALOGUE])
def test_an_edit_that_breaks_no_rule_is_named_with_its_file_and_line(
    request: pytest.FixtureRequest,
    edit: Callable[[Path], list[Found]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = request.getfixturevalue("filled" if edit in PAPER else "folder")
    expected = edit(folder)
    code, out = _validate(folder, capsys)
    assert code == 1
    edits = [line for line in out if "'toolkit correct'" in line]
    assert len(edits) == len(expected), out
    for line, (file, at, says) in zip(edits, expected, strict=True):
        where = f"{file}, line {at}: " if at else f"{file}: "
        assert line.startswith(where + says), (line, where + says)
    with pytest.warns(EditedSessionWarning, match=r"edited after the toolkit recorded them"):
        session = toolkit.open_session(folder)
    assert [str(p) for p in session.edits] == edits
    with pytest.raises(ReportError, match=r"were edited after the toolkit recorded them"):
        write_report(session, folder / "report.html")


def test_a_correction_records_who_and_why_and_a_later_edit_shows_again(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = filled
    line = paper_tally_times_ten(folder)[0][1]
    assert cli(["correct", str(folder), "--by", "Sam Okafor", "--why", "the sheet said 80"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"recorded as a correction: votes.csv, line {line}"
    ]
    code, out = _validate(folder, capsys)
    assert code == 0, out
    assert [x for x in out if x.startswith("corrected:")] == [
        f"corrected: votes.csv, line {line}: {CHANGED} (its cells no longer match its digest); "
        f"corrected on {_today()} by Sam Okafor: the sheet said 80"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", EditedSessionWarning)
        session = toolkit.open_session(folder)
    assert len(session.corrected) == 1 and session.edits == []
    report = write_report(session, folder / "report.html").read_text(encoding="utf-8")
    assert "recorded as corrections" in report and "the sheet said 80" in report
    # the same row edited again is an edit again: the correction was for the first one
    _, rows = _body(folder, "votes.csv")
    _set(folder, "votes.csv", {"event_id": rows[line - 2][0]}, dots="81")
    code, out = _validate(folder, capsys)
    assert code == 1
    assert any(x.startswith(f"votes.csv, line {line}: {CHANGED}") for x in out)


def test_correct_needs_who_and_why_and_records_nothing_without_an_edit(
    filled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = filled
    assert cli(["correct", str(folder), "--by", "Sam", "--why", "tidying"]) == 0
    assert "no edit to record" in capsys.readouterr().out
    before = read_rows(folder / "corrections.csv")
    paper_tally_times_ten(folder)
    assert cli(["correct", str(folder), "--by", " ", "--why", "x"]) == 1
    assert "say who made the edits" in capsys.readouterr().err
    assert read_rows(folder / "corrections.csv") == before


def test_the_report_lists_the_edits_when_told_to_accept_them(folder: Path) -> None:
    ballot_moved_to_another_option(folder)
    with pytest.warns(EditedSessionWarning):
        session = toolkit.open_session(folder)
    text = write_report(session, folder / "r.html", accept_edits=True).read_text("utf-8")
    assert "The files were edited after the toolkit recorded them, in 1 place, and" in text
    assert CHANGED in text


def test_a_row_recorded_after_a_cut_shows_the_cut(folder: Path) -> None:
    """The note beside the locks remembers the last row recorded: the next row is chained to
    it, so rows cut from the end still show once new rows follow them."""
    last_dot_deleted(folder)
    Recorder(folder).append("settings", "set", key="k", value="v")
    header, rows = _body(folder, "votes.csv")
    last = max(r[header.index("timestamp")] for r in rows)
    Recorder(folder).append(
        "votes", "cast", round_id=rows[0][3], option_id=rows[0][4], channel="paper", dots=1
    )
    with pytest.warns(EditedSessionWarning) as caught:
        toolkit.open_session(folder)
    said = " ".join(str(w.message) for w in caught)
    assert f"votes.csv, line {len(rows) + 2}: {DELETED}" in said, said
    assert last < _body(folder, "votes.csv")[1][-1][1]


def test_a_folder_made_before_digests_opens_as_before_with_a_note(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _summary(folder)
    as_version_1(folder)
    code, out = _validate(folder, capsys)
    assert code == 0, out
    assert out[0] == (
        "warning: datapackage.json: this folder was made before each row carried a digest "
        "(records schema 1): it opens as before, but edits of its files cannot be shown"
    )
    with pytest.warns(UserWarning, match=r"made before each row carried a digest"):
        assert _summary(folder) == before
    # the toolkit goes on writing to it as it was: no digest column appears
    Recorder(folder).append("settings", "set", key="k", value="v")
    assert "digest" not in read_rows(folder / "settings.csv")[0]


def _summary(folder: Path) -> tuple[object, ...]:
    s = toolkit.open_session(folder)
    return (s.title, len(s.events["votes"]), int(s.votes["dots"].sum()), len(s.issues))


def _today() -> str:
    return datetime.now(UTC).strftime(STAMP)[:10]
