"""What the agreement measures give, as frozen dataclasses (one round; a shift between two
rounds), and what each figure is (METHODS)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from toolkit.domain.options import Option, named
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts, Words

PAPER = "paper"

# What each figure is, for a screen or report to show beside it.
METHODS = {
    "dots": "dots on the option (paper sheets included)",
    "share": "the option's share of the group's dots (paper sheets included)",
    "rank": "rank by dots within the group, 1 = most; tied options share the average rank",
    "breadth": "people who gave the option at least one dot (paper sheets not counted)",
    "intensity": "dots per person who gave the option any (paper sheets not counted)",
    # those a report names are texts, so a report can say them in the template's language
    "equal_weight": DEFAULT_TEXTS["method.equal_weight"],
    "tau_b": DEFAULT_TEXTS["agree.method_tau_b"],
    "rho": DEFAULT_TEXTS["method.rho"],
    "top_overlap": DEFAULT_TEXTS["method.top_overlap"],
    "js_distance": DEFAULT_TEXTS["method.js_distance"],
    "w": DEFAULT_TEXTS["method.w"],
    "p": DEFAULT_TEXTS["agree.method_p"],
    "consensus": DEFAULT_TEXTS["method.consensus"],
}


class AgreementError(ValueError):
    """Settings for the agreement measures that make no sense; the message says which."""


@dataclass(frozen=True)
class LeftOut:
    """A group left out of some measures, and why (a full sentence)."""

    group: str
    reason: str
    why: Words | None = field(default=None, compare=False)  # the reason, to say in any language

    def said(self, texts: Texts = ENGLISH) -> str:
        return self.why.say(texts) if self.why else self.reason


@dataclass(frozen=True)
class Standing:
    """One option within one group."""

    option_id: str
    label: str
    dots: int
    share: float
    rank: float
    breadth: int
    intensity: float | None  # None when nobody (other than a paper sheet) gave it a dot
    number: str = ""  # the option's number in the room (`option_numbers`)

    @property
    def named(self) -> str:
        return named(self.number, self.label)


@dataclass(frozen=True)
class Concordance:
    """Kendall's W within one group; `reason` says why it is None."""

    w: float | None
    raters: int
    reason: str = ""
    why: Words | None = field(default=None, compare=False)  # the reason, to say in any language

    def said(self, texts: Texts = ENGLISH) -> str:
        return self.why.say(texts) if self.why else self.reason


@dataclass(frozen=True)
class GroupProfile:
    group: str
    voters: int  # people who placed a dot, not counting paper sheets
    dots: int
    paper_dots: int
    options: tuple[Standing, ...]  # in ballot order
    concordance: Concordance


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    tau_b: float | None
    rho: float | None
    reason: str  # why tau_b and rho are None, else ""
    top_k: int
    top_shared: float  # expected when ties at the cut are broken at random
    top_overlap: float
    js_distance: float
    why: Words | None = field(default=None, compare=False)  # the reason, to say in any language

    def said(self, texts: Texts = ENGLISH) -> str:
        return self.why.say(texts) if self.why else self.reason


@dataclass(frozen=True)
class OptionConsensus:
    option_id: str
    label: str
    p: Mapping[str, float]  # group -> share of its voters who gave a dot (unsmoothed)
    smoothed: Mapping[str, float]  # group -> (k + 1) / (n + 2)
    consensus: float | None  # None with fewer than two groups
    gap: float | None
    high: str
    low: str
    common_ground: bool
    contested: bool
    number: str = ""  # the option's number in the room (`option_numbers`)

    @property
    def named(self) -> str:
        return named(self.number, self.label)


@dataclass(frozen=True)
class RoundAgreement:
    round_id: str
    round_number: int
    options: tuple[Option, ...]
    totals: Mapping[str, int]  # option_id -> dots from everyone, Other groups included
    equal_weight: Mapping[str, float]  # option_id -> % (Tally.equal_weight)
    groups: tuple[GroupProfile, ...]  # the groups compared, Other groups never among them
    pairs: tuple[PairAgreement, ...]
    consensus_groups: tuple[str, ...]  # the groups with individual votes
    consensus: tuple[OptionConsensus, ...]
    left_out: tuple[LeftOut, ...]
    common: float
    contested: float
    k: int


@dataclass(frozen=True)
class GroupShift:
    group: str
    before: tuple[int, ...]  # dots per matched option, in Shift.options order
    after: tuple[int, ...]
    tau_b: float | None
    reason: str = ""
    why: Words | None = field(default=None, compare=False)  # the reason, to say in any language

    def said(self, texts: Texts = ENGLISH) -> str:
        return self.why.say(texts) if self.why else self.reason


@dataclass(frozen=True)
class PairShift:
    first: str
    second: str
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Shift:
    first_round: int
    second_round: int
    options: tuple[tuple[Option, Option], ...]  # matched: (first round's, second round's)
    unmatched: tuple[str, ...]  # options in only one of the rounds, numbered ("A. Lifts")
    groups: tuple[GroupShift, ...]
    pairs: tuple[PairShift, ...]
    mean_before: float | None  # mean tau-b over pairs defined in both rounds
    mean_after: float | None
    converged: bool | None  # None when no pair of groups can be compared in both rounds
    left_out: tuple[LeftOut, ...]
