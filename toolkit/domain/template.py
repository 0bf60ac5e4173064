"""A workshop template's settings, checked: groups, agenda, issue categories, privacy."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.phone_limits import PhoneLimits, parse_phone_limits
from toolkit.domain.texts import ENGLISH, Texts, check_texts
from toolkit.domain.voting import MAX_DOTS

STEP_KINDS = ("setup", "stakeholders", "issues", "prioritise", "vote", "actions", "close", "other")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


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


QUADRANT_KEYS = (
    "high_power_high_interest", "high_power_low_interest",
    "low_power_high_interest", "low_power_low_interest",
)  # fmt: skip
DEFAULT_QUADRANTS = dict(
    zip(
        QUADRANT_KEYS, ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"), strict=True
    )
)


# The stakeholder register's optional fields, in the order the form shows them; name,
# power, interest, position and desired position are always there (the map needs them).
STAKEHOLDER_FIELDS = ("kind", "role", "coproduction", "concerns", "notes")
_ALWAYS_FIELDS = ("name", "power", "interest", "position", "desired_position")


@dataclass(frozen=True)
class MapSettings:
    """The stakeholder map's words (axis names, quadrant labels, suggested kinds) and the
    register's optional fields the facilitator fills in."""

    power_axis: str = "Power / influence"
    interest_axis: str = "Interest"
    quadrants: tuple[tuple[str, str], ...] = tuple(DEFAULT_QUADRANTS.items())
    kinds: tuple[str, ...] = ()
    fields: tuple[str, ...] = STAKEHOLDER_FIELDS  # some of STAKEHOLDER_FIELDS, in that order

    @property
    def quadrant_labels(self) -> dict[str, str]:
        return dict(self.quadrants)


PRIORITY_QUADRANT_KEYS = (
    "high_importance_high_feasibility", "high_importance_low_feasibility",
    "low_importance_high_feasibility", "low_importance_low_feasibility",
)  # fmt: skip
DEFAULT_PRIORITY_QUADRANTS = dict(
    zip(
        PRIORITY_QUADRANT_KEYS,
        ("Quick wins", "Major projects", "Fill-ins", "Thankless tasks"),
        strict=True,
    )
)
PRIORITY_METHODS = ("rating", "ranking", "points")


@dataclass(frozen=True)
class PrioritySettings:
    """How issues are prioritised: the method, its words and the shortlist's size."""

    method: str = "rating"
    importance_axis: str = "Importance to service users"
    feasibility_axis: str = "Feasibility for the provider"
    quadrants: tuple[tuple[str, str], ...] = tuple(DEFAULT_PRIORITY_QUADRANTS.items())
    points_budget: int = 100
    shortlist_size: int = 5

    @property
    def quadrant_labels(self) -> dict[str, str]:
        return dict(self.quadrants)


@dataclass(frozen=True)
class VotingSettings:
    """Default rules of a dot-voting round; the facilitator can change them per round.
    `rounds` holds the template's rules for round 1, 2, ... ([[voting.round]]), each the
    defaults with that round's settings over them; later rounds take the defaults."""

    dots: int = 0  # 0: ceil(N / 3) for N options (at least 1), at most 20
    cap: int = 3
    stacking: bool = True
    min_spend: int = 0
    facilitator_votes: bool = False
    shuffle: bool = False
    rounds: tuple[VotingSettings, ...] = ()

    def for_round(self, number: int) -> VotingSettings:
        """The rules the template gives round `number` (counted from 1)."""
        if 1 <= number <= len(self.rounds):
            return self.rounds[number - 1]
        return replace(self, rounds=())


LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
              ".jpeg": "image/jpeg"}  # fmt: skip
DEFAULT_BRAND_COLOUR = "#2B2B2B"


def logo_type(file_name: str) -> str | None:
    """The media type of a logo file, from its extension; None if it is not one we show."""
    dot = file_name.rfind(".")
    return LOGO_TYPES.get(file_name[dot:].lower()) if dot > 0 else None


@dataclass(frozen=True)
class Branding:
    """The organisation running the workshop: its name, a logo file kept beside the
    settings, and its colour for the band at the top of every screen."""

    organisation: str = ""
    logo: str = ""  # a file name in the template's (and then the session's) folder
    colour: str = DEFAULT_BRAND_COLOUR

    @property
    def shown(self) -> bool:
        return bool(self.organisation or self.logo)


@dataclass(frozen=True)
class WorkshopTemplate:
    title: str
    description: str
    groups: tuple[GroupSpec, ...]
    agenda: tuple[StepSpec, ...]
    issue_categories: tuple[str, ...]
    small_group_threshold: int
    stakeholder_map: MapSettings = MapSettings()
    priorities: PrioritySettings = PrioritySettings()
    voting: VotingSettings = VotingSettings()
    branding: Branding = Branding()
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


def _only(table: Any, allowed: set[str], where: str, fail: Any) -> None:
    if not isinstance(table, Mapping):
        raise fail(where, "must be a table of settings")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise fail(
            f"{where}.{unknown[0]}" if where != "(top level)" else unknown[0],
            f"unknown setting; allowed here: {', '.join(sorted(allowed))}",
        )


def _list(data: Mapping[str, Any], key: str, fail: Any) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise fail(key, f"must be a list of [[{key}]] tables")
    return value


def _text(data: Mapping[str, Any], key: str, where: str, fail: Any, default: str = "") -> str:
    """A required text setting, or an optional one when a default is given."""
    value = data.get(key, default or None)
    if not isinstance(value, str) or not value.strip():
        raise fail(where, "is required and must be a non-empty text")
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


def _colour(table: Any, key: str, where: str, fail: Any, default: str = "") -> str:
    colour = _text(table, key, where, fail, default)
    if not _COLOUR.fullmatch(colour):
        raise fail(where, f"{colour!r} is not a colour; write it as #rrggbb, for example #0072B2")
    return colour.upper()


def _texts(data: Mapping[str, Any], fail: Any, complete: bool) -> Texts:
    """`language` and the `[text]` table: any shown text, by key, in the template's words."""
    language = data.get("language", "en")
    if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
        raise fail("language", f"{language!r} is not a language tag; write it like en, cy or es")
    given = data.get("text", {})
    if not isinstance(given, Mapping):
        raise fail("text", 'must be a table of texts, [text] with one key = "..." per line')
    problem = check_texts(given, language, complete)
    if problem:
        raise fail(f"text.{problem[0]}", problem[1])
    return Texts(language, dict(given))


def _branding(table: Any, fail: Any) -> Branding:
    _only(table, {"organisation", "logo", "colour"}, "branding", fail)
    organisation = table.get("organisation", "")
    if not isinstance(organisation, str) or len(organisation) > 120:
        raise fail("branding.organisation", "must be a text of at most 120 characters")
    logo = table.get("logo", "")
    if logo:
        if not isinstance(logo, str):
            raise fail("branding.logo", "must be the name of an image file in the template folder")
        try:
            check_safe_name(logo, "logo file name")
        except UnsafeNameError as exc:
            raise fail("branding.logo", f"{exc}; put the file beside template.toml") from exc
        if logo_type(logo) is None:
            raise fail(
                "branding.logo",
                f"{logo!r} is not an image this toolkit shows; use {', '.join(sorted(LOGO_TYPES))}",
            )
    colour = _colour(table, "colour", "branding.colour", fail, DEFAULT_BRAND_COLOUR)
    return Branding(organisation.strip(), logo, colour)


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


def _map_settings(table: Any, fail: Any) -> MapSettings:
    keys = {"power_axis", "interest_axis", "quadrants", "kinds", "fields"}
    _only(table, keys, "stakeholders", fail)
    quadrants = table.get("quadrants", {})
    _only(quadrants, set(QUADRANT_KEYS), "stakeholders.quadrants", fail)
    labels = dict(DEFAULT_QUADRANTS)
    for key in quadrants:
        labels[key] = _text(quadrants, key, f"stakeholders.quadrants.{key}", fail)
    kinds = table.get("kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k.strip() for k in kinds):
        raise fail("stakeholders.kinds", "must be a list of non-empty texts")
    fields = _stakeholder_fields(table.get("fields", list(STAKEHOLDER_FIELDS)), fail)
    if kinds and "kind" not in fields:
        raise fail(
            "stakeholders.kinds",
            'suggests types, but "kind" (the Type) is not in stakeholders.fields; add "kind" '
            "to fields or remove kinds",
        )
    defaults = MapSettings()
    return MapSettings(
        power_axis=_text(table, "power_axis", "stakeholders.power_axis", fail, defaults.power_axis),
        interest_axis=_text(
            table, "interest_axis", "stakeholders.interest_axis", fail, defaults.interest_axis
        ),
        quadrants=tuple(labels.items()),
        kinds=tuple(kinds),
        fields=fields,
    )


def _stakeholder_fields(given: Any, fail: Any) -> tuple[str, ...]:
    """`stakeholders.fields`: which optional fields the form asks for, in canonical order;
    a field named twice is refused, as a sign of a slip (another meant, perhaps)."""
    allowed = ", ".join(STAKEHOLDER_FIELDS)
    where = "stakeholders.fields"
    if not isinstance(given, list):
        example = '["kind", "concerns"]'
        raise fail(
            where, f"must be a list of field names, for example {example}; use any of {allowed}"
        )
    for name in given:
        if not isinstance(name, str):
            problem = "is not a field name; write each name in quotes, any of"
        elif name in _ALWAYS_FIELDS:
            problem = (
                "is always in the form (the map needs it); list only the optional fields, any of"
            )
        elif name not in STAKEHOLDER_FIELDS:
            problem = "is not a stakeholder field; use any of"
        elif given.count(name) > 1:
            raise fail(where, f"{name!r} is named twice; name each field once")
        else:
            continue
        raise fail(where, f"{name!r} {problem} {allowed}")
    return tuple(f for f in STAKEHOLDER_FIELDS if f in given)


def _whole(table: Any, key: str, default: int, low: int, high: int, fail: Any) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(key, f"must be a whole number from {low} to {high}, not {value!r}")
    return value


def _priority_settings(table: Any, fail: Any) -> PrioritySettings:
    keys = {"method", "importance_axis", "feasibility_axis", "quadrants", "points_budget",
            "shortlist_size"}  # fmt: skip
    _only(table, keys, "prioritise", fail)
    method = table.get("method", "rating")
    if method not in PRIORITY_METHODS:
        raise fail(
            "prioritise.method",
            f"{method!r} is not a method; use one of {', '.join(PRIORITY_METHODS)}",
        )
    quadrants = table.get("quadrants", {})
    _only(quadrants, set(PRIORITY_QUADRANT_KEYS), "prioritise.quadrants", fail)
    labels = dict(DEFAULT_PRIORITY_QUADRANTS)
    for key in quadrants:
        labels[key] = _text(quadrants, key, f"prioritise.quadrants.{key}", fail)
    d = PrioritySettings()

    def prefixed(key: str) -> Any:
        return lambda _, message: fail(f"prioritise.{key}", message)

    return PrioritySettings(
        method=method,
        importance_axis=_text(table, "importance_axis", "prioritise.importance_axis", fail,
                              d.importance_axis),
        feasibility_axis=_text(table, "feasibility_axis", "prioritise.feasibility_axis", fail,
                               d.feasibility_axis),
        quadrants=tuple(labels.items()),
        points_budget=_whole(table, "points_budget", 100, 1, 1000, prefixed("points_budget")),
        shortlist_size=_whole(table, "shortlist_size", 5, 2, 30, prefixed("shortlist_size")),
    )  # fmt: skip


def _voting_settings(table: Any, fail: Any) -> VotingSettings:
    """[voting]: the defaults of every round; [[voting.round]]: round 1, 2, ... over them."""
    defaults = _dot_rules(table, "voting", VotingSettings(), fail, "round")
    rounds = table.get("round", [])
    if not isinstance(rounds, list):
        raise fail("voting.round", "must be a list of [[voting.round]] tables, one per round")
    return replace(defaults, rounds=tuple(
        _dot_rules(r, f"voting.round[{i}]", defaults, fail) for i, r in enumerate(rounds, 1)
    ))  # fmt: skip


def _dot_rules(
    table: Any, where: str, base: VotingSettings, fail: Any, *more_keys: str
) -> VotingSettings:
    """One round's dot rules, `base` for what `table` leaves out, checked to be satisfiable
    whatever the number of options (a cap above the dots is harmless: it never binds)."""
    flags = ("stacking", "facilitator_votes", "shuffle")
    _only(table, {"dots", "cap", "min_spend", *flags, *more_keys}, where, fail)

    def number(key: str, low: int) -> int:
        return _whole(
            table, key, getattr(base, key), low, 100, lambda _, m: fail(f"{where}.{key}", m)
        )

    for key in flags:
        if not isinstance(table.get(key, False), bool):
            raise fail(f"{where}.{key}", f"must be true or false, not {table[key]!r}")
    settings = VotingSettings(
        dots=number("dots", 0), cap=number("cap", 1), min_spend=number("min_spend", 0),
        **{key: table.get(key, getattr(base, key)) for key in flags},
    )  # fmt: skip
    if settings.dots and settings.min_spend > settings.dots:
        raise fail(
            f"{where}.min_spend",
            f"{settings.min_spend} is more than the {settings.dots} dots each person has; "
            "lower min_spend or give more dots",
        )
    if not settings.dots and settings.min_spend > MAX_DOTS:
        raise fail(
            f"{where}.min_spend",
            f"{settings.min_spend} can never be spent: with dots = 0 each person has "
            f"ceil(N / 3) dots for N options (at least 1), at most {MAX_DOTS}; lower min_spend "
            "or set dots",
        )
    return settings
