"""Prioritising: group means, scoring rules by hand-worked examples, sensitivity."""

from __future__ import annotations

from typing import Any

import pytest

from toolkit.domain.priorities import (
    PriorityError,
    check_points,
    check_rank,
    equal_weight,
    group_ratings,
    priority_quadrant,
    ranking,
    scores,
    sensitivity,
    widest_gap,
)
from toolkit.domain.template_settings import DEFAULT_PRIORITY_QUADRANTS

ISSUES = ["A", "B", "C"]


def rating(
    issue: str,
    who: str,
    group: str,
    imp: int | None = None,
    fea: int | None = None,
    rank: int | None = None,
    points: int | None = None,
) -> dict[str, Any]:
    return {
        "issue_id": issue,
        "participant_id": who,
        "group_id": group,
        "importance": imp,
        "feasibility": fea,
        "rank": rank,
        "points": points,
    }


RATINGS = [
    rating("A", "p1", "tenants", 5, 2), rating("A", "p2", "tenants", 4, 2),
    rating("A", "", "staff", 2, 5),  # the facilitator, for a table of staff
    rating("B", "p1", "tenants", 3, 3),
    rating("C", "p3", "managers", None, 4),  # feasibility only
]  # fmt: skip


def test_group_means_per_issue_keep_groups_apart() -> None:
    rated = {(r.issue_id, r.group_id): r for r in group_ratings(RATINGS, ISSUES)}
    assert (rated["A", "tenants"].importance, rated["A", "tenants"].feasibility) == (4.5, 2.0)
    assert rated["A", "tenants"].raters == 2
    assert (rated["A", "staff"].importance, rated["A", "staff"].feasibility) == (2.0, 5.0)
    assert rated["C", "managers"].importance is None
    assert equal_weight(list(rated.values()))["A"] == (3.25, 3.5)  # groups weigh the same


def test_widest_gap_and_quadrants() -> None:
    rated = group_ratings(RATINGS, ISSUES)
    assert widest_gap(rated, "A") == pytest.approx(((4.5 - 2) ** 2 + (2 - 5) ** 2) ** 0.5)
    assert widest_gap(rated, "B") == 0.0
    labels = DEFAULT_PRIORITY_QUADRANTS
    assert priority_quadrant(4.5, 2.0, labels) == "Major projects"
    assert priority_quadrant(3.0, 3.0, labels) == "Quick wins"
    assert priority_quadrant(2.0, 5.0, labels) == "Fill-ins"
    assert priority_quadrant(1.0, 1.0, labels) == "Thankless tasks"


RANKS = [
    rating("A", "p1", "t", rank=1), rating("B", "p1", "t", rank=2), rating("C", "p1", "t", rank=3),
    rating("B", "p2", "t", rank=1), rating("C", "p2", "t", rank=2), rating("A", "p2", "t", rank=3),
    rating("B", "p3", "t", rank=1),  # a partial ranking
]  # fmt: skip


def test_borda_and_mean_rank_by_hand() -> None:
    # Borda with n = 3: first 3 points, second 2, third 1. A: 3+1=4, B: 2+3+3=8, C: 1+2=3
    assert scores("borda", RANKS, ISSUES) == {"A": 4, "B": 8, "C": 3}
    # mean rank among those who ranked: A (1+3)/2=2, B (2+1+1)/3, C (3+2)/2=2.5
    assert scores("mean_rank", RANKS, ISSUES) == pytest.approx({"A": 2, "B": 4 / 3, "C": 2.5})
    assert ranking("borda", RANKS, ISSUES) == ["B", "A", "C"]
    assert ranking("mean_rank", RANKS, ISSUES) == ["B", "A", "C"]


def test_points_and_ties_keep_the_order_raised() -> None:
    pts = [
        rating("A", "p1", "t", points=30),
        rating("B", "p1", "t", points=70),
        rating("C", "p2", "t", points=70),
        rating("A", "p2", "t", points=30),
    ]
    assert scores("points", pts, ISSUES) == {"A": 60, "B": 70, "C": 70}
    assert ranking("points", pts, ISSUES) == ["B", "C", "A"]
    assert ranking("points", [], ISSUES) == ISSUES  # nothing scored: the order raised


def test_sensitivity_says_whether_the_top_changes() -> None:
    names = {"A": "issue 1", "B": "issue 2", "C": "issue 3"}
    assert sensitivity(RANKS, ISSUES, 2, ["borda", "mean_rank"], names) == (
        "The top 2 is the same under mean rank."
    )
    # One more first place for C: Borda B 8, C 6, A 4; mean rank B 4/3, then A and C tie
    # at 2. Mean rank's top 2 keeps both, so C is not "lost": only A is added.
    skewed = [*RANKS, rating("C", "p4", "t", rank=1)]
    text = sensitivity(skewed, ISSUES, 2, ["borda", "mean_rank"], names)
    assert text == "Under mean rank the top 2 would also include issue 1 (2 tied for 2nd place)."
    # The other way round, C is left out under Borda, not swapped for anything.
    text = sensitivity(skewed, ISSUES, 2, ["mean_rank", "borda"], names)
    assert text == "Under the Borda count the top 2 would leave out issue 1."
    # A top that differs from the first only in how a tie was ordered is the same top.
    tied = [rating("A", "p1", "t", points=50), rating("B", "p1", "t", points=50),
            rating("C", "p1", "t", points=10), rating("B", "p2", "t", rank=1),
            rating("A", "p2", "t", rank=2), rating("C", "p2", "t", rank=3)]  # fmt: skip
    # points: A 50, B 50 tied for 1st (order raised: A first); Borda: B 3, A 2, C 1.
    assert sensitivity(tied, ISSUES, 1, ["points", "borda"], names) == (
        "Under the Borda count the top 1 would leave out issue 1."
    )
    assert sensitivity(tied, ISSUES, 2, ["points", "borda"], names) == (
        "The top 2 is the same under the Borda count."
    )


def test_unknown_rule_is_refused() -> None:
    with pytest.raises(PriorityError, match="Unknown scoring rule 'coin'"):
        scores("coin", RANKS, ISSUES)


def test_ranks_and_points_are_checked() -> None:
    mine = [rating("A", "p1", "t", rank=1, points=60)]
    with pytest.raises(PriorityError, match="Rank 1 is already given to another issue"):
        check_rank(mine, ("p1", "t"), "B", 1, 3)
    with pytest.raises(PriorityError, match="Rank must be from 1 to 3, not 4"):
        check_rank(mine, ("p1", "t"), "B", 4, 3)
    check_rank(mine, ("p1", "t"), "A", 1, 3)  # re-giving your own rank is fine
    with pytest.raises(
        PriorityError,
        match="That makes 110 points; you have 100 to spread, so at most 40 can go here",
    ):
        check_points(mine, ("p1", "t"), "B", 50, 100)
    with pytest.raises(PriorityError, match="Points must be a whole number of 0 or more"):
        check_points(mine, ("p1", "t"), "B", -5, 100)
