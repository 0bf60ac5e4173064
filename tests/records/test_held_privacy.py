"""Moderation before the room sees (issue 22): an issue from a phone held for the facilitator's
check is, like a hidden one, on no surface (the report, the projector at each step, every
phone) until the facilitator shows it; only its sender's own phone lists it, marked as
waiting. Hand edits that do not add a 'shown' event change nothing of that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import toolkit
from tests.records.edits import every_table_reversed, every_table_shuffled, read_rows, save_rows
from tests.records.test_edit_privacy import ISSUE_SURFACES, VISIBLE
from tests.surfaces import (
    held_issue_words,
    phone_pages_by_person,
    report_html,
    shown_text,
    shown_words,
)
from toolkit.domain.issues import Issue
from toolkit.records import Recorder

HELD = "Mr Okonkwo rings 07700900123 nightly: Dominika's benefits"


@pytest.fixture
def folder(workshop: Path, tmp_path: Path) -> Path:
    """The generated workshop, and one more issue sent from a tenant's phone while phones'
    issues are held (the housing template's default), never checked."""
    folder = Path(shutil.copytree(workshop, tmp_path / workshop.name))
    session = toolkit.open_session(folder)
    people = session.participants
    sender = people[people["channel"] == "device"].iloc[0]
    issue = Issue("I-HELD", HELD, "", sender["participant_id"], sender["group_id"], "device")
    change = session.state.board.raise_issue(issue, held=True)
    Recorder(folder).append("issues", change.event, **change.values())
    return folder


def _sender(folder: Path) -> str:
    return str(toolkit.open_session(folder).state.board.get("I-HELD").participant_id)


def test_a_held_issue_is_in_the_records_and_on_no_surface(folder: Path) -> None:
    words = held_issue_words(folder)
    assert words == ["Okonkwo", "rings", "07700900123", "nightly", "Dominika", "benefits"]
    issues = (folder / "issues.csv").read_text(encoding="utf-8")
    assert all(w in issues for w in words)  # recorded at once: something to leak
    shown = shown_text(folder)
    for surface in ISSUE_SURFACES:  # the surfaces do show the board's issues
        assert VISIBLE in shown[surface], surface
    # only the sender's own list of issues names it, on the sender's phone alone
    assert shown_words(words, shown) == {"phone issues": words}
    pages = phone_pages_by_person(folder, "issues")
    sender = _sender(folder)
    assert shown_words(words, pages) == {sender: words}
    assert "(waiting for the facilitator&#x27;s check)" in pages[sender]
    report = report_html(folder, folder.parent / "report.html")
    assert "(not shown: the facilitator never checked it)" in report


def test_shown_from_the_queue_it_is_on_every_surface_that_shows_the_board(
    folder: Path,
) -> None:
    """The check can fail: shown properly (a 'shown' event), its words are everywhere the
    board's issues are."""
    words = held_issue_words(folder)
    board = toolkit.open_session(folder).state.board
    change = board.show("I-HELD")
    Recorder(folder).append("issues", change.event, **change.values())
    shown = shown_words(words, shown_text(folder))
    for surface in ISSUE_SURFACES:
        assert shown.get(surface) == words, surface


def _edited_row_after_the_held_one(folder: Path) -> None:
    """A copy of the held row as an 'edited' event, later than any, with a new event id."""
    header, *rows = read_rows(folder / "issues.csv")
    at = {name: n for n, name in enumerate(header)}
    row = [*next(r for r in rows if r[at["issue_id"]] == "I-HELD")]
    row[at["event"]], row[at["event_id"]] = "edited", "by-hand-1"
    row[at["timestamp"]] = "2099-01-01T00:00:00.000000Z"
    save_rows(folder / "issues.csv", [header, *rows, row])


@pytest.mark.parametrize(
    "edit", [_edited_row_after_the_held_one, every_table_reversed, every_table_shuffled]
)
def test_a_held_issue_stays_held_after_a_hand_edit(folder: Path, edit: object) -> None:
    words = held_issue_words(folder)
    edit(folder)  # type: ignore[operator]
    leaks = shown_words(words, shown_text(folder))
    assert leaks == {"phone issues": words}, leaks  # the sender's own list, as before


def test_a_held_row_renamed_raised_by_hand_is_counted_as_held_in_the_report(
    folder: Path,
) -> None:
    """The replay knows holding was on (settings.csv), so the report and the analyses count
    a phone's issue 'raised' by hand as held, and say so."""
    words = held_issue_words(folder)
    header, *rows = read_rows(folder / "issues.csv")
    at = {name: n for n, name in enumerate(header)}
    for r in rows:
        if r[at["issue_id"]] == "I-HELD":
            r[at["event"]] = "raised"
    save_rows(folder / "issues.csv", [header, *rows])
    report = report_html(folder, folder.parent / "report.html")
    assert shown_words(words, {"report": report}) == {}
    assert "counted as held" in report
