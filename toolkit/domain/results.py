"""Who can vote and the revealed results of a session, from its live state."""

from __future__ import annotations

from collections.abc import Sequence

from toolkit.domain.display import GroupDisplay
from toolkit.domain.events import latest_state
from toolkit.domain.state import SessionState
from toolkit.domain.tally import Tally, tally
from toolkit.domain.template import GroupSpec


def group_members(state: SessionState) -> dict[str, int]:
    """People per group who joined (on a phone or through the facilitator): for what they
    raised and wrote, and the facilitator's warnings before the vote. A round's results
    fold groups by who voted in it instead (`Voting.voters`)."""
    people = latest_state(state.participants, ("participant_id",), ("left",))
    members: dict[str, int] = {}
    for p in people:
        members[p["group_id"]] = members.get(p["group_id"], 0) + 1
    return members


def voters(state: SessionState) -> list[tuple[str, str]]:
    """Everyone who can vote: (participant id, group id)."""
    people = latest_state(state.participants, ("participant_id",), ("left",))
    return [(p["participant_id"], p["group_id"]) for p in people]


def display(state: SessionState, groups: Sequence[GroupSpec], threshold: int) -> GroupDisplay:
    """The groups as every result shows them: the template's `groups` and `threshold` with
    the facilitator's merges and lowered threshold for this session. The one place screens,
    report and analysis get them from; pass its `groups` and `threshold` on."""
    return GroupDisplay.from_settings(state.settings, groups, threshold)


def voting_started(state: SessionState) -> bool:
    """Whether any dot has been cast in the session (on any channel, in any round)."""
    return bool(state.voting.vote_rows)


def revealed_tallies(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int
) -> list[Tally]:
    """The revealed rounds' tallies, the template's `groups` and `threshold` shown as the
    session's `display` says."""
    shown = display(state, groups, threshold)
    return [
        tally(state.voting, r.round_id, shown.names(), shown.threshold)
        for r in state.voting.rounds
        if r.status == "revealed"
    ]
