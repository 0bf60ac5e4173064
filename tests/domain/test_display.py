"""Groups shown in the results: merges for display and a lowered threshold, decided before
the first dot, read back from the settings events, and applied by the one folding rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.domain.test_voting import apply, cast, opened
from toolkit.domain.agenda import Step
from toolkit.domain.display import MERGES_KEY, THRESHOLD_KEY, DisplayError, GroupDisplay
from toolkit.domain.events import Row
from toolkit.domain.prompts import step_prompts
from toolkit.domain.results import display, revealed_tallies
from toolkit.domain.state import SessionState
from toolkit.domain.tally import shown_names, tally
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.domain.voting import OTHER

GROUPS = (GroupSpec("tenants", "Tenants", "#E69F00", "T"),
          GroupSpec("front", "Front-line staff", "#0072B2", "F"),
          GroupSpec("managers", "Managers", "#009E73", "M"))  # fmt: skip
SIX = {"tenants": 2, "front": 2, "managers": 2}


def setting(key: str, value: str) -> Row:
    return {"event": "set", "key": key, "value": value}


def recorded(d: GroupDisplay, *changes: Any) -> GroupDisplay:
    """The display read back after recording each change's settings event."""
    rows = []
    for change in changes:
        e = change(GroupDisplay.from_settings(rows, GROUPS, 3))
        assert e.table == "settings" and e.event == "set"
        rows.append(setting(e.values["key"], e.values["value"]))
    return GroupDisplay.from_settings(rows, GROUPS, d.template_threshold)


def test_an_old_session_shows_the_template_groups() -> None:
    d = GroupDisplay.from_settings([setting("title", "x")], GROUPS, 3)
    assert d.groups == GROUPS and d.threshold == 3 and d.merges == () and d.notes() == []


def test_a_merge_is_one_group_with_its_first_groups_colour_and_letter() -> None:
    d = recorded(
        GroupDisplay(GROUPS, 3), lambda d: d.merge(" Staff ", ["front", "managers"], False)
    )
    assert [(g.id, g.name, g.letter, g.colour) for g in d.groups] == [
        ("tenants", "Tenants", "T", "#E69F00"),
        ("front", "Staff", "S", "#0072B2"),
        ("managers", "Staff", "S", "#0072B2"),
    ]
    assert d.sizes(SIX) == {"Tenants": 2, "Staff": 4}
    assert d.small(SIX) == [("Tenants", 2)]
    assert d.notes() == [
        "Staff is Front-line staff + Managers counted together, as the facilitator set before "
        "the vote."
    ]
    undone = recorded(d, lambda x: x.merge("Staff", ["front", "managers"], False),
                      lambda x: x.unmerge("Staff", False))  # fmt: skip
    assert undone.groups == GROUPS


def test_the_merge_and_threshold_are_recorded_as_settings() -> None:
    e = GroupDisplay(GROUPS, 3).merge("Staff", ["front", "managers"], False)
    assert e.values == {
        "key": MERGES_KEY,
        "value": json.dumps([{"name": "Staff", "groups": ["front", "managers"]}]),
    }
    assert GroupDisplay(GROUPS, 3).lower(2, False).values == {"key": THRESHOLD_KEY, "value": "2"}
    lowered = GroupDisplay(GROUPS, 3, lowered=2)
    assert lowered.restore(False).values == {"key": THRESHOLD_KEY, "value": ""}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.merge("", ["front", "managers"], False), r"Give the merged groups a name"),
        (lambda d: d.merge("Staff", ["front"], False), r"Pick at least two groups"),
        (lambda d: d.merge("Staff", ["front", "front"], False), r"Pick at least two groups"),
        (lambda d: d.merge("Staff", ["front", "cleaners"], False), r"No group 'cleaners'"),
        (lambda d: d.merge("All", ["tenants", "front", "managers"], False), r"keep at least two"),
        (lambda d: d.merge("MANAGERS", ["tenants", "front"], False), r"'Managers' already names"),
        (lambda d: d.merge("other groups", ["front", "managers"], False), r"'Other groups'"),
        (lambda d: d.merge("S" * 41, ["front", "managers"], False), r"under 40 characters"),
        (lambda d: d.unmerge("Staff", False), r"No merge is called 'Staff'"),
        (lambda d: d.lower(1, False), r"cannot go below 2: a group of one would show"),
        (lambda d: d.lower(3, False), r"may only lower it \(to 2-2\)\. To raise it"),
        (lambda d: d.restore(False), r"already the template's \(3\)"),
        (lambda d: d.merge("Staff", ["front", "managers"], True), r"Dots have been cast"),
        (lambda d: d.lower(2, True), r"Dots have been cast"),
        (lambda d: d.restore(True), r"Dots have been cast"),
    ],
)
def test_changes_that_cannot_be_made_say_what_to_do(change: Any, message: str) -> None:
    with pytest.raises(DisplayError, match=message):
        change(GroupDisplay(GROUPS, 3))


def test_a_merges_letter_is_its_initial_unless_another_group_has_it() -> None:
    d = GroupDisplay(GROUPS, 3)._merged("Managers and staff", ("front", "managers"))
    assert {g.letter for g in d.groups} == {"T", "M"}
    d = GroupDisplay(GROUPS, 3)._merged("The providers", ("front", "managers"))
    assert [g.letter for g in d.groups] == ["T", "F", "F"]  # T is the tenants'


def test_a_group_cannot_be_in_two_merges() -> None:
    d = GroupDisplay(GROUPS, 4)._merged("Staff", ("front", "managers"))
    with pytest.raises(DisplayError, match=r"Managers is already in a merge: undo that merge"):
        d.merge("Council", ["tenants", "managers"], False)


def test_hand_edited_values_that_do_not_fit_are_ignored() -> None:
    rows = [
        setting(MERGES_KEY, "not json"),
        setting(THRESHOLD_KEY, "1"),
    ]
    assert GroupDisplay.from_settings(rows, GROUPS, 3) == GroupDisplay(GROUPS, 3)
    merges = [
        {"name": "X", "groups": ["front", "nobody"]},
        {"name": "Staff", "groups": ["front", "managers"]},
    ]
    rows = [setting(MERGES_KEY, json.dumps(merges))]
    d = GroupDisplay.from_settings(rows, GROUPS, 3)
    assert [m.name for m in d.merges] == ["Staff"]


def test_the_folding_rule_counts_a_merge_as_one_group() -> None:
    names = {"tenants": "Tenants", "front": "Staff", "managers": "Staff"}
    assert shown_names(names, SIX, 3) == {"tenants": OTHER, "front": "Staff", "managers": "Staff"}
    assert shown_names(names, SIX, 2) == {"tenants": "Tenants", "front": "Staff",
                                          "managers": "Staff"}  # fmt: skip
    assert shown_names(names, {"tenants": 1}, 3)["front"] == "Staff"  # nobody yet: not folded


def test_the_tally_shows_the_merged_groups_and_votes_keep_their_group() -> None:
    v = cast(opened(), "t1", "tenants", "O1")
    v = cast(v, "t2", "tenants", "O1")
    v = cast(v, "f1", "front", "O2")
    v = cast(v, "m1", "managers", "O2", "O3")
    names = {"tenants": "Tenants", "front": "Staff", "managers": "Staff"}
    t = tally(v, "R1", names, threshold=2)
    assert t.groups == ("Tenants", "Staff")
    assert t.dots == {("O1", "Tenants"): 2, ("O2", "Staff"): 2, ("O3", "Staff"): 1}
    assert t.voters == {"Tenants": 2, "Staff": 2}
    assert {r["group_id"] for r in v.vote_rows} == {"tenants", "front", "managers"}


def _state(settings: list[Row], people: dict[str, int]) -> SessionState:
    participants = tuple(
        {"event": "joined", "participant_id": f"{g}{n}", "group_id": g}
        for g, count in people.items()
        for n in range(count)
    )
    return SessionState(settings=tuple(settings), participants=participants)


def test_revealed_tallies_apply_the_sessions_display() -> None:
    v = cast(opened(), "t1", "tenants", "O1")
    v = cast(v, "t2", "tenants", "O3")
    v = cast(v, "f1", "front", "O2")
    v = cast(v, "m1", "managers", "O4")  # two voters in each group shown: the threshold of 2
    v = apply(v, v.advance("R1", "closed"))
    v = apply(v, v.advance("R1", "revealed"))
    merge = GroupDisplay(GROUPS, 3).merge("Staff", ["front", "managers"], False).values
    state = _state([setting(**merge), setting(THRESHOLD_KEY, "2")], SIX)
    state = SessionState(settings=state.settings, participants=state.participants, voting=v)
    assert display(state, GROUPS, 3).threshold == 2
    [t] = revealed_tallies(state, GROUPS, 3)
    assert t.groups == ("Tenants", "Staff") and t.dots[("O2", "Staff")] == 1


def test_the_console_warns_while_people_join_and_says_what_can_be_done() -> None:
    template = WorkshopTemplate("W", "", GROUPS, (), (), 3)
    step = Step("step-1", "issues", "Raise issues", 20, 1)
    now = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    [prompt] = [p for p in step_prompts(_state([], SIX), template, step, now) if p.kind == "small"]
    assert prompt.text.startswith(
        "Below the threshold of 3 so far (Tenants: 2 people; Front-line staff: 2 people; "
        "Managers: 2 people): their dots will be counted in 'Other groups' and left out of "
        "'Where we agree' and 'Where we differ'. With fewer than two groups shown by name"
    )
    assert "merge groups for display" in prompt.text
    merged = [
        setting(**GroupDisplay(GROUPS, 3).merge("Staff", ["front", "managers"], False).values)
    ]
    [prompt] = [p for p in step_prompts(_state(merged, SIX), template, step, now)
                if p.kind == "small"]  # fmt: skip
    assert prompt.text.startswith("Below the threshold of 3 so far (Tenants: 2 people)")
    big = {"tenants": 3, "front": 3, "managers": 3}
    assert not [p for p in step_prompts(_state([], big), template, step, now) if p.kind == "small"]


def test_the_notes_are_in_the_templates_language() -> None:
    spanish = Texts("es", {"display.merged": "{name} son {groups} contados juntos.",
                           "chart.other": "Otros grupos"})  # fmt: skip
    d = GroupDisplay(GROUPS, 3, lowered=2)._merged("Personal", ("front", "managers"))
    said = d.notes(spanish)
    assert said[0] == "Personal son Front-line staff + Managers contados juntos."
    assert "'Otros grupos'" in said[1]
