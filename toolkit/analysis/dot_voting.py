"""The revealed rounds of dot-voting: bars, scores and ranks, rules, charts and words."""

from __future__ import annotations

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.analysis.reopening import (
    SessionLike,
    _display,
    _number,
    reopen,
    revealed_rounds,
    tallies,
)
from toolkit.domain.tally import describe_tally, result_rows
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER


def vote_results(session: SessionLike) -> pd.DataFrame:
    """The bars of the results charts, tidy: per revealed round, option and group, the raw
    dots and the group's contribution to the equal-weight score (%), small groups folded
    into Other groups (`result_rows`, as on the projector). `number` is the option's number
    as said in the room (its issue's, or a letter if typed in: `option_numbers`),
    `position` its place on the ballot."""
    s = reopen(session)
    board = s.state.board
    rows = []
    for t in tallies(s):
        raw, equal = result_rows(t, "raw", {}), result_rows(t, "equal", {})
        for r, e in zip(raw, equal, strict=True):
            option = t.options[r["position"] - 1]
            rows.append(
                {
                    "round": t.round_number,
                    "position": r["position"],
                    "number": option.number,
                    "option": option.label,
                    "issue": _number(board, option.issue_id),
                    "group": r["group"],
                    "voters": t.voters.get(r["group"], 0),
                    "dots": int(r["value"]),
                    "equal_weight": e["value"],
                }
            )
    columns = ["round", "position", "number", "option", "issue", "group", "voters", "dots",
               "equal_weight"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"issue": "Int64"})


def vote_scores(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and option: total dots, the equal-weight score (mean of the
    groups' shares, %) and the rank by that score (1 = highest, ties share the best);
    `number` as in `vote_results`."""
    s = reopen(session)
    board = s.state.board
    rows = []
    for t in tallies(s):
        scores = t.equal_weight()
        for n, o in enumerate(t.options, 1):
            rows.append(
                {
                    "round": t.round_number,
                    "position": n,
                    "number": o.number,
                    "option": o.label,
                    "issue": _number(board, o.issue_id),
                    "dots": t.total(o.option_id),
                    "equal_weight": round(scores[o.option_id], 1),
                    "rank": 1 + sum(v > scores[o.option_id] for v in scores.values()),
                }
            )
    columns = ["round", "position", "number", "option", "issue", "dots", "equal_weight", "rank"]
    return pd.DataFrame(rows, columns=columns).astype({"issue": "Int64"})


def round_rules(session: SessionLike) -> pd.DataFrame:
    """Each revealed round's rules (dots each, most on one option) in numbers and in the words
    read out in the room (`Rules.explain`)."""
    rows = [
        {
            "round": r.number,
            "dots_each": r.rules.dots,
            "most_on_one": r.rules.per_option,
            "rules": r.rules.explain(),
        }
        for r in revealed_rounds(session)
    ]
    return pd.DataFrame(rows, columns=["round", "dots_each", "most_on_one", "rules"])


def vote_chart(
    session: SessionLike,
    mode: str = "raw",
    width: int = 1000,
    stacked: bool = False,
    texts: Texts = ENGLISH,
) -> alt.TopLevelMixin:
    """The revealed rounds side by side, or `stacked` (`charts.tally_results`): 'raw' dots
    or 'equal' weight, each group's part of the bar in its colour and letter, as on the
    projector."""
    s = reopen(session)
    found = tallies(s)
    if not found:
        return charts.note("No round of dot-voting has been revealed yet.")
    return charts.tally_results(found, _display(s).groups, mode, width, stacked, texts)


def vote_words(session: SessionLike, mode: str = "raw", texts: Texts = ENGLISH) -> str:
    """The results in words: each round's top three options under the count (`describe_tally`)."""
    return " ".join(describe_tally(t, mode, texts) for t in tallies(session))


def folding_words(session: SessionLike, texts: Texts = ENGLISH) -> str:
    """The small-group rule, with its threshold, as it applies to this session."""
    s = reopen(session)
    other = texts.say("chart.other")
    d = _display(s)
    rule = texts.say("report.folding", k=d.threshold, other=other)
    folded = any(OTHER in t.groups for t in tallies(s))  # in any round, by who voted in it
    applied = texts.say("report.folded", other=other) if folded else texts.say("report.not_folded")
    return " ".join([rule, applied, *d.notes(texts)])
