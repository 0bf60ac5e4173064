"""The top N of a ranking, never cutting between options that are tied at the Nth place."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from toolkit.domain.tally import Tally


class CutError(ValueError):
    """A top N that cannot be taken; the message says why."""


@dataclass(frozen=True)
class TopCut:
    """What a top N kept: every option down to the Nth place and all those tied with it.

    `place` and `tied` describe a tie that straddles the cut (0 when there is none): `tied`
    options share the `place`th place, and some of them would have fallen below the Nth
    place had the list simply been sliced."""

    kept: tuple[str, ...]  # best first, as ranked
    wanted: int  # the N asked for
    out_of: int  # how many there were to choose from
    place: int = 0
    tied: int = 0

    @property
    def extra(self) -> int:
        """How many more than N were kept because of the tie."""
        return len(self.kept) - min(self.wanted, self.out_of)

    @property
    def all_tied(self) -> bool:
        """Everything was tied at the cut, so nothing could be left out."""
        return self.tied == self.out_of


def _same(a: float | None, b: float | None) -> bool:
    # Scores are means and sums of whole numbers: two equal ones can differ in the last bit.
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def top_with_ties(order: Sequence[str], score: Mapping[str, float], n: int) -> TopCut:
    """The first `n` of `order` (best first) and every later one tied with the nth.

    An option missing from `score` has no score yet: such options are tied with each other
    (`order` puts them last). Keeping all of a tie is the default of DOMAIN.md's rule that
    a cut is never made silently between tied options; the returned TopCut says what was
    done, for the facilitator to be told."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CutError(f"The top how many? Give a whole number of 1 or more, not {n!r}.")
    order = list(order)
    if n >= len(order):
        return TopCut(tuple(order), n, len(order))
    at_cut = score.get(order[n - 1])
    if not _same(score.get(order[n]), at_cut):
        return TopCut(tuple(order[:n]), n, len(order))
    first = next(i for i, o in enumerate(order) if _same(score.get(o), at_cut))
    last = max(i for i, o in enumerate(order) if _same(score.get(o), at_cut))
    return TopCut(tuple(order[: last + 1]), n, len(order), place=first + 1, tied=last - first + 1)


def round_top(t: Tally, n: int) -> TopCut:
    """A round's top `n` options by dots (raw totals), by option id; options with as many
    dots as the nth all stay, so a next round never drops one of a tie."""
    totals = {o.option_id: float(t.total(o.option_id)) for o in t.options}
    order = sorted(totals, key=lambda o: -totals[o])  # a tie keeps the ballot's order
    return top_with_ties(order, totals, n)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def tie_place(cut: TopCut) -> str:
    """Where the tie at the cut is, in a few words: '2 tied for 4th place', 'all 5 tied'."""
    if cut.all_tied:
        return f"all {cut.tied} tied"
    return f"{cut.tied} tied for {ordinal(cut.place)} place" if cut.tied else ""


def tie_said(cut: TopCut) -> str:
    """The tie at the cut and what was done, for the facilitator ('' when nothing was
    tied at the cut)."""
    if not cut.tied:
        return ""
    if cut.all_tied:
        return f"all {cut.tied} are tied, so none can be left out"
    kept = "both" if cut.tied == 2 else f"all {cut.tied}"
    return f"{tie_place(cut)}, so {kept} are kept"


def shortlist_said(cut: TopCut, rule: str) -> str:
    """The status line after shortlisting the top N by a rule (named as on screen)."""
    if not cut.tied:
        return f"Shortlisted the top {len(cut.kept)} by {rule}; the rest stays in the backlog."
    rest = "; the rest stays in the backlog" if len(cut.kept) < cut.out_of else ""
    return f"Shortlisted {len(cut.kept)} issues by {rule}: {tie_said(cut)}{rest}."


def round_said(number: int, cut: TopCut) -> str:
    """What a new round from the last round's top N kept, when a tie made it keep more
    ('' when nothing was tied at the cut)."""
    if not cut.tied:
        return ""
    return f"Round {number} has {len(cut.kept)} options: {tie_said(cut)}."
