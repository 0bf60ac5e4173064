"""The phones' shared room (toolkit/apps/phones/room.py): one view of the session for every
phone, kept current from the folder, and the checks around each phone's action."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import toolkit
from tests.phones import Phone, phone_pages
from toolkit.apps.phones.room import Person, PhoneRoom
from toolkit.domain.issues import IssueBoard
from toolkit.domain.participants import ParticipantError
from toolkit.domain.texts import TextError
from toolkit.domain.voting import Rules, Voting, VotingError
from toolkit.records import Recorder, TailReader
from toolkit.records.folder import session_template
from toolkit.records.load import load_folder
from toolkit.records.schema import TABLE_BY_NAME

LABELS = ["Repairs take too long", "Nobody calls back", "Damp in flats", "Bins overflow",
          "Lifts break down", "Noise at night"]  # fmt: skip


class Facilitator:
    """The facilitator's screens, as rows another process appends to the folder."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.rec = folder, Recorder(folder)

    def step(self, step: str) -> None:
        self.rec.append("settings", "set", key="phone_step", value=step)

    def voting(self) -> Voting:
        rows = {t: TailReader(self.folder, TABLE_BY_NAME[t]).read_new()
                for t in ("rounds", "options", "votes")}  # fmt: skip
        return Voting.build(rows["rounds"], rows["options"], rows["votes"])

    def new_round(self, round_id: str = "R1", rules: Rules | None = None, shown: bool = True,
                  labels: list[str] = LABELS, issues: list[str] | None = None) -> None:  # fmt: skip
        ids = [f"{round_id}-O{n}" for n in range(1, len(labels) + 1)]
        options = list(zip(labels, issues or [""] * len(labels), strict=True))
        events = self.voting().new_round(round_id, options, rules or Rules(dots=3, cap=2), ids)
        for e in events:
            self.rec.append(e.table, e.event, **e.values)
        self.advance(round_id, "open")
        if shown:
            self.step("vote")

    def advance(self, round_id: str, to: str) -> None:
        e = self.voting().advance(round_id, to)
        self.rec.append(e.table, e.event, **e.values)

    def change_rules(self, round_id: str, rules: Rules) -> None:
        e = self.voting().change_rules(round_id, rules)
        self.rec.append(e.table, e.event, **e.values)

    def issue(self, issue_id: str, text: str, **values: Any) -> None:
        self.rec.append("issues", "raised", issue_id=issue_id, text=text, channel="paper",
                        hidden=False, shortlisted=False, **values)  # fmt: skip


def room_of(folder: Path) -> PhoneRoom:
    return PhoneRoom(folder, session_template(folder))


def key_of(action: Any, *args: Any) -> str:
    with pytest.raises(TextError) as caught:
        action(*args)
    return caught.value.key


# --- following the folder --------------------------------------------------------------------


def test_the_room_takes_in_what_other_screens_append(session_dir: Path) -> None:
    room, facilitator = room_of(session_dir), Facilitator(session_dir)
    assert room.refresh() is False and room.state.room.phone_step == "wait"
    facilitator.step("rating")
    facilitator.issue("I-1", "Damp in the flats")
    assert room.state.room.phone_step == "wait"  # nothing read until refresh()
    assert room.refresh() is True
    assert room.state.room.phone_step == "rating"
    assert [i.text for i in room.state.board.active] == ["Damp in the flats"]
    assert room.refresh() is False  # nothing new since
    other = room_of(session_dir)  # a restarted server reads the whole folder again
    assert other.state.room.phone_step == "rating" and len(other.state.board.all) == 1


def test_what_another_room_saved_is_seen_after_a_refresh(session_dir: Path) -> None:
    """Two processes of phones on one folder (a restarted server while the old one ends)."""
    Facilitator(session_dir).new_round()
    one, two = Phone(room_of(session_dir)), Phone(room_of(session_dir))
    one.join("tenants")
    one.vote("R1-O1")
    assert one.person is not None
    two.refresh()
    assert two.room.person(one.person.participant_id, one.code) == one.person
    two.person = one.person  # the same participant's cookie, on the other server
    assert two.dots == {"R1-O1": 1}
    assert two.vote("R1-O1").text == "Saved. 1 dot left."
    one.refresh()
    assert one.dots == {"R1-O1": 2}
    assert toolkit.open_session(session_dir).votes["dots"].tolist() == [2]


def test_the_version_goes_up_when_what_every_phone_shows_changes(session_dir: Path) -> None:
    room, facilitator = room_of(session_dir), Facilitator(session_dir)
    told: list[int] = []
    room.listeners.append(told.append)
    start = room.version

    def changed() -> bool:
        before = room.version
        room.refresh()
        return room.version != before

    facilitator.step("issues")
    assert changed()
    facilitator.issue("I-1", "Raised on paper while raising is open")
    phone = Phone(room).join("tenants")
    phone.send_issue("Raised on a phone")
    assert not changed()  # others' issues are on nobody else's phone: no redraw for all
    assert room.version == start + 1
    facilitator.step("rating")
    assert changed()
    facilitator.issue("I-2", "While rating: on every phone's board")
    assert changed()
    facilitator.new_round(shown=False)  # created and opened
    assert changed()
    facilitator.step("vote")
    assert changed()
    facilitator.change_rules("R1", Rules(dots=4, cap=2))
    assert changed()
    phone.vote("R1-O1")
    assert not changed()  # one phone's dot redraws that phone, not the room
    facilitator.advance("R1", "closed")
    assert changed()
    assert told == list(range(start + 1, room.version + 1))  # each change told once


# --- who holds a phone -----------------------------------------------------------------------


def test_a_cookie_names_a_person_only_with_their_own_code(session_dir: Path) -> None:
    room = room_of(session_dir)
    me = room.join(room.join_form_id(), "tenants", "")
    assert room.person(me.participant_id, me.code) == me
    assert room.person(me.participant_id, me.code.lower()) == me  # as typed, any case
    other = room.join(room.join_form_id(), "managers", "")
    assert room.person(me.participant_id, other.code) is None  # someone else's code
    assert room.person(me.participant_id, "") is None
    assert room.person("P-NOBODY", me.code) is None
    Recorder(session_dir).append("participants", "left", participant_id=me.participant_id,
                                 group_id="tenants", channel="device")  # fmt: skip
    room.refresh()
    assert room.person(me.participant_id, me.code) is None  # left: the cookie no longer works
    assert room.person(other.participant_id, other.code) == other


def test_a_join_form_sent_twice_joins_once(session_dir: Path) -> None:
    room = room_of(session_dir)
    form = room.join_form_id()
    me = room.join(form, "tenants", "Ann")
    with pytest.raises(ParticipantError, match=r"^You have joined already\.$") as caught:
        room.join(form, "tenants", "Ann")
    assert caught.value.key == "join.already"
    assert room.template.texts.error(caught.value) == "You have joined already: this is your page."
    people = toolkit.open_session(session_dir).participants
    assert people["participant_id"].tolist() == [me.participant_id]
    assert people["display_name"].tolist() == ["Ann"]


@pytest.mark.parametrize("forge", ["unsigned", "tampered", "other server", "empty"])
def test_a_join_form_not_signed_by_this_server_is_refused(session_dir: Path, forge: str) -> None:
    room = room_of(session_dir)
    real = room.join_form_id()
    pid, _, signature = real.partition(".")
    form = {"unsigned": pid, "tampered": f"P-CHOSEN.{signature}",
            "other server": room_of(session_dir).join_form_id(), "empty": ""}[forge]  # fmt: skip
    with pytest.raises(ParticipantError, match=r"^This page was out of date; here it is as it is "
                       r"now\. Nothing was saved\.$") as caught:  # fmt: skip
        room.join(form, "tenants", "")
    assert caught.value.key == "phone.stale"
    assert toolkit.open_session(session_dir).participants.empty


def test_joining_with_a_group_not_offered_is_refused(session_dir: Path) -> None:
    room = room_of(session_dir)
    assert key_of(room.join, room.join_form_id(), "admins", "") == "join.choose_group"
    assert toolkit.open_session(session_dir).participants.empty


def test_a_person_comes_back_to_their_own_ballot_with_their_code(session_dir: Path) -> None:
    Facilitator(session_dir).new_round()
    first, other = Phone.on(session_dir).join("tenants"), Phone.on(session_dir).join("managers")
    first.vote("R1-O3")
    other.vote("R1-O4")
    again = Phone.on(session_dir)  # a new phone, or cookies cleared
    code = first.code
    spaced = f" {code[:3].lower()} {code[3:]} "
    assert again.come_back(spaced).text == "Welcome back: this is your own ballot."
    assert again.person == first.person and again.dots == {"R1-O3": 1}
    assert "Welcome back" in again.text() and code in again.text()


def test_five_wrong_personal_codes_from_one_place_make_it_wait(session_dir: Path) -> None:
    room = room_of(session_dir)
    me = room.join(room.join_form_id(), "tenants", "")
    wrong = [c for c in ("ZZZZZZ", "YYYYYY", "XXXXXX", "WWWWWW", "VVVVVV", "UUUUUU")
             if c != me.code][:5]  # fmt: skip
    now = 1000.0
    for guess in wrong:
        assert key_of(room.come_back, guess, "10.0.0.9", now) == "join.code_unknown"
        now += 5
    with pytest.raises(ParticipantError) as caught:
        room.come_back(me.code, "10.0.0.9", now)  # even the right code waits out the pause
    assert caught.value.key == "join.code_wait" and caught.value.values == {"seconds": 25}
    assert room.template.texts.error(caught.value) == (
        "Too many wrong codes. Wait 25 seconds and try again, or join again as someone new."
    )
    assert room.come_back(me.code, "10.0.0.10", now) == me  # another phone is not held up
    assert room.come_back(me.code, "10.0.0.9", now + 25) == me
    # A code that is not a code at all is not counted as a guess.
    for _ in range(6):
        assert key_of(room.come_back, "'; DROP TABLE", "10.0.0.11", now) == "join.code_shape"
    assert room.come_back(me.code, "10.0.0.11", now) == me


# --- votes -----------------------------------------------------------------------------------


def test_a_vote_on_a_round_the_page_did_not_show_is_refused(session_dir: Path) -> None:
    facilitator = Facilitator(session_dir)
    room = room_of(session_dir)
    me = room.join(room.join_form_id(), "tenants", "")
    with pytest.raises(VotingError, match=r"^No vote is open yet\.$") as caught:
        room.vote(me, "R1", "R1-O1", 1, 0)
    assert caught.value.key == "vote.no_round"
    facilitator.new_round("R1")
    facilitator.advance("R1", "closed")
    facilitator.new_round("R2", labels=LABELS[:3])
    with pytest.raises(VotingError, match=r"^This page was out of date; here it is as it is now\."
                       r" Nothing was saved\.$") as caught:  # fmt: skip
        room.vote(me, "R1", "R1-O1", 1, 0)  # a page of round 1, sent after round 2 opened
    assert caught.value.key == "phone.stale"
    assert key_of(room.vote, me, "R2", "R2-O1", 1, 1) == "vote.stale"  # showed a dot not there
    assert toolkit.open_session(session_dir).events["votes"].empty
    assert room.vote(me, "R2", "R2-O1", 1, 0) == 2  # dots left of 3
    assert toolkit.open_session(session_dir).votes["option_id"].tolist() == ["R2-O1"]


def test_a_shuffled_ballot_keeps_each_persons_order(session_dir: Path) -> None:
    Facilitator(session_dir).new_round(rules=Rules(dots=3, cap=2, shuffle=True))
    phones = [Phone.on(session_dir).join("tenants") for _ in range(6)]

    def order(phone: Phone) -> list[str]:
        return re.findall(r'name="option_id" value="([^"]+)"', phone.html())

    first = order(phones[0])
    assert sorted(first) == [f"R1-O{n}" for n in range(1, 7)]
    phones[0].vote(first[0])
    assert order(phones[0]) == first  # a dot placed, a reload: the same order
    again = Phone(room_of(session_dir))
    again.person = phones[0].person
    assert order(again) == first  # a restarted server: the same order
    assert any(order(p) != first for p in phones[1:])  # others see orders of their own
    # The numbers stay the options' own, whatever the order, so the room can say "option C"
    # (options typed in have letters).
    assert "<b>C.</b> Damp in flats" in phones[1].html()


def test_a_ballot_numbers_each_option_as_its_issue_shuffled_or_not(session_dir: Path) -> None:
    fac = Facilitator(session_dir)
    for n in range(1, 8):
        fac.issue(f"I{n}", f"Issue {n}")
    fac.new_round(rules=Rules(dots=3, cap=2, shuffle=True),
                  labels=["Issue 2", "Issue 5", "Issue 7", "Parking"],
                  issues=["I2", "I5", "I7", ""])  # fmt: skip
    fac.issue("I8", "Raised after the round was made")
    phones = [Phone.on(session_dir).join("tenants") for _ in range(4)]
    for phone in phones:
        html = phone.html()
        shown = re.findall(r'<div class="label"><b>(\w+)\.</b> ([^<]*)</div>', html)
        assert sorted(shown) == [("2", "Issue 2"), ("5", "Issue 5"), ("7", "Issue 7"),
                                 ("A", "Parking")]  # fmt: skip
        assert 'aria-label="Add a dot to 7. Issue 7"' in html
    orders = {tuple(re.findall(r"<b>(\w+)\.</b>", p.html())) for p in phones}
    assert len(orders) > 1  # shuffled per person, each option keeping its number


def test_an_issue_hidden_while_its_round_is_open_leaves_every_ballot(session_dir: Path) -> None:
    fac = Facilitator(session_dir)
    for n, text in enumerate(("Repairs take too long", "Mr Jones at no. 4 steals post",
                              "Bins overflow"), 1):  # fmt: skip
        fac.issue(f"I{n}", text)
    fac.new_round(labels=["Repairs take too long", "Mr Jones at no. 4 steals post",
                          "Bins overflow"], issues=["I1", "I2", "I3"])  # fmt: skip
    phone, other = (Phone.on(session_dir).join("tenants") for _ in range(2))
    phone.vote("R1-O2")
    assert "Mr Jones" in other.html()
    version = phone.room.version
    board = IssueBoard.from_events(load_folder(session_dir).tables["issues"].rows())
    change = board.hide("I2")  # as the console's moderation records it
    fac.rec.append("issues", change.event, **change.values())
    phone.refresh()
    assert phone.room.version > version  # every phone redraws
    for html in (phone.html(), other.html()):
        assert "Mr Jones" not in html
        shown = re.findall(r'<div class="label"><b>(\w+)\.</b> ([^<]*)</div>', html)
        assert shown == [("1", "Repairs take too long"), ("2", "a hidden option"),
                         ("3", "Bins overflow")]  # fmt: skip
    assert phone.dots == {"R1-O2": 1}  # the dot already on it stays, and counts


def test_the_phones_dots_count_only_that_phones_own_votes(session_dir: Path) -> None:
    facilitator = Facilitator(session_dir)
    facilitator.new_round(rules=Rules(dots=3, cap=3))
    phone = Phone.on(session_dir).join("tenants")
    assert phone.person is not None
    pid = phone.person.participant_id
    phone.vote("R1-O1")
    for channel in ("paper", "facilitator"):  # the same person's id on another channel
        facilitator.rec.append("votes", "cast", round_id="R1", option_id="R1-O2",
                               participant_id=pid if channel == "facilitator" else "",
                               group_id="tenants", channel=channel, dots=5)  # fmt: skip
    phone.refresh()
    assert phone.dots == {"R1-O1": 1}
    assert phone.vote("R1-O2").text == "Saved. 1 dot left."  # the budget is the phone's own
    phone.vote("R1-O2", -1)
    phone.vote("R1-O1", -1)
    assert phone.dots == {}
    assert phone.vote("R1-O1", -1).text == "There is no dot there to take back."


# --- ratings ---------------------------------------------------------------------------------


def test_a_persons_ratings_follow_cleared_events(session_dir: Path) -> None:
    facilitator = Facilitator(session_dir)
    for n, text in enumerate(("A", "B", "C"), 1):
        facilitator.issue(f"I-{n}", text)
    facilitator.step("rating")
    phone = Phone.on(session_dir).join("tenants")
    assert phone.person is not None
    assert phone.rate("I-1", importance=4).text == "Saved your view of issue 1."
    phone.rate("I-2", importance=2)
    phone.rate("I-1", feasibility=5)  # merged with the importance given before
    mine = phone.room.my_ratings(phone.person)
    assert list(mine) == ["I-2", "I-1"]  # latest last, as latest_state orders them
    assert (mine["I-1"]["importance"], mine["I-1"]["feasibility"]) == (4, 5)
    facilitator.rec.append("ratings", "cleared", issue_id="I-1",
                           participant_id=phone.person.participant_id, group_id="tenants",
                           channel="device")  # fmt: skip
    phone.refresh()
    assert list(phone.room.my_ratings(phone.person)) == ["I-2"]
    assert 'value="4" checked' not in phone.html()  # the cleared view is no longer shown
    phone.rate("I-1", importance=1)
    row = phone.room.my_ratings(phone.person)["I-1"]
    assert (row["importance"], row["feasibility"]) == (1, None)  # nothing came back with it
    ratings = toolkit.open_session(session_dir).ratings.set_index("issue_id")
    assert ratings.loc["I-1", "importance"] == 1 and ratings.loc["I-2", "importance"] == 2


def test_pages_draw_the_rooms_state_for_each_phone(session_dir: Path) -> None:
    room = room_of(session_dir)
    pages = phone_pages(room)
    me = room.join(room.join_form_id(), "tenants", "")
    assert isinstance(me, Person)
    page = pages.page(pages.main(me, "x"))
    assert f'data-version="{room.version}"' in page and "your code" in page
    assert me.code in page and "Join the workshop" not in pages.main(me, "x")
    assert "Join the workshop" in pages.main(None, "x")


# --- a phone without JavaScript: waiting pages reload themselves -------------------------------

REFRESH = '<noscript><meta http-equiv="refresh" content="5; url=/"></noscript>'


def test_only_a_page_with_nothing_to_fill_in_reloads_itself(session_dir: Path) -> None:
    facilitator = Facilitator(session_dir)
    phone = Phone.on(session_dir)
    assert "http-equiv" not in phone.page()  # the join form: a group may be half-chosen
    phone.join("tenants")
    phone.said = None
    page = phone.page()
    assert REFRESH in page and "Wait for the facilitator" in page
    assert page.index(REFRESH) < page.index("</head>")  # in <head>, for a page without script
    facilitator.step("issues")
    assert "http-equiv" not in phone.page() and 'id="issue-text"' in phone.page()
    facilitator.step("rating")  # nothing on the board yet: nothing to rate
    assert REFRESH in phone.page()
    facilitator.issue("I-1", "Repairs take too long")
    assert "http-equiv" not in phone.page() and 'action="/rate"' in phone.page()
    facilitator.step("vote")  # no round yet
    assert REFRESH in phone.page() and "No vote is open yet." in phone.text()
    facilitator.new_round(shown=False)
    assert "http-equiv" not in phone.page()  # an open ballot
    facilitator.advance("R1", "closed")
    assert REFRESH in phone.page() and "Voting is closed." in phone.text()
    facilitator.step("wait")
    assert REFRESH in phone.page()


def test_a_waiting_page_that_says_something_waits_longer_before_it_reloads(
    session_dir: Path,
) -> None:
    phone = Phone.on(session_dir).join("tenants")
    assert phone.said is not None and "Your code is" in phone.said.text
    page = phone.page()
    assert '<meta http-equiv="refresh" content="15; url=/">' in page and phone.code in page


def test_what_was_saved_is_said_in_the_form_that_was_used(session_dir: Path) -> None:
    facilitator = Facilitator(session_dir)
    for n, text in enumerate(("A", "B", "C"), 1):
        facilitator.issue(f"I-{n}", text)
    facilitator.step("rating")
    phone = Phone.on(session_dir).join("tenants")
    said = phone.rate("I-2", importance=4)
    html = phone.pages.main(phone.person, "x", replace(said, at="r2"))
    form = re.search(r'<form [^>]*id="r2">(.*?)</form>', html, re.S)
    assert form and form[1].startswith(
        '<p class="status ok" role="status" id="status">Saved your view of issue 2.</p>'
    )
    assert html.count('id="status"') == 1  # not said at the top as well
    gone = phone.pages.main(phone.person, "x", replace(said, at="r9"))  # no such form now
    assert gone.count('id="status"') == 1 and "Saved your view" in gone.split("<form")[0]
