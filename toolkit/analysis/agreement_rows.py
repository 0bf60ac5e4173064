"""The agreement measures as tidy rows (one dict a row), for charts and the report."""

from __future__ import annotations

from typing import Any

from toolkit.analysis.agreement_figures import RoundAgreement, Shift
from toolkit.domain.ranks import average_ranks
from toolkit.domain.texts import ENGLISH, Texts


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
