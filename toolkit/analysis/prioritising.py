"""A reopened session's prioritising results by group, for the report and analysts: each
group's view of each live issue (importance x feasibility, or ranks, or points, as the
template's method is) and each issue's score under the template's scoring rule.

Groups are shown as every result shows them (the facilitator's merges, `display`), and a
group with fewer raters than the threshold is counted with the other small groups as 'Other
groups', so that nobody's ratings can be picked out. A table rated for by the facilitator
stands for its table of people, as a paper sheet does in a vote. Hidden and merged issues
never appear."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.analysis.reopening import group_display
from toolkit.domain.events import Row
from toolkit.domain.priorities import (
    RULES_FOR,
    GroupLook,
    current_ratings,
    equal_weight,
    group_ratings,
    ranking,
    raters,
    scores,
)
from toolkit.domain.tally import shown_names
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER
from toolkit.records.session import Session


@dataclass(frozen=True)
class Prioritised:
    """The session's prioritising, groups folded: `by_group` has a row per issue and group
    (number, issue, group, importance, feasibility, rank, points, raters); `scored` a row
    per issue (number, issue, importance, feasibility: each group counted once; score,
    rank) under `rule`; `folded` the small groups' names counted as Other groups."""

    method: str
    rule: str
    by_group: pd.DataFrame
    scored: pd.DataFrame
    folded: tuple[str, ...]
    looks: tuple[GroupLook, ...]


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def prioritised(s: Session, texts: Texts = ENGLISH) -> Prioritised:
    """The prioritising results of a reopened session (see `Prioritised`)."""
    method = s.template.priorities.method
    rule = RULES_FOR[method][0]
    board = s.state.board
    live = [i.issue_id for i in board.active]
    words = {i.issue_id: i.text for i in board.active}
    rows = [r for r in current_ratings(s.state.ratings) if r["issue_id"] in words]
    d = group_display(s)
    names = d.names()
    shown = shown_names(names, raters(rows), d.threshold)
    folded = tuple(dict.fromkeys(names[g] for g, name in shown.items() if name == OTHER))
    other = texts.say("chart.other")
    # each rating under the name its group is shown by (the real group kept to count raters)
    as_shown = [{**r, "group_id": shown.get(r["group_id"], OTHER), "real": r["group_id"]}
                for r in rows]  # fmt: skip
    cells: dict[tuple[str, str], list[Row]] = {}
    for r in as_shown:
        cells.setdefault((r["issue_id"], r["group_id"]), []).append(r)
    order = {i: n for n, i in enumerate(live)}
    ranked = {g.name: n for n, g in enumerate(d.groups)} | {OTHER: len(d.groups)}
    by_group = []
    for (issue, group), mine in sorted(
        cells.items(), key=lambda kv: (order[kv[0][0]], ranked.get(kv[0][1], 0))
    ):
        by_group.append({
            "number": board.number(issue), "issue": words[issue],
            "group": other if group == OTHER else group,
            "importance": _mean([x["importance"] for x in mine if x["importance"] is not None]),
            "feasibility": _mean([x["feasibility"] for x in mine
                                  if x["feasibility"] is not None]),
            "rank": _mean([x["rank"] for x in mine if x["rank"] is not None]),
            "points": sum(x["points"] or 0 for x in mine) if method == "points" else None,
            "raters": len({(x["participant_id"], x["real"]) for x in mine}),
        })  # fmt: skip
    frame = pd.DataFrame(by_group, columns=["number", "issue", "group", "importance",
                                            "feasibility", "rank", "points", "raters"])  # fmt: skip
    score = scores(rule, as_shown, live)
    best = [i for i in ranking(rule, as_shown, live) if i in score]
    means = equal_weight(group_ratings(as_shown, live))  # each group counted once
    sign = 1 if rule == "mean_rank" else -1  # tied issues share the better rank
    scored = pd.DataFrame(
        [{"number": board.number(i), "issue": words[i],
          "importance": means.get(i, (None, None))[0],
          "feasibility": means.get(i, (None, None))[1],
          "score": score[i], "rank": 1 + sum(sign * score[j] < sign * score[i] for j in best)}
         for i in best],
        columns=["number", "issue", "importance", "feasibility", "score", "rank"],
    )  # fmt: skip
    groups_shown = set(frame["group"])
    looks = tuple(
        GroupLook(name, name, colour, letter)
        for name, colour, letter in dict.fromkeys((g.name, g.colour, g.letter) for g in d.groups)
        if name in groups_shown
    ) + ((GroupLook(other, other, charts.OTHER_COLOUR, "+"),) if other in groups_shown else ())
    return Prioritised(method, rule, frame, scored, folded, looks)


def priority_chart(p: Prioritised, s: Session, texts: Texts = ENGLISH) -> alt.TopLevelMixin:
    """The priority map of the groups as shown (folded), as the console draws it."""
    letters = {g.name: g.letter for g in p.looks}
    rated = p.by_group.dropna(subset=["importance", "feasibility"])
    rows = pd.DataFrame(
        [{"issue_id": str(r["number"]), "number": r["number"], "group_id": r["group"],
          "group": r["group"], "letter": letters.get(r["group"], "+"),
          "importance": r["importance"], "feasibility": r["feasibility"], "raters": r["raters"]}
         for r in rated.to_dict("records")],
        columns=charts.PRIORITY_COLUMNS,
    )  # fmt: skip
    looked = [(g.name, g.colour) for g in p.looks]
    return charts.priority_map(rows, looked, s.template.priorities, 640, 520, texts=texts)
