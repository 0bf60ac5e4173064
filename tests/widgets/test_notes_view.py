"""Discussion notes on the console and on the note-taker's screen: recorded, listed escaped,
reopened with open_session, and in the report."""

from __future__ import annotations

from html import escape
from pathlib import Path

import toolkit
from tests.hostile import HOSTILE_TEXTS
from toolkit.apps.console import console_app
from toolkit.apps.issues import issues_app
from toolkit.apps.notes import notes_app
from toolkit.outputs.report import build, to_html
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.notes import NotesScreen

HOSTILE = HOSTILE_TEXTS[9]  # "<script>alert('x')</script><b>bold</b>"


def _console(folder: Path) -> ConsoleView:
    console = console_app(folder)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    return console


def _raise(folder: Path, *texts: str) -> list[str]:
    issues = issues_app(folder)
    for text in texts:
        issues.text.value, issues.raised_by.value = text, "tenants"
        issues.add_button.click()
    return [i.issue_id for i in issues.board.all]


def test_a_note_taken_on_the_console_round_trips_into_the_records_and_report(
    session_dir: Path,
) -> None:
    [repairs, private] = _raise(session_dir, "Repairs take too long", "Mr X at number 4")
    console = _console(session_dir)
    console.bar.next_button.click()
    console.bar.next_button.click()  # step 3, raising issues
    console.refresh()
    notes = console.guidance.notes  # type: ignore[union-attr]
    notes.add_button.click()
    assert notes.status.kind == "error" and "Write the note first" in notes.status.message
    notes.text.value = f"Tenants: {HOSTILE}\nManagers agreed it is slow"
    assert f"issue:{repairs}" in [v for _, v in notes.about.options]
    notes.about.value = f"issue:{repairs}"
    notes.voices[0].value = notes.voices[2].value = True  # Tenants and Managers
    notes.add_button.click()
    assert notes.status.kind == "ok", notes.status.message
    assert escape(HOSTILE) in notes.listing.value and HOSTILE not in notes.listing.value
    assert "Issue 1: Repairs take too long · Voices: T Tenants, M Managers" in notes.listing.value
    assert notes.text.value == "" and not any(v.value for v in notes.voices)  # ready for more

    notes.text.value = "About the neighbour"  # about an issue the facilitator hides later
    notes.about.value = f"issue:{private}"
    notes.add_button.click()
    issues = issues_app(session_dir)
    issues.chosen.value = private
    issues.hide_button.click()
    console.refresh()
    assert f"issue:{private}" not in [v for _, v in notes.about.options]  # no longer offered
    assert "Issue 2 (hidden: its words are not shown)" in notes.listing.value
    assert "Mr X" not in notes.listing.value

    session = toolkit.open_session(session_dir)
    row, _ = session.notes.to_dict("records")
    assert (row["step_id"], row["about_kind"], row["about_id"]) == ("step-3", "issue", repairs)
    assert row["text"] == f"Tenants: {HOSTILE}\nManagers agreed it is slow"
    assert row["groups"] == "tenants managers"
    html = to_html(build(session))
    assert "<h2>What was said: discussion notes</h2>" in html
    assert "<h3>3. What should improve? Raising issues</h3>" in html
    assert escape(f"Tenants: {HOSTILE}") in html and HOSTILE not in html
    assert "(Issue 1: Repairs take too long; voices: Tenants, Managers)" in html
    assert "About the neighbour (Issue 2 (hidden: its words are not shown))" in html
    assert "Mr X" not in html


def test_notes_are_edited_and_removed_by_events_on_the_console(session_dir: Path) -> None:
    console = _console(session_dir)
    notes = console.guidance.notes  # type: ignore[union-attr]
    notes.text.value = "First words"
    notes.add_button.click()
    [(_, note_id)] = [o for o in notes.chosen.options if o[1]]
    notes.chosen.value = note_id
    assert notes.text.value == "First words" and notes.add_button.disabled
    notes.text.value = "Better words"
    notes.voices[1].value = True
    notes.save_button.click()
    assert notes.status.message == "Note saved." and "Better words" in notes.listing.value
    notes.chosen.value = note_id
    notes.remove_button.click()
    assert notes.status.message == "Note removed."
    assert "No notes at this step yet." in notes.listing.value
    events = toolkit.open_session(session_dir).events["notes"]
    assert events["event"].tolist() == ["added", "edited", "removed"]
    assert events["groups"].tolist()[1] == "front-line-staff"
    assert toolkit.open_session(session_dir).notes.empty


def test_the_note_taker_s_screen_follows_the_console_and_lists_every_step(
    session_dir: Path,
) -> None:
    screen = notes_app(session_dir)
    assert isinstance(screen, NotesScreen)
    console = _console(session_dir)
    assert "The console is on <b>Welcome, purpose and ground rules</b>" in screen.heading.value
    screen.panel.text.value = "Welcome said"
    screen.panel.add_button.click()
    console.bar.next_button.click()
    screen.refresh()
    assert screen.panel.step.value == "step-2"  # new notes go where the console is
    screen.panel.text.value = "Map said"
    screen.panel.add_button.click()
    screen.panel.step.value = "step-1"  # or to a step picked by hand
    screen.panel.text.value = "Also at the welcome"
    screen.panel.add_button.click()
    listing = screen.panel.listing.value
    assert listing.index("1. Welcome, purpose") < listing.index("Also at the welcome")
    assert listing.index("Welcome said") < listing.index("2. Who is involved?")
    assert listing.index("2. Who is involved?") < listing.index("Map said")
    console.refresh()  # the console lists its own step's notes, from the same records
    assert "Map said" in console.guidance.notes.listing.value  # type: ignore[union-attr]
    assert "Welcome said" not in console.guidance.notes.listing.value  # type: ignore[union-attr]
    steps = toolkit.open_session(session_dir).notes["step_id"].tolist()
    assert steps == ["step-1", "step-2", "step-1"]
