"""Who voted in a round, by group: the people whose dots are on it and the people its paper
sheets stand for, as the facilitator entered them; what decides which groups are named.

A paper sheet is one tally for a table of people, so its dots say nothing of how many voted.
The facilitator enters that number with the sheet; it is recorded as a settings event (the
last value counts), key `paper_people:<round id>:<group id>`, value the people on every sheet
of that group in that round so far. votes.csv has no column for it, and a settings key keeps
every existing session folder readable as it is. A sheet entered without the number adds
nobody: one person and a sheet are one voter, never a group large enough to name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toolkit.domain.events import Row

SHEET_KEY = "paper_people"
MOST_ON_A_SHEET = 1000
KEY_LIMIT = 80  # settings.csv's key column


def sheet_key(round_id: str, group_id: str) -> str:
    return f"{SHEET_KEY}:{round_id}:{group_id}"


def sheet_people(
    known: Mapping[tuple[str, str], int], settings: Iterable[Row]
) -> dict[tuple[str, str], int]:
    """`known` ((round id, group id) -> people on paper) updated by these settings rows. A
    value edited by hand into something other than a whole number counts as nobody."""
    out = dict(known)
    for row in settings:
        prefix, _, rest = str(row["key"]).partition(":")
        round_id, _, group_id = rest.partition(":")
        if prefix == SHEET_KEY and round_id and group_id:
            value = str(row["value"]).strip()
            out[(round_id, group_id)] = int(value) if value.isdigit() else 0
    return out


def round_voters(
    dots: Mapping[tuple[str, str, str, str], int],
    sheets: Mapping[tuple[str, str], int],
    round_id: str,
) -> dict[str, int]:
    """People who voted in the round, per group id, from its net `dots` (option, participant,
    group, channel -> dots, as `Voting.dots` gives them): each person with a dot still on it,
    plus the people entered for the group's paper sheets. A group with dots counts, if only
    as 0 (a sheet without its number), so that it is folded rather than named."""
    people: dict[str, set[str]] = {}
    for (_, pid, gid, channel), n in dots.items():
        if n > 0:
            mine = people.setdefault(gid, set())
            if channel != "paper":
                mine.add(pid)
    return {gid: len(pids) + sheets.get((round_id, gid), 0) for gid, pids in people.items()}
