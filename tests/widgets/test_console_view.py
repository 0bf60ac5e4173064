"""The console walks the agenda with a timer; the projector follows it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import toolkit
from tests.drawn_charts import chart_specs, chart_text, without_charts
from toolkit.apps.console import console_app
from toolkit.apps.link import SessionLink
from toolkit.apps.projector import projector_app
from toolkit.domain.room import PHONE_STEPS
from toolkit.records.folder import session_template
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
    assert "toolkit-timer-paused" not in console.bar.timer.value
    console.bar.pause_button.click()
    now.at += timedelta(hours=1)
    console.tick()
    assert "2:00 left" in console.bar.timer.value  # paused: time stands still
    # and looks paused, in its style and in words (colour is never the only cue)
    assert "toolkit-timer-paused" in console.bar.timer.value
    assert "Paused: 2:00 left" in console.bar.timer.value
    console.bar.start_button.click()
    assert "Paused" not in console.bar.timer.value
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
    assert "Paused" not in projector.step.value
    console.bar.pause_button.click()  # the projector shows a paused timer as paused too
    projector.refresh()
    projector.tick()
    assert "toolkit-timer-paused" in projector.step.value
    assert "Paused: " in projector.step.value


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
    assert chart_specs(projector.activity.value)
    assert "Tenants' <panel>" in chart_text(projector.activity.value)  # drawn as text
    assert "<panel>" not in without_charts(projector.activity.value)
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
    assert chart_specs(projector.chart.value)
    voting.phone_step.value = "wait"  # and the agenda is on its first step, not a vote
    projector.refresh()
    assert projector.chart.value == "" and projector.progress.value == ""


# The guide to each step: console only


def _shown(widget: object) -> str:
    """Every text a widget and its children put on the page."""
    parts = [str(getattr(widget, a, "")) for a in ("value", "description", "placeholder")
             if isinstance(getattr(widget, a, None), str)]  # fmt: skip
    parts += [str(o) for o in getattr(widget, "options", ()) or ()]
    return " ".join(parts + [_shown(c) for c in getattr(widget, "children", ())])


def _to_step(console: ConsoleView, n: int) -> None:
    while f"Step {n} of" not in console.bar.title.value:
        console.bar.next_button.click()
    console.refresh()


def test_the_console_guides_the_vote_step_with_the_session_s_numbers(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import OPTIONS
    from tests.workshop import shortlist

    shortlist(session_dir, OPTIONS)
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    guide = console.guidance
    assert "Guide: Welcome, purpose and ground rules" in guide.heading.value
    assert "Today Tenants, Front-line staff, Managers work on one question" in guide.say.value
    assert guide.rules.value == ""  # no rules to read out before the vote
    _to_step(console, 5)
    assert "Guide: Dot-vote, round 1" in guide.heading.value
    assert "We now vote on 6 options." in guide.say.value
    assert "Round 1 as planned, on the shortlist of 6" in guide.rules.value
    assert "<li>You each have 2 dots.</li>" in guide.rules.value  # floor(6 / 3)
    assert "Results stay hidden until everyone has voted" in guide.rules.value
    items = [b.description for b in guide.boxes]
    assert items[:3] == ["Options read out and clarified", "Everyone has joined: 0 so far",
                         "Rules explained; questions answered"]  # fmt: skip


def test_checklist_ticks_are_recorded_and_survive_a_reload(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    _to_step(console, 5)
    console.guidance.boxes[0].value = True
    console.guidance.boxes[2].value = True
    console.guidance.boxes[2].value = False
    console.guidance.boxes[3].value = True
    again = console_app(session_dir)  # a reloaded console, on the same folder
    assert isinstance(again, ConsoleView) and again.guidance is not None
    assert [b.value for b in again.guidance.boxes][:4] == [True, False, False, True]
    settings = toolkit.open_session(session_dir).events["settings"]
    ticks = settings[settings["key"].str.startswith("checklist:")]
    assert ticks["key"].tolist()[0] == "checklist:step-5:1" and len(ticks) == 4
    _to_step(again, 6)  # another step: its own list, nothing ticked
    assert not any(b.value for b in again.guidance.boxes)


def test_the_projector_shows_the_rules_only_while_switched_on(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import ready

    ready(session_dir)  # six options, an open round of 2 dots each
    console, projector = console_app(session_dir), projector_app(session_dir)
    assert isinstance(console, ConsoleView) and isinstance(projector, ProjectorView)
    assert console.guidance is not None
    _to_step(console, 5)
    projector.refresh()
    assert projector.rules.value == ""
    console.guidance.rules_shown.value = True
    projector.refresh()
    assert "<h2>How to vote</h2>" in projector.rules.value
    assert "<li>You each have 2 dots.</li>" in projector.rules.value
    assert "<li>Results stay hidden until everyone has voted" in projector.rules.value
    reloaded = console_app(session_dir)
    assert isinstance(reloaded, ConsoleView) and reloaded.guidance is not None
    assert reloaded.guidance.rules_shown.value  # the switch is read back from settings.csv
    _to_step(reloaded, 7)  # still offered away from a vote step while on, to switch off
    assert reloaded.guidance.rules_shown.layout.display == "flex"
    reloaded.guidance.rules_shown.value = False
    projector.refresh()
    assert projector.rules.value == ""
    assert "How to vote" not in _shown(projector)


def test_the_console_sizes_the_join_code_on_the_projector(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    link = SessionLink(session_dir, ("settings", "agenda", "stakeholders"))
    projector = ProjectorView(session_template(session_dir), link.read_new, "<p>QR</p>")
    projector.refresh()  # the welcome: nothing else to show, so large
    assert "toolkit-join-large" in projector._dom_classes
    _to_step(console, 2)  # the stakeholder map takes the slide: the code goes to a corner
    projector.refresh()
    assert "toolkit-join-corner" in projector._dom_classes
    assert "toolkit-join-large" not in projector._dom_classes
    console.guidance.join_size.value = "true"  # brought back, large, for latecomers
    assert console.guidance.status.kind == "ok", console.guidance.status.message
    projector.refresh()
    assert "toolkit-join-large" in projector._dom_classes
    reloaded = console_app(session_dir)
    assert isinstance(reloaded, ConsoleView) and reloaded.guidance is not None
    assert reloaded.guidance.join_size.value == "true"  # read back from settings.csv
    reloaded.guidance.join_size.value = ""
    projector.refresh()
    assert "toolkit-join-corner" in projector._dom_classes


def test_the_guide_never_reaches_the_projector(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import ready

    ready(session_dir)
    console, projector = console_app(session_dir), projector_app(session_dir)
    assert isinstance(console, ConsoleView) and isinstance(projector, ProjectorView)
    guide = console.guidance
    assert guide is not None
    for n in range(1, 9):
        _to_step(console, n)
        guide.notes.text.value = f"Said at step {n}"
        guide.notes.add_button.click()
        projector.refresh()
        on_screen = _shown(projector)
        for words in (
            "Guide:",
            "Say to the room",
            "Watch for",
            "Before moving on",
            "From the room's data",
            f"Said at step {n}",
            "Show the rules",
        ):
            assert words not in on_screen, (n, words)
        for box in guide.boxes:
            assert box.description not in on_screen, (n, box.description)
        assert guide.say.value  # there was a script to keep off the projector


def test_prompts_from_the_data_appear_at_their_step(session_dir: Path) -> None:
    from toolkit.apps.issues import issues_app
    from toolkit.apps.stakeholders import stakeholder_app

    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    guide = console.guidance
    now = FakeNow()
    console.bar._now = guide._now = now
    _to_step(console, 2)
    assert "No one is in" not in guide.prompts.value  # an empty map: not yet
    mapping = stakeholder_app(session_dir)
    mapping.form.name.value = "Tenants' <panel>"
    mapping.add_button.click()
    console.refresh()
    assert "No one is in Keep satisfied (high power, low interest): who is missing?" in (
        guide.prompts.value
    )  # the form's default scores put it in Manage closely
    _to_step(console, 3)
    assert "No one is in" not in guide.prompts.value and "No issues yet" not in guide.prompts.value
    issues = issues_app(session_dir)
    issues.text.value, issues.raised_by.value = "Repairs <take> too long", "tenants"
    issues.add_button.click()
    console.refresh()
    assert "No issues yet from Front-line staff" in guide.prompts.value
    assert "No issues yet from Managers" in guide.prompts.value
    assert "No issues yet from Tenants" not in guide.prompts.value
    assert "over its" not in guide.prompts.value
    console.bar.start_button.click()
    now.at += timedelta(minutes=21)
    console.refresh()
    assert "This step is 1:00 over its 20 minutes" in guide.prompts.value


def test_after_a_reveal_the_contested_options_become_questions(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import join, option_ids, ready

    voting = ready(session_dir)
    o = option_ids(voting)
    for group, option in (("tenants", o[0]), ("managers", o[1])):
        for _ in range(3):
            join(session_dir, group).vote(option, +1)
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    _to_step(console, 5)
    assert "gave" not in console.guidance.prompts.value  # hidden until the reveal
    voting.close_button.click()
    voting.reveal_button.click()
    console.refresh()
    assert (
        "100% of Tenants gave “1. Repairs take too long” a dot, against 0% of Managers: what do "
        "you each see in it?"
    ) in console.guidance.prompts.value
    _to_step(console, 7)  # the actions step: the discussion is over
    assert "gave" not in console.guidance.prompts.value


# One step, one click: the step moves the room


def _phone_steps(folder: Path) -> list[tuple[str, str]]:
    """The agenda and phone steps in settings.csv, in the order they were recorded."""
    settings = toolkit.open_session(folder).events["settings"]
    keys = settings[settings["key"].isin(["agenda_step", "phone_step"])]
    return list(zip(keys["key"], keys["value"], strict=True))


def test_next_and_back_move_the_phones_with_the_step(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import join

    console = console_app(session_dir)
    assert isinstance(console, ConsoleView)
    phone = join(session_dir, "tenants")
    assert phone.room.state.room.phone_step == "wait"
    expected = {2: "wait", 3: "issues", 4: "rating", 5: "vote", 6: "vote", 7: "wait"}
    for n, phones in expected.items():
        console.bar.next_button.click()  # nothing else: no *Phones show*, no refresh
        assert f"Step {n} of 8" in console.bar.title.value
        phone.html()  # the phone reads the folder as the server does
        assert phone.room.state.room.phone_step == phones, n
        assert console.bar.status.message.endswith(f"Phones show: {PHONE_STEPS[phones]}.")
    assert 'id="issue-text"' not in phone.html()
    for _ in range(4):  # back to raising issues
        console.bar.back_button.click()
    assert 'id="issue-text"' in phone.html()  # the phone asks for issues again
    # the step first, then the phones, as the Phones show switch records them; the phones'
    # step only when it changes (steps 5 to 6 are both votes)
    assert _phone_steps(session_dir) == [
        ("agenda_step", "step-2"),
        ("agenda_step", "step-3"), ("phone_step", "issues"),
        ("agenda_step", "step-4"), ("phone_step", "rating"),
        ("agenda_step", "step-5"), ("phone_step", "vote"),
        ("agenda_step", "step-6"),
        ("agenda_step", "step-7"), ("phone_step", "wait"),
        ("agenda_step", "step-6"), ("phone_step", "vote"),
        ("agenda_step", "step-5"),
        ("agenda_step", "step-4"), ("phone_step", "rating"),
        ("agenda_step", "step-3"), ("phone_step", "issues"),
    ]  # fmt: skip


def test_phones_show_still_overrides_the_step(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView)
    _to_step(console, 3)  # raising issues: the phones ask for issues
    issues = console.screens["issues"]
    assert isinstance(issues, IssuesConsole)
    assert issues.phone_step.value == "issues"  # the screen's switch shows it
    issues.phone_step.value = "wait"  # an exception: a break
    assert toolkit.open_session(session_dir).state.room.phone_step == "wait"
    console.refresh()
    assert issues.phone_step.value == "wait"  # the console's poll does not undo it


def test_the_new_steps_guide_shows_at_once_before_its_screen_is_made(session_dir: Path) -> None:
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView) and console.guidance is not None
    guide = console.guidance
    seen: list[str] = []
    make = console._screen_for

    def slow_screen(kind: str) -> object:  # what the facilitator sees while it is made
        seen.append(guide.heading.value)
        return make(kind)

    console._screen_for = slow_screen
    console.bar.next_button.click()  # no poll: the click alone redraws the guide
    assert "Guide: Who is involved? Mapping stakeholders" in guide.heading.value
    assert seen == ["<h2>Guide: Who is involved? Mapping stakeholders</h2>"]
    assert isinstance(console.body.children[0], StakeholderMapping)
    console.bar.back_button.click()
    assert "Guide: Welcome, purpose and ground rules" in guide.heading.value


def test_so_far_counts_are_live_and_agree_with_the_checklist(session_dir: Path) -> None:
    from tests.widgets.test_voting_view import join

    console = console_app(session_dir)  # the first step shows the session's overview
    assert isinstance(console, ConsoleView) and console.guidance is not None
    overview = console.body.children[0]
    assert "<strong>0</strong>participants" in overview.counts.value
    for group in ("tenants", "tenants", "managers"):
        join(session_dir, group)
    console.refresh()  # the console's poll
    assert "<strong>3</strong>participants" in overview.counts.value
    assert "(2)" in overview.groups.value  # two Tenants
    items = [b.description for b in console.guidance.boxes]
    assert "Join code on the projector; 3 joined so far" in items


def test_the_console_says_when_the_phones_server_was_restarted(session_dir: Path) -> None:
    console = console_app(session_dir, poll_seconds=0)
    assert isinstance(console, ConsoleView)
    assert "restarted" not in console.bar.room.value
    # as `toolkit serve` records it once it has started a stopped phones' server again
    SessionLink(session_dir, ()).record(
        "settings", "set", {"key": "phones_restarted", "value": "2026-11-28T13:05:09.250000Z"}
    )
    console.refresh()
    local = datetime(2026, 11, 28, 13, 5, 9, tzinfo=UTC).astimezone().strftime("%H:%M:%S")
    assert f"Phones' server restarted at <b>{local}</b>" in console.bar.room.value
