"""A workshop template's settings, checked: groups, agenda, issue categories, privacy (the other
sections' settings are in template_settings.py, their names also importable from here, and
their checks in template_sections.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.phone_limits import PhoneLimits, parse_phone_limits
from toolkit.domain.template_sections import (
    _branding,
    _colour,
    _map_settings,
    _only,
    _priority_settings,
    _text,
    _texts,
    _voting_settings,
)
from toolkit.domain.template_settings import DEFAULT_BRAND_COLOUR as DEFAULT_BRAND_COLOUR
from toolkit.domain.template_settings import (
    DEFAULT_PRIORITY_QUADRANTS as DEFAULT_PRIORITY_QUADRANTS,
)
from toolkit.domain.template_settings import DEFAULT_QUADRANTS as DEFAULT_QUADRANTS
from toolkit.domain.template_settings import LOGO_TYPES as LOGO_TYPES
from toolkit.domain.template_settings import PRIORITY_METHODS as PRIORITY_METHODS
from toolkit.domain.template_settings import PRIORITY_QUADRANT_KEYS as PRIORITY_QUADRANT_KEYS
from toolkit.domain.template_settings import QUADRANT_KEYS as QUADRANT_KEYS
from toolkit.domain.template_settings import STAKEHOLDER_FIELDS as STAKEHOLDER_FIELDS
from toolkit.domain.template_settings import Branding as Branding
from toolkit.domain.template_settings import MapSettings as MapSettings
from toolkit.domain.template_settings import PrioritySettings as PrioritySettings
from toolkit.domain.template_settings import VotingSettings as VotingSettings
from toolkit.domain.template_settings import logo_type as logo_type
from toolkit.domain.texts import ENGLISH, Texts

STEP_KINDS = ("setup", "stakeholders", "issues", "prioritise", "vote", "actions", "close", "other")


class TemplateError(ValueError):
    """A template setting that is missing or not allowed; the message names file and key."""


@dataclass(frozen=True)
class GroupSpec:
    id: str
    name: str
    colour: str
    letter: str


@dataclass(frozen=True)
class StepSpec:
    kind: str
    title: str
    minutes: int
    # The step's script for the facilitator's console (toolkit.domain.guidance): why the
    # step is there, what to tell the room ({numbers} from the session filled in), what to
    # watch for, and what to tick off before moving on.
    purpose: str = ""
    say: str = ""
    watch: str = ""
    checklist: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkshopTemplate:
    title: str
    description: str
    groups: tuple[GroupSpec, ...]
    agenda: tuple[StepSpec, ...]
    issue_categories: tuple[str, ...]
    small_group_threshold: int
    # Frozen settings, so one default each is shared safely (ruff cannot tell from here).
    stakeholder_map: MapSettings = MapSettings()  # noqa: RUF009
    priorities: PrioritySettings = PrioritySettings()  # noqa: RUF009
    voting: VotingSettings = VotingSettings()  # noqa: RUF009
    branding: Branding = Branding()  # noqa: RUF009
    texts: Texts = ENGLISH  # what participants and the room read, in the template's language
    names: str = "optional"  # [privacy] names: "off" and the participants' page asks none
    # [issues] hold_phone_issues: issues sent from phones wait for the facilitator's check
    # before the room sees them (the issues screen's switch changes it for the session)
    hold_phone_issues: bool = False
    phone_limits: PhoneLimits = field(default_factory=PhoneLimits)  # [phones]: see phone_limits


# [privacy] names: "optional" (the participants' page asks for a name, which may be left
# empty) or "off" (it asks for none: anonymous).
NAME_CHOICES = ("optional", "off")
_TOP_KEYS = {"title", "description", "groups", "agenda", "issues", "privacy", "stakeholders",
             "prioritise", "voting", "branding", "language", "text", "phones"}  # fmt: skip


def parse_template(data: Mapping[str, Any], source: str, frozen: bool = False) -> WorkshopTemplate:
    """Check template settings read from `source` (named in every message); a session's
    `frozen` copy may lack texts the toolkit added since (they are said in English)."""

    def fail(key: str, message: str) -> TemplateError:
        return TemplateError(f"{source}: {key}: {message}")

    _only(data, _TOP_KEYS, "(top level)", fail)
    groups = tuple(_group(g, i, fail) for i, g in enumerate(_list(data, "groups", fail), 1))
    if not groups:
        raise fail("groups", "a workshop needs at least one participant group")
    for attr in ("id", "letter"):
        values = [getattr(g, attr) for g in groups]
        if len(set(values)) < len(values):
            raise fail(f"groups.{attr}", f"each group needs its own {attr}; got {values}")
    agenda = tuple(_step(s, i, fail) for i, s in enumerate(_list(data, "agenda", fail), 1))
    issues = data.get("issues", {})
    _only(issues, {"categories", "hold_phone_issues"}, "issues", fail)
    categories = issues.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) and c for c in categories):
        raise fail("issues.categories", "must be a list of non-empty texts")
    hold = issues.get("hold_phone_issues", False)
    if not isinstance(hold, bool):
        raise fail("issues.hold_phone_issues", f"must be true or false, not {hold!r}")
    privacy = data.get("privacy", {})
    _only(privacy, {"small_group_threshold", "names"}, "privacy", fail)
    names = privacy.get("names", "optional")
    if names not in NAME_CHOICES:
        raise fail(
            "privacy.names",
            f"{names!r} is not allowed; use {' or '.join(map(repr, NAME_CHOICES))}",
        )
    threshold = privacy.get("small_group_threshold", 3)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 20:
        raise fail(
            "privacy.small_group_threshold", f"must be a whole number 1-20, not {threshold!r}"
        )
    return WorkshopTemplate(
        stakeholder_map=_map_settings(data.get("stakeholders", {}), fail),
        priorities=_priority_settings(data.get("prioritise", {}), fail),
        voting=_voting_settings(data.get("voting", {}), fail),
        branding=_branding(data.get("branding", {}), fail),
        texts=_texts(data, fail, complete=not frozen),
        title=_text(data, "title", "title", fail),
        description=str(data.get("description", "")),
        groups=groups,
        agenda=agenda,
        issue_categories=tuple(categories),
        small_group_threshold=threshold,
        names=names,
        hold_phone_issues=hold,
        phone_limits=parse_phone_limits(data.get("phones", {}), fail),
    )


def _list(data: Mapping[str, Any], key: str, fail: Any) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise fail(key, f"must be a list of [[{key}]] tables")
    return value


def _group(g: Any, i: int, fail: Any) -> GroupSpec:
    where = f"groups[{i}]"
    _only(g, {"id", "name", "colour", "letter"}, where, fail)
    gid = _text(g, "id", f"{where}.id", fail)
    try:
        check_safe_name(gid, "group id")
    except UnsafeNameError as exc:
        raise fail(f"{where}.id", str(exc)) from exc
    colour = _colour(g, "colour", f"{where}.colour", fail)
    letter = _text(g, "letter", f"{where}.letter", fail)
    if len(letter) > 2:
        raise fail(f"{where}.letter", f"{letter!r} is too long; use one or two characters")
    return GroupSpec(gid, _text(g, "name", f"{where}.name", fail), colour, letter)


def _step(s: Any, i: int, fail: Any) -> StepSpec:
    from toolkit.domain.guidance import SCRIPT_KEYS, checklist_problem, script_problem

    where = f"agenda[{i}]"
    _only(s, {"kind", "title", "minutes", *SCRIPT_KEYS, "checklist"}, where, fail)
    for key in (*SCRIPT_KEYS, "checklist"):
        problem = (checklist_problem if key == "checklist" else script_problem)(s.get(key))
        if problem:
            raise fail(f"{where}.{key}", problem)
    kind = _text(s, "kind", f"{where}.kind", fail)
    if kind not in STEP_KINDS:
        raise fail(f"{where}.kind", f"{kind!r} is not a step; use one of {', '.join(STEP_KINDS)}")
    minutes = s.get("minutes", 10)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 600:
        raise fail(f"{where}.minutes", f"must be a whole number of minutes 0-600, not {minutes!r}")
    return StepSpec(
        kind, _text(s, "title", f"{where}.title", fail), minutes,
        **{key: s.get(key, "").strip() for key in SCRIPT_KEYS},
        checklist=tuple(c.strip() for c in s.get("checklist", [])),
    )  # fmt: skip
