"""The rules of what a phone may do (toolkit/domain/phone.py): join, place a dot, raise an
issue, rate one, and the per-person ballot order."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from toolkit.domain import phone
from toolkit.domain.events import Row
from toolkit.domain.issues import Issue, IssueBoard, IssueError
from toolkit.domain.options import Option
from toolkit.domain.participants import ParticipantError, code_hash
from toolkit.domain.priorities import PriorityError
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import Ballot, Round, Rules, VotingError

GROUPS = (GroupSpec("tenants", "Tenants", "#E69F00", "T"),
          GroupSpec("managers", "Managers", "#0072B2", "M"))  # fmt: skip
ME = ("P-1", "tenants")
_events = count(1)


def board_of(*texts: str, hidden: tuple[int, ...] = ()) -> IssueBoard:
    rows: list[Row] = []
    for n, text in enumerate(texts, 1):
        issue = Issue(f"I{n}", text, hidden=n in hidden)
        rows.append({"event_id": f"e{next(_events)}", "event": "raised", **issue.values()})
    return IssueBoard.from_events(rows)


def ballot(status: str = "open", dots: dict[str, int] | None = None, **rules: Any) -> Ballot:
    r = Round("R1", 1, status, Rules(**{"dots": 3, "cap": 2, **rules}))
    options = tuple(Option(f"O{n}", "R1", f"Option {n}", position=n) for n in range(1, 7))
    return Ballot(r, options, *ME, "device", dots or {})


# --- joining ---------------------------------------------------------------------------------


def test_joining_a_group_not_in_the_template_is_refused() -> None:
    with pytest.raises(ParticipantError, match=r"^Choose your group first\.$") as caught:
        phone.joining(GROUPS, "admins", "", True, "P-1", "K7M2QX")
    assert caught.value.key == "join.choose_group"
    with pytest.raises(ParticipantError, match=r"^Choose your group first\.$"):
        phone.joining(GROUPS, "", "", True, "P-1", "K7M2QX")


def test_joining_gives_the_row_with_the_codes_hash_never_the_code() -> None:
    values = phone.joining(GROUPS, "managers", "Ann", True, "P-1", "k7m2qx")
    assert values == {"participant_id": "P-1", "group_id": "managers", "display_name": "Ann",
                      "channel": "device", "code_hash": code_hash("P-1", "K7M2QX")}  # fmt: skip
    assert not {"k7m2qx", "K7M2QX"} & set(values.values())


def test_with_names_off_the_name_sent_is_dropped() -> None:
    values = phone.joining(GROUPS, "tenants", "Mrs K", False, "P-1", "K7M2QX")
    assert values["display_name"] == ""


def test_a_name_is_tidied_and_cut_to_eighty_characters() -> None:
    tidy = phone.joining(GROUPS, "tenants", "  <b>Bold</b>\n\t name ", True, "P-1", "K7M2QX")
    assert tidy["display_name"] == "<b>Bold</b> name"  # kept as text: escaped where shown
    long = phone.joining(GROUPS, "tenants", "w" * 500, True, "P-1", "K7M2QX")
    assert long["display_name"] == "w" * phone.NAME_LIMIT == "w" * 80


def test_a_proxy_joins_on_its_own_channel() -> None:
    values = phone.joining(GROUPS, "tenants", "", True, "P-2", "K7M2QX", channel="facilitator")
    assert values["channel"] == "facilitator"


# --- a dot -----------------------------------------------------------------------------------


def test_a_dot_placed_and_taken_back() -> None:
    placed = phone.dot(ballot(), "O1", +1, expected=0)
    assert (placed.table, placed.event) == ("votes", "cast")
    assert placed.values == {"round_id": "R1", "option_id": "O1", "participant_id": "P-1",
                             "group_id": "tenants", "channel": "device", "dots": 1}  # fmt: skip
    taken = phone.dot(ballot(dots={"O1": 1}), "O1", -1, expected=1)
    assert taken.event == "withdrawn" and taken.values["dots"] == 1


def test_a_page_that_showed_another_count_changes_nothing() -> None:
    with pytest.raises(VotingError, match=r"^Your ballot changed since this page was drawn; here "
                       r"it is as saved\. Nothing else was changed\.$") as caught:  # fmt: skip
        phone.dot(ballot(dots={"O1": 1}), "O1", +1, expected=0)  # a second tap sent twice
    assert caught.value.key == "vote.stale"
    assert phone.dot(ballot(dots={"O1": 1}), "O1", +1).event == "cast"  # no count: no check


@pytest.mark.parametrize("step", [0, 2, -2, 5])
def test_a_step_other_than_one_dot_is_refused(step: int) -> None:
    with pytest.raises(VotingError, match=r"^A ballot button places or takes back one dot\.$") as e:
        phone.dot(ballot(), "O1", step, expected=0)
    assert e.value.key == "phone.bad_request"


@pytest.mark.parametrize(("kwargs", "option", "step", "message", "key"), [
    ({"dots": {"O1": 2, "O2": 1}}, "O3", 1,
     r"^You have used all 3 dots\. Take one back to move it\.$", "vote.spent"),
    ({"dots": {"O1": 2}}, "O1", 1,
     r"^That is the most on one option \(2\)\. Put your next dot on another\.$", "vote.cap"),
    ({}, "O1", -1, r"^There is no dot there to take back\.$", "vote.nothing_back"),
    ({"status": "closed"}, "O1", 1, r"^Round 1 is closed; your ballot is locked\.$",
     "vote.closed"),
    ({"status": "draft"}, "O1", 1, r"^Round 1 has not opened yet; your ballot is locked\.$",
     "vote.not_open"),
    ({"status": "revealed"}, "O1", 1,
     r"^Round 1 is closed and revealed; your ballot is locked\.$", "vote.revealed"),
    ({}, "O-FORGED", 1, r"^That option is not on this ballot\.$", ""),
])  # fmt: skip
def test_the_ballots_own_rules_refuse_through_a_dot(
    kwargs: dict[str, Any], option: str, step: int, message: str, key: str
) -> None:
    b = ballot(**kwargs)
    with pytest.raises(VotingError, match=message) as caught:
        phone.dot(b, option, step, expected=b.dots.get(option, 0))
    assert caught.value.key == key


# --- an issue --------------------------------------------------------------------------------


def test_an_issue_from_a_phone_keeps_who_raised_it() -> None:
    change = phone.new_issue(board_of("Damp"), "I9", "  Lifts  break ", "", (), ME, True)
    assert change.event == "raised"
    issue = change.issue
    assert (issue.issue_id, issue.text, issue.participant_id, issue.group_id, issue.channel) == (
        "I9", "Lifts break", "P-1", "tenants", "device")  # fmt: skip


def test_the_same_issue_form_sent_twice_is_saved_once() -> None:
    with pytest.raises(IssueError, match=r"^That issue was sent already\.$") as caught:
        phone.new_issue(board_of("Damp"), "I1", "Damp again", "", (), ME, True)
    assert caught.value.key == "issue.already_sent"


def test_a_duplicate_wording_from_a_phone_is_kept_for_the_facilitator_to_merge() -> None:
    change = phone.new_issue(board_of("Damp"), "I2", "damp!", "", (), ME, True)
    assert change.issue.text == "damp!"


@pytest.mark.parametrize(("text", "category", "is_open", "message", "key"), [
    ("Lifts", "", False, r"^Raising issues is closed for now: the facilitator will say when it "
     r"opens again\. Nothing was saved\.$", "issue.closed"),
    (" \t ", "", True, r"^Write the issue first: what should improve\?$", "issue.empty"),
    ("x" * 301, "", True, r"^That is 301 characters; keep an issue under 301", "issue.too_long"),
    ("Lifts", "Nope", True, r"^Unknown category 'Nope'; choose one of the list or none\.$", ""),
])  # fmt: skip
def test_an_issue_the_board_refuses(
    text: str, category: str, is_open: bool, message: str, key: str
) -> None:
    with pytest.raises(IssueError, match=message) as caught:
        phone.new_issue(board_of("Damp"), "I2", text, category, ("Repairs",), ME, is_open)
    assert caught.value.key == key


# --- a rating --------------------------------------------------------------------------------


def rate(values: dict[str, Any], mine: dict[str, Row] | None = None, *, is_open: bool = True,
         board: IssueBoard | None = None, budget: int = 100) -> dict[str, Any]:  # fmt: skip
    board = board or board_of("A", "B", "C", hidden=(3,))
    return phone.rating(board, mine or {}, ME, "I1", values, budget, is_open)


def saved(issue_id: str, **values: Any) -> Row:
    base = {"issue_id": issue_id, "participant_id": "P-1", "group_id": "tenants",
            "importance": None, "feasibility": None, "rank": None, "points": None}  # fmt: skip
    return {**base, **values}


def test_a_rating_gives_the_row_for_this_participant() -> None:
    assert rate({"importance": 5, "feasibility": 2}) == {
        "issue_id": "I1", "participant_id": "P-1", "group_id": "tenants", "channel": "device",
        "importance": 5, "feasibility": 2, "rank": None, "points": None,
    }  # fmt: skip


def test_a_rating_merges_with_what_was_given_before() -> None:
    mine = {"I1": saved("I1", importance=4, feasibility=3)}
    row = rate({"feasibility": 1}, mine)
    assert (row["importance"], row["feasibility"]) == (4, 1)  # importance kept, not cleared
    assert rate({"importance": None}, mine)["importance"] is None  # a value sent as none clears


def test_a_rating_while_prioritising_is_closed_is_refused() -> None:
    with pytest.raises(PriorityError, match=r"^Prioritising is closed for now\. Nothing was "
                       r"saved\.$") as caught:  # fmt: skip
        rate({"importance": 5}, is_open=False)
    assert caught.value.key == "rate.closed"


def test_a_rating_for_an_issue_no_longer_on_the_board_is_refused() -> None:
    board = board_of("A", "B", "C", hidden=(1,))
    with pytest.raises(PriorityError, match=r"^That issue is no longer on the board\.$") as e:
        rate({"importance": 5}, board=board)
    assert e.value.key == "rate.gone"
    with pytest.raises(PriorityError, match=r"^That issue is no longer on the board\.$"):
        phone.rating(board, {}, ME, "I-FORGED", {"importance": 5}, 100, True)


@pytest.mark.parametrize(("values", "message"), [
    ({"importance": 6}, r"^Importance must be a whole number from 1 to 5, not 6\.$"),
    ({"feasibility": 0}, r"^Feasibility must be a whole number from 1 to 5, not 0\.$"),
    ({"importance": True}, r"^Importance must be a whole number from 1 to 5, not True\.$"),
    ({"importance": "5"}, r"^Importance must be a whole number from 1 to 5, not '5'\.$"),
    ({"rank": 3}, r"^Rank must be from 1 to 2, not 3\.$"),  # two issues on the board
    ({"rank": 0}, r"^Rank must be from 1 to 2, not 0\.$"),
    ({"points": -5}, r"^Points must be a whole number of 0 or more, not -5\.$"),
])  # fmt: skip
def test_a_bad_score_is_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(PriorityError, match=message):
        rate(values)


def test_a_rank_already_given_to_another_issue_is_refused() -> None:
    mine = {"I2": saved("I2", rank=1)}
    with pytest.raises(PriorityError, match=r"^Rank 1 is already given to another issue; clear "
                       r"that one first or choose another rank\.$") as caught:  # fmt: skip
        rate({"rank": 1}, mine)
    assert caught.value.key == "rate.rank_taken" and caught.value.values == {"rank": 1}
    assert rate({"rank": 2}, mine)["rank"] == 2
    assert rate({"rank": 1}, {"I1": saved("I1", rank=1)})["rank"] == 1  # its own rank again


def test_points_beyond_the_budget_are_refused() -> None:
    mine = {"I2": saved("I2", points=70), "I1": saved("I1", points=10)}
    with pytest.raises(PriorityError, match=r"^That makes 110 points; you have 100 to spread, so "
                       r"at most 30 can go here\.$") as caught:  # fmt: skip
        rate({"points": 40}, mine)
    assert caught.value.key == "rate.too_many_points"
    assert rate({"points": 30}, mine)["points"] == 30  # this issue's own 10 are replaced


# --- the order of a ballot -------------------------------------------------------------------


def test_the_ballot_order_is_the_rounds_unless_shuffled() -> None:
    plain = ballot()
    assert phone.ballot_order(plain) == list(plain.options)
    shuffled = ballot(shuffle=True)
    order = phone.ballot_order(shuffled)
    assert sorted(o.option_id for o in order) == [o.option_id for o in plain.options]
    assert phone.ballot_order(ballot(shuffle=True, dots={"O1": 1})) == order  # same on reload
    others = [
        phone.ballot_order(Ballot(shuffled.round, shuffled.options, f"P-{n}", "tenants", "device"))
        for n in range(2, 12)
    ]
    assert any(o != order for o in others)  # each voter has an order of their own
