"""Step scripts from the template: checked when read, filled with the session's numbers;
checklist ticks and the projector switch as settings events; the rules to read out."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.domain.test_template import GOOD
from toolkit.domain.agenda import Step
from toolkit.domain.guidance import (
    NUMBERS,
    RULES_SHOWN_KEY,
    checklist_key,
    fill,
    guide,
    room_rules,
    rules_sentences,
    rules_shown,
    script_for,
    ticks,
)
from toolkit.domain.state import SessionState
from toolkit.domain.template import TemplateError, WorkshopTemplate, parse_template
from toolkit.domain.voting import Rules
from toolkit.records.templates import find_template, load_template

SCRIPTED: dict[str, Any] = {
    "kind": "vote",
    "title": "Vote",
    "minutes": 10,
    "purpose": "Choose together.",
    "say": "You are {people} people from {groups}.\n\nWe vote on {options} options.",
    "watch": "Anyone without a phone.",
    "checklist": ["Options read out", "Everyone joined ({people})", "Rules explained"],
}


def _template(step: dict[str, Any]) -> WorkshopTemplate:
    data = copy.deepcopy(GOOD)
    data["agenda"] = [step]
    return parse_template(data, "t.toml")


def _row(table_key: str, value: str, n: int = 0) -> dict[str, Any]:
    return {"event_id": f"e{n}", "event": "set", "key": table_key, "value": value}


def test_a_step_script_is_read_with_its_checklist() -> None:
    spec = _template(SCRIPTED).agenda[0]
    assert spec.purpose == "Choose together." and spec.watch == "Anyone without a phone."
    assert spec.checklist == ("Options read out", "Everyone joined ({people})", "Rules explained")
    bare = _template({"kind": "vote", "title": "Vote"}).agenda[0]
    assert (bare.purpose, bare.say, bare.watch, bare.checklist) == ("", "", "", ())


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("say", 3, r"t.toml: agenda\[1\].say: must be a text"),
        ("purpose", "x" * 2001, r"agenda\[1\].purpose: is 2001 characters; keep it under 2000"),
        ("watch", "{dotz} dots", r"agenda\[1\].watch: \{dotz\} is not a number the console "
                                  r"fills in; use \{minutes\}, \{groups\}"),
        ("say", "a { b", r"agenda\[1\].say: has a lone \{ or \}; write \{\{ or \}\}"),
        ("say", "{dots!r}", r"agenda\[1\].say: \{dots\} is not a number"),
        ("checklist", "Rules explained", r"agenda\[1\].checklist: must be a list of short "
                                         r"non-empty texts"),
        ("checklist", ["Rules", " "], r"agenda\[1\].checklist: must be a list of short"),
        ("checklist", ["x" * 121], r"agenda\[1\].checklist: item 'xxxx.*is 121 characters; "
                                   r"keep each item under 120"),
        ("checklist", ["{who} joined"], r"agenda\[1\].checklist: item '\{who\} joined': "
                                        r"\{who\} is not a number"),
        ("notes", "x", r"agenda\[1\].notes: unknown setting; allowed here: checklist, kind, "
                       r"minutes, purpose, say, title, watch"),
    ],
)  # fmt: skip
def test_script_mistakes_name_the_step_and_key(key: str, value: Any, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        _template({**SCRIPTED, key: value})


def test_braces_doubled_are_kept_and_numbers_filled() -> None:
    assert fill("{{not a number}} but {dots}", {"dots": "4"}) == "{not a number} but 4"
    assert fill("{broken", {}) == "{broken"  # shown as written rather than lost


def test_every_step_of_the_shipped_template_has_a_script() -> None:
    template = load_template(find_template("housing-coproduction"))
    for spec in template.agenda:
        assert spec.purpose and spec.say and spec.watch and len(spec.checklist) >= 3, spec.title
    first_vote = next(s for s in template.agenda if s.kind == "vote")
    items = " ".join(first_vote.checklist).lower()
    for must in ("options read out and clarified", "everyone has joined", "rules explained"):
        assert must in items
    words = " ".join(s.say + s.watch for s in template.agenda).lower()
    for practice in ("unclear", "surprised", "never a single", "backlog"):
        assert practice in words  # DOMAIN.md: clarify first, discuss surprises, keep several


def test_the_script_is_filled_with_the_session_s_numbers() -> None:
    template = _template(SCRIPTED)
    step = Step("step-1", "vote", "Vote", 10, 1)
    state = SessionState().with_new({
        "participants": [{"event": "joined", "participant_id": p, "group_id": "tenants"}
                         for p in ("P1", "P2", "P3")],
        "issues": [{"event": "raised", "issue_id": f"I{n}", "text": f"Issue {n}",
                    "category": "", "participant_id": "", "group_id": "", "channel": "paper",
                    "hidden": False, "merged_into": "", "moscow": "", "shortlisted": n < 4}
                   for n in range(1, 6)],
    })  # fmt: skip
    g = guide(state, template, step)
    assert g.say == "You are 3 people from Tenants, Staff.\n\nWe vote on 3 options."
    assert g.checklist[1] == "Everyone joined (3)"
    assert g.ticks == (False, False, False)
    assert script_for(template, Step("step-1", "issues", "Issues", 10, 1)) is None  # not it
    assert guide(state, template, Step("step-9", "vote", "Vote", 10, 9)).empty


def test_checklist_ticks_follow_the_last_event_of_each_item() -> None:
    settings = [
        _row(checklist_key("step-5", 1), "true", 1),
        _row(checklist_key("step-5", 3), "true", 2),
        _row(checklist_key("step-5", 1), "false", 3),
        _row(checklist_key("step-6", 2), "true", 4),
    ]
    assert ticks(settings, "step-5", 3) == (False, False, True)
    assert ticks(settings, "step-6", 2) == (False, True)


def test_the_projector_switch_is_the_last_value_set() -> None:
    assert not rules_shown([])
    assert rules_shown([_row(RULES_SHOWN_KEY, "true")])
    assert not rules_shown([_row(RULES_SHOWN_KEY, "true", 1), _row(RULES_SHOWN_KEY, "false", 2)])


def test_the_rules_to_read_out_are_the_round_s_or_the_template_s_before_any() -> None:
    template = load_template(find_template("housing-coproduction"))
    issues = [
        {"event": "raised", "issue_id": f"I{n}", "text": f"Issue {n}", "category": "",
         "participant_id": "", "group_id": "", "channel": "paper", "hidden": False,
         "merged_into": "", "moscow": "", "shortlisted": n <= 6}
        for n in range(1, 9)
    ]  # fmt: skip
    assert room_rules(SessionState(), template) is None  # no shortlist: nothing to vote on
    state = SessionState().with_new({"issues": issues})
    label, planned = room_rules(state, template) or ("", None)
    assert label == "Round 1 as planned, on the shortlist of 6"
    assert planned == Rules(dots=2, cap=3)  # the template's dots = 0: floor(6 / 3)
    voted = state.with_new({"rounds": [{
        "event": "created", "round_id": "R1", "number": 1, "status": "open",
        "dots_per_participant": 4, "cap_per_option": 1, "stacking": True, "min_spend": 4,
        "facilitator_votes": False, "shuffle": False}]})  # fmt: skip
    assert rules_sentences(voted, template) == [
        "You each have 4 dots.",
        "Put at most one dot on each option.",
        "Use all 4 of them.",
        "Results stay hidden until everyone has voted and the facilitator reveals them.",
    ]


def test_every_number_a_script_may_quote_is_filled() -> None:
    template = _template({**SCRIPTED, "say": " ".join(f"{{{n}}}" for n in NUMBERS)})
    said = guide(SessionState(), template, Step("step-1", "vote", "Vote", 10, 1)).say
    assert "{" not in said and said.startswith("10 Tenants, Staff 0 0 0 0 1 0 ? 0")
