"""Dot-voting through the screens: phones (the participants' server's room, in process), the
facilitator's channels, the projector."""

from __future__ import annotations

import re
from pathlib import Path

import toolkit
from tests.drawn_charts import chart_text
from tests.phones import Phone
from tests.workshop import (
    NUMBERS_2_5_7,
    ROUND_2_5_7,
    round_on_issues_2_5_7,
    shortlist,
    template_with,
)
from toolkit import analysis
from toolkit.apps.phones.pages import Said
from toolkit.apps.projector import projector_app
from toolkit.apps.voting import voting_app
from toolkit.domain.tally import tally
from toolkit.records import Recorder, create_session
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


def join(folder: Path, group: str) -> Phone:
    """A phone joined to `group`, on the room every phone of this folder shares."""
    phone = Phone.on(folder).join(group)
    assert phone.said is not None and phone.said.kind == "ok", phone.said
    return phone


def buttons(phone: Phone, number: int) -> tuple[bool, bool]:
    """Whether option `number`'s - and + buttons are enabled on the phone's page."""
    html = phone.html()

    def enabled(side: str) -> bool:
        tag = re.search(rf'<button [^>]*id="o{number}-{side}"[^>]*>', html)
        assert tag, f"option {number} has no {side} button"
        return not tag[0].endswith(" disabled>")

    return enabled("minus"), enabled("plus")


def option_ids(console: VotingConsole) -> list[str]:
    current = console.voting.current
    assert current is not None
    return [o.option_id for o in console.voting.options(current.round_id)]


def test_a_phone_votes_dot_by_dot_and_is_locked_after_close(session_dir: Path) -> None:
    console = ready(session_dir)
    phone = join(session_dir, "tenants")
    o = option_ids(console)
    assert "You each have 2 dots" in phone.text()  # 6 options: floor(6/3)
    assert "2 of 2 dots left" in phone.text() and buttons(phone, 1) == (False, True)
    phone.vote(o[0], +1)
    assert phone.vote(o[0], +1).text == "Saved. 0 dots left."
    assert "●●" in phone.html() and buttons(phone, 1) == (True, False)  # budget spent
    assert buttons(phone, 2) == (False, False)
    assert "All your dots are placed" in phone.text()
    assert phone.vote(o[1], +1) == Said(
        "You have used all 2 dots. Take one back to move it.", "error"
    )
    phone.vote(o[0], -1)
    assert phone.dots == {o[0]: 1}
    console.close_button.click()
    assert "Voting is closed. Your ballot is locked; thank you." in phone.text()
    assert all(buttons(phone, n) == (False, False) for n in range(1, 7))
    assert phone.vote(o[1], +1).text == "Round 1 is closed; your ballot is locked."
    votes = toolkit.open_session(session_dir).events["votes"]
    assert votes["event"].tolist() == ["cast", "cast", "withdrawn"]
    assert set(votes["channel"]) == {"device"} and set(votes["group_id"]) == {"tenants"}


def test_returning_with_a_code_gives_back_ones_own_ballot_only(session_dir: Path) -> None:
    console = ready(session_dir)
    first, other = join(session_dir, "tenants"), join(session_dir, "managers")
    o = option_ids(console)
    first.vote(o[2], +1)
    other.vote(o[3], +1)
    again = Phone.on(session_dir)  # a reload without the cookie: a new phone
    said = again.come_back("ZZZZZZ")
    assert said.kind == "error" and said.text.startswith("No one has that code")
    assert again.person is None and "Join the workshop" in again.text()
    assert again.come_back(first.code.lower()).text == "Welcome back: this is your own ballot."
    assert again.dots == {o[2]: 1}
    assert again.person == first.person


def test_guessing_personal_codes_makes_the_page_wait(session_dir: Path) -> None:
    ready(session_dir)
    code = join(session_dir, "tenants").code
    now = 1000.0
    guesser = Phone.on(session_dir)
    wrong = [c for c in ("ZZZZZZ", "YYYYYY", "XXXXXX", "WWWWWW", "VVVVVV", "UUUUUU") if c != code]
    for guess in wrong[:5]:
        assert "No one has that code" in guesser.come_back(guess, now=now).text
        now += 5
    said = guesser.come_back(code, now=now)  # even the right code waits out the pause
    assert said.kind == "error" and guesser.person is None
    assert said.text == (
        "Too many wrong codes. Wait 25 seconds and try again, or join again as someone new."
    )
    now += 25  # half a minute after the fifth wrong code
    assert guesser.come_back(code, now=now).text == "Welcome back: this is your own ballot."


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
    drawn = chart_text(projector.chart.value)
    assert "Tenants" in drawn and "Other groups" in drawn  # one staff member: folded
    assert "Front-line staff" not in drawn
    assert "Round 1, top options in dots" in projector.words.value
    projector.mode.value = "equal"
    assert "groups weighted equally" in projector.words.value


def test_an_issue_hidden_after_the_reveal_leaves_the_projector_and_console(
    session_dir: Path,
) -> None:
    console = ready(session_dir)
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    o = option_ids(console)
    for group in ("tenants", "tenants", "tenants", "managers", "managers", "managers"):
        join(session_dir, group).vote(o[1], +1)  # all on "Nobody calls back"
    console.close_button.click()
    console.reveal_button.click()
    projector.refresh()
    words = "Nobody calls back"
    assert words in chart_text(projector.chart.value) and words in projector.agreement.value
    board = toolkit.open_session(session_dir).state.board
    change = board.hide(console.voting.options(console.voting.current.round_id)[1].issue_id)
    Recorder(session_dir).append("issues", change.event, **change.values())
    projector.refresh()
    console.refresh()
    for drawn in (chart_text(projector.chart.value), projector.words.value,
                  projector.agreement.value, console.results.value, console.agreement.value,
                  console.results_words.value):  # fmt: skip
        assert words not in drawn
    assert "2. a hidden option" in chart_text(projector.chart.value)
    assert "2. a hidden option" in projector.agreement.value


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


def test_a_paper_sheet_names_its_group_only_with_the_people_entered_for_it(
    session_dir: Path,
) -> None:
    console = ready(session_dir)
    o = option_ids(console)
    for _ in range(3):
        join(session_dir, "tenants").vote(o[0], +1)
    join(session_dir, "managers").vote(o[1], +1)
    console.paper_group.value = "managers"
    console.paper_counts.children[2].value = 6
    console.paper_button.click()  # no number of people: one person and a sheet
    console.paper_counts.children[3].value = 4
    console.paper_people.value = 1
    console.paper_button.click()
    assert console.status.message == "Paper tally saved." and console.paper_people.value == 0
    round_id = console.voting.current.round_id
    assert console.voting.voters(round_id)["managers"] == 2  # the phone and the second sheet
    names = {"tenants": "Tenants", "managers": "Managers"}
    assert tally(console.voting, round_id, names, 3).groups == ("Tenants", "Other groups")
    console.paper_counts.children[3].value = 1
    console.paper_people.value = 1
    console.paper_button.click()
    console.close_button.click()
    console.reveal_button.click()
    (t,) = analysis.tallies(session_dir)
    assert "Managers" in t.groups and "Other groups" not in t.groups  # three managers voted


def test_rules_change_mid_round_and_a_second_round_from_the_top(session_dir: Path) -> None:
    console = ready(session_dir)
    o = option_ids(console)
    phone = join(session_dir, "tenants")
    phone.vote(o[0], +1)
    phone.vote(o[0], +1)
    console.dots.value = 1
    console.rules_button.click()
    assert "cannot go below 2" in console.status.message
    console.dots.value = 4
    console.rules_button.click()
    assert phone.ballot and phone.ballot.left == 2
    assert "2 of 4 dots left" in phone.text()
    phone.vote(o[2], +1)
    phone.vote(o[1], +1)  # Repairs 2, Nobody calls back 1, Damp 1, the rest none
    console.close_button.click()
    console.reveal_button.click()
    console.source.value = "top"
    console.keep_top.value = 3
    console.create_button.click()
    assert console.status.message == "Round created. Explain the rules, then open voting."
    current = console.voting.current
    assert current is not None and current.number == 2
    labels = [x.label for x in console.voting.options(current.round_id)]
    assert labels == ["Repairs take too long", "Nobody calls back", "Damp in flats"]
    assert [r.status for r in console.voting.rounds] == ["revealed", "draft"]


def test_a_round_from_the_last_rounds_top_keeps_every_option_tied_at_the_cut(
    session_dir: Path,
) -> None:
    console = ready(session_dir)  # 6 options, 2 dots each
    o = option_ids(console)
    for group, dots in (("tenants", [o[0], o[0]]), ("managers", [o[1], o[2]]),
                        ("tenants", [o[3], o[5]])):  # fmt: skip
        phone = join(session_dir, group)
        for option in dots:
            assert phone.vote(option, +1).kind == "ok"
    # Repairs 2; Nobody calls back, Damp in flats, Bins overflow, Noise at night 1 each:
    # four options tied for 2nd place, and the top 3 is asked for.
    console.close_button.click()
    console.reveal_button.click()
    console.source.value = "top"
    console.keep_top.value = 3
    console.dots.value = 0  # a third of the options, rounded up
    console.start_button.click()
    assert console.status.kind == "ok", console.status.message
    assert console.status.message.startswith(
        "Round 2 has 5 options: 4 tied for 2nd place, so all 4 are kept. Voting is open"
    )
    current = console.voting.current
    assert current is not None and current.number == 2 and current.status == "open"
    labels = [x.label for x in console.voting.options(current.round_id)]
    assert labels == ["Repairs take too long", "Nobody calls back", "Damp in flats",
                      "Bins overflow", "Noise at night"]  # fmt: skip
    assert current.rules.dots == 2  # the default follows the 5 options kept, not the 3 asked
    # No dots at all: everything is tied, and nothing is left out.
    console.close_button.click()
    console.reveal_button.click()
    console.keep_top.value = 2
    console.create_button.click()
    assert console.status.message == (
        "Round 3 has 5 options: all 5 are tied, so none can be left out. Round created. "
        "Explain the rules, then open voting."
    )


def test_nothing_is_saved_for_a_phone_that_has_not_joined(session_dir: Path) -> None:
    console = ready(session_dir)
    stranger = Phone.on(session_dir)
    first = Said("Join first: choose your group above.", "error")
    assert stranger.vote(option_ids(console)[0], +1) == first
    assert stranger.send_issue("Sneaky") == first
    assert stranger.rate(console.state.board.all[0].issue_id, importance=5) == first
    session = toolkit.open_session(session_dir)
    assert session.events["votes"].empty and session.events["ratings"].empty
    assert session.participants.empty
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
    assert "next round (round 1)" in console.rules_title.value
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    current = console.voting.current
    assert current is not None and (current.rules.dots, current.rules.min_spend) == (4, 4)
    assert fields() == (4, 2, 4, True, False)  # while it is a draft: its own rules
    assert "rules of round 1" in console.rules_title.value
    for to in ("open", "closed", "revealed"):
        console.advance(to)
    assert fields() == (2, 3, 0, False, True)  # round 2's, the rest from [voting]
    console.dots.value = 3  # typed by the facilitator: a refresh keeps it
    console.refresh()
    assert console.dots.value == 3
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    assert [r.rules.dots for r in console.voting.rounds] == [4, 3]
    assert fields() == (3, 3, 0, False, True)  # round 2 is a draft: its rules
    for to in ("open", "closed", "revealed"):
        console.advance(to)
    assert fields() == (0, 3, 0, True, False)  # round 3: not in the template, the defaults
    again = voting_app(folder)  # a reloaded screen: the next round is still round 3
    assert isinstance(again, VotingConsole)
    assert (again.dots.value, again.stacking.value) == (0, True)


def test_the_facilitators_ballot_and_paper_boxes_show_each_options_issue_number(
    session_dir: Path,
) -> None:
    round_on_issues_2_5_7(session_dir, reveal=False)  # issues 7, 2, 5 and one typed in
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    named = [f"{n}. {label}" for n, (label, _) in zip(NUMBERS_2_5_7, ROUND_2_5_7, strict=True)]
    assert [box.description for box in console.paper_counts.children] == named
    console.proxy_group.value = "tenants"
    console.proxy_button.click()
    rows = console.proxy_ballot.rows.children
    assert [re.findall(r"<b>(\w+)\.</b>", row.children[0].value)[0] for row in rows] == (
        NUMBERS_2_5_7
    )
    assert [row.children[3].tooltip for row in rows] == [f"Add a dot to {n}" for n in named]
    rows[0].children[3].click()  # a dot for issue 7, on its own option
    assert console.status.kind == "ok", console.status.message
    assert [(o, n) for (o, *_), n in console.voting.dots("R-1").items()] == [("O-1", 1)]


def test_the_results_chart_and_words_number_options_as_their_issues(session_dir: Path) -> None:
    round_on_issues_2_5_7(session_dir)
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    chart = chart_text(console.results.value)
    for option in ("7. Parking is a mess", "2. Nobody calls back", "A. More benches",
                   "5. Lifts break down"):  # fmt: skip
        assert f'"option": "{option}"' in chart  # the axis label
    assert "1. Parking" not in chart and "4. Lifts" not in chart
    assert console.results_words.value == (
        "<p class='toolkit-summary'>Round 1, top options in dots: 7. Parking is a mess: 10; "
        "2. Nobody calls back: 10; 5. Lifts break down: 7.</p>"
    )
    assert "7. Parking is a mess" in console.agreement.value


def test_one_click_creates_opens_and_sets_the_phones_to_vote(session_dir: Path) -> None:
    shortlist(session_dir, OPTIONS[:5])
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    phone = join(session_dir, "tenants")
    assert console.state.room.phone_step == "wait"
    console.start_button.click()
    assert console.status.kind == "ok", console.status.message
    current = console.voting.current
    assert current is not None and current.status == "open"
    assert current.rules.dots == 2  # a third of 5, rounded up: not 1
    # the rules to read out, on the screen and in the status line
    assert "<li>You each have 2 dots.</li>" in console.round_info.value
    assert "Read out the rules: You each have 2 dots." in console.status.message
    # recorded: options, the round, its opening, and the phones' step, in that order
    session = toolkit.open_session(session_dir)
    assert session.events["rounds"]["event"].tolist() == ["created", "opened"]
    settings = session.events["settings"]
    assert settings[settings["key"] == "phone_step"]["value"].tolist() == ["vote"]
    assert console.phone_step.value == "vote"
    assert "You each have 2 dots" in phone.text()
    assert phone.vote(option_ids(console)[0], +1).kind == "ok"
    # the round is live: creating another waits for it to close; its rules can change
    assert console.start_button.disabled and console.create_button.disabled
    assert not console.rules_button.disabled and console.open_button.disabled


def test_one_set_of_rule_fields_serves_the_next_round_and_the_current_one(
    session_dir: Path,
) -> None:
    shortlist(session_dir, OPTIONS)
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)

    def described(widget: object) -> list[str]:
        found = [str(getattr(widget, "description", ""))]
        return found + [d for c in getattr(widget, "children", ()) for d in described(c)]

    labels = described(console)
    assert sum(x.startswith("Dots each") for x in labels) == 1
    assert sum(x.startswith("Most on one") for x in labels) == 1
    assert console.rules_button.disabled  # no round yet: the fields are the next round's
    console.dots.value, console.cap.value = 3, 2
    console.start_button.click()
    current = console.voting.current
    assert current is not None and (current.rules.dots, current.rules.cap) == (3, 2)
    console.dots.value = 5  # now the round's own rules: raised mid-round
    console.rules_button.click()
    assert console.status.message == "Rules changed.", console.status.message
    current = console.voting.current
    assert current is not None and (current.rules.dots, current.rules.cap) == (5, 2)
    assert console.dots.value == 5
