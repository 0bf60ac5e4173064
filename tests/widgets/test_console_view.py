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
    assert "Repairs together" in projector.heading.value  # the title, from settings.csv
    assert "left" in projector.step.value and "role='timer'" in projector.step.value


def test_the_projector_shows_each_steps_activity_and_never_hidden_issues(
    session_dir: Path,
) -> None:
    from toolkit.apps.issues import issues_app
    from toolkit.apps.stakeholders import stakeholder_app

    console, projector = console_app(session_dir), projector_app(session_dir)
    assert isinstance(console, ConsoleView) and isinstance(projector, ProjectorView)
    mapping = stakeholder_app(session_dir)
    mapping.form.name.value = "Tenants' <panel>"
    mapping.add_button.click()
    issues = issues_app(session_dir)
    for text in ("Repairs take too long", "Mr X's phone number is 07700 900123"):
        issues.text.value, issues.raised_by.value = text, "tenants"
        issues.add_button.click()
    issues.chosen.value = issues.board.all[1].issue_id
    issues.hide_button.click()

    console.bar.next_button.click()  # stakeholders
    projector.refresh()
    assert "<svg" in projector.activity.value
    assert "Tenants&#39; &lt;panel&gt;" in projector.activity.value or (
        "Tenants' &lt;panel&gt;" in projector.activity.value
    )
    console.bar.next_button.click()  # issues
    projector.refresh()
    assert "Repairs take too long" in projector.activity.value
    assert "07700" not in projector.activity.value  # hidden: never projected
    console.bar.next_button.click()  # prioritise
    issues.rate_for.value = "tenants"
    row = issues.rating_rows[issues.board.active[0].issue_id]
    row.importance.value, row.feasibility.value = 5, 2
    projector.refresh()
    assert "T1" in projector.activity.value and "Major projects" in projector.activity.value
    assert "07700" not in projector.activity.value


def test_vote_results_stay_off_the_projector_outside_voting(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import join, ready

    voting = ready(session_dir)  # phones set to vote, a round open
    phone = join(session_dir, "tenants")
    phone.vote(voting.voting.options(voting.voting.current.round_id)[0].option_id, +1)
    voting.close_button.click()
    voting.reveal_button.click()
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    assert "<svg" in projector.chart.value
    voting.phone_step.value = "wait"  # and the agenda is on its first step, not a vote
    projector.refresh()
    assert projector.chart.value == "" and projector.progress.value == ""
