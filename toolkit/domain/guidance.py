"""What the console tells the facilitator at each agenda step: the template's script for it
(why the step is there, what to tell the room, what to watch for, a checklist) with the
session's real numbers filled in, the ticks of the checklist, and the dot-voting rules to
read out or to put on the projector.

Ticks and the projector switch are settings events, so a reloaded console shows them:
key 'checklist:<step id>:<n>' (n from 1) and key 'rules_on_projector', value true or false."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from toolkit.domain.agenda import Step
from toolkit.domain.events import Row, latest_state
from toolkit.domain.state import SessionState
from toolkit.domain.template import StepSpec, WorkshopTemplate
from toolkit.domain.voting import Rules, default_dots

SCRIPT_KEYS = ("purpose", "say", "watch")
SCRIPT_LIMIT = 2000  # characters in one of a step's texts
CHECKLIST_ITEM_LIMIT = 120  # a short item: it sits beside a checkbox
CHECKLIST_PREFIX = "checklist:"
RULES_SHOWN_KEY = "rules_on_projector"
JOIN_LARGE_KEY = "join_large_on_projector"  # "true" or "false": the console's choice
# What a step's texts may quote from the session, as {name}; the console fills them in.
NUMBERS = {
    "minutes": "the step's planned minutes",
    "groups": "the participant groups, as 'Tenants, Front-line staff, Managers'",
    "people": "people who have joined (on a phone, or added for someone without one)",
    "stakeholders": "stakeholders on the map",
    "issues": "issues on the board (not hidden, not merged into another)",
    "shortlist": "issues on the shortlist for the vote",
    "round": "the number of the current voting round (the next one before any)",
    "options": "options in the current round (before any round: on the shortlist)",
    "dots": "dots each in the current round (before any round: as planned)",
    "actions": "actions in the plan",
}
_STEP_NUMBER = re.compile(r"step-(\d+)")


def script_problem(value: object) -> str | None:
    """What is wrong with one of a step's texts (purpose, say, watch), or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        return "must be a text"
    if len(value) > SCRIPT_LIMIT:
        return f"is {len(value)} characters; keep it under {SCRIPT_LIMIT}"
    try:
        names = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value)
                 if name is not None]  # fmt: skip
    except ValueError:
        return "has a lone { or }; write {{ or }} for a brace itself"
    for name, spec, conv in names:
        if name not in NUMBERS or spec or conv:
            known = ", ".join(f"{{{n}}}" for n in NUMBERS)
            return f"{{{name}}} is not a number the console fills in; use {known}"
    return None


def checklist_problem(value: object) -> str | None:
    """What is wrong with a step's checklist, or None."""
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
        return 'must be a list of short non-empty texts, such as ["Rules explained"]'
    long = next((c for c in value if len(c) > CHECKLIST_ITEM_LIMIT), None)
    if long is not None:
        return (
            f"item {long[:30]!r}... is {len(long)} characters; keep each item under "
            f"{CHECKLIST_ITEM_LIMIT} (it sits beside a tick box)"
        )
    return next((f"item {c!r}: {p}" for c in value if (p := script_problem(c))), None)


def script_for(template: WorkshopTemplate, step: Step) -> StepSpec | None:
    """The template step an agenda step was made from: sessions number their steps
    'step-1', 'step-2', ... in the template's order (toolkit.records.folder)."""
    found = _STEP_NUMBER.fullmatch(step.step_id)
    index = int(found[1]) if found else step.position
    if 1 <= index <= len(template.agenda):
        spec = template.agenda[index - 1]
        if spec.kind == step.kind:
            return spec
    return None


@dataclass(frozen=True)
class Guide:
    """One step's script as the console shows it, the session's numbers filled in."""

    step: Step
    purpose: str = ""
    say: str = ""
    watch: str = ""
    checklist: tuple[str, ...] = ()
    ticks: tuple[bool, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.purpose or self.say or self.watch or self.checklist)


def guide(state: SessionState, template: WorkshopTemplate, step: Step) -> Guide:
    """The step's script with the session's numbers in it, and its checklist's ticks."""
    spec = script_for(template, step)
    if spec is None:
        return Guide(step)
    numbers = session_numbers(state, template, step)
    return Guide(
        step,
        fill(spec.purpose, numbers),
        fill(spec.say, numbers),
        fill(spec.watch, numbers),
        tuple(fill(item, numbers) for item in spec.checklist),
        ticks(state.settings, step.step_id, len(spec.checklist)),
    )


def fill(text: str, numbers: Mapping[str, str]) -> str:
    """A step's text with {numbers} filled in (checked when the template was read; a text
    that still does not fill is shown as written rather than not at all)."""
    try:
        return text.format_map(numbers)
    except (KeyError, ValueError, IndexError, AttributeError):
        return text


def session_numbers(state: SessionState, template: WorkshopTemplate, step: Step) -> dict[str, str]:
    """The values of NUMBERS for this session now."""
    people = latest_state(state.participants, ("participant_id",), ("left",))
    current = state.voting.current
    rules = room_rules(state, template)
    if current is not None:
        options = len(state.voting.options(current.round_id))
    else:
        options = len(state.board.shortlist)
    stakeholders = latest_state(state.stakeholders, ("stakeholder_id",), ("removed",))
    values = {
        "minutes": step.minutes,
        "groups": ", ".join(g.name for g in template.groups),
        "people": len(people),
        "stakeholders": len(stakeholders),
        "issues": len(state.board.active),
        "shortlist": len(state.board.shortlist),
        "round": current.number if current else 1,
        "options": options,
        "dots": rules[1].dots if rules else "?",
        "actions": len(state.plan.actions),
    }
    return {k: str(v) for k, v in values.items()}


def room_rules(state: SessionState, template: WorkshopTemplate) -> tuple[str, Rules] | None:
    """The dot-voting rules to read out, with what they are: the current round's; before
    any round, those the template gives round 1 applied to the shortlist (None while the
    shortlist has fewer than two issues: a vote is never on a single item)."""
    current = state.voting.current
    if current is not None:
        return f"Round {current.number}", current.rules
    shortlist = len(state.board.shortlist)
    if shortlist < 2:
        return None
    planned = template.voting.for_round(1)
    rules = Rules(
        dots=planned.dots or default_dots(shortlist),
        cap=planned.cap,
        stacking=planned.stacking,
        min_spend=min(planned.min_spend, planned.dots or default_dots(shortlist)),
        facilitator_votes=planned.facilitator_votes,
        shuffle=planned.shuffle,
    )
    return f"Round 1 as planned, on the shortlist of {shortlist}", rules


def rules_sentences(state: SessionState, template: WorkshopTemplate) -> list[str]:
    """The rules to read out, a sentence each, in the template's language ([] if none)."""
    found = room_rules(state, template)
    return found[1].sentences(template.texts) if found else []


def checklist_key(step_id: str, n: int) -> str:
    """The settings key of item `n` (from 1) of a step's checklist."""
    return f"{CHECKLIST_PREFIX}{step_id}:{n}"


def ticks(settings: Iterable[Row], step_id: str, items: int) -> tuple[bool, ...]:
    """Which of the step's checklist items are ticked: each item's last event counts."""
    last = {str(r["key"]): str(r["value"]) for r in settings
            if str(r["key"]).startswith(CHECKLIST_PREFIX)}  # fmt: skip
    return tuple(last.get(checklist_key(step_id, n)) == "true" for n in range(1, items + 1))


def rules_shown(settings: Sequence[Row]) -> bool:
    """Whether the facilitator has put the rules on the projector."""
    return next((str(r["value"]) == "true" for r in reversed(settings)
                 if r["key"] == RULES_SHOWN_KEY), False)  # fmt: skip


def join_choice(settings: Sequence[Row]) -> str:
    """The console's last choice for the join code: "true" large, "false" small, "" auto."""
    chosen = next((str(r["value"]) for r in reversed(settings) if r["key"] == JOIN_LARGE_KEY), "")
    return chosen if chosen in ("true", "false") else ""


def join_large(settings: Sequence[Row], busy: bool) -> bool:
    """Whether the projector shows the join code large (else small in a corner): as the
    console last chose, or, on auto, while the step has nothing else to show (the welcome,
    while people join; the close)."""
    chosen = join_choice(settings)
    return chosen == "true" if chosen else not busy
