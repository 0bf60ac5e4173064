"""Prioritising issues: ratings by group, ranking and points, named scoring rules, shortlists."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from toolkit.domain.cuts import TopCut, tie_place, top_with_ties
from toolkit.domain.events import Row, latest_state
from toolkit.domain.texts import ENGLISH, TextError, Texts

SCORES = range(1, 6)
HIGH_FROM = 3.0  # a mean of 3 or more counts as high
METHODS = ("rating", "ranking", "points")
# Each scoring rule: its name as said on screen, and how it works.
RULES = {
    "importance": ("mean importance", "each group's mean importance, averaged over groups; "
                   "higher first"),
    "importance+feasibility": ("importance plus feasibility", "each group's means averaged over "
                               "groups, importance and feasibility added; higher first"),
    "borda": ("the Borda count", "n points for a first place among n issues, 1 for last, "
              "added up; higher first"),
    "mean_rank": ("mean rank", "the average of the ranks given, among those who ranked the "
                  "issue; lower first"),
    "points": ("total points", "all points given to the issue, added up; higher first"),
}  # fmt: skip
RULES_FOR = {
    "rating": ("importance+feasibility", "importance"),
    "ranking": ("borda", "mean_rank"),
    "points": ("points", "borda"),
}


class PriorityError(TextError):
    """A rating, rank or points entry that cannot be saved; the message says why."""


@dataclass(frozen=True)
class GroupRating:
    """One group's mean ratings of one issue."""

    issue_id: str
    group_id: str
    importance: float | None
    feasibility: float | None
    raters: int


def current_ratings(rows: Iterable[Row]) -> list[Row]:
    """Each rater's last rating of each issue (a participant, or a group rated for)."""
    return latest_state(rows, ("issue_id", "participant_id", "group_id"), ("cleared",))


def check_score(value: object, what: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
        raise PriorityError(
            f"{what.capitalize()} must be a whole number from 1 to 5, not {value!r}."
        )
    return value


def check_rank(
    rows: Iterable[Row], rater: tuple[str, str], issue_id: str, rank: int | None, options: int
) -> None:
    """A rank is 1..options and each rater gives each rank once."""
    if rank is None:
        return
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= options:
        raise PriorityError(f"Rank must be from 1 to {options}, not {rank!r}.")
    for row in rows:
        if (
            (row["participant_id"], row["group_id"]) == rater
            and row["rank"] == rank
            and row["issue_id"] != issue_id
        ):
            raise PriorityError(
                f"Rank {rank} is already given to another issue; clear that "
                "one first or choose another rank.",
                "rate.rank_taken",
                rank=rank,
            )


def check_points(
    rows: Iterable[Row], rater: tuple[str, str], issue_id: str, points: int | None, budget: int
) -> None:
    """Points are whole and at least 0, and one rater's points add up to at most the budget."""
    if points is None:
        return
    if isinstance(points, bool) or not isinstance(points, int) or points < 0:
        raise PriorityError(f"Points must be a whole number of 0 or more, not {points!r}.")
    spent = sum(
        r["points"] or 0
        for r in rows
        if (r["participant_id"], r["group_id"]) == rater and r["issue_id"] != issue_id
    )
    if spent + points > budget:
        raise PriorityError(
            f"That makes {spent + points} points; you have {budget} to spread, "
            f"so at most {budget - spent} can go here.",
            "rate.too_many_points",
            total=spent + points,
            budget=budget,
            most=budget - spent,
        )


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def group_ratings(rows: Iterable[Row], issue_ids: Sequence[str]) -> list[GroupRating]:
    """Each group's mean importance and feasibility per issue, from the current ratings."""
    wanted = set(issue_ids)
    cells: dict[tuple[str, str], tuple[list[int], list[int], set[tuple[str, str]]]] = {}
    for r in rows:
        if r["issue_id"] not in wanted or not r["group_id"]:
            continue
        imp, fea, raters = cells.setdefault((r["issue_id"], r["group_id"]), ([], [], set()))
        if r["importance"] is not None:
            imp.append(r["importance"])
        if r["feasibility"] is not None:
            fea.append(r["feasibility"])
        if r["importance"] is not None or r["feasibility"] is not None:
            raters.add((r["participant_id"], r["group_id"]))
    order = {issue_id: i for i, issue_id in enumerate(issue_ids)}
    return [GroupRating(i, g, _mean(imp), _mean(fea), len(raters))
            for (i, g), (imp, fea, raters) in sorted(cells.items(), key=lambda kv: order[kv[0][0]])
            if raters]  # fmt: skip


def equal_weight(ratings: Sequence[GroupRating]) -> dict[str, tuple[float | None, float | None]]:
    """Per issue, the mean of the groups' means: each group counts once, however many came."""
    out: dict[str, tuple[float | None, float | None]] = {}
    for issue_id in dict.fromkeys(r.issue_id for r in ratings):
        mine = [r for r in ratings if r.issue_id == issue_id]
        imp = [r.importance for r in mine if r.importance is not None]
        fea = [r.feasibility for r in mine if r.feasibility is not None]
        out[issue_id] = (sum(imp) / len(imp) if imp else None, sum(fea) / len(fea) if fea else None)
    return out


def widest_gap(ratings: Sequence[GroupRating], issue_id: str) -> float:
    """The largest distance between two groups' positions for an issue (0 if one group)."""
    points = [
        (r.importance, r.feasibility)
        for r in ratings
        if r.issue_id == issue_id and r.importance is not None and r.feasibility is not None
    ]
    return max((math.dist(a, b) for a in points for b in points), default=0.0)


def priority_quadrant(importance: float, feasibility: float, labels: Mapping[str, str]) -> str:
    i = "high" if importance >= HIGH_FROM else "low"
    f = "high" if feasibility >= HIGH_FROM else "low"
    return labels[f"{i}_importance_{f}_feasibility"]


def scores(rule: str, rows: Iterable[Row], issue_ids: Sequence[str]) -> dict[str, float]:
    """Each issue's score under a named rule (see RULES); issues nobody scored are left out."""
    rows = [r for r in rows if r["issue_id"] in set(issue_ids)]
    if rule in ("importance", "importance+feasibility"):
        means = equal_weight(group_ratings(rows, issue_ids))
        out = {}
        for issue_id, (imp, fea) in means.items():
            if rule == "importance" and imp is not None:
                out[issue_id] = imp
            elif imp is not None and fea is not None:
                out[issue_id] = imp + fea
        return out
    if rule == "borda":
        n = len(issue_ids)
        totals: dict[str, float] = {}
        for r in rows:
            if r["rank"] is not None:
                totals[r["issue_id"]] = totals.get(r["issue_id"], 0) + max(0, n + 1 - r["rank"])
        return totals
    if rule == "mean_rank":
        ranks: dict[str, list[int]] = {}
        for r in rows:
            if r["rank"] is not None:
                ranks.setdefault(r["issue_id"], []).append(r["rank"])
        return {i: sum(v) / len(v) for i, v in ranks.items()}
    if rule == "points":
        points: dict[str, float] = {}
        for r in rows:
            if r["points"]:
                points[r["issue_id"]] = points.get(r["issue_id"], 0) + r["points"]
        return points
    raise PriorityError(f"Unknown scoring rule {rule!r}; use one of {', '.join(RULES)}.")


def ranking(rule: str, rows: Iterable[Row], issue_ids: Sequence[str]) -> list[str]:
    """Issues best first under the rule; ties keep the order raised; unscored issues last."""
    score = scores(rule, rows, issue_ids)
    sign = 1 if rule == "mean_rank" else -1
    scored = sorted((i for i in issue_ids if i in score), key=lambda i: sign * score[i])
    return scored + [i for i in issue_ids if i not in score]


def top(rule: str, rows: Iterable[Row], issue_ids: Sequence[str], n: int) -> TopCut:
    """The top n issues under the rule, with every issue tied at the nth place (see
    `toolkit.domain.cuts`); issues nobody scored are tied with each other, last."""
    rows = list(rows)
    return top_with_ties(ranking(rule, rows, issue_ids), scores(rule, rows, issue_ids), n)


def sensitivity(
    rows: Sequence[Row],
    issue_ids: Sequence[str],
    n: int,
    rules: Sequence[str],
    name: Mapping[str, str],
) -> str:
    """Whether the top n changes when another rule is used, in words. Each top keeps the
    issues tied at its cut, so an order among tied issues is never called a change."""
    first, *others = rules
    chosen = top(first, rows, issue_ids, n).kept
    lines = []
    for other in others:
        cut = top(other, rows, issue_ids, n)
        if set(cut.kept) == set(chosen):
            lines.append(f"The top {n} is the same under {RULES[other][0]}.")
            continue
        gained = ", ".join(name[i] for i in cut.kept if i not in chosen)
        lost = ", ".join(name[i] for i in chosen if i not in cut.kept)
        if gained and lost:
            change = f"would include {gained} instead of {lost}"
        elif gained:
            change = f"would also include {gained}"
        else:
            change = f"would leave out {lost}"
        tie = f" ({tie_place(cut)})" if cut.tied else ""
        lines.append(f"Under {RULES[other][0]} the top {n} {change}{tie}.")
    return " ".join(lines)


@dataclass(frozen=True)
class GroupLook:
    """How a group is drawn: its name, colour and letter (colour is never the only cue)."""

    group_id: str
    name: str
    colour: str
    letter: str


def priority_rows(
    ratings: Sequence[GroupRating], numbers: Mapping[str, int], groups: Sequence[GroupLook]
) -> list[dict[str, object]]:
    """One row per group and issue with both means: the data of the priority map."""
    looks = {g.group_id: g for g in groups}
    return [
        {"issue_id": r.issue_id, "number": numbers[r.issue_id], "group_id": r.group_id,
         "group": looks[r.group_id].name if r.group_id in looks else r.group_id,
         "letter": looks[r.group_id].letter if r.group_id in looks else "?",
         "importance": r.importance, "feasibility": r.feasibility, "raters": r.raters}
        for r in ratings
        if r.importance is not None and r.feasibility is not None and r.issue_id in numbers
    ]  # fmt: skip


def describe_priorities(
    ratings: Sequence[GroupRating],
    numbers: Mapping[str, int],
    group_names: Mapping[str, str],
    labels: Mapping[str, str],
    texts: Texts = ENGLISH,
) -> str:
    """The priority map in words: where each group puts each issue, and the widest gap."""
    rated = [r for r in ratings if r.importance is not None and r.feasibility is not None]
    if not rated:
        return texts.say("priority.none")
    said = []
    for issue_id in dict.fromkeys(r.issue_id for r in rated):
        places = "; ".join(
            _place(r, group_names.get(r.group_id, r.group_id), labels, texts)
            for r in rated if r.issue_id == issue_id
        )  # fmt: skip
        said.append(texts.say("priority.issue", number=numbers[issue_id], places=places))
    gaps = {i: widest_gap(rated, i) for i in dict.fromkeys(r.issue_id for r in rated)}
    widest = max(gaps, key=lambda i: gaps[i])
    if gaps[widest] > 0:
        said.append(
            texts.say("priority.widest", number=numbers[widest], gap=texts.number(gaps[widest], 1))
        )
    return " ".join(said)


def _place(r: GroupRating, group: str, labels: Mapping[str, str], texts: Texts) -> str:
    imp, fea = r.importance or 0.0, r.feasibility or 0.0
    return texts.say(
        "priority.place", group=group, quadrant=priority_quadrant(imp, fea, labels),
        importance=texts.number(imp, 1), feasibility=texts.number(fea, 1),
    )  # fmt: skip


# A facilitator's rating for a table stands for the table's people: large enough to show.
TABLE_STANDS_FOR = 10**6


def raters(rows: Iterable[Row]) -> dict[str, int]:
    """People who rated, per group id; a table rated for by the facilitator counts large."""
    people: dict[str, set[str]] = {}
    size: dict[str, int] = {}
    for r in rows:
        if r["channel"] == "facilitator" or not r["participant_id"]:
            size[r["group_id"]] = TABLE_STANDS_FOR
        else:
            people.setdefault(r["group_id"], set()).add(r["participant_id"])
    return {g: max(size.get(g, 0), len(p)) for g, p in people.items()} | {
        g: n for g, n in size.items() if g not in people
    }


def folded_ratings(rows: Sequence[Row], shown: Mapping[str, str], other: str) -> list[Row]:
    """The ratings under the name each group is shown by (`shown`: group id -> name, or
    `other` for the small groups folded together), so nobody's ratings can be picked out."""
    return [{**r, "group_id": shown.get(r["group_id"], other)} for r in rows]
