"""The console walks the agenda with a timer; the projector follows it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from toolkit.apps.console import console_app
from toolkit.apps.projector import projector_app
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.issues import IssuesConsole
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.stakeholders import StakeholderMapping
from toolkit.widgets.voting import VotingConsole


class FakeNow:
    """A clock the test moves by hand (the real one is injected the same way)."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.at


def test_next_and_back_walk_the_agenda_and_show_each_steps_screen(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView)
    assert "Step 1 of 8: Welcome, purpose and ground rules" in console.bar.title.value
    assert console.bar.back_button.disabled
    expected = [StakeholderMapping, IssuesConsole, IssuesConsole, VotingConsole]
    for screen in expected:
        console.bar.next_button.click()
        console.refresh()
        assert isinstance(console.body.children[0], screen)
    assert console.screens["issues"] is console.screens["prioritise"]  # one issues screen
    console.bar.back_button.click()
    console.refresh()
    assert "Step 4 of 8: Importance and feasibility" in console.bar.title.value
    again = console_app(session_dir)  # a reloaded console lands on the same step
    assert isinstance(again, ConsoleView)
    assert "Step 4 of 8" in again.bar.title.value


def test_the_timer_starts_pauses_gets_a_minute_and_shows_overrun(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView)
    now = FakeNow()
    console.bar._now = now
    console.tick()
    assert "10:00 left" in console.bar.timer.value
    console.bar.start_button.click()
    now.at += timedelta(minutes=9)
    console.tick()
    assert "1:00 left (nearly time)" in console.bar.timer.value
    assert "toolkit-timer-warning" in console.bar.timer.value
    console.bar.more_button.click()
    assert "2:00 left" in console.bar.timer.value
    console.bar.pause_button.click()
    now.at += timedelta(hours=1)
    console.tick()
    assert "2:00 left" in console.bar.timer.value  # paused: time stands still
    console.bar.start_button.click()
    now.at += timedelta(minutes=3)
    console.tick()
    assert "1:00 over time" in console.bar.timer.value
    assert "toolkit-timer-over" in console.bar.timer.value


def test_the_projector_follows_the_consoles_step_and_timer(session_dir: Path) -> None:
    console = console_app(session_dir)
    projector = projector_app(session_dir)
    assert isinstance(console, ConsoleView) and isinstance(projector, ProjectorView)
    console.bar.next_button.click()
    console.bar.start_button.click()
    projector.refresh()
    projector.tick()
    assert "<h1>Who is involved? Mapping stakeholders</h1>" in projector.step.value
    assert "left" in projector.step.value and "role='timer'" in projector.step.value
