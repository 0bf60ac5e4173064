"""Small groups folded by who voted in each round, paper sheets counting the people entered
for them (toolkit/domain/sheets.py, `Voting.voters`, `tally`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.test_voting import apply, cast, opened
from toolkit.domain.results import revealed_tallies
from toolkit.domain.sheets import sheet_people
from toolkit.domain.state import SessionState
from toolkit.domain.tally import tally
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import OTHER, Event, Voting, VotingError

NAMES = {"tenants": "Tenants", "staff": "Staff"}
GROUPS = (GroupSpec("tenants", "Tenants", "#E69F00", "T"),
          GroupSpec("staff", "Staff", "#009E73", "S"))  # fmt: skip


def staff_of_three(v: Voting) -> Voting:
    for who in ("s1", "s2", "s3"):
        v = cast(v, who, "staff", "O2")
    return v


def test_a_group_of_five_that_joined_with_one_voter_is_folded() -> None:
    v = staff_of_three(cast(opened(), "t1", "tenants", "O1", "O1"))
    v = apply(v, v.advance("R1", "closed"))
    v = apply(v, v.advance("R1", "revealed"))
    joined = tuple({"event": "joined", "participant_id": f"t{n}", "group_id": "tenants"}
                   for n in range(1, 6))  # fmt: skip
    (t,) = revealed_tallies(SessionState(voting=v, participants=joined), GROUPS, 3)
    assert t.groups == ("Staff", OTHER)  # five joined, but one person's dots are theirs alone
    assert t.dots[("O1", OTHER)] == 2 and "Tenants" not in t.groups


def test_a_withdrawn_dot_leaves_nobody_voting() -> None:
    v = cast(opened(), "t1", "tenants", "O1")
    v = apply(v, v.ballot("R1", "t1", "tenants").remove("O1"))
    assert v.voters("R1") == {}


def test_a_paper_sheet_without_its_people_makes_nobody_large_enough() -> None:
    v = staff_of_three(opened())
    v = apply(v, *v.paper_tally("R1", "tenants", {"O1": 9}))  # no number entered
    assert v.voters("R1") == {"tenants": 0, "staff": 3}
    assert tally(v, "R1", NAMES, 3).groups == ("Staff", OTHER)
    v = cast(v, "t1", "tenants", "O3")  # one person and a sheet: still one person
    t = tally(v, "R1", NAMES, 3)
    assert t.groups == ("Staff", OTHER) and t.dots[("O1", OTHER)] == 9


def test_a_paper_sheet_counts_the_people_entered_for_it_sheet_by_sheet() -> None:
    v = staff_of_three(cast(opened(), "t1", "tenants", "O3"))
    events = v.paper_tally("R1", "tenants", {"O1": 4}, people=1)
    assert events[-1] == Event("settings", "set", {"key": "paper_people:R1:tenants",
                                                   "value": "1"})  # fmt: skip
    v = apply(v, *events)
    assert v.voters("R1")["tenants"] == 2
    assert tally(v, "R1", NAMES, 3).groups == ("Staff", OTHER)
    v = apply(v, *v.paper_tally("R1", "tenants", {"O2": 2}, people=4))  # a second sheet
    assert v.sheets == {("R1", "tenants"): 5} and v.voters("R1")["tenants"] == 6
    assert tally(v, "R1", NAMES, 3).groups == ("Tenants", "Staff")


@pytest.mark.parametrize(("people", "message"), [
    (-1, "from 0 to 1000, not -1"), (1001, "from 0 to 1000, not 1001"),
    (True, "a whole number, not True"), (2.5, "a whole number, not 2.5"),
])  # fmt: skip
def test_the_people_on_a_sheet_are_a_whole_number_in_range(people: Any, message: str) -> None:
    with pytest.raises(VotingError, match=message):
        opened().paper_tally("R1", "tenants", {"O1": 1}, people=people)


def test_a_hand_edited_count_counts_as_nobody_and_other_settings_are_ignored() -> None:
    rows = [{"key": "paper_people:R1:t", "value": "3"}, {"key": "paper_people:R1:s", "value": "x"},
            {"key": "title", "value": "7"}, {"key": "paper_people:R1", "value": "4"}]  # fmt: skip
    assert sheet_people({}, rows) == {("R1", "t"): 3, ("R1", "s"): 0}
