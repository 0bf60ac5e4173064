"""How far groups agree in a dot-voting round and how that moved between rounds, each figure
with its method named."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

from toolkit.domain.likeness import pair_sentence, shift_sentence
from toolkit.domain.options import Option, named
from toolkit.domain.ranks import average_ranks, js_distance, kendall_tau_b, spearman_rho
from toolkit.domain.tally import shown_names, tally
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts, Words
from toolkit.domain.voting import OTHER, Voting

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


# Statistics


def kendalls_w(ratings: Sequence[Sequence[float]]) -> float | None:
    """Kendall's coefficient of concordance W for m raters (rows) over n items, corrected
    for ties; None when undefined (fewer than two raters or items, or every rater ties
    every item).

    Each rater's scores become ranks (ties averaged); R_i is item i's
    rank sum, S = sum_i (R_i - m(n + 1)/2)^2, T_j = sum over rater j's tied groups of
    (t^3 - t), and W = 12 S / (m^2 (n^3 - n) - m sum_j T_j). References: M. G. Kendall and
    J. D. Gibbons, Rank Correlation Methods, 5th ed. (1990), "The problem of m rankings";
    S. Siegel and N. J. Castellan, Nonparametric Statistics for the Behavioral Sciences,
    2nd ed. (1988), "The Kendall coefficient of concordance W"."""
    m = len(ratings)
    n = len(ratings[0]) if m else 0
    if m < 2 or n < 2:
        return None
    ranks = [average_ranks(row) for row in ratings]
    sums = [sum(row[i] for row in ranks) for i in range(n)]
    mean = m * (n + 1) / 2
    s = sum((r - mean) ** 2 for r in sums)
    ties = sum(t**3 - t for row in ranks for t in Counter(row).values())
    denominator = m**2 * (n**3 - n) - m * ties
    return 12 * s / denominator if denominator > 0 else None


def _tau(x: Sequence[int], y: Sequence[int]) -> float:
    return kendall_tau_b(x, y)


def _constant(x: Sequence[int], y: Sequence[int], names: tuple[object, object]) -> Words | None:
    """Why a rank correlation is undefined, or None when it is defined."""
    for values, name in zip((x, y), names, strict=True):
        if len(set(values)) < 2:
            return Words.of("reason.same_dots", name=name)
    return None


def _top_weights(dots: Sequence[int], k: int) -> list[float]:
    """Each option's chance of being in the top k when ties at the cut are broken at
    random; an option with no dots is never in it."""
    weights = [0.0] * len(dots)
    slots = k
    for level in sorted({d for d in dots if d > 0}, reverse=True):
        tied = [i for i, d in enumerate(dots) if d == level]
        take = min(slots, len(tied))
        for i in tied:
            weights[i] = take / len(tied)
        slots -= take
        if slots <= 0:
            break
    return weights


def _js(x: Sequence[int], y: Sequence[int]) -> float:
    d = js_distance(x, y)
    # Rounding can leave a hair below zero under the square root for near-equal shares.
    return 0.0 if math.isnan(d) else min(1.0, d)


def _pair(a: str, x: Sequence[int], b: str, y: Sequence[int], k: int) -> PairAgreement:
    why = _constant(x, y, (a, b))
    reason = why.say() if why else ""
    k = min(k, len(x))
    shared = sum(p * q for p, q in zip(_top_weights(x, k), _top_weights(y, k), strict=True))
    return PairAgreement(
        a,
        b,
        None if reason else _tau(x, y),
        None if reason else spearman_rho(x, y),
        reason,
        k,
        shared,
        shared / k,
        _js(x, y),
        why,
    )


# Who voted what, with small groups folded as `tally` folds them


@dataclass(frozen=True)
class _Votes:
    dots: Mapping[str, Mapping[str, int]]  # group -> option_id -> dots, paper included
    paper: Mapping[str, Mapping[str, int]]  # group -> option_id -> paper dots
    people: Mapping[str, Mapping[str, Mapping[str, int]]]  # group -> person -> option -> dots
    folded: tuple[str, ...]  # the small groups that voted inside Other groups
    unlisted: bool  # whether people in groups not in the template voted


def _votes(
    voting: Voting,
    round_id: str,
    groups: Sequence[GroupSpec],
    members: Mapping[str, int],
    threshold: int,
) -> _Votes:
    names = {g.id: g.name for g in groups}
    shown = shown_names(names, members, threshold)
    dots: dict[str, dict[str, int]] = {}
    paper: dict[str, dict[str, int]] = {}
    people: dict[str, dict[str, dict[str, int]]] = {}
    folded: dict[str, None] = {}
    unlisted = False
    for (option_id, pid, gid, channel), n in voting.dots(round_id).items():
        g = shown.get(gid, OTHER)
        if gid not in names:
            unlisted = True
        elif g == OTHER:
            folded[names[gid]] = None
        dots.setdefault(g, {})[option_id] = dots.get(g, {}).get(option_id, 0) + n
        if channel == PAPER:
            paper.setdefault(g, {})[option_id] = paper.get(g, {}).get(option_id, 0) + n
        else:
            mine = people.setdefault(g, {}).setdefault(pid, {})
            mine[option_id] = mine.get(option_id, 0) + n
    return _Votes(dots, paper, people, tuple(folded), unlisted)


def _other(votes: _Votes, threshold: int) -> list[LeftOut]:
    if OTHER not in votes.dots:
        return []
    parts = []
    if votes.folded:
        parts.append(
            Words.of("left_out.folded", groups=", ".join(votes.folded), threshold=threshold)
        )
    if votes.unlisted:
        parts.append(Words.of("left_out.unlisted"))
    why = Words.of("left_out.other", other=Words.of("chart.other"), parts=tuple(parts))
    return [LeftOut(OTHER, why.say(), why)]


def _vector(by_option: Mapping[str, int], options: Sequence[Option]) -> list[int]:
    return [by_option.get(o.option_id, 0) for o in options]


# One round


def _profile(group: str, votes: _Votes, options: Sequence[Option]) -> GroupProfile:
    dots = _vector(votes.dots[group], options)
    paper = _vector(votes.paper.get(group, {}), options)
    people = votes.people.get(group, {})
    ranks = average_ranks([-d for d in dots])
    total = sum(dots)
    standings = []
    for i, o in enumerate(options):
        breadth = sum(1 for mine in people.values() if mine.get(o.option_id, 0) > 0)
        standings.append(
            Standing(
                o.option_id,
                o.label,
                dots[i],
                dots[i] / total,
                ranks[i],
                breadth,
                (dots[i] - paper[i]) / breadth if breadth else None,
                o.number,
            )
        )
    if len(people) < 2:
        said = Words.of("reason.w_paper" if not people else "reason.w_few", group=group)
        concordance = Concordance(None, len(people), said.say(), said)
    else:
        w = kendalls_w([_vector(mine, options) for mine in people.values()])
        concordance = Concordance(
            w,
            len(people),
            ""
            if w is not None
            else f"not defined: every person in {group} gave every option the same dots",
        )
    return GroupProfile(group, len(people), total, sum(paper), tuple(standings), concordance)


def _consensus(
    option: Option, votes: _Votes, groups: Sequence[str], common: float, contested: float
) -> OptionConsensus:
    # Shares are compared with the thresholds as exact fractions: in floating point 7/10 -
    # 2/10 is 0.49999999999999994, and an exact 50-point gap would not count as contested.
    exact: dict[str, Fraction] = {}
    smoothed: dict[str, float] = {}
    for g in groups:
        people = votes.people[g]
        gave = sum(1 for mine in people.values() if mine.get(option.option_id, 0) > 0)
        exact[g] = Fraction(gave, len(people))
        smoothed[g] = (gave + 1) / (len(people) + 2)
    p = {g: float(share) for g, share in exact.items()}
    if len(groups) < 2:
        return OptionConsensus(
            option.option_id,
            option.label,
            p,
            smoothed,
            None,
            None,
            "",
            "",
            False,
            False,
            option.number,
        )
    high = max(groups, key=lambda g: exact[g])
    low = min(groups, key=lambda g: exact[g])
    gap = exact[high] - exact[low]
    return OptionConsensus(
        option.option_id,
        option.label,
        p,
        smoothed,
        math.prod(smoothed.values()) ** (1 / len(groups)),
        float(gap),
        high,
        low,
        all(share >= as_written(common) for share in exact.values()),
        gap >= as_written(contested),
        option.number,
    )


def as_written(threshold: float) -> Fraction:
    """A threshold as its setting reads (0.6 is 3/5, not the binary float just below it)."""
    return Fraction(repr(threshold))


def round_agreement(
    voting: Voting,
    round_id: str,
    groups: Sequence[GroupSpec],
    members: Mapping[str, int],
    threshold: int,
    common: float = 0.6,
    contested: float = 0.5,
    k: int = 3,
) -> RoundAgreement:
    """Every agreement measure for one round.

    `members` counts people per group id (as `toolkit.domain.results.group_members` does)
    and a group with fewer than `threshold` is folded into Other groups, which is left out
    of every comparison. Paper votes (a table's transcribed tally, not one person) count in
    dots, shares, ranks and the comparisons of dots between groups, but not in breadth,
    intensity, Kendall's W or common ground, which count people; so a group that voted only
    on paper has no common ground figures. Common ground: at least `common` of every
    group's voters (people who placed a dot this round) gave the option a dot. Contested:
    the shares of voters giving it a dot differ by `contested` or more between two groups;
    0.5 by default, i.e. half of one group's voters more than of another's, such as 80% of
    tenants against 30% of managers."""
    if not 0 < common <= 1 or not 0 < contested <= 1:
        raise AgreementError(
            f"The common ground and contested thresholds are shares from 0 to 1 (above 0), "
            f"not {common!r} and {contested!r}."
        )
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AgreementError(f"The top-k overlap needs k of 1 or more, not {k!r}.")
    t = tally(voting, round_id, {g.id: g.name for g in groups}, members, threshold)
    votes = _votes(voting, round_id, groups, members, threshold)
    left_out = _other(votes, threshold)
    compared = []
    for g in t.groups:
        if g == OTHER:
            continue
        if sum(votes.dots.get(g, {}).values()) > 0:
            compared.append(g)
        else:
            why = Words.of("left_out.no_dots", group=g, number=t.round_number)
            left_out.append(LeftOut(g, why.say(), why))
    profiles = tuple(_profile(g, votes, t.options) for g in compared)
    vectors = {p.group: [s.dots for s in p.options] for p in profiles}
    pairs = tuple(_pair(a, vectors[a], b, vectors[b], k) for a, b in combinations(compared, 2))
    people = tuple(g for g in compared if votes.people.get(g))
    for g in compared:
        if g not in people:
            why = Words.of("left_out.paper", group=g)
            left_out.append(LeftOut(g, why.say(), why))
    return RoundAgreement(
        round_id,
        t.round_number,
        t.options,
        {o.option_id: t.total(o.option_id) for o in t.options},
        t.equal_weight(),
        profiles,
        pairs,
        people,
        tuple(_consensus(o, votes, people, common, contested) for o in t.options),
        tuple(left_out),
        common,
        contested,
        k,
    )


# Round to round


def _match(first: Sequence[Option], second: Sequence[Option]) -> list[tuple[Option, Option]]:
    """Options in both rounds: the same issue when both name one, else the same wording."""
    pairs: list[tuple[Option, Option]] = []
    left = list(second)
    for by_issue in (True, False):
        for a in first:
            if any(a is x for x, _ in pairs):
                continue
            for b in left:
                same = (
                    a.issue_id and a.issue_id == b.issue_id
                    if by_issue
                    else a.label.strip().casefold() == b.label.strip().casefold()
                )
                if same:
                    pairs.append((a, b))
                    left.remove(b)
                    break
    return sorted(pairs, key=lambda ab: ab[1].position)


def round_shift(
    voting: Voting,
    first_id: str,
    second_id: str,
    groups: Sequence[GroupSpec],
    members: Mapping[str, int],
    threshold: int,
) -> Shift:
    """How each group's priorities moved between two rounds, and whether the groups moved
    closer. A group's shift: Kendall's tau-b between its dots in the two rounds over the
    options in both (matched by issue, else by wording), paper votes included. Between
    groups: each round's own tau-b for each pair (over that round's options, as
    `round_agreement` gives it, so a pair has one figure per round wherever it is stated);
    the groups converged when the mean over the pairs defined in both rounds rose."""
    first, second = voting.get(first_id), voting.get(second_id)
    options = (voting.options(first_id), voting.options(second_id))
    matched = _match(*options)
    both = {id(o) for pair in matched for o in pair}
    unmatched = tuple(o.named for o in (*options[0], *options[1]) if id(o) not in both)
    rounds = [_votes(voting, r, groups, members, threshold) for r in (first_id, second_id)]
    left_out = {x.group: x for v in rounds for x in _other(v, threshold)}
    vectors: dict[str, tuple[list[int], list[int]]] = {}
    for g in dict.fromkeys(spec.name for spec in groups):  # groups merged share a name
        before, after = (
            _vector(v.dots.get(g, {}), [pair[i] for pair in matched]) for i, v in enumerate(rounds)
        )
        if g in rounds[0].dots and g in rounds[1].dots:
            vectors[g] = (before, after)
        elif g in rounds[0].dots or g in rounds[1].dots:
            gone = Words.of("left_out.not_both", group=g)
            left_out[g] = LeftOut(g, gone.say(), gone)
    shifts = []
    for g, (before, after) in vectors.items():
        why = (
            Words.of("reason.few_options")
            if len(matched) < 2
            else _constant(
                before,
                after,
                (
                    Words.of("shift.group_round", group=g, number=first.number),
                    Words.of("shift.group_round", group=g, number=second.number),
                ),
            )
        )
        shifts.append(
            GroupShift(
                g,
                tuple(before),
                tuple(after),
                None if why else _tau(before, after),
                why.say() if why else "",
                why,
            )
        )
    # Each round's own figure for a pair (over all that round's options), the one its
    # results state: the same pair in the same round never has two figures.
    own = [
        {frozenset((p.first, p.second)): p.tau_b for p in round_agreement(
            voting, r, groups, members, threshold).pairs}
        for r in (first_id, second_id)
    ]  # fmt: skip
    pairs = [
        PairShift(a, b, own[0].get(frozenset((a, b))), own[1].get(frozenset((a, b))))
        for a, b in combinations(vectors, 2)
    ]
    defined = [(p.before, p.after) for p in pairs if p.before is not None and p.after is not None]
    mean_before = sum(b for b, _ in defined) / len(defined) if defined else None
    mean_after = sum(a for _, a in defined) / len(defined) if defined else None
    return Shift(
        first.number,
        second.number,
        tuple(matched),
        unmatched,
        tuple(shifts),
        tuple(pairs),
        mean_before,
        mean_after,
        None if mean_before is None or mean_after is None else mean_after > mean_before,
        tuple(left_out.values()),
    )


# Words: each function says its sentences in `texts`' language (English by default)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def group_name(group: str, texts: Texts = ENGLISH) -> str:
    """A group's name as shown: Other groups in `texts`' language."""
    return texts.say("chart.other") if group == OTHER else group


def _figure(key: str, value: float, texts: Texts) -> str:
    """A figure with its method named, to close a sentence on the console and in the report."""
    method = texts.say("method_name.tau_b")
    return texts.say(key, method=method, value=texts.number(value, 2))


def pair_line(pair: PairAgreement, texts: Texts = ENGLISH, figures: bool = True) -> str:
    """One sentence on how alike two groups rank the options; with `figures`, Kendall's
    tau-b named and given (the console, the report), else words alone (the projector)."""
    first, second = group_name(pair.first, texts), group_name(pair.second, texts)
    if pair.tau_b is None:
        return texts.say("pair.undefined", first=first, second=second, reason=pair.said(texts))
    figure = _figure("figure.tau", pair.tau_b, texts) if figures else ""
    return pair_sentence(first, second, pair.tau_b, texts, figure)


def agree_lines(ra: RoundAgreement, texts: Texts = ENGLISH, figures: bool = True) -> list[str]:
    """'Where we agree': the common-ground options, the threshold named; with `figures`,
    each option's consensus figure too (not on the projector)."""
    rule = texts.say("agree.rule", share=_pct(ra.common))
    if len(ra.consensus_groups) < 2:
        return [texts.say("agree.needs_two")]
    found = sorted((c for c in ra.consensus if c.common_ground), key=lambda c: -(c.consensus or 0))
    if not found:
        return [texts.say("agree.none", rule=rule)]
    lines = [texts.say("agree.means", rule=rule)]
    for c in found:
        each = ", ".join(f"{group_name(g, texts)} {_pct(v)}" for g, v in c.p.items())
        lines.append(
            texts.say(
                "agree.option",
                option=c.named,
                shares=each,
                # common ground always has a consensus figure
                figure=_figure("figure.consensus", c.consensus or 0.0, texts) if figures else "",
            )
        )
    return lines


def differ_lines(ra: RoundAgreement, texts: Texts = ENGLISH) -> list[str]:
    """'Where we differ': the contested options, with which group is high and which low."""
    rule = texts.say("differ.rule", points=f"{100 * ra.contested:.0f}")
    if len(ra.consensus_groups) < 2:
        return [texts.say("differ.needs_two")]
    found = sorted((c for c in ra.consensus if c.contested), key=lambda c: -(c.gap or 0))
    if not found:
        return [texts.say("differ.none", rule=rule)]
    lines = [texts.say("differ.means", rule=rule)]
    for c in found:
        lines.append(
            texts.say(
                "differ.option",
                option=c.named,
                high_share=_pct(c.p[c.high]),
                high=group_name(c.high, texts),
                low_share=_pct(c.p[c.low]),
                low=group_name(c.low, texts),
            )
        )
    return lines


def shift_lines(shift: Shift, texts: Texts = ENGLISH, figures: bool = True) -> list[str]:
    """How each group's priorities moved, and whether the groups moved closer; with
    `figures`, Kendall's tau-b named and given, else words alone (the projector)."""
    first, second = shift.first_round, shift.second_round
    lines = []
    for s in shift.groups:
        group = group_name(s.group, texts)
        if s.tau_b is None:
            lines.append(texts.say("shift.undefined", group=group, first=first, second=second,
                                   reason=s.said(texts)))  # fmt: skip
        else:
            figure = _figure("figure.tau", s.tau_b, texts) if figures else ""
            lines.append(shift_sentence(group, first, second, s.tau_b, texts, figure))
    before, after = shift.mean_before, shift.mean_after
    if shift.converged is not None and before is not None and after is not None:
        method = texts.say("method_name.tau_b")
        was, now = texts.number(before, 2), texts.number(after, 2)
        figure = texts.say("figure.mean_tau", method=method, before=was, after=now)
        figure = figure if figures else ""
        key = "shift.closer" if shift.converged else "shift.not_closer"
        lines.append(texts.say(key, figure=figure))
    return lines


# Tidy rows for charts and the report


def rank_rows(ra: RoundAgreement) -> list[dict[str, Any]]:
    """One row per group and option."""
    return [
        {
            "option": s.named,
            "option_id": s.option_id,
            "number": s.number,
            "position": n,
            "group": p.group,
            "rank": s.rank,
            "share": s.share,
            "dots": s.dots,
            "breadth": s.breadth,
            "intensity": s.intensity,
        }
        for p in ra.groups
        for n, s in enumerate(p.options, 1)
    ]


def pair_rows(ra: RoundAgreement) -> list[dict[str, Any]]:
    """One row per pair of groups."""
    return [
        {
            "first": p.first,
            "second": p.second,
            "tau_b": p.tau_b,
            "rho": p.rho,
            "top_overlap": p.top_overlap,
            "js_distance": p.js_distance,
        }
        for p in ra.pairs
    ]


def consensus_rows(ra: RoundAgreement) -> list[dict[str, Any]]:
    """One row per option and group with individual votes."""
    return [
        {
            "option": c.named,
            "option_id": c.option_id,
            "number": c.number,
            "group": g,
            "p": c.p[g],
            "smoothed": c.smoothed[g],
            "consensus": c.consensus,
            "common_ground": c.common_ground,
            "contested": c.contested,
        }
        for c in ra.consensus
        for g in ra.consensus_groups
    ]


def shift_rows(shift: Shift, texts: Texts = ENGLISH) -> list[dict[str, Any]]:
    """One row per group, matched option and round; rank among the matched options."""
    rows = []
    for s in shift.groups:
        for number, dots in ((shift.first_round, s.before), (shift.second_round, s.after)):
            ranks = average_ranks([-d for d in dots])
            for (_, option), n, rank in zip(shift.options, dots, ranks, strict=True):
                rows.append(
                    {
                        "option": option.named,
                        "group": s.group,
                        "round": texts.say("chart.round", number=number),
                        "dots": n,
                        "rank": float(rank),
                    }
                )
    return rows
