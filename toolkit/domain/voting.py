"""Dot-voting in rounds: the session's rounds, their options and votes, and each round's life
(the rules are in voting_rules.py, a round's record in rounds.py, ballots in ballot.py, and
tallies by group in tally.py; their names are also importable from here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from toolkit.domain.ballot import Ballot as Ballot
from toolkit.domain.ballot import Progress as Progress
from toolkit.domain.ballot import check_dot as check_dot
from toolkit.domain.events import Row, latest_state
from toolkit.domain.options import Option, option_numbers, without_hidden_words
from toolkit.domain.rounds import Event as Event
from toolkit.domain.rounds import Round as Round
from toolkit.domain.sheets import (
    KEY_LIMIT,
    MOST_ON_A_SHEET,
    round_voters,
    sheet_key,
    sheet_people,
)
from toolkit.domain.voting_rules import MAX_DOTS as MAX_DOTS
from toolkit.domain.voting_rules import ONE_OPTION_PER_ISSUE
from toolkit.domain.voting_rules import Rules as Rules
from toolkit.domain.voting_rules import VotingError as VotingError
from toolkit.domain.voting_rules import check_rules as check_rules
from toolkit.domain.voting_rules import default_dots as default_dots

STATUSES = ("draft", "open", "closed", "revealed")
NEXT_STATUS = {"draft": "open", "open": "closed", "closed": "revealed"}
OTHER = "Other groups"


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
        issues = [issue for _, issue in labels if issue]
        if len(set(issues)) < len(issues):
            raise VotingError(f"Two options are for the same issue; {ONE_OPTION_PER_ISSUE}.")
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
