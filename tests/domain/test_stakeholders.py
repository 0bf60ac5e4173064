"""Stakeholder rules: checking, the register's changes, undo, the grid."""

from __future__ import annotations

from dataclasses import replace
from itertools import count, pairwise
from typing import Any

import pytest

from toolkit.domain.stakeholders import (
    DuplicateNameWarning,
    Register,
    Stakeholder,
    StakeholderError,
    checked,
    describe_map,
    place_labels,
    quadrant,
    spread,
    wrap_lines,
)
from toolkit.domain.template_settings import DEFAULT_QUADRANTS

_ids = count(1)


def apply(register: Register, change: Any) -> Register:
    """What recording the change and reading it back gives."""
    row = {"event_id": f"e{next(_ids)}", "event": change.event, **change.values()}
    return register.with_events([row])


def council(**kw: Any) -> Stakeholder:
    return Stakeholder("S1", "Council", **kw)


@pytest.mark.parametrize(("stakeholder", "message"), [
    (Stakeholder("S1", "   \n\t "), "Give the stakeholder a name"),
    (Stakeholder("S1", "x" * 121), "The name is 121 characters long; keep it under 121"),
    (council(power=0), "Power must be a whole number from 1 to 5, not 0"),
    (council(interest=6), "Interest must be a whole number from 1 to 5, not 6"),
    (council(power=True), "Power must be a whole number from 1 to 5, not True"),
    (council(power="3"), "Power must be a whole number from 1 to 5, not '3'"),  # type: ignore[arg-type]
    (council(position="hostile"), "Position must be one of supportive, neutral, resisting"),
    (council(desired_position=""), "Desired position must be one of"),
    (council(coproduction=frozenset({"co-opting"})), "Unknown co-production role 'co-opting'"),
    (council(concerns="c" * 2001), r"The concerns field is too long \(2001 characters\)"),
])  # fmt: skip
def test_checked_refuses_with_a_message(stakeholder: Stakeholder, message: str) -> None:
    with pytest.raises(StakeholderError, match=message):
        checked(stakeholder)


def test_checked_tidies_whitespace_and_keeps_markup_literally() -> None:
    s = checked(Stakeholder("S1", "  <b>Tenants'</b>\n  panel ", kind=" Tenants "))
    assert (s.name, s.kind) == ("<b>Tenants'</b> panel", "Tenants")


def test_add_edit_move_remove_restore() -> None:
    r = apply(Register(), Register().add(council()))
    assert [s.name for s in r.current] == ["Council"]
    change = r.edit(council(role="Landlord"))
    assert change.event == "edited"
    r = apply(r, change)
    change = r.move("S1", power=5, interest=2)
    assert (change.event, change.stakeholder.power, change.stakeholder.role) == (
        "moved",
        5,
        "Landlord",
    )
    r = apply(r, change)
    r = apply(r, r.remove("S1"))
    assert r.current == () and [s.name for s in r.removed] == ["Council"]
    with pytest.raises(StakeholderError, match="not on the map"):
        r.edit(council())
    r = apply(r, r.restore("S1"))
    assert r.get("S1").power == 5 and r.removed == ()
    assert [e["event"] for e in r.events] == ["added", "edited", "moved", "removed", "restored"]


def test_edit_without_a_change_is_refused() -> None:
    r = apply(Register(), Register().add(council()))
    with pytest.raises(StakeholderError, match="Nothing changed"):
        r.edit(council())


def test_duplicate_names_warn_and_can_be_confirmed() -> None:
    r = apply(Register(), Register().add(council()))
    twin = Stakeholder("S2", "  council ")
    with pytest.raises(DuplicateNameWarning, match="'Council' is already on the map"):
        r.add(twin)
    r = apply(r, r.add(twin, allow_duplicate=True))
    assert [s.name for s in r.current] == ["Council", "council"]
    with pytest.raises(DuplicateNameWarning):
        r.edit(replace(r.get("S2"), name="COUNCIL"))


def test_undo_walks_back_through_every_change_then_stops() -> None:
    r = apply(Register(), Register().add(council()))
    r = apply(r, r.add(Stakeholder("S2", "Tenants")))
    r = apply(r, r.move("S1", 5, 5))
    r = apply(r, r.remove("S2"))
    r = apply(r, r.undo())  # the removal: Tenants is back
    assert sorted(s.name for s in r.current) == ["Council", "Tenants"]
    r = apply(r, r.undo())  # the move: Council back at 3, 3
    assert (r.get("S1").power, r.get("S1").interest) == (3, 3)
    r = apply(r, r.undo())  # adding Tenants
    assert [s.name for s in r.current] == ["Council"]
    r = apply(r, r.undo())  # adding Council
    assert r.current == ()
    with pytest.raises(StakeholderError, match="There is nothing to undo"):
        r.undo()
    assert all(e["undoes"] for e in r.events[4:])  # each undo names what it undid


def test_quadrants_use_the_template_labels() -> None:
    labels = {**DEFAULT_QUADRANTS, "high_power_high_interest": "Key players"}
    assert quadrant(5, 5, labels) == "Key players"
    assert quadrant(3, 3, labels) == "Key players"  # 3 is high
    assert quadrant(5, 1, labels) == "Keep satisfied"
    assert quadrant(2, 4, labels) == "Keep informed"
    assert quadrant(1, 2, labels) == "Monitor"


def test_spread_stacks_points_in_a_shared_cell_apart_and_near_it() -> None:
    cells = [(2, 3), (4, 4), (2, 3), (2, 3), (5, 1)]
    points = spread(cells)
    assert points[1] == (4.0, 4.0) and points[4] == (5.0, 1.0)
    shared = [points[i] for i in (0, 2, 3)]
    assert [x for x, _ in shared] == [2.0, 2.0, 2.0]
    ys = [y for _, y in shared]
    assert ys == sorted(ys, reverse=True)  # first added on top
    assert all(abs(y - 3) <= 0.35 + 1e-9 for y in ys)  # clear of the quadrant lines
    assert min(a - b for a, b in pairwise(ys)) >= 0.34  # a line each


def test_map_described_in_words() -> None:
    people = [
        council(power=5, interest=5, position="resisting", desired_position="neutral"),
        Stakeholder("S2", "Tenants", power=1, interest=5),
    ]
    text = describe_map(people, DEFAULT_QUADRANTS)
    assert text == (
        "2 stakeholders. Manage closely: Council. Keep informed: Tenants. "
        "To move: Council (resisting → neutral)."
    )
    assert describe_map([], DEFAULT_QUADRANTS) == "No stakeholders on the map yet."


def test_labels_go_where_there_is_room_on_one_line_or_two() -> None:
    cells = [(2, 5), (3, 5), (4, 2), (5, 2), (1, 1)]
    names = [
        "Regulator of Social Housing",
        "Ward councillors",
        "Residents' association",
        "Tenants' panel",
        "A name far too long to fit in any cell of the grid at all",
    ]
    places = place_labels(cells, names, chars_per_cell=10)
    assert places[0] == ("left", "Regulator of\nSocial Housing")  # right is taken by (3, 5)
    assert places[1] == ("right", "Ward councillors")  # two free cells to the right
    assert places[2] == ("left", "Residents' association")
    assert places[3] == ("below", "Tenants' panel")  # hemmed in: written under the point
    side, label = places[4]
    assert side == "right" and label.split("\n") == [  # two lines hold it all: nothing cut
        "A name far too long to fit in any cell of", "the grid at all"
    ]  # fmt: skip
    (_, cut), *_ = place_labels([(1, 1)], ["word " * 30], chars_per_cell=10)
    first, second = cut.split("\n")  # only what two lines cannot hold is shortened
    assert second.endswith("…") and len(first) <= 44 and len(second) <= 44


def test_two_labels_facing_across_one_empty_cell_share_it() -> None:
    # (1, 5) writes rightwards and (3, 5) leftwards into cell 2: each may take half of it,
    # and with less than a cell each they go under their points instead of overlapping.
    places = place_labels([(1, 5), (3, 5), (4, 5)], ["Regulator", "Ward councillors", "Board"])
    assert places[0] == ("below", "Regulator")
    assert places[1] == ("below", "Ward councillors")
    top = place_labels(
        [(1, 5), (3, 5), (4, 5), (1, 4), (3, 4)],
        ["Regulator of Social Housing", "Ward councillors", "Board", "Contractor", "Officers"],
        chars_per_cell=10,
    )
    assert top[0] == ("right", "Regulator\nof Socia…")  # 0.95 of a cell each: 9 characters
    assert top[1] == ("left", "Ward\ncouncill…")


def test_words_wrap_onto_lines_and_only_what_they_cannot_hold_is_shortened() -> None:
    text = "one two three four five six seven eight nine ten"
    assert wrap_lines(text, 10, 3) == ["one two", "three four", "five six…"]  # one ellipsis
    assert wrap_lines(text, 60, 3) == [text]
    assert wrap_lines("Supercalifragilistic expialidocious", 8, 2) == ["Superca…"]
