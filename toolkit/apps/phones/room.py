"""The phones' shared view of one session: one tail reader per table, one state in memory for
every phone, and the actions a phone may take, each checked by the domain rules and saved
through the Recorder before anything is shown."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.apps.link import PHONE_TABLES
from toolkit.apps.live import personal_code, short_id
from toolkit.domain import phone
from toolkit.domain.events import Row
from toolkit.domain.guesses import GuessLimit
from toolkit.domain.issues import Issue
from toolkit.domain.participants import ParticipantError, code_hash, find_by_code, normalise_code
from toolkit.domain.state import SessionState
from toolkit.domain.template import WorkshopTemplate
from toolkit.domain.voting import Ballot, VotingError
from toolkit.records import TABLE_BY_NAME, Recorder, TailReader

# Tables whose rows the shared state keeps; the phones' own rows are indexed by person instead,
# so that a page costs the same with 10 or 10,000 dots in the room.
_SHARED = ("settings", "issues", "rounds", "options")


@dataclass(frozen=True)
class Person:
    """Someone who joined from a phone: who they are and the personal code they hold."""

    participant_id: str
    group_id: str
    code: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.participant_id, self.group_id)


class PhoneRoom:
    """Every phone's view of the session in `folder`, kept current by `refresh()`."""

    def __init__(
        self,
        folder: Path,
        template: WorkshopTemplate,
        new_id: Callable[[str], str] = short_id,
        new_code: Callable[[], str] = personal_code,
    ) -> None:
        self.folder, self.template = folder, template
        self.recorder = Recorder(folder, holder="the participants' server")
        self._tails = {t: TailReader(folder, TABLE_BY_NAME[t]) for t in PHONE_TABLES}
        self._new_id, self._new_code = new_id, new_code
        self.state = SessionState.said_in(template.texts)
        self.people: dict[str, Row] = {}  # participant id -> their latest row
        self._dots: dict[tuple[str, str, str], dict[str, int]] = {}  # (round, pid, group)
        self._ratings: dict[str, dict[str, Row]] = {}  # participant id -> issue id -> row
        self.version = 0  # goes up whenever what every phone shows has changed
        self._shown: object = None
        self.listeners: list[Callable[[int], None]] = []
        # A join form carries a participant id signed by this process, so nobody can choose
        # their own id and a join sent twice joins once. (A restart makes old forms stale.)
        self._form_key = secrets.token_bytes(32)
        # Five wrong personal codes in ten minutes from one phone make it wait half a minute.
        self.guesses = GuessLimit(misses=5, window=600, pause=30)
        self.refresh()

    # Following the folder

    def refresh(self, only: str = "") -> bool:
        """Take in what was appended since the last call (to the table `only`, or to all);
        tell the listeners when what the phones show has changed. True if anything was new."""
        new = {
            table: tail.read_new() if not only or table == only else []
            for table, tail in self._tails.items()
        }
        if not any(new.values()):
            return False
        shared = {t: new[t] for t in _SHARED if new[t]}
        if shared:
            self.state = self.state.with_new(shared)
        for row in new["participants"]:
            if row["event"] == "left":
                self.people.pop(row["participant_id"], None)
            else:
                self.people[row["participant_id"]] = row
        for row in new["votes"]:
            if row["channel"] == "device":
                mine = self._dots.setdefault(
                    (row["round_id"], row["participant_id"], row["group_id"]), {}
                )
                step = -row["dots"] if row["event"] == "withdrawn" else row["dots"]
                mine[row["option_id"]] = mine.get(row["option_id"], 0) + step
        for row in new["ratings"]:
            mine_rated = self._ratings.setdefault(row["participant_id"], {})
            mine_rated.pop(row["issue_id"], None)  # re-inserted last, as latest_state orders
            if row["event"] != "cleared":
                mine_rated[row["issue_id"]] = row
        shown = self._what_every_phone_shows()
        if shown != self._shown:
            self._shown = shown
            self.announce()
        return True

    def announce(self) -> None:
        """Tell every phone following the room that its screen has changed (each then asks
        for it again): a new step, or a shared server's session closed for phones."""
        self.version += 1
        for tell in list(self.listeners):
            tell(self.version)

    def _what_every_phone_shows(self) -> object:
        """What, when it changes, makes every phone redraw: the step, the current round with
        its rules and options, and while prioritising, the issues on the board. Issues raised
        by others while raising are not on anyone else's phone, so they redraw nothing."""
        room, voting = self.state.room, self.state.voting
        current = voting.current
        round_part = (current, voting.options(current.round_id)) if current else None
        board = (
            tuple((i.issue_id, i.text) for i in self.state.board.active) if room.rating_open else ()
        )
        return (room.phone_step, round_part, board)

    # Who is holding a phone

    def person(self, participant_id: str, code: str) -> Person | None:
        """The participant a phone's cookie names, if its personal code is theirs."""
        row = self.people.get(participant_id)
        if row is None or not row["code_hash"]:
            return None
        if not hmac.compare_digest(row["code_hash"], code_hash(participant_id, code)):
            return None
        return Person(participant_id, row["group_id"], normalise_code(code))

    def join_form_id(self) -> str:
        """A new participant id for a join form, with this process's signature."""
        pid = self._new_id("P")
        return f"{pid}.{self._sign(pid)}"

    def _sign(self, text: str) -> str:
        return hmac.new(self._form_key, text.encode(), "sha256").hexdigest()[:20]

    # What a phone may do; each raises a TextError (with its key) when the rules refuse

    def join(self, form_id: str, group_id: str, name: str) -> Person:
        pid, _, signature = form_id.partition(".")
        if not pid or not hmac.compare_digest(signature, self._sign(pid)):
            raise ParticipantError("This page was out of date; here it is as it is now. "
                                   "Nothing was saved.", "phone.stale")  # fmt: skip
        if pid in self.people:
            raise ParticipantError("You have joined already.", "join.already")
        code = self._new_code()
        names = self.template.names != "off"
        values = phone.joining(self.template.groups, group_id, name, names, pid, code)
        self._save("participants", "joined", values)
        return Person(pid, group_id, code)

    def come_back(self, typed: str, place: str, now: float) -> Person:
        """The participant whose personal code was typed on a phone at `place` (its network
        address); wrong codes are counted against that place."""
        wait = self.guesses.wait(place, now)
        if wait:
            raise ParticipantError("Too many wrong codes.", "join.code_wait", seconds=wait)
        self.refresh()
        rows = list(self.people.values())
        try:
            row = find_by_code(rows, typed)
        except ParticipantError as exc:
            if exc.key == "join.code_unknown":
                self.guesses.missed(place, now)
            raise
        self.guesses.succeeded(place)
        return Person(row["participant_id"], row["group_id"], normalise_code(typed))

    def ballot(self, person: Person) -> Ballot | None:
        """The person's ballot in the current round, or None when there is no round."""
        voting = self.state.voting
        current = voting.current
        if current is None:
            return None
        mine = self._dots.get((current.round_id, *person.key), {})
        return Ballot(
            current,
            voting.options(current.round_id),
            person.participant_id,
            person.group_id,
            "device",
            {o: n for o, n in mine.items() if n > 0},
        )

    def vote(self, person: Person, round_id: str, option_id: str, step: int, expected: int) -> int:
        """Place or take back one dot; returns the dots left. The round cannot close between
        the check and the save: the rounds' lock is held for both."""
        with self.recorder.holding("rounds"):
            self.refresh()
            ballot = self.ballot(person)
            if ballot is None:
                raise VotingError("No vote is open yet.", "vote.no_round")
            if ballot.round.round_id != round_id:
                raise VotingError("This page was out of date; here it is as it is now. "
                                  "Nothing was saved.", "phone.stale")  # fmt: skip
            event = phone.dot(ballot, option_id, step, expected)
            self._save(event.table, event.event, event.values)
        after = self.ballot(person)
        return after.left if after else 0

    def send_issue(self, person: Person, issue_id: str, text: str, category: str) -> bool:
        """Save an issue from a phone; True when it is held for the facilitator's check
        (then it is on no other phone and no projector until shown)."""
        self.refresh()  # the facilitator may have switched holding a moment ago
        change = phone.new_issue(
            self.state.board,
            issue_id,
            text,
            category,
            self.template.issue_categories,
            person.key,
            self.state.room.raising_open,
            held=self.state.room.holds(self.template.hold_phone_issues),
            most=self.template.phone_limits.issues_per_person,
        )
        self._save("issues", change.event, change.values())
        return change.issue.held

    def new_issue_id(self) -> str:
        return self._new_id("I")

    def my_issues(self, person: Person) -> list[Issue]:
        """The person's own issues but hidden ones, held ones included (only they see those)."""
        return [i for i in self.state.board.all
                if i.participant_id == person.participant_id and not i.hidden]  # fmt: skip

    def my_ratings(self, person: Person) -> dict[str, Row]:
        return self._ratings.get(person.participant_id, {})

    def rate(self, person: Person, issue_id: str, values: Mapping[str, Any]) -> int:
        """Save the person's view of one issue; returns the issue's number on the board."""
        self.refresh()  # the facilitator may have closed prioritising a moment ago
        row = phone.rating(
            self.state.board,
            self.my_ratings(person),
            person.key,
            issue_id,
            values,
            self.template.priorities.points_budget,
            self.state.room.rating_open,
        )
        self._save("ratings", "rated", row)
        return self.state.board.number(issue_id)

    def _save(self, table: str, event: str, values: Mapping[str, Any]) -> None:
        """Append under the file's lock (flushed and fsynced), then read it back, so what a
        phone is shown next is what is on disk."""
        self.recorder.append(table, event, **values)
        self.refresh(only=table)  # the rest is read before the next action and every 250 ms
