"""Who can vote and the revealed results of a session, from its live state."""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.domain.events import latest_state
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import Tally, tally


def group_members(state: SessionState) -> dict[str, int]:
    """People per group (joined on a phone or through the facilitator); a group that sent a
    paper tally counts as large enough, since a sheet covers a table of people."""
    people = latest_state(state.participants, ("participant_id",), ("left",))
    members: dict[str, int] = {}
    for p in people:
        members[p["group_id"]] = members.get(p["group_id"], 0) + 1
    for v in state.voting.vote_rows:
        if v["channel"] == "paper":
            members[v["group_id"]] = max(members.get(v["group_id"], 0), 10**6)
    return members


def voters(state: SessionState) -> list[tuple[str, str]]:
    """Everyone who can vote: (participant id, group id)."""
    people = latest_state(state.participants, ("participant_id",), ("left",))
    return [(p["participant_id"], p["group_id"]) for p in people]


def revealed_tallies(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int
) -> list[Tally]:
    names = {g.id: g.name for g in groups}
    members = group_members(state)
    return [
        tally(state.voting, r.round_id, names, members, threshold)
        for r in state.voting.rounds
        if r.status == "revealed"
    ]
