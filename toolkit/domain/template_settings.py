"""The settings of a template's optional sections, with their defaults: the stakeholder map's
words and the register's fields, how issues are prioritised, the dot-voting rules per round,
and the organisation's branding (checked from the template by template_sections.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
