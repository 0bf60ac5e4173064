"""A template's optional sections checked into their settings: language and texts, branding,
the stakeholder map, prioritising and the dot-voting rules; and the checks every section
uses (known keys only, a required text, a colour, a whole number in a range). Each message
names its key through `fail`, which parse_template gives."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.template_settings import (
    DEFAULT_BRAND_COLOUR,
    DEFAULT_PRIORITY_QUADRANTS,
    DEFAULT_QUADRANTS,
    LOGO_TYPES,
    PRIORITY_METHODS,
    PRIORITY_QUADRANT_KEYS,
    QUADRANT_KEYS,
    STAKEHOLDER_FIELDS,
    Branding,
    MapSettings,
    PrioritySettings,
    VotingSettings,
    logo_type,
)
from toolkit.domain.texts import Texts, check_texts
from toolkit.domain.voting import MAX_DOTS

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# the register's fields the form always has (the map needs them): never in stakeholders.fields
_ALWAYS_FIELDS = ("name", "power", "interest", "position", "desired_position")


def _only(table: Any, allowed: set[str], where: str, fail: Any) -> None:
    if not isinstance(table, Mapping):
        raise fail(where, "must be a table of settings")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise fail(
            f"{where}.{unknown[0]}" if where != "(top level)" else unknown[0],
            f"unknown setting; allowed here: {', '.join(sorted(allowed))}",
        )


def _text(data: Mapping[str, Any], key: str, where: str, fail: Any, default: str = "") -> str:
    """A required text setting, or an optional one when a default is given."""
    value = data.get(key, default or None)
    if not isinstance(value, str) or not value.strip():
        raise fail(where, "is required and must be a non-empty text")
    return value


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
