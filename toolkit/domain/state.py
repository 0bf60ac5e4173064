"""A screen's view of the live session: the room's step, the issues, the ratings, and, on a
phone, who is holding it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from toolkit.domain.actions import ActionPlan
from toolkit.domain.events import Row, latest_state
from toolkit.domain.issues import IssueBoard
from toolkit.domain.notes import Notebook
from toolkit.domain.room import Room, room_state
from toolkit.domain.texts import Texts
from toolkit.domain.voting import Voting


@dataclass(frozen=True)
class SessionState:
    participant_id: str = ""
    group_id: str = ""
    room: Room = field(default_factory=Room)
    board: IssueBoard = field(default_factory=IssueBoard)
    settings: tuple[Row, ...] = ()
    ratings: tuple[Row, ...] = ()
    voting: Voting = field(default_factory=Voting)
    participants: tuple[Row, ...] = ()
    agenda: tuple[Row, ...] = ()
    stakeholders: tuple[Row, ...] = ()
    actions: tuple[Row, ...] = ()
    notes: tuple[Row, ...] = ()

    @classmethod
    def said_in(cls, texts: Texts) -> SessionState:
        """An empty state whose options of hidden issues will say so in `texts`' language
        (English without it): the one word the state itself shows, set once per screen."""
        return cls(voting=Voting(hidden_label=texts.say("option.hidden")))

    @property
    def plan(self) -> ActionPlan:
        return ActionPlan.from_events(self.actions)

    @property
    def notebook(self) -> Notebook:
        return Notebook.from_events(self.notes)

    @property
    def joined(self) -> bool:
        return bool(self.participant_id)

    def my_ratings(self) -> dict[str, Row]:
        """This participant's current rating of each issue."""
        mine = [r for r in self.ratings if r["participant_id"] == self.participant_id]
        return {r["issue_id"]: r for r in latest_state(mine, ("issue_id",), ("cleared",))}

    def setting(self, key: str) -> str:
        """The last value set for a key in settings.csv ('' if never set)."""
        return next((str(r["value"]) for r in reversed(self.settings) if r["key"] == key), "")

    def my_issues(self) -> list[str]:
        return [i.text for i in self.board.all
                if i.participant_id == self.participant_id and not i.hidden]  # fmt: skip

    def with_new(self, new: Mapping[str, Sequence[Row]]) -> SessionState:
        """Take in new events of the tables a screen follows (table name -> new rows)."""
        settings = self.settings + tuple(new.get("settings", ()))
        board = self.board.with_events(new.get("issues", ()))
        # options of issues take the issues' numbers, and lose the words of hidden ones, so
        # the board goes to the voting
        numbers = board.numbers() if new.get("issues") else None
        hidden = board.hidden_ids() if new.get("issues") else None
        return replace(
            self,
            settings=settings,
            room=room_state(settings),
            board=board,
            ratings=self.ratings + tuple(new.get("ratings", ())),
            voting=self.voting.with_new(new, numbers, hidden),
            participants=self.participants + tuple(new.get("participants", ())),
            agenda=self.agenda + tuple(new.get("agenda", ())),
            stakeholders=self.stakeholders + tuple(new.get("stakeholders", ())),
            actions=self.actions + tuple(new.get("actions", ())),
            notes=self.notes + tuple(new.get("notes", ())),
        )
