"""Privacy under hand edits (issue 17): whatever the facilitator hid stays off every surface
(the report, the projector at each step, every phone) however the tables were edited in a
spreadsheet. The generated workshop hides two issues: a person's rent arrears and an insult."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import toolkit
from tests.records.edits import EDITS, Edit
from tests.surfaces import hidden_issue_words, shown_text, shown_words
from toolkit.records import Recorder

HIDDEN = ["Mrs Jones at flat 12 is behind with her rent", "The repairs manager is a useless idiot"]
VISIBLE = "Damp and mould in bathrooms"  # on the board, shortlisted and in round 1
# Where the board's issues are shown, so where a hidden one would be.
ISSUE_SURFACES = ("report", "projector step-3 (issues)", "projector step-4 (prioritise)",
                  "phone rating")  # fmt: skip


@pytest.fixture(scope="module")
def words(workshop: Path) -> list[str]:
    return hidden_issue_words(workshop)


def _copy(workshop: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(workshop, tmp_path / workshop.name))


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _in_the_records(words: list[str], folder: Path) -> list[str]:
    issues = (folder / "issues.csv").read_text(encoding="utf-8")
    return [w for w in words if w in issues]


def test_the_workshop_hides_rent_arrears_and_an_insult(workshop: Path, words: list[str]) -> None:
    issues = toolkit.open_session(workshop).issues
    assert sorted(issues.loc[issues["hidden"].astype(bool), "text"]) == HIDDEN
    assert words == ["Jones", "flat", "useless", "idiot"]  # words no other record uses


def test_untouched_the_hidden_words_are_in_the_records_and_on_no_surface(
    workshop: Path, tmp_path: Path, words: list[str]
) -> None:
    folder = _copy(workshop, tmp_path)
    assert _in_the_records(words, folder) == words  # so there is something to leak
    shown = shown_text(folder)
    assert len([s for s in shown if s.startswith("projector ")]) == 8  # every agenda step
    assert {"report", "phone join", "phone wait", "phone issues", "phone rating",
            "phone vote"} <= set(shown)  # fmt: skip
    for surface in ISSUE_SURFACES:  # the surfaces do show the board's issues
        assert VISIBLE in shown[surface], surface
    assert shown_words(words, shown) == {}


def test_an_issue_unhidden_on_the_console_is_shown_so_a_leak_would_be_seen(
    workshop: Path, tmp_path: Path, words: list[str]
) -> None:
    """The check can fail: unhidden properly (an `unhidden` event), the issues are shown
    again, every word on every surface that shows the board."""
    folder = _copy(workshop, tmp_path)
    board = toolkit.open_session(folder).state.board
    recorder = Recorder(folder)
    for issue in board.all:
        if issue.hidden:
            change = board.unhide(issue.issue_id)
            recorder.append("issues", change.event, **change.values())
    shown = shown_words(words, shown_text(folder))
    for surface in ISSUE_SURFACES:
        assert shown.get(surface) == words, surface


@pytest.mark.parametrize(("description", "edit"), [pytest.param(d, e, id=i) for i, d, e in EDITS])
def test_a_hidden_issue_stays_hidden_after_a_hand_edit(
    workshop: Path, tmp_path: Path, words: list[str], description: str, edit: Edit
) -> None:
    folder = _copy(workshop, tmp_path)
    before = _tables(folder)
    edit(folder)
    assert _tables(folder) != before, "the edit changed nothing"
    assert _in_the_records(words, folder) == words
    leaks = shown_words(words, shown_text(folder))
    assert leaks == {}, f"after '{description}', hidden words are shown: {leaks}"
