"""Dot-voting in rounds: rules, ballots, the round's life and progress (tallies by group are
in toolkit.domain.tally)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.domain.events import Row, latest_state
from toolkit.domain.options import Option, option_numbers, without_hidden_words
from toolkit.domain.sheets import (
    KEY_LIMIT,
    MOST_ON_A_SHEET,
    round_voters,
    sheet_key,
    sheet_people,
)
from toolkit.domain.texts import ENGLISH, TextError, Texts

STATUSES = ("draft", "open", "closed", "revealed")
NEXT_STATUS = {"draft": "open", "open": "closed", "closed": "revealed"}
MAX_DOTS = 20
OTHER = "Other groups"


class VotingError(TextError):
    """A vote or a round change that the rules do not allow; the message says why."""


def default_dots(options: int) -> int:
    """ceil(N / 3) dots for N options, at least 1 and at most 20. DOMAIN.md's floor(N / 3)
    gave one dot for 4 or 5 options, which says little more than a show of hands."""
    return max(1, min(MAX_DOTS, -(-options // 3)))


@dataclass(frozen=True)
class Rules:
    dots: int
    cap: int = 3
    stacking: bool = True
    min_spend: int = 0
    facilitator_votes: bool = False
    shuffle: bool = False

    @property
    def per_option(self) -> int:
        """The most dots one person may put on one option."""
        return min(self.cap, self.dots) if self.stacking else 1

    def explain(self, texts: Texts = ENGLISH) -> str:
        """The rules in words, to read out."""
        return " ".join(self.sentences(texts))

    def sentences(self, texts: Texts = ENGLISH) -> list[str]:
        """The rules in plain words, a sentence each: the budget; the most on one option
        (nothing to say about it with one dot); what must be spent; whether the facilitator
        votes; and that results stay hidden until the reveal."""
        n = self.dots
        out = [texts.say("rules.dots", count=n, dots=n)]
        if self.per_option > 1:
            out.append(texts.say("rules.cap", cap=self.per_option))
        elif n > 1:
            out.append(texts.say("rules.one_each"))
        if self.min_spend >= n:
            out.append(texts.say("rules.spend_all", count=n, dots=n))
        elif self.min_spend:
            out.append(texts.say("rules.min_spend", min_spend=self.min_spend))
        if self.facilitator_votes:
            out.append(texts.say("rules.facilitator_votes"))
        out.append(texts.say("rules.hidden"))
        return out


def check_rules(rules: Rules, options: int) -> Rules:
    for name, value, low, high in (
        ("dots", rules.dots, 1, 100),
        ("cap", rules.cap, 1, 100),
        ("minimum to spend", rules.min_spend, 0, rules.dots),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise VotingError(
                f"The {name} must be a whole number from {low} to {high}, not {value!r}."
            )
    if options < 2:
        raise VotingError(
            "A round needs at least two options: a vote is never reduced to a single item."
        )
    if not rules.stacking and rules.dots > options:
        raise VotingError(
            f"With one dot per option, {rules.dots} dots cannot all be spent on "
            f"{options} options; give at most {options} dots or allow stacking."
        )
    return rules


@dataclass(frozen=True)
class Round:
    round_id: str
    number: int
    status: str
    rules: Rules

    def values(self) -> dict[str, Any]:
        r = self.rules
        return {
            "round_id": self.round_id,
            "number": self.number,
            "status": self.status,
            "dots_per_participant": r.dots,
            "cap_per_option": r.cap,
            "stacking": r.stacking,
            "min_spend": r.min_spend,
            "facilitator_votes": r.facilitator_votes,
            "shuffle": r.shuffle,
        }

    @classmethod
    def from_row(cls, row: Row) -> Round:
        return cls(
            row["round_id"],
            row["number"],
            row["status"] or "draft",
            Rules(
                dots=row["dots_per_participant"] or 1,
                cap=row["cap_per_option"] or 1,
                stacking=bool(row["stacking"]),
                min_spend=row["min_spend"] or 0,
                facilitator_votes=bool(row["facilitator_votes"]),
                shuffle=bool(row["shuffle"]),
            ),
        )


@dataclass(frozen=True)
class Event:
    """A row to record: which table, what happened, the values."""

    table: str
    event: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Voting:
    """Every round, its options and its votes, derived from rounds, options and votes.csv."""

    round_rows: tuple[Row, ...] = ()
    option_rows: tuple[Row, ...] = ()
    vote_rows: tuple[Row, ...] = ()
    _rounds: dict[str, Round] = field(default_factory=dict, compare=False, repr=False)
    issue_numbers: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    _numbers: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Issues hidden now, whose options say `hidden_label` (`without_hidden_words`): the
    # label is the template's words, set once per screen (`SessionState.said_in`).
    hidden: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)
    hidden_label: str = field(default="", compare=False, repr=False)
    # (round id, group id) -> people on that group's paper sheets, from settings.csv
    sheets: Mapping[tuple[str, str], int] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        rounds: Sequence[Row],
        options: Sequence[Row],
        votes: Sequence[Row],
        issue_numbers: Mapping[str, int] | None = None,
        hidden: frozenset[str] = frozenset(),
        hidden_label: str = "",
        sheets: Mapping[tuple[str, str], int] | None = None,
    ) -> Voting:
        """`issue_numbers`: the issue board's numbers (`IssueBoard.numbers`), which number
        the options of issues; without them every option is numbered as typed in. `hidden`,
        `hidden_label` and `sheets`: see the fields."""
        latest = {r["round_id"]: Round.from_row(r) for r in latest_state(rounds, ("round_id",))}
        issue_numbers = dict(issue_numbers or {})
        in_order = sorted(latest.values(), key=lambda r: r.number)
        numbers = option_numbers((_options(options, r.round_id) for r in in_order), issue_numbers)
        return cls(tuple(rounds), tuple(options), tuple(votes), latest, issue_numbers, numbers,
                   hidden, hidden_label, dict(sheets or {}))  # fmt: skip

    def with_new(
        self,
        new: Mapping[str, Sequence[Row]],
        issue_numbers: Mapping[str, int] | None = None,
        hidden: frozenset[str] | None = None,
    ) -> Voting:
        numbers = self.issue_numbers if issue_numbers is None else issue_numbers
        hidden = self.hidden if hidden is None else hidden
        sheets = sheet_people(self.sheets, new.get("settings", ())) if new.get("settings") else None
        asked = {r["issue_id"] for r in self.option_rows if r["issue_id"]}
        renumbered = any(numbers.get(i) != self.issue_numbers.get(i) for i in asked)
        if not renumbered and not any(new.get(t) for t in ("rounds", "options", "votes")):
            # kept for the options still to come, which may be of issues just raised
            if numbers is self.issue_numbers and hidden == self.hidden and sheets is None:
                return self
            return replace(self, issue_numbers=numbers, hidden=hidden,
                           sheets=self.sheets if sheets is None else sheets)  # fmt: skip
        return Voting.build(
            self.round_rows + tuple(new.get("rounds", ())),
            self.option_rows + tuple(new.get("options", ())),
            self.vote_rows + tuple(new.get("votes", ())),
            numbers,
            hidden,
            self.hidden_label,
            self.sheets if sheets is None else sheets,
        )

    @property
    def rounds(self) -> tuple[Round, ...]:
        return tuple(sorted(self._rounds.values(), key=lambda r: r.number))

    @property
    def current(self) -> Round | None:
        return self.rounds[-1] if self._rounds else None

    def get(self, round_id: str) -> Round:
        try:
            return self._rounds[round_id]
        except KeyError:
            raise VotingError("That round does not exist.") from None

    def options(self, round_id: str) -> tuple[Option, ...]:
        """The round's options in ballot order, each with its number (`option_numbers`) and,
        if its issue is hidden now, without its words (`without_hidden_words`)."""
        return without_hidden_words(
            (
                replace(o, number=self._numbers.get(o.option_id, ""))
                for o in _options(self.option_rows, round_id)
            ),
            self.hidden,
            self.hidden_label,
        )

    def numbered(self, round_id: str) -> list[tuple[str, Option]]:
        """The round's options with their numbers, in ballot order: as on paper sheets and on
        the tally entry screen alike."""
        return [(o.number, o) for o in self.options(round_id)]

    def dots(self, round_id: str) -> dict[tuple[str, str, str, str], int]:
        """Net dots per (option, participant, group, channel) in a round."""
        out: dict[tuple[str, str, str, str], int] = {}
        for v in self.vote_rows:
            if v["round_id"] == round_id:
                key = (
                    v["option_id"],
                    v["participant_id"] or "",
                    v["group_id"] or "",
                    v["channel"] or "",
                )
                out[key] = out.get(key, 0) + (
                    -v["dots"] if v["event"] == "withdrawn" else v["dots"]
                )
        return {k: n for k, n in out.items() if n}

    @property
    def shown_as(self) -> tuple[object, ...]:
        """What, besides the votes, changes results as shown: the issues hidden now and the
        people on paper sheets. A screen keeping results it drew redraws when it changes."""
        return (self.hidden, tuple(sorted(self.sheets.items())))

    def voters(self, round_id: str) -> dict[str, int]:
        """People who voted in the round per group id, paper sheets as entered
        (`round_voters`): what decides which groups its results name."""
        return round_voters(self.dots(round_id), self.sheets, round_id)

    # The round's life. Each returns the events to record.

    def new_round(
        self,
        round_id: str,
        labels: Sequence[tuple[str, str]],
        rules: Rules,
        option_ids: Sequence[str],
    ) -> list[Event]:
        """A new draft round with options (label, issue_id), numbered after the last."""
        current = self.current
        if current and current.status in ("draft", "open"):
            raise VotingError(
                f"Round {current.number} is still {current.status}; close it "
                "before starting another."
            )
        check_rules(rules, len(labels))
        if len({label.casefold() for label, _ in labels}) < len(labels):
            raise VotingError("Two options have the same wording; merge or reword them first.")
        number = (current.number + 1) if current else 1
        # The options first and the round last: the round's row is what makes it exist, so a
        # write that fails part-way leaves options of no round, which nothing shows.
        events = [
            Event("options", "added", Option(oid, round_id, label, issue, pos).values())
            for pos, ((label, issue), oid) in enumerate(zip(labels, option_ids, strict=True), 1)
        ]
        return [
            *events,
            Event("rounds", "created", Round(round_id, number, "draft", rules).values()),
        ]

    def start_round(
        self,
        round_id: str,
        labels: Sequence[tuple[str, str]],
        rules: Rules,
        option_ids: Sequence[str],
    ) -> list[Event]:
        """A new round, opened at once (one click on the console): its events as for
        `new_round`, then its opening. A write that fails part-way leaves a draft round."""
        events = self.new_round(round_id, labels, rules, option_ids)
        created = Round.from_row(events[-1].values)
        return [*events, Event("rounds", "opened", replace(created, status="open").values())]

    def advance(self, round_id: str, to: str) -> Event:
        """Open, close or reveal a round, in that order only."""
        r = self.get(round_id)
        if NEXT_STATUS.get(r.status) != to:
            raise VotingError(
                f"Round {r.number} is {r.status}; it cannot be {to} now"
                + (f" (next: {NEXT_STATUS[r.status]})." if r.status in NEXT_STATUS else ".")
            )
        event = "opened" if to == "open" else to
        return Event("rounds", event, replace(r, status=to).values())

    def change_rules(self, round_id: str, rules: Rules) -> Event:
        """Rules may be raised mid-round but never below what anyone has already spent."""
        r = self.get(round_id)
        if r.status in ("closed", "revealed"):
            raise VotingError(f"Round {r.number} is {r.status}; its rules can no longer change.")
        check_rules(rules, len(self.options(round_id)))
        spent: dict[tuple[str, str, str], int] = {}
        most_on_one = 0
        for (_, pid, gid, channel), n in self.dots(round_id).items():
            if channel != "paper":
                spent[(pid, gid, channel)] = spent.get((pid, gid, channel), 0) + n
                most_on_one = max(most_on_one, n)
        most = max(spent.values(), default=0)
        if rules.dots < most:
            raise VotingError(
                f"Someone has already placed {most} dots, so the budget cannot go below {most}."
            )
        if rules.per_option < most_on_one:
            raise VotingError(
                f"Someone already has {most_on_one} dots on one option, so the "
                f"cap cannot go below {most_on_one}."
            )
        return Event("rounds", "rules_changed", replace(r, rules=rules).values())

    # Ballots

    def ballot(
        self, round_id: str, participant_id: str, group_id: str, channel: str = "device"
    ) -> Ballot:
        mine = {
            o: n
            for (o, p, g, c), n in self.dots(round_id).items()
            if (p, g, c) == (participant_id, group_id, channel)
        }
        return Ballot(
            self.get(round_id), self.options(round_id), participant_id, group_id, channel, mine
        )

    def paper_tally(
        self,
        round_id: str,
        group_id: str,
        counts: Mapping[str, int],
        limit: int = 1000,
        people: int = 0,
    ) -> list[Event]:
        """Dots per option for a group, transcribed from a paper sheet, and the `people` who
        voted on it (0: not entered, so the sheet makes nobody's group large enough to be
        named; `toolkit.domain.sheets`)."""
        if isinstance(people, bool) or not isinstance(people, int):
            raise VotingError(f"The people on a sheet are a whole number, not {people!r}.")
        if not 0 <= people <= MOST_ON_A_SHEET:
            raise VotingError(
                f"The people on a sheet are a whole number from 0 to {MOST_ON_A_SHEET}, "
                f"not {people}."
            )
        r = self.get(round_id)
        if r.status != "open":
            raise VotingError(
                f"Round {r.number} is {r.status}; paper votes are entered while it is open."
            )
        valid = {o.option_id for o in self.options(round_id)}
        events = []
        for option_id, n in counts.items():
            if option_id not in valid:
                raise VotingError("That option is not in this round.")
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= limit:
                raise VotingError(f"Paper dots must be whole numbers from 0 to {limit}, not {n!r}.")
            if n:
                events.append(
                    Event(
                        "votes",
                        "cast",
                        {
                            "round_id": round_id,
                            "option_id": option_id,
                            "participant_id": "",
                            "group_id": group_id,
                            "channel": "paper",
                            "dots": n,
                        },
                    )
                )
        if not events:
            raise VotingError("Enter at least one dot from the sheet.")
        if people:
            key = sheet_key(round_id, group_id)
            if len(key) > KEY_LIMIT:
                raise VotingError("This group's id is too long to record its sheet's people.")
            total = self.sheets.get((round_id, group_id), 0) + people
            # after the dots: a write failing in between leaves the sheet counting nobody
            events.append(Event("settings", "set", {"key": key, "value": str(total)}))
        return events

    def progress(self, round_id: str, voters: Iterable[tuple[str, str]]) -> Progress:
        """How many have joined, finished (spent every dot) and how many dots are unspent;
        never who chose what."""
        r = self.get(round_id)
        spent: dict[tuple[str, str], int] = {}
        for (_, pid, gid, channel), n in self.dots(round_id).items():
            if channel != "paper":
                spent[(pid, gid)] = spent.get((pid, gid), 0) + n
        people = list(dict.fromkeys(voters))
        finished = sum(1 for p in people if spent.get(p, 0) >= r.rules.dots)
        unspent = sum(r.rules.dots - min(r.rules.dots, spent.get(p, 0)) for p in people)
        return Progress(len(people), finished, unspent)


def _options(option_rows: Sequence[Row], round_id: str) -> list[Option]:
    """A round's options as recorded, in ballot order, not yet numbered."""
    rows = latest_state(
        [r for r in option_rows if r["round_id"] == round_id], ("option_id",), ("removed",)
    )
    opts = [
        Option(r["option_id"], r["round_id"], r["label"], r["issue_id"] or "", r["position"] or 1)
        for r in rows
    ]
    return sorted(opts, key=lambda o: o.position)


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
