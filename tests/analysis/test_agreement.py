"""Agreement between groups in dot-voting rounds, by hand-worked examples and properties."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

import pytest

from toolkit.analysis.agreement_between_rounds import round_shift
from toolkit.analysis.agreement_figures import AgreementError, RoundAgreement
from toolkit.analysis.agreement_in_round import kendalls_w, round_agreement
from toolkit.analysis.agreement_rows import consensus_rows, pair_rows, rank_rows, shift_rows
from toolkit.analysis.agreement_sentences import agree_lines, differ_lines, pair_line, shift_lines
from toolkit.domain.options import Option
from toolkit.domain.tally import tally
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import OTHER, Round, Rules, Voting

GROUPS = (
    GroupSpec("t", "Tenants", "#E69F00", "T"),
    GroupSpec("m", "Managers", "#56B4E9", "M"),
    GroupSpec("s", "Staff", "#009E73", "S"),
)
# Most tests here are about the measures, not the folding: every group that voted is named.
NAMED = 1
ABCD = [Option(x, "R1", f"Option {x}", "", n) for n, x in enumerate("ABCD", 1)]

Vote = dict[str, Any]


def ballot(
    who: str, group: str, dots: Mapping[str, int], channel: str = "phone", round_id: str = "R1"
) -> list[Vote]:
    return [
        {
            "event": "cast",
            "round_id": round_id,
            "option_id": option_id,
            "participant_id": who,
            "group_id": group,
            "channel": channel,
            "dots": n,
        }
        for option_id, n in dots.items()
    ]


def paper(group: str, dots: Mapping[str, int], round_id: str = "R1") -> list[Vote]:
    return ballot("", group, dots, "paper", round_id)


def build(votes: Sequence[Vote], *rounds: Sequence[Option]) -> Voting:
    """A voting record with revealed rounds R1, R2, ... holding these options."""
    rounds = rounds or (ABCD,)
    return Voting.build(
        [
            {"event": "created", **Round(f"R{n}", n, "revealed", Rules(3)).values()}
            for n in range(1, len(rounds) + 1)
        ],
        [{"event": "added", **o.values()} for options in rounds for o in options],
        list(votes),
        {"I1": 2, "I2": 5, "I3": 7},  # the issue board's numbers of issues I1, I2, I3
    )


def agreement(votes: Sequence[Vote], **kwargs: Any) -> RoundAgreement:
    return round_agreement(build(votes), "R1", GROUPS, threshold=NAMED, **kwargs)


def test_group_profiles_with_paper_and_ties_by_hand() -> None:
    votes = [
        *ballot("t1", "t", {"A": 2, "B": 1}),
        *ballot("t2", "t", {"A": 1}, channel="proxy"),
        *paper("t", {"B": 2, "C": 1}),
        *ballot("m1", "m", {"C": 2}),
    ]
    ra = agreement(votes)
    tenants, managers = ra.groups
    # Tenants' dots A 3, B 1 + 2 on paper = 3, C 1 (paper), D 0; 7 in all. A and B tie for
    # first: ranks (1 + 2) / 2 = 1.5 each.
    assert [s.dots for s in tenants.options] == [3, 3, 1, 0]
    assert [s.share for s in tenants.options] == pytest.approx([3 / 7, 3 / 7, 1 / 7, 0])
    assert [s.rank for s in tenants.options] == [1.5, 1.5, 3.0, 4.0]
    # Breadth and intensity count people only: C's one dot is from the sheet.
    assert [s.breadth for s in tenants.options] == [2, 1, 0, 0]
    assert [s.intensity for s in tenants.options] == [1.5, 1.0, None, None]
    assert (tenants.voters, tenants.dots, tenants.paper_dots) == (2, 7, 3)
    # W over t1 [2, 1, 0, 0] -> ranks [1, 2, 3.5, 3.5] (one tie of 2: T = 6) and
    # t2 [1, 0, 0, 0] -> [1, 3, 3, 3] (one tie of 3: T = 24). Rank sums [2, 5, 6.5, 6.5],
    # mean m(n + 1)/2 = 5, S = 9 + 0 + 2.25 + 2.25 = 13.5;
    # W = 12 * 13.5 / (2^2 (4^3 - 4) - 2 * 30) = 162 / 180 = 0.9.
    assert tenants.concordance.w == pytest.approx(0.9)
    assert tenants.concordance.raters == 2
    # One manager voted: W is undefined, shares are fine.
    assert managers.concordance.w is None
    assert managers.concordance.reason == "not defined: fewer than 2 people in Managers voted"
    assert [s.share for s in managers.options] == [0, 0, 1, 0]
    # Equal weight: the mean of the two groups' shares, in %.
    assert ra.equal_weight["A"] == pytest.approx(100 * (3 / 7 + 0) / 2)
    assert ra.equal_weight["C"] == pytest.approx(100 * (1 / 7 + 1) / 2)
    assert ra.totals == {"A": 3, "B": 3, "C": 3, "D": 0}
    assert [(r["group"], r["option"], r["rank"], r["dots"]) for r in rank_rows(ra)][:2] == [
        ("Tenants", "A. Option A", 1.5, 3),  # typed in: lettered
        ("Tenants", "B. Option B", 1.5, 3),
    ]


def test_kendalls_w_with_ties_by_hand() -> None:
    # Ranks (1 = most dots): [1, 2, 3], [1.5, 1.5, 3] (tie of 2: T = 2^3 - 2 = 6), [1, 3, 2].
    # Rank sums [3.5, 6.5, 8], mean 3 * 4 / 2 = 6, S = 6.25 + 0.25 + 4 = 10.5;
    # W = 12 * 10.5 / (3^2 (3^3 - 3) - 3 * 6) = 126 / 198 = 7/11 (126/216 without correction).
    ratings = [[2, 1, 0], [1, 1, 0], [2, 0, 1]]
    assert kendalls_w(ratings) == pytest.approx(7 / 11)
    assert kendalls_w([[3, 2, 1], [3, 2, 1]]) == pytest.approx(1.0)
    assert kendalls_w([[1, 2], [2, 1]]) == pytest.approx(0.0)
    assert kendalls_w([[1, 1, 1], [2, 2, 2]]) is None  # everyone ties everything
    assert kendalls_w([[1, 2, 3]]) is None


def test_identical_groups_agree_fully() -> None:
    votes = [
        *ballot("t1", "t", {"A": 2, "B": 1}),
        *ballot("t2", "t", {"A": 1, "C": 1}),
        *ballot("m1", "m", {"A": 2, "B": 1}),
        *ballot("m2", "m", {"A": 1, "C": 1}),
    ]
    (pair,) = agreement(votes).pairs
    assert (pair.first, pair.second) == ("Tenants", "Managers")
    assert pair.tau_b == pytest.approx(1.0)
    assert pair.rho == pytest.approx(1.0)
    assert pair.js_distance == pytest.approx(0.0)
    assert (pair.top_k, pair.top_shared, pair.top_overlap) == (3, 3.0, 1.0)
    assert pair_line(pair) == (
        "Tenants and Managers rank the options exactly in the same order (Kendall's tau-b 1.00)."
    )
    # the projector's words: no method, no figure
    assert pair_line(pair, figures=False) == (
        "Tenants and Managers rank the options exactly in the same order."
    )


def test_opposite_rankings() -> None:
    votes = [
        *ballot("t1", "t", {"A": 3, "B": 2, "C": 1}),
        *ballot("m1", "m", {"D": 3, "C": 2, "B": 1}),
    ]
    (pair,) = agreement(votes).pairs
    assert pair.tau_b == pytest.approx(-1.0)
    assert pair.rho == pytest.approx(-1.0)
    # Tops: A, B, C and D, C, B share two options.
    assert pair.top_overlap == pytest.approx(2 / 3)
    p, q = [3 / 6, 2 / 6, 1 / 6, 0], [0, 1 / 6, 2 / 6, 3 / 6]
    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    kl = sum(a * math.log2(a / c) for a, c in zip(p, m, strict=True) if a)
    assert pair.js_distance == pytest.approx(math.sqrt(kl))  # symmetric: KL(q||m) = KL(p||m)
    assert pair_line(pair) == (
        "Tenants and Managers rank the options exactly in reverse order (Kendall's tau-b -1.00)."
    )


def test_tied_dots_by_hand() -> None:
    votes = [*ballot("t1", "t", {"A": 2, "B": 1, "C": 1}), *ballot("m1", "m", {"A": 1, "B": 1})]
    (pair,) = agreement(votes).pairs
    # x = [2, 1, 1, 0], y = [1, 1, 0, 0]: of 6 pairs, 3 concordant, 0 discordant, 1 tied in x
    # (B, C), 2 tied in y ((A, B), (C, D)): tau-b = 3 / sqrt((6 - 1)(6 - 2)) = 3 / sqrt(20).
    assert pair.tau_b == pytest.approx(3 / math.sqrt(20))
    # Ranks [1, 2.5, 2.5, 4] and [1.5, 1.5, 3.5, 3.5]: deviations [-1.5, 0, 0, 1.5] and
    # [-1, -1, 1, 1]; rho = 3 / sqrt(4.5 * 4) = 1 / sqrt(2).
    assert pair.rho == pytest.approx(1 / math.sqrt(2))
    # Shares p = [1/2, 1/4, 1/4, 0], q = [1/2, 1/2, 0, 0], mean m = [1/2, 3/8, 1/8, 0];
    # KL(p||m) = 1/4 log2(2/3) + 1/4, KL(q||m) = 1/2 log2(4/3); distance = sqrt(mean of both).
    kl_p = 0.25 * math.log2(2 / 3) + 0.25
    kl_q = 0.5 * math.log2(4 / 3)
    assert pair.js_distance == pytest.approx(math.sqrt((kl_p + kl_q) / 2))
    assert pair.js_distance == pytest.approx(0.39451, abs=1e-5)
    # Tops: A, B, C and A, B (nothing else got a dot): 2 shared of 3.
    assert pair.top_overlap == pytest.approx(2 / 3)


def test_all_options_tied_leaves_rank_correlation_undefined() -> None:
    votes = [
        *ballot("t1", "t", {"A": 1, "B": 1, "C": 1, "D": 1}),
        *ballot("m1", "m", {"A": 2, "B": 1}),
    ]
    (pair,) = agreement(votes).pairs
    assert pair.tau_b is None and pair.rho is None
    assert pair.reason == "all options got the same dots from Tenants"
    assert (
        pair_line(pair)
        == pair_line(pair, figures=False)
        == ("Tenants and Managers cannot be compared: all options got the same dots from Tenants.")
    )
    # Four options tie for Tenants' top 3: each is in it with chance 3/4, so A and B are
    # shared 3/4 + 3/4 = 1.5 times on average, of 3.
    assert pair.top_shared == pytest.approx(1.5)
    assert pair.top_overlap == pytest.approx(0.5)


def test_relabelling_and_reordering_options_changes_nothing() -> None:
    votes = [
        *ballot("t1", "t", {"A": 2, "B": 1}),
        *ballot("t2", "t", {"C": 2, "A": 1}),
        *ballot("t3", "t", {"D": 1}),
        *ballot("m1", "m", {"B": 2, "D": 1}),
        *ballot("m2", "m", {"B": 1, "C": 1, "A": 1}),
    ]
    rename = {"A": "Z9", "B": "Y8", "C": "X7", "D": "W6"}
    shuffled = [Option(rename[x], "R1", f"Issue {x}?", "", n) for n, x in enumerate("CADB", 1)]
    moved = [{**v, "option_id": rename[v["option_id"]]} for v in votes]
    before = agreement(votes)
    after = round_agreement(build(moved, shuffled), "R1", GROUPS, threshold=NAMED)

    def figures(ra: RoundAgreement) -> list[Any]:
        (p,) = ra.pairs
        w = [g.concordance.w for g in ra.groups]
        return [p.tau_b, p.rho, p.js_distance, p.top_overlap, *w]

    assert figures(after) == pytest.approx(figures(before))
    back = {v: k for k, v in rename.items()}
    assert {back[c.option_id]: c.consensus for c in after.consensus} == pytest.approx(
        {c.option_id: c.consensus for c in before.consensus}
    )
    ranks = {(r["group"], back[r["option_id"]]): r["rank"] for r in rank_rows(after)}
    assert ranks == {(r["group"], r["option_id"]): r["rank"] for r in rank_rows(before)}


def test_small_group_is_folded_and_left_out_of_comparisons() -> None:
    votes = [
        *_gave_a("t", 3, 2),
        *ballot("m1", "m", {"B": 2, "C": 1}),
        *paper("m", {"B": 4}),  # a sheet of two people, as the facilitator entered it
        *ballot("s1", "s", {"D": 3}),
        *ballot("s2", "s", {"D": 3}),
    ]
    v = replace(build(votes), sheets={("R1", "m"): 2})
    ra = round_agreement(v, "R1", GROUPS, threshold=3)
    assert [g.group for g in ra.groups] == ["Tenants", "Managers"]
    assert [(p.first, p.second) for p in ra.pairs] == [("Tenants", "Managers")]
    (left,) = ra.left_out
    assert left.group == OTHER
    assert "Staff: fewer than 3 voters each" in left.reason
    # Totals and the equal-weight tally still count everyone, as the results screen does.
    assert ra.totals["D"] == 6
    t = tally(v, "R1", {g.id: g.name for g in GROUPS}, 3)
    assert ra.equal_weight == pytest.approx(t.equal_weight())
    assert [(r["first"], r["second"]) for r in pair_rows(ra)] == [("Tenants", "Managers")]


def test_common_ground_and_contested_by_hand() -> None:
    votes = [
        *ballot("t1", "t", {"A": 1, "B": 1}),
        *ballot("t2", "t", {"A": 1, "B": 2}),
        *ballot("t3", "t", {"A": 1, "B": 1, "C": 1}),
        *ballot("t4", "t", {"B": 3}),
        *ballot("m1", "m", {"A": 2, "C": 1}),
        *ballot("m2", "m", {"A": 1, "C": 2}),
        *ballot("m3", "m", {"D": 3}),
    ]
    ra = agreement(votes)
    a, b, c, d = ra.consensus
    # A: 3 of 4 tenants and 2 of 3 managers gave it a dot: both at least 0.6 -> common
    # ground. Smoothed (3 + 1)/(4 + 2) = 2/3 and (2 + 1)/(3 + 2) = 3/5; consensus is their
    # geometric mean, sqrt(2/3 * 3/5) = sqrt(2/5) = 0.632.
    assert a.p == pytest.approx({"Tenants": 3 / 4, "Managers": 2 / 3})
    assert a.smoothed == pytest.approx({"Tenants": 2 / 3, "Managers": 3 / 5})
    assert a.consensus == pytest.approx(math.sqrt(2 / 5))
    assert (a.common_ground, a.contested) == (True, False)
    # B: every tenant, no manager: a gap of 1 >= 0.5 -> contested; sqrt(5/6 * 1/5).
    assert b.consensus == pytest.approx(math.sqrt(1 / 6))
    assert (b.common_ground, b.contested, b.high, b.low, b.gap) == (
        False,
        True,
        "Tenants",
        "Managers",
        1.0,
    )
    # C: 1/4 against 2/3, a gap of 0.417: neither. D: 0 against 1/3: neither.
    assert c.gap == pytest.approx(2 / 3 - 1 / 4)
    assert not (c.common_ground or c.contested or d.common_ground or d.contested)
    assert agree_lines(ra) == [
        "Common ground means at least 60% of every group's voters gave it a dot.",
        "A. Option A: Tenants 75%, Managers 67% (consensus 0.63).",
    ]
    assert agree_lines(ra, figures=False)[1] == "A. Option A: Tenants 75%, Managers 67%."
    assert differ_lines(ra) == [
        "Contested means the share of voters giving it a dot differs by 50 points or more "
        "between two groups.",
        "B. Option B: 100% of Tenants gave it a dot, against 0% of Managers.",
    ]
    # The thresholds are settings, carried on the result.
    strict = agreement(votes, common=0.8, contested=0.4)
    assert (strict.common, strict.contested) == (0.8, 0.4)
    assert agree_lines(strict) == [
        "No option has common ground (at least 80% of every group's voters gave it a dot)."
    ]
    assert [x.label for x in strict.consensus if x.contested] == ["Option B", "Option C"]
    assert consensus_rows(ra)[0] == {
        "option": "A. Option A",
        "option_id": "A",
        "number": "A",
        "group": "Tenants",
        "p": 0.75,
        "smoothed": pytest.approx(2 / 3),
        "consensus": pytest.approx(math.sqrt(2 / 5)),
        "common_ground": True,
        "contested": False,
    }


def test_paper_counts_in_shares_but_not_in_people() -> None:
    votes = [
        *ballot("t1", "t", {"A": 1}),
        *paper("t", {"B": 5}),
        *ballot("m1", "m", {"A": 1}),
        *ballot("m2", "m", {"B": 1}),
        *paper("s", {"C": 4}),
    ]
    # the staff's sheet stands for the two people entered for it (a sheet without them
    # would fold Staff into Other groups: test_sheets)
    ra = round_agreement(replace(build(votes), sheets={("R1", "s"): 2}), "R1", GROUPS, NAMED)
    tenants, managers, staff = ra.groups
    assert [s.share for s in tenants.options] == pytest.approx([1 / 6, 5 / 6, 0, 0])
    assert [s.breadth for s in tenants.options] == [1, 0, 0, 0]
    assert tenants.concordance.w is None and tenants.concordance.raters == 1
    assert managers.concordance.w == pytest.approx(1 / 3)  # see test_managers_w_by_hand
    # Staff voted only on paper: in the dot comparisons, not in W or common ground.
    assert staff.concordance.reason == (
        "not defined: fewer than 2 people in Staff voted (a paper sheet is a table's tally, "
        "not one person's)"
    )
    assert len(ra.pairs) == 3
    assert ra.consensus_groups == ("Tenants", "Managers")
    assert any(x.group == "Staff" and "voted only on paper" in x.reason for x in ra.left_out)
    a, b = ra.consensus[:2]
    # Tenants' one person gave A, not B; the sheet's 5 dots on B do not make a voter.
    assert a.p == {"Tenants": 1.0, "Managers": 0.5}
    assert b.p == {"Tenants": 0.0, "Managers": 0.5}


def test_managers_w_by_hand() -> None:
    votes = [*ballot("m1", "m", {"A": 1}), *ballot("m2", "m", {"B": 1})]
    (managers,) = agreement(votes).groups
    # Ranks [1, 3, 3, 3] and [3, 1, 3, 3] (a tie of 3 each: T = 24). Rank sums [4, 4, 6, 6],
    # mean 5, S = 4; W = 12 * 4 / (4 * 60 - 2 * 48) = 48 / 144 = 1/3.
    assert managers.concordance.w == pytest.approx(1 / 3)


def test_round_shift_one_group_moves_to_meet_the_other() -> None:
    first = [Option(x, "R1", f"Option {x}", f"I{n}", n) for n, x in enumerate("ABC", 1)]
    second = [
        Option("C2", "R2", "Option C, reworded", "I3", 1),
        Option("A2", "R2", "Option A", "I1", 2),
        Option("N2", "R2", "Parking", "", 3),
        Option("B2", "R2", "Option B", "I2", 4),
    ]
    votes = [
        *ballot("t1", "t", {"A": 3, "B": 2, "C": 1}),
        *ballot("m1", "m", {"A": 1, "B": 2, "C": 3}),
        *ballot("t1", "t", {"A2": 3, "B2": 2, "C2": 1}, round_id="R2"),
        *ballot("m1", "m", {"A2": 3, "B2": 2, "C2": 1, "N2": 3}, round_id="R2"),
    ]
    shift = round_shift(build(votes, first, second), "R1", "R2", GROUPS, NAMED)
    assert [(a.option_id, b.option_id) for a, b in shift.options] == [
        ("C", "C2"),
        ("A", "A2"),
        ("B", "B2"),
    ]
    assert shift.unmatched == ("A. Parking",)  # typed in: a letter; the rest are issues 2, 5, 7
    tenants, managers = shift.groups
    assert tenants.tau_b == pytest.approx(1.0)
    assert managers.tau_b == pytest.approx(-1.0)
    (pair,) = shift.pairs
    # Between the groups, each round's own figure over all its options: round 2 in ballot
    # order (C2, A2, N2, B2) is Tenants [1, 3, 0, 2] against Managers [1, 3, 3, 2]: of 6 pairs
    # 3 concordant, 2 discordant, 1 tied for Managers (A2, N2): tau-b = 1 / sqrt(6 * 5).
    assert (pair.before, pair.after) == pytest.approx((-1.0, 1 / math.sqrt(30)))
    voting = build(votes, first, second)
    for round_id, figure in (("R1", pair.before), ("R2", pair.after)):
        (said,) = round_agreement(voting, round_id, GROUPS, NAMED).pairs
        assert said.tau_b == figure  # one figure per pair per round, wherever it is stated
    assert shift.converged is True
    assert shift_lines(shift) == [
        "The ranking of Tenants did not change from round 1 to round 2 (Kendall's tau-b 1.00).",
        "Managers ranked the options in round 2 exactly in reverse order from round 1 "
        "(Kendall's tau-b -1.00).",
        "The groups' rankings moved closer: the mean Kendall's tau-b between groups went from "
        "-1.00 to 0.18.",
    ]
    assert shift_lines(shift, figures=False) == [
        "The ranking of Tenants did not change from round 1 to round 2.",
        "Managers ranked the options in round 2 exactly in reverse order from round 1.",
        "The groups' rankings moved closer.",
    ]
    rows = [r for r in shift_rows(shift) if r["group"] == "Managers"]
    assert [(r["round"], r["option"], r["dots"], r["rank"]) for r in rows] == [
        ("Round 1", "7. Option C, reworded", 3, 1.0),  # issue 7's number in both rounds
        ("Round 1", "2. Option A", 1, 3.0),
        ("Round 1", "5. Option B", 2, 2.0),
        ("Round 2", "7. Option C, reworded", 1, 3.0),
        ("Round 2", "2. Option A", 3, 1.0),
        ("Round 2", "5. Option B", 2, 2.0),
    ]


def test_round_shift_matches_by_wording_without_issues() -> None:
    first = [Option(x, "R1", f"Option {x}", "", n) for n, x in enumerate("ABC", 1)]
    second = [Option(f"{x}2", "R2", f"option {x.lower()} ", "", n) for n, x in enumerate("CBA", 1)]
    votes = [
        *ballot("t1", "t", {"A": 3, "B": 1}),
        *ballot("m1", "m", {"A": 3, "B": 1}),
        *ballot("t1", "t", {"A2": 3, "B2": 1}, round_id="R2"),
        *ballot("m1", "m", {"C2": 3, "B2": 1}, round_id="R2"),
    ]
    shift = round_shift(build(votes, first, second), "R1", "R2", GROUPS, NAMED)
    assert len(shift.options) == 3 and shift.unmatched == ()
    assert shift.converged is False
    assert shift.mean_before == pytest.approx(1.0)
    # Round 2 over (C, B, A): Tenants [0, 1, 3], Managers [3, 1, 0]: tau-b -1.
    assert shift.mean_after == pytest.approx(-1.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"common": 0}, "thresholds are shares from 0 to 1"),
        ({"contested": 1.5}, "thresholds are shares from 0 to 1"),
        ({"k": 0}, "top-k overlap needs k of 1 or more"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(AgreementError, match=message):
        agreement(ballot("t1", "t", {"A": 1}), **kwargs)


def _gave_a(group: str, people: int, gave: int) -> list[Vote]:
    """`people` voters of `group`, the first `gave` of them with a dot on A, the rest on B."""
    return [v for i in range(people)
            for v in ballot(f"{group}{i}", group, {"A" if i < gave else "B": 1})]  # fmt: skip


def _first_option(votes: list[Vote]) -> Any:
    return round_agreement(build(votes), "R1", GROUPS[:2], threshold=1).consensus[0]


def test_an_exact_fifty_point_gap_is_contested_and_an_exact_sixty_percent_is_common() -> None:
    # 7 of 10 tenants against 2 of 10 managers: 7/10 - 2/10 is 0.49999999999999994 in floating
    # point; the rule compares fractions, so it is exactly the 50-point threshold: contested.
    a = _first_option(_gave_a("t", 10, 7) + _gave_a("m", 10, 2))
    assert a.contested and a.gap == 0.5
    # Every exact 50-point gap between two groups of 1 to 40 voters is contested.
    missed = []
    for n, m in ((n, m) for n in range(1, 41) for m in range(1, 41)):
        for k in range(n + 1):
            j = (Fraction(k, n) - Fraction(1, 2)) * m  # managers giving A for a 50-point gap
            if j >= 0 and j.denominator == 1:
                option = _first_option(_gave_a("t", n, k) + _gave_a("m", m, int(j)))
                if not option.contested:
                    missed.append((k, n, int(j), m))
    assert missed == []
    # 3 of 5 in every group is exactly 60%: common ground (0.6 read as written, 3/5).
    assert _first_option(_gave_a("t", 5, 3) + _gave_a("m", 5, 3)).common_ground
