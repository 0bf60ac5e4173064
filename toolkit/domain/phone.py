"""What a participant's phone may do, as rules: join a group, raise an issue, rate, place or
take back a dot. Each returns the values to record or raises an error that says what to do;
the participants' server only reads forms, records and draws."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from toolkit.domain.events import Row
from toolkit.domain.issues import Issue, IssueBoard, IssueChange, IssueError
from toolkit.domain.options import Option
from toolkit.domain.participants import ParticipantError, code_hash
from toolkit.domain.priorities import PriorityError, check_points, check_rank, check_score
from toolkit.domain.template import GroupSpec
from toolkit.domain.voting import Ballot, Event, VotingError

NAME_LIMIT = 80


def ballot_order(ballot: Ballot) -> list[Option]:
    """The options in ballot order, or, when the rules say shuffle, in an order of this
    voter's own (the same on every reload) so no option gains from coming first."""
    if not ballot.round.rules.shuffle:
        return list(ballot.options)
    seed = f"{ballot.participant_id}:{ballot.group_id}:{ballot.round.round_id}"
    return sorted(
        ballot.options, key=lambda o: hashlib.sha256(f"{seed}:{o.option_id}".encode()).hexdigest()
    )


def joining(
    groups: Sequence[GroupSpec],
    group_id: str,
    name: str,
    names: bool,
    participant_id: str,
    code: str,
    channel: str = "device",
) -> dict[str, Any]:
    """The participants.csv values for someone joining `group_id`; a name only when the
    template allows names (`names`), tidied and cut to a sensible length."""
    if group_id not in {g.id for g in groups}:
        raise ParticipantError("Choose your group first.", "join.choose_group")
    display = " ".join(name.split())[:NAME_LIMIT] if names else ""
    return {
        "participant_id": participant_id,
        "group_id": group_id,
        "display_name": display,
        "channel": channel,
        "code_hash": code_hash(participant_id, code),
    }


def dot(ballot: Ballot, option_id: str, step: int, expected: int | None = None) -> Event:
    """Place (+1) or take back (-1) one dot. `expected` is how many dots the page showed on
    that option: a page that no longer shows the saved ballot (a second tap sent twice, a
    request replayed, another screen of the same person) changes nothing."""
    if step not in (1, -1):
        raise VotingError("A ballot button places or takes back one dot.", "phone.bad_request")
    if expected is not None and ballot.dots.get(option_id, 0) != expected:
        raise VotingError(
            "Your ballot changed since this page was drawn; here it is as saved. Nothing "
            "else was changed.",
            "vote.stale",
        )
    return ballot.add(option_id) if step > 0 else ballot.remove(option_id)


def new_issue(
    board: IssueBoard,
    issue_id: str,
    text: str,
    category: str,
    categories: Sequence[str],
    participant: tuple[str, str],
    is_open: bool,
    held: bool = False,
    most: int = 0,
) -> IssueChange:
    """An issue raised from a phone, or with `held` raised and held for the facilitator's
    check. `issue_id` comes with the form, so the same form sent twice is saved once; a
    participant who raised `most` issues (if given) may raise no more."""
    if issue_id in {i.issue_id for i in board.all}:
        raise IssueError("That issue was sent already.", "issue.already_sent")
    if most and sum(i.participant_id == participant[0] for i in board.all) >= most:
        raise IssueError(f"You have raised {most} issues, the most one person may.",
                         "issue.too_many", most=most)  # fmt: skip
    return board.raise_issue(
        Issue(issue_id, text, category, participant[0], participant[1], "device"),
        categories,
        is_open=is_open,
        allow_duplicate=True,
        held=held,
    )


def rating(
    board: IssueBoard,
    mine: Mapping[str, Row],
    participant: tuple[str, str],
    issue_id: str,
    values: Mapping[str, Any],
    budget: int,
    is_open: bool,
) -> dict[str, Any]:
    """The ratings.csv values for this participant's view of one issue: importance and
    feasibility 1-5, a rank or points, merged with what they gave it before."""
    if not is_open:
        raise PriorityError("Prioritising is closed for now. Nothing was saved.", "rate.closed")
    if issue_id not in {i.issue_id for i in board.active}:
        raise PriorityError("That issue is no longer on the board.", "rate.gone")
    check_score(values.get("importance"), "importance")
    check_score(values.get("feasibility"), "feasibility")
    rows = list(mine.values())
    check_rank(rows, participant, issue_id, values.get("rank"), len(board.active))
    check_points(rows, participant, issue_id, values.get("points"), budget)
    saved = {**(mine.get(issue_id) or {}), **values}
    return {
        "issue_id": issue_id,
        "participant_id": participant[0],
        "group_id": participant[1],
        "channel": "device",
        **{k: saved.get(k) for k in ("importance", "feasibility", "rank", "points")},
    }
