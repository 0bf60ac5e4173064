"""Template settings: every mistake named by file and key."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from toolkit.domain.template import TemplateError, parse_template

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
        ("agenda.0.extra", 1, r"agenda\[1\].extra: unknown setting; allowed here: kind, minutes"),
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
