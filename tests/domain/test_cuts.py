"""The top N never cuts between tied options: the cut itself, a shortlist and a next round."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.domain.cuts import (
    CutError,
    TopCut,
    ordinal,
    round_said,
    round_top,
    shortlist_said,
    tie_said,
    top_with_ties,
)
from toolkit.domain.options import Option
from toolkit.domain.priorities import top
from toolkit.domain.tally import Tally

ORDER = ["a", "b", "c", "d", "e", "f"]


def cut(scores: list[float | None], n: int) -> TopCut:
    """The top n of ORDER given each one's score (None: not scored), in that order."""
    order = ORDER[: len(scores)]
    given = {o: s for o, s in zip(order, scores, strict=True) if s is not None}
    return top_with_ties(order, given, n)


def test_no_tie_at_the_cut_is_a_plain_top_n() -> None:
    assert cut([9, 7, 5, 3, 1], 3) == TopCut(("a", "b", "c"), 3, 5)
    assert tie_said(cut([9, 7, 5, 3, 1], 3)) == ""


def test_a_tie_at_the_cut_keeps_every_tied_option() -> None:
    # the observed case: four options tied for 2nd place, top 4 asked for
    four = cut([9, 5, 5, 5, 5, 1], 4)
    assert four.kept == ("a", "b", "c", "d", "e") and (four.place, four.tied) == (2, 4)
    assert four.extra == 1
    assert tie_said(four) == "4 tied for 2nd place, so all 4 are kept"
    two = cut([9, 8, 7, 5, 5, 1], 4)
    assert two.kept == ("a", "b", "c", "d", "e") and (two.place, two.tied) == (4, 2)
    assert tie_said(two) == "2 tied for 4th place, so both are kept"


def test_a_tie_above_the_cut_changes_nothing() -> None:
    above = cut([9, 9, 7, 5, 3], 3)  # a and b share 1st place, well above the cut
    assert above == TopCut(("a", "b", "c"), 3, 5)
    assert cut([9, 7, 7, 5, 3], 3).kept == ("a", "b", "c")  # the tie ends at the cut


def test_when_everything_is_tied_everything_is_kept_and_said() -> None:
    everything = cut([4, 4, 4, 4, 4], 2)
    assert everything.kept == tuple(ORDER[:5]) and everything.all_tied
    assert (everything.place, everything.tied) == (1, 5)
    assert tie_said(everything) == "all 5 are tied, so none can be left out"
    nothing_scored = cut([None, None, None], 2)  # not scored yet: tied with each other
    assert nothing_scored.kept == ("a", "b", "c") and nothing_scored.all_tied


def test_n_at_or_above_the_count_keeps_all_without_a_tie_to_report() -> None:
    assert cut([3, 3, 3], 3) == TopCut(("a", "b", "c"), 3, 3)
    assert cut([5, 3], 7) == TopCut(("a", "b"), 7, 2)
    assert cut([5, 3], 7).extra == 0


def test_unscored_options_tie_with_each_other_not_with_scored_ones() -> None:
    assert cut([5, 3, None, None], 3).kept == ("a", "b", "c", "d")
    assert cut([5, 3, None, None], 2).kept == ("a", "b")
    assert cut([5, 0, None], 2).kept == ("a", "b")  # a score of 0 is not "not scored"


def test_equal_scores_computed_differently_are_still_a_tie() -> None:
    assert 0.1 + 0.2 != 0.3
    assert top_with_ties(["a", "b", "c"], {"a": 1.0, "b": 0.1 + 0.2, "c": 0.3}, 2).kept == (
        "a", "b", "c",
    )  # fmt: skip


@pytest.mark.parametrize("n", [0, -1, True, 2.5])
def test_a_top_of_no_options_is_refused(n: Any) -> None:
    with pytest.raises(CutError, match="Give a whole number of 1 or more"):
        top_with_ties(ORDER, {}, n)


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip


def rating(issue: str, who: str, imp: int, fea: int) -> dict[str, Any]:
    return {"issue_id": issue, "participant_id": who, "group_id": "tenants",
            "importance": imp, "feasibility": fea, "rank": None, "points": None}  # fmt: skip


def test_a_shortlist_of_the_top_n_keeps_the_issues_tied_at_the_cut() -> None:
    issues = ["A", "B", "C", "D", "E", "F"]
    # importance + feasibility: A 10, B 9, C 8, D 6, E 6, F 2: D and E tie for 4th
    ratings = [rating("A", "p", 5, 5), rating("B", "p", 5, 4), rating("C", "p", 4, 4),
               rating("D", "p", 3, 3), rating("E", "p", 2, 4), rating("F", "p", 1, 1)]  # fmt: skip
    shortlist = top("importance+feasibility", ratings, issues, 4)
    assert shortlist.kept == ("A", "B", "C", "D", "E")
    assert shortlist_said(shortlist, "importance plus feasibility") == (
        "Shortlisted 5 issues by importance plus feasibility: 2 tied for 4th place, so both "
        "are kept; the rest stays in the backlog."
    )
    plain = top("importance+feasibility", ratings, issues, 3)
    assert plain.kept == ("A", "B", "C")
    assert shortlist_said(plain, "importance plus feasibility") == (
        "Shortlisted the top 3 by importance plus feasibility; the rest stays in the backlog."
    )
    unrated = top("importance", [], issues, 2)  # nobody has rated anything yet
    assert unrated.kept == tuple(issues)
    assert shortlist_said(unrated, "mean importance") == (
        "Shortlisted 6 issues by mean importance: all 6 are tied, so none can be left out."
    )


def tally(dots: list[int]) -> Tally:
    options = tuple(Option(f"o{i}", "r1", f"Option {i}", position=i) for i in range(len(dots)))
    return Tally(
        1, options, {(f"o{i}", "Tenants"): n for i, n in enumerate(dots) if n}, ("Tenants",), {}
    )


def test_a_next_round_from_the_top_n_keeps_the_options_tied_at_the_cut() -> None:
    # the observed case: round 1 had four options tied for second place; top 4 asked for
    four = round_top(tally([1, 3, 9, 3, 3, 0, 3]), 4)
    assert four.kept == ("o2", "o1", "o3", "o4", "o6")  # most dots first, ties in ballot order
    assert round_said(2, four) == "Round 2 has 5 options: 4 tied for 2nd place, so all 4 are kept."
    plain = round_top(tally([1, 3, 9, 2]), 2)
    assert plain.kept == ("o2", "o1") and round_said(2, plain) == ""
    nobody = round_top(tally([0, 0, 0, 0]), 3)  # no dots at all: all tied at none
    assert nobody.kept == ("o0", "o1", "o2", "o3")
    assert round_said(2, nobody) == (
        "Round 2 has 4 options: all 4 are tied, so none can be left out."
    )
