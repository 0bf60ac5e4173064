"""A round's tally by group: dots per option and group, each group's share, the equal-weight
count, the results as rows and in words; small groups folded into Other groups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from toolkit.domain.options import Option
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER, Voting


@dataclass(frozen=True)
class Tally:
    """Dots per option and group in one round, with each group's size."""

    round_number: int
    options: tuple[Option, ...]
    dots: Mapping[tuple[str, str], int]  # (option_id, group name) -> dots
    groups: tuple[str, ...]  # group names, small groups folded into OTHER
    voters: Mapping[str, int]  # group name -> distinct voters

    def total(self, option_id: str) -> int:
        return sum(self.dots.get((option_id, g), 0) for g in self.groups)

    def shares(self) -> dict[tuple[str, str], float]:
        """Each group's share of its own dots per option (0..1)."""
        totals = {
            g: sum(self.dots.get((o.option_id, g), 0) for o in self.options) for g in self.groups
        }
        return {
            (o.option_id, g): self.dots.get((o.option_id, g), 0) / totals[g]
            for o in self.options
            for g in self.groups
            if totals[g]
        }

    def equal_weight(self) -> dict[str, float]:
        """Per option, the mean of the groups' shares (in %): each group counts once, however
        many of its members voted, so ten staff do not outweigh four tenants."""
        shares = self.shares()
        voting = [g for g in self.groups if any((o.option_id, g) in shares for o in self.options)]
        if not voting:
            return {o.option_id: 0.0 for o in self.options}
        return {
            o.option_id: 100 * sum(shares.get((o.option_id, g), 0.0) for g in voting) / len(voting)
            for o in self.options
        }


def shown_names(
    group_names: Mapping[str, str], members: Mapping[str, int], threshold: int
) -> dict[str, str]:
    """Each group id's name in the results. Groups given the same name (merged for display,
    `toolkit.domain.display`) count their `members` together, and a name counted there (if
    only as 0: a paper sheet without its people) but with fewer than `threshold` is shown
    as 'Other groups', so that nobody in it can be identified. An id not in `group_names`
    is Other groups too (`.get(id, OTHER)`)."""
    size: dict[str, int] = {}
    for gid, name in group_names.items():
        if gid in members:
            size[name] = size.get(name, 0) + members[gid]
    return {
        gid: OTHER if size.get(name, threshold) < threshold else name
        for gid, name in group_names.items()
    }


def tally(voting: Voting, round_id: str, group_names: Mapping[str, str], threshold: int) -> Tally:
    """The round's dots by group, each group shown as `shown_names` decides from the people
    who voted in this round (`Voting.voters`): who joined says nothing of who can be told
    apart in a round's results, a group of five with one voter shows that one's dots."""
    shown = shown_names(group_names, voting.voters(round_id), threshold)
    dots: dict[tuple[str, str], int] = {}
    voters: dict[str, set[str]] = {}
    for (option_id, pid, gid, channel), n in voting.dots(round_id).items():
        g = shown.get(gid, OTHER)
        dots[(option_id, g)] = dots.get((option_id, g), 0) + n
        voters.setdefault(g, set()).add(pid if channel != "paper" else f"paper:{gid}")
    ordered = list(dict.fromkeys(g for g in shown.values() if g != OTHER))
    if any(g == OTHER for _, g in dots):
        ordered.append(OTHER)
    return Tally(
        voting.get(round_id).number,
        voting.options(round_id),
        dots,
        tuple(ordered),
        {g: len(v) for g, v in voters.items()},
    )


def result_rows(
    t: Tally, mode: str, letters: Mapping[str, str], texts: Texts = ENGLISH
) -> list[dict[str, Any]]:
    """The bars of a results chart: one row per option and group. In 'raw' mode a bar's
    parts are dots; in 'equal' mode they are each group's contribution to the equal-weight
    score (%), so a bar's length is that score."""
    shares = t.shares()
    voting = [g for g in t.groups if any((o.option_id, g) in shares for o in t.options)]
    rows = []
    for n, o in enumerate(t.options, 1):
        for g in t.groups:
            if mode == "raw":
                value = float(t.dots.get((o.option_id, g), 0))
            else:
                value = 100 * shares.get((o.option_id, g), 0.0) / len(voting) if voting else 0.0
            rows.append(
                {
                    "round": texts.say("chart.round", number=t.round_number),
                    "option": o.named,
                    "number": o.number,
                    "position": n,
                    "group": g,
                    "letter": letters.get(g, "+"),
                    "value": round(value, 2),
                }
            )
    return rows


def describe_tally(t: Tally, mode: str, texts: Texts = ENGLISH) -> str:
    """The results in words: the top options under the chosen count."""
    if mode == "raw":
        scores = {o.option_id: float(t.total(o.option_id)) for o in t.options}
        unit = texts.say("tally.dots")
    else:
        scores = t.equal_weight()
        unit = texts.say("tally.equal")
    order = sorted(t.options, key=lambda o: -scores[o.option_id])
    top = "; ".join(f"{o.named}: {scores[o.option_id]:.0f}" for o in order[:3])
    return texts.say("tally.top", number=t.round_number, unit=unit, top=top)
