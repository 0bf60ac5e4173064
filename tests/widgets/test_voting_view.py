"""Dot-voting through the screens: phones, the facilitator's channels, the projector."""

from __future__ import annotations

from pathlib import Path

import toolkit
from tests.workshop import shortlist, template_with
from toolkit.apps.participant import participant_app
from toolkit.apps.projector import projector_app
from toolkit.apps.voting import voting_app
from toolkit.records import create_session
from toolkit.widgets.participant import ParticipantView
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.voting import VotingConsole

OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in flats", "Bins overflow",
           "Lifts break down", "Noise at night"]  # fmt: skip


def ready(folder: Path) -> VotingConsole:
    """A session with six shortlisted issues, an open round and phones voting."""
    shortlist(folder, OPTIONS)
    console = voting_app(folder)
    assert isinstance(console, VotingConsole)
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    return console


def join(folder: Path, group: str) -> ParticipantView:
    view = participant_app(folder)
    assert isinstance(view, ParticipantView)
    view.group.value = group
    view.join_button.click()
    return view


def option_ids(console: VotingConsole) -> list[str]:
    current = console.voting.current
    assert current is not None
    return [o.option_id for o in console.voting.options(current.round_id)]


def test_a_phone_votes_dot_by_dot_and_is_locked_after_close(session_dir: Path) -> None:
    console = ready(session_dir)
    phone = join(session_dir, "tenants")
    o = option_ids(console)
    assert "You each have 2 dots" in phone.ballot.heading.value  # 6 options: floor(6/3)
    minus, count, plus = phone.ballot._buttons[o[0]]
    plus.click()
    plus.click()
    assert phone.status.message == "Saved. 0 dots left." and "●●" in count.value
    assert plus.disabled  # budget spent
    phone.ballot._buttons[o[1]][2].click()
    assert "You have used all 2 dots" in phone.status.message
    minus.click()
    assert phone.ballot.ballot and phone.ballot.ballot.dots == {o[0]: 1}
    console.close_button.click()
    phone.refresh()
    assert "Voting is closed" in phone.ballot.heading.value
    assert all(b.disabled for row in phone.ballot._buttons.values() for b in (row[0], row[2]))
    phone.vote(o[1], +1)
    assert "Round 1 is closed; your ballot is locked" in phone.status.message
    votes = toolkit.open_session(session_dir).events["votes"]
    assert votes["event"].tolist() == ["cast", "cast", "withdrawn"]


def test_returning_with_a_code_gives_back_ones_own_ballot_only(session_dir: Path) -> None:
    console = ready(session_dir)
    first, other = join(session_dir, "tenants"), join(session_dir, "managers")
    o = option_ids(console)
    first.vote(o[2], +1)
    other.vote(o[3], +1)
    code = first.code
    again = participant_app(session_dir)  # a reload: a new kernel
    assert isinstance(again, ParticipantView)
    again.code_text.value = "ZZZZZZ"
    again.return_button.click()
    assert again.status.kind == "error" and "No one has that code" in again.status.message
    assert not again.state.joined
    again.code_text.value = code.lower()
    again.return_button.click()
    assert again.status.message == "Welcome back: this is your own ballot."
    assert again.ballot.ballot and again.ballot.ballot.dots == {o[2]: 1}
    assert again.state.participant_id == first.state.participant_id


def test_guessing_personal_codes_makes_the_page_wait(session_dir: Path) -> None:
    ready(session_dir)
    code = join(session_dir, "tenants").code
    now = [1000.0]
    guesser = participant_app(session_dir, clock=lambda: now[0])
    assert isinstance(guesser, ParticipantView)
    wrong = [c for c in ("ZZZZZZ", "YYYYYY", "XXXXXX", "WWWWWW", "VVVVVV", "UUUUUU") if c != code]
    for guess in wrong[:5]:
        guesser.code_text.value = guess
        guesser.return_button.click()
        assert "No one has that code" in guesser.status.message
        now[0] += 5
    guesser.code_text.value = code  # even the right code waits out the pause
    guesser.return_button.click()
    assert guesser.status.kind == "error" and not guesser.state.joined
    assert guesser.status.message == (
        "Too many wrong codes. Wait 25 seconds and try again, or join again as someone new."
    )
    now[0] += 25  # half a minute after the fifth wrong code
    guesser.return_button.click()
    assert guesser.status.message == "Welcome back: this is your own ballot."


def test_the_projector_shows_progress_only_until_the_reveal(session_dir: Path) -> None:
    console = ready(session_dir)
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    o = option_ids(console)
    tenants = [join(session_dir, "tenants") for _ in range(3)]
    staff = join(session_dir, "front-line-staff")
    for phone in tenants:
        phone.vote(o[0], +1)
        phone.vote(o[1], +1)
    staff.vote(o[2], +1)
    projector.refresh()
    assert "<strong>3</strong>finished" in projector.progress.value
    assert "<strong>4</strong>joined" in projector.progress.value
    assert projector.chart.value == ""  # nothing hints at the results
    console.close_button.click()
    console.reveal_button.click()
    projector.refresh()
    svg = projector.chart.value
    assert "Tenants" in svg and "Other groups" in svg  # one staff member: folded
    assert "Front-line staff" not in svg
    assert "Round 1, top options in dots" in projector.words.value
    projector.mode.value = "equal"
    assert "groups weighted equally" in projector.words.value


def test_votes_for_people_without_a_phone_and_paper_sheets(session_dir: Path) -> None:
    console = ready(session_dir)
    o = option_ids(console)
    console.proxy_group.value = "tenants"
    console.proxy_name.value = "Mrs <b>K</b>"
    console.proxy_button.click()
    console.proxy_ballot._buttons[o[4]][2].click()
    assert console.status.message == "Saved their dot."
    console.paper_group.value = "managers"
    console.paper_counts.children[5].value = 9
    console.paper_button.click()
    assert console.status.message == "Paper tally saved."
    console.paper_counts.children[0].value = 0
    console.paper_button.click()
    assert "Enter at least one dot" in console.status.message
    votes = toolkit.open_session(session_dir).votes.set_index("channel")
    assert votes.loc["facilitator", "dots"] == 1 and votes.loc["paper", "dots"] == 9
    people = toolkit.open_session(session_dir).participants
    assert people["display_name"].tolist() == ["Mrs <b>K</b>"]
    assert "Mrs &lt;b&gt;K&lt;/b&gt;" not in str(console.proxy.options)  # a label, as text


def test_rules_change_mid_round_and_a_second_round_from_the_top(session_dir: Path) -> None:
    console = ready(session_dir)
    o = option_ids(console)
    phone = join(session_dir, "tenants")
    phone.vote(o[0], +1)
    phone.vote(o[0], +1)
    console.new_dots.value = 1
    console.rules_button.click()
    assert "cannot go below 2" in console.status.message
    console.new_dots.value = 4
    console.rules_button.click()
    phone.refresh()
    assert phone.ballot.ballot and phone.ballot.ballot.left == 2
    console.close_button.click()
    console.reveal_button.click()
    console.source.value = "top"
    console.keep_top.value = 3
    console.create_button.click()
    current = console.voting.current
    assert current is not None and current.number == 2
    labels = [x.label for x in console.voting.options(current.round_id)]
    assert labels[0] == "Repairs take too long" and len(labels) == 3
    assert [r.status for r in console.voting.rounds] == ["revealed", "draft"]


def test_nothing_is_saved_for_a_phone_that_has_not_joined(session_dir: Path) -> None:
    console = ready(session_dir)
    stranger = participant_app(session_dir)
    assert isinstance(stranger, ParticipantView)
    stranger.vote(option_ids(console)[0], +1)
    assert stranger.status.message == "Join first: choose your group above."
    stranger.issue_text.value = "Sneaky"
    stranger.send_issue()
    stranger.rate(console.state.board.all[0].issue_id, {"importance": 5})
    session = toolkit.open_session(session_dir)
    assert session.events["votes"].empty and session.events["ratings"].empty
    assert "Sneaky" not in session.issues["text"].tolist()


def test_each_new_round_starts_from_the_templates_rules_for_that_round(tmp_path: Path) -> None:
    rounds = ("shuffle = false      # show options in a different order to each person\n"
              "[[voting.round]]\ndots = 4\ncap = 2\nmin_spend = 4\n"
              "[[voting.round]]\ndots = 2\nstacking = false\nshuffle = true\n")  # fmt: skip
    template = template_with(
        tmp_path, "shuffle = false      # show options in a different order to each person\n",
        rounds,
    )  # fmt: skip
    folder = create_session(tmp_path / "rounds", template, "Rounds")
    shortlist(folder, OPTIONS)
    console = voting_app(folder)
    assert isinstance(console, VotingConsole)

    def fields() -> tuple[int, int, int, bool, bool]:
        c = console
        return c.dots.value, c.cap.value, c.min_spend.value, c.stacking.value, c.shuffle.value

    assert fields() == (4, 2, 4, True, False)  # round 1's rules
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    current = console.voting.current
    assert current is not None and (current.rules.dots, current.rules.min_spend) == (4, 4)
    assert fields() == (2, 3, 0, False, True)  # round 2's, the rest from [voting]
    console.dots.value = 3  # typed by the facilitator: a refresh keeps it
    console.refresh()
    assert console.dots.value == 3
    for to in ("open", "closed", "revealed"):
        console.advance(to)
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    assert [r.rules.dots for r in console.voting.rounds] == [4, 3]
    assert fields() == (0, 3, 0, True, False)  # round 3: not in the template, the defaults
    again = voting_app(folder)  # a reloaded screen: the next round is still round 3
    assert isinstance(again, VotingConsole)
    assert (again.dots.value, again.stacking.value) == (0, True)
