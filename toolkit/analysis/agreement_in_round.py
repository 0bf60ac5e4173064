"""How far groups agree in one dot-voting round: pairwise tau-b, rho, top-k overlap and
Jensen-Shannon distance, Kendall's W within each group, and common ground."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from toolkit.analysis.agreement_figures import (
    PAPER,
    AgreementError,
    Concordance,
    GroupProfile,
    LeftOut,
    OptionConsensus,
    PairAgreement,
    RoundAgreement,
    Standing,
)
from toolkit.domain.options import Option
from toolkit.domain.ranks import average_ranks, js_distance, kendall_tau_b, spearman_rho
from toolkit.domain.tally import shown_names, tally
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import Words
from toolkit.domain.voting import OTHER, Voting

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
    threshold: int,
) -> _Votes:
    names = {g.id: g.name for g in groups}
    shown = shown_names(names, voting.voters(round_id), threshold)
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
    threshold: int,
    common: float = 0.6,
    contested: float = 0.5,
    k: int = 3,
) -> RoundAgreement:
    """Every agreement measure for one round.

    A group in which fewer than `threshold` people voted in this round (`Voting.voters`,
    paper sheets counting the people entered for them) is folded into Other groups, which is
    left out of every comparison. Paper votes (a table's transcribed tally, not one person) count in
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
    t = tally(voting, round_id, {g.id: g.name for g in groups}, threshold)
    votes = _votes(voting, round_id, groups, threshold)
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
