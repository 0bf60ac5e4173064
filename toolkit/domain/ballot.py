"""One voter's ballot in a round, the rules of one dot placed or taken back, and a round's
progress (who joined, who finished, dots unspent)."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field

from toolkit.domain.options import Option
from toolkit.domain.rounds import Event, Round
from toolkit.domain.voting_rules import VotingError


@dataclass(frozen=True)
class Progress:
    joined: int
    finished: int
    unspent: int


@dataclass(frozen=True)
class Ballot:
    """One voter's dots in one round."""

    round: Round
    options: tuple[Option, ...]
    participant_id: str
    group_id: str
    channel: str
    dots: Mapping[str, int] = field(default_factory=dict)

    @property
    def spent(self) -> int:
        return sum(self.dots.values())

    @property
    def left(self) -> int:
        return max(0, self.round.rules.dots - self.spent)

    def add(self, option_id: str) -> Event:
        check_dot(self.round, {o.option_id for o in self.options}, self.dots, option_id, True)
        return self._vote("cast", option_id)

    def remove(self, option_id: str) -> Event:
        check_dot(self.round, {o.option_id for o in self.options}, self.dots, option_id, False)
        return self._vote("withdrawn", option_id)

    def _vote(self, event: str, option_id: str) -> Event:
        return Event(
            "votes",
            event,
            {
                "round_id": self.round.round_id,
                "option_id": option_id,
                "participant_id": self.participant_id,
                "group_id": self.group_id,
                "channel": self.channel,
                "dots": 1,
            },
        )


def check_dot(
    r: Round, option_ids: Container[str], mine: Mapping[str, int], option_id: str, cast: bool
) -> None:
    """The rules of one dot placed (`cast`) or taken back on a ballot holding `mine` (option
    id -> dots): the round is open, the option is on it, within the budget and the most on
    one option; only a dot that is there is taken back. Raises VotingError saying why not."""
    if r.status != "open":
        state, key = {
            "draft": ("has not opened yet", "vote.not_open"),
            "closed": ("is closed", "vote.closed"),
            "revealed": ("is closed and revealed", "vote.revealed"),
        }[r.status]
        raise VotingError(f"Round {r.number} {state}; your ballot is locked.", key, number=r.number)
    if option_id not in option_ids:
        raise VotingError("That option is not on this ballot.")
    rules = r.rules
    if not cast:
        if mine.get(option_id, 0) <= 0:
            raise VotingError("There is no dot there to take back.", "vote.nothing_back")
        return
    if sum(mine.values()) >= rules.dots:
        raise VotingError(
            f"You have used all {rules.dots} dots. Take one back to move it.",
            "vote.spent",
            dots=rules.dots,
        )
    if mine.get(option_id, 0) >= rules.per_option:
        raise VotingError(
            f"That is the most on one option ({rules.per_option}). Put your next dot on another.",
            "vote.cap",
            cap=rules.per_option,
        )
