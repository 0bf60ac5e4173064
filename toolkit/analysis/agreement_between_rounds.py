"""How each group's priorities moved between two rounds, and whether the groups moved closer."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from toolkit.analysis.agreement_figures import GroupShift, LeftOut, PairShift, Shift
from toolkit.analysis.agreement_in_round import (
    _constant,
    _other,
    _tau,
    _vector,
    _votes,
    round_agreement,
)
from toolkit.domain.options import Option
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import Words
from toolkit.domain.voting import Voting


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
    rounds = [_votes(voting, r, groups, threshold) for r in (first_id, second_id)]
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
            voting, r, groups, threshold).pairs}
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
