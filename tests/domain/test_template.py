"""Template settings: every mistake named by file and key."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

import pytest

from toolkit.domain.template import TemplateError, parse_template
from toolkit.domain.template_settings import VotingSettings

GOOD: dict[str, Any] = {
    "title": "Workshop",
    "groups": [
        {"id": "tenants", "name": "Tenants", "colour": "#E69F00", "letter": "T"},
        {"id": "staff", "name": "Staff", "colour": "#0072b2", "letter": "S"},
    ],
    "agenda": [{"kind": "vote", "title": "Vote", "minutes": 10}],
    "issues": {"categories": ["Repairs"]},
    "privacy": {"small_group_threshold": 3},
}


def test_good_template_parses() -> None:
    t = parse_template(GOOD, "t.toml")
    assert [g.letter for g in t.groups] == ["T", "S"]
    assert t.groups[1].colour == "#0072B2"
    assert t.agenda[0].minutes == 10
    assert t.small_group_threshold == 3


def _broken(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    keys = path.split(".")
    for k in keys[:-1]:
        target = target[int(k)] if k.isdigit() else target[k]
    last = keys[-1]
    if value is KeyError:
        del target[int(last) if last.isdigit() else last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("colour_scheme", "x", r"t.toml: colour_scheme: unknown setting; allowed here: agenda"),
        ("groups", [], r"t.toml: groups: a workshop needs at least one participant group"),
        ("groups.0.colour", "blue", r"groups\[1\].colour: 'blue' is not a colour; write it as"),
        ("groups.1.letter", "T", r"groups.letter: each group needs its own letter"),
        ("groups.1.id", "tenants", r"groups.id: each group needs its own id"),
        ("groups.0.id", "../x", r"groups\[1\].id: group id '../x' is not allowed"),
        ("groups.0.name", KeyError, r"groups\[1\].name: is required"),
        ("agenda.0.minutes", "ten", r"agenda\[1\].minutes: must be a whole number of minutes"),
        ("agenda.0.kind", "party", r"agenda\[1\].kind: 'party' is not a step; use one of setup"),
        ("agenda.0.extra", 1, r"agenda\[1\].extra: unknown setting; allowed here: checklist, kind"),
        ("issues.categories", "Repairs", r"issues.categories: must be a list of non-empty texts"),
        ("privacy.small_group_threshold", 0, r"privacy.small_group_threshold: must be a whole"),
        ("title", KeyError, r"t.toml: title: is required"),
    ],
)
def test_broken_template_names_file_and_key(path: str, value: Any, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_template(_broken(path, value), "t.toml")


@pytest.mark.parametrize(("table", "key", "value", "message"), [
    ("voting", "dots", 500, r"voting.dots: must be a whole number from 0 to 100"),
    ("voting", "stacking", "yes", r"voting.stacking: must be true or false"),
    ("voting", "min_spend", 5, r"voting.min_spend: 5 is more than the 2 dots"),
    ("prioritise", "method", "lottery", r"prioritise.method: 'lottery' is not a method"),
    ("prioritise", "shortlist_size", 1, r"prioritise.shortlist_size: must be a whole number "
     "from 2"),
    ("stakeholders", "kinds", "Tenants", r"stakeholders.kinds: must be a list"),
])  # fmt: skip
def test_broken_voting_priority_and_map_settings(
    table: str, key: str, value: Any, message: str
) -> None:
    data = copy.deepcopy(GOOD)
    data[table] = {key: value, **({"dots": 2} if key == "min_spend" else {})}
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "t.toml")


def test_voting_defaults_come_from_the_template() -> None:
    data = copy.deepcopy(GOOD)
    data["voting"] = {"dots": 4, "cap": 2, "shuffle": True}
    v = parse_template(data, "t.toml").voting
    assert (v.dots, v.cap, v.shuffle, v.stacking) == (4, 2, True, True)


def test_names_are_optional_by_default_and_can_be_turned_off() -> None:
    assert parse_template(GOOD, "t.toml").names == "optional"
    data = copy.deepcopy(GOOD)
    data["privacy"]["names"] = "off"
    assert parse_template(data, "t.toml").names == "off"
    data["privacy"]["names"] = "maybe"
    with pytest.raises(
        TemplateError, match=r"^t.toml: privacy.names: 'maybe' is not allowed; use 'optional' or "
        "'off'$"
    ):  # fmt: skip
        parse_template(data, "t.toml")


def test_each_round_takes_its_own_rules_over_the_defaults() -> None:
    data = copy.deepcopy(GOOD)
    rounds = [{"dots": 5, "cap": 2, "min_spend": 5}, {"stacking": False}]
    data["voting"] = {"dots": 0, "cap": 3, "shuffle": True, "round": rounds}
    v = parse_template(data, "t.toml").voting
    first, second, third = v.for_round(1), v.for_round(2), v.for_round(3)
    assert (first.dots, first.cap, first.min_spend, first.shuffle) == (5, 2, 5, True)
    assert (second.dots, second.cap, second.stacking, second.shuffle) == (0, 3, False, True)
    assert third == replace(v, rounds=()) and third.stacking  # later rounds: the defaults
    assert first.rounds == second.rounds == third.rounds == ()
    assert VotingSettings().for_round(1) == VotingSettings()


@pytest.mark.parametrize(("voting", "message"), [
    ({"round": [{"dots": 3}, {"colour": "red"}]},
     r"^t.toml: voting.round\[2\].colour: unknown setting; allowed here: cap, dots, "
     r"facilitator_votes, min_spend, shuffle, stacking$"),
    ({"round": [{"dots": 2, "min_spend": 3}]},
     r"^t.toml: voting.round\[1\].min_spend: 3 is more than the 2 dots each person has; lower "
     r"min_spend or give more dots$"),
    ({"dots": 4, "round": [{"min_spend": 5}]},  # the defaults' dots count for the round
     r"voting.round\[1\].min_spend: 5 is more than the 4 dots"),
    ({"min_spend": 21},
     r"^t.toml: voting.min_spend: 21 can never be spent: with dots = 0 each person has "
     r"ceil\(N / 3\) dots for N options \(at least 1\), at most 20; lower min_spend or set dots$"),
    ({"round": [{"shuffle": "yes"}]}, r"voting.round\[1\].shuffle: must be true or false"),
    ({"round": {"dots": 3}}, r"voting.round: must be a list of \[\[voting.round\]\] tables"),
    ({"round": [3]}, r"voting.round\[1\]: must be a table of settings"),
])  # fmt: skip
def test_round_rules_are_checked_like_the_defaults(voting: dict[str, Any], message: str) -> None:
    data = copy.deepcopy(GOOD)
    data["voting"] = voting
    with pytest.raises(TemplateError, match=message):
        parse_template(data, "t.toml")


def test_a_cap_above_the_dots_is_allowed_it_never_binds() -> None:
    data = copy.deepcopy(GOOD)
    data["voting"] = {"dots": 2, "cap": 5, "round": [{"dots": 1, "cap": 3}]}
    v = parse_template(data, "t.toml").voting
    assert (v.cap, v.for_round(1).cap) == (5, 3)


def test_stakeholder_fields_default_to_all_five_and_keep_the_canonical_order() -> None:
    every = ("kind", "role", "coproduction", "concerns", "notes")
    assert parse_template(GOOD, "t.toml").stakeholder_map.fields == every
    data = copy.deepcopy(GOOD)
    data["stakeholders"] = {"fields": ["notes", "concerns", "kind"], "kinds": ["Tenants"]}
    chosen = parse_template(data, "t.toml").stakeholder_map
    assert (chosen.fields, chosen.kinds) == (("kind", "concerns", "notes"), ("Tenants",))
    data["stakeholders"] = {"fields": []}  # only what the map needs
    assert parse_template(data, "t.toml").stakeholder_map.fields == ()


ANY_FIELD = "any of kind, role, coproduction, concerns, notes"


@pytest.mark.parametrize(("stakeholders", "message"), [
    ({"fields": ["kind", "colour"]},
     f"stakeholders.fields: 'colour' is not a stakeholder field; use {ANY_FIELD}"),
    ({"fields": "kind, concerns"},
     f'stakeholders.fields: must be a list of field names, for example ["kind", "concerns"]; '
     f"use {ANY_FIELD}"),
    ({"fields": ["concerns", 3]},
     f"stakeholders.fields: 3 is not a field name; write each name in quotes, {ANY_FIELD}"),
    ({"fields": ["kind", "power"]},
     "stakeholders.fields: 'power' is always in the form (the map needs it); list only the "
     f"optional fields, {ANY_FIELD}"),
    ({"fields": ["role", "concerns", "role"]},
     "stakeholders.fields: 'role' is named twice; name each field once"),
    ({"fields": ["role", "concerns"], "kinds": ["Tenants", "Council"]},
     'stakeholders.kinds: suggests types, but "kind" (the Type) is not in stakeholders.fields; '
     'add "kind" to fields or remove kinds'),
])  # fmt: skip
def test_bad_stakeholder_fields_are_named(stakeholders: dict[str, Any], message: str) -> None:
    data = copy.deepcopy(GOOD)
    data["stakeholders"] = stakeholders
    with pytest.raises(TemplateError) as caught:
        parse_template(data, "t.toml")
    assert str(caught.value) == f"t.toml: {message}"
