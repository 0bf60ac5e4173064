"""Agreement between groups for each revealed round of a session, as tables, words and charts."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.analysis.agreement_between_rounds import round_shift
from toolkit.analysis.agreement_figures import RoundAgreement, Shift
from toolkit.analysis.agreement_in_round import round_agreement
from toolkit.analysis.agreement_sentences import agree_lines, differ_lines, pair_line, shift_lines
from toolkit.analysis.reopening import SessionLike, _display, reopen, revealed_rounds
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import Round
from toolkit.records.session import Session


def _rounds_compared(s: Session) -> tuple[list[Round], int]:
    return revealed_rounds(s), _display(s).threshold


def agreement(session: SessionLike) -> list[RoundAgreement]:
    """Every agreement measure for each revealed round (`round_agreement`: Kendall's tau-b,
    Spearman's rho, top-k overlap, Jensen-Shannon distance, Kendall's W, common ground)."""
    s = reopen(session)
    rounds, threshold = _rounds_compared(s)
    return [
        round_agreement(s.state.voting, r.round_id, _display(s).groups, threshold) for r in rounds
    ]


def shift(session: SessionLike) -> list[Shift]:
    """How each group's ranking moved between consecutive revealed rounds and whether the
    groups moved closer (`round_shift`: Kendall's tau-b over the options in both)."""
    s = reopen(session)
    rounds, threshold = _rounds_compared(s)
    return [
        round_shift(s.state.voting, a.round_id, b.round_id, _display(s).groups, threshold)
        for a, b in pairwise(rounds)
    ]


def agreement_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and pair of groups: Kendall's tau-b, Spearman's rho, top-k overlap
    and Jensen-Shannon distance between their dots per option."""
    rows = [
        {
            "round": ra.round_number,
            "first": p.first,
            "second": p.second,
            "tau_b": p.tau_b,
            "rho": p.rho,
            "top_k": p.top_k,
            "top_overlap": p.top_overlap,
            "js_distance": p.js_distance,
        }
        for ra in agreement(session)
        for p in ra.pairs
    ]
    columns = ["round", "first", "second", "tau_b", "rho", "top_k", "top_overlap", "js_distance"]
    return pd.DataFrame(rows, columns=columns).astype({"tau_b": "Float64", "rho": "Float64"})


def consensus_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and option: each group's share of voters who gave it a dot (p), the
    consensus (geometric mean of the Laplace-smoothed shares), common ground and contested;
    `number` as in `vote_results`."""
    rows = []
    for ra in agreement(session):
        for c in ra.consensus:
            row: dict[str, Any] = {"round": ra.round_number, "number": c.number, "option": c.label}
            row |= {f"p {g}": round(c.p[g], 3) for g in ra.consensus_groups}
            row |= {
                "consensus": c.consensus,
                "common_ground": c.common_ground,
                "contested": c.contested,
            }
            rows.append(row)
    return pd.DataFrame(rows)


def concordance_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and group: voters, dots and Kendall's W (tie-corrected) of how alike
    its members rank the options, with the reason when W is not defined."""
    rows = [
        {
            "round": ra.round_number,
            "group": p.group,
            "voters": p.voters,
            "dots": p.dots,
            "w": p.concordance.w,
            "reason": p.concordance.reason,
        }
        for ra in agreement(session)
        for p in ra.groups
    ]
    columns = ["round", "group", "voters", "dots", "w", "reason"]
    return pd.DataFrame(rows, columns=columns).astype({"w": "Float64"})


def shift_table(session: SessionLike) -> pd.DataFrame:
    """Per pair of consecutive revealed rounds and group: Kendall's tau-b between the group's
    dots in the two rounds, and the mean tau-b between groups before and after."""
    rows = [
        {
            "from_round": sh.first_round,
            "to_round": sh.second_round,
            "group": g.group,
            "tau_b": g.tau_b,
            "reason": g.reason,
            "between_groups_before": sh.mean_before,
            "between_groups_after": sh.mean_after,
            "converged": sh.converged,
        }
        for sh in shift(session)
        for g in sh.groups
    ]
    columns = ["from_round", "to_round", "group", "tau_b", "reason", "between_groups_before",
               "between_groups_after", "converged"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype(
        {
            "tau_b": "Float64",
            "between_groups_before": "Float64",
            "between_groups_after": "Float64",
            "converged": "boolean",
        }
    )


def agreement_words(ra: RoundAgreement, texts: Texts = ENGLISH) -> dict[str, list[str]]:
    """One round's agreement in sentences: 'agree' and 'differ' (`agree_lines`,
    `differ_lines`; the first line names the rule) and 'pairs' (`pair_line`)."""
    return {
        "agree": agree_lines(ra, texts),
        "differ": differ_lines(ra, texts),
        "pairs": [pair_line(p, texts) for p in ra.pairs],
    }


def shift_words(sh: Shift, texts: Texts = ENGLISH) -> list[str]:
    """How each group's priorities moved between two rounds, in sentences (`shift_lines`)."""
    return shift_lines(sh, texts)


def ranks_chart(session: SessionLike, round_number: int | None = None) -> alt.TopLevelMixin:
    """Each group's rank of each option in one revealed round (the last by default), as on
    the projector (`charts.agreement_ranks`)."""
    s = reopen(session)
    found = [ra for ra in agreement(s) if round_number in (None, ra.round_number)]
    if not found or len(found[-1].groups) < 2:
        return charts.note("Ranks are compared once two groups have voted in a revealed round.")
    return charts.agreement_ranks(found[-1], _display(s).groups)


def shift_chart(session: SessionLike, to_round: int | None = None) -> alt.TopLevelMixin:
    """How each group's ranking moved into a revealed round from the one before (the last by
    default), as on the projector (`charts.agreement_shift`)."""
    s = reopen(session)
    pairs = [
        (sh, ra)
        for sh, ra in zip(shift(s), agreement(s)[1:], strict=True)
        if to_round in (None, sh.second_round)
    ]
    if not pairs or not (pairs[-1][0].groups and pairs[-1][0].options):
        return charts.note("The shift is drawn once two rounds with common options are revealed.")
    return charts.agreement_shift(*pairs[-1], _display(s).groups)
