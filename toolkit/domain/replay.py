"""Replaying a session's events, in the order they happened, through the rules the screens
apply: which recorded events the rules would have refused. Only a hand-edited file holds
such events; a session is read without them, and they are reported. The rules for settings,
participants, issues, options and rounds are in replay_checks.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from toolkit.domain.events import Row
from toolkit.domain.issues import Issue, after_event
from toolkit.domain.options import Option
from toolkit.domain.replay_checks import (
    issue_refusal,
    option_issue_refusal,
    participant_refusal,
    round_refusal,
    sentence,
    setting_refusal,
)
from toolkit.domain.room import HOLD_KEY
from toolkit.domain.voting import Round, Voting, VotingError, check_dot

# Events of different tables recorded at the same moment: the order the screens write them.
# corrections.csv has no rules: it only explains edits of the files (records/edits.py).
TABLE_ORDER = ("settings", "groups", "agenda", "participants", "stakeholders", "issues",
               "ratings", "options", "rounds", "votes", "actions", "notes",
               "corrections")  # fmt: skip
PAPER_LIMIT = 1000  # the most dots one paper tally row may hold, as the tally screen allows
RESTORE = "it is not counted. Delete the row, or restore the file from a backup"
# The event that makes each kind of thing exist (participants have rules of their own).
FIRST_EVENTS = {"groups": ("added",), "agenda": ("added",), "stakeholders": ("added",),
                "options": ("added",), "actions": ("proposed", "carried_forward"),
                "notes": ("added",)}  # fmt: skip
KEYS = {"groups": "group_id", "agenda": "step_id", "participants": "participant_id",
        "stakeholders": "stakeholder_id", "options": "option_id", "actions": "action_id",
        "notes": "note_id"}  # fmt: skip


@dataclass(frozen=True)
class Refusal:
    """One recorded event the rules would have refused: the table, the row's place among
    that table's rows in time order, the rule in words and what to do."""

    table: str
    index: int
    rule: str
    todo: str = RESTORE
    same_as: int = -1  # for a copied row: the index of the row it copies
    counted_as: Row | None = None  # what is counted of the row instead, if anything


def refusals(tables: Mapping[str, Sequence[Row]]) -> list[Refusal]:
    """Every event the rules would have refused, replaying all tables in time order (each
    table's rows already in time order; `TABLE_ORDER` breaks ties between tables)."""
    replay = _Replay(
        round_of={r["option_id"]: r["round_id"] for r in tables.get("options", ())},
        number_of={r["round_id"]: r["number"] for r in tables.get("rounds", ())},
    )
    steps = sorted(
        (row["timestamp"] or "", rank, i, name)
        for rank, name in enumerate(TABLE_ORDER)
        for i, row in enumerate(tables.get(name, ()))
    )
    for _, _, i, name in steps:
        replay.take(name, i, tables[name][i])
    return replay.refused


def accepted(
    tables: Mapping[str, Sequence[Row]], refused: Sequence[Refusal]
) -> dict[str, list[Row]]:
    """Each table's rows without those the rules refused (or, for a refused hiding, the
    hiding alone: `Refusal.counted_as`)."""
    out: dict[str, list[Row]] = {}
    for name, rows in tables.items():
        instead = {r.index: r.counted_as for r in refused if r.table == name}
        out[name] = []
        for i, row in enumerate(rows):
            kept = instead[i] if i in instead else row
            if kept is not None:
                out[name].append(kept)
    return out


class _Replay:
    """The session as the screens saw it, event by event, holding only accepted events."""

    def __init__(self, round_of: dict[str, str], number_of: dict[str, int]) -> None:
        # every option's round and every round's number, as recorded at any time: for messages
        self.round_of, self.number_of = round_of, number_of
        self.refused: list[Refusal] = []
        self.moment: dict[str, tuple[str, int, Row, dict[tuple[object, ...], int]]] = {}
        self.live: dict[str, dict[str, Row]] = {name: {} for name in KEYS}
        self.removed: dict[str, set[str]] = {name: set() for name in KEYS}
        self.issues: dict[str, Issue] = {}
        self.hold = ""  # settings.csv's hold_phone_issues, as last set ("" never set)
        self.rounds: dict[str, Round] = {}
        self.options: dict[str, dict[str, Option]] = {}  # round id -> option id -> option
        self.option_rows: list[Row] = []
        self.vote_rows: list[Row] = []
        self.dots: dict[tuple[str, str, str, str], dict[str, int]] = {}
        self.checks: dict[str, Callable[[Row], str]] = {
            "issues": lambda row: issue_refusal(row, self.issues),
            "rounds": self._round, "options": self._option, "votes": self._vote,
            "ratings": self._rating, "actions": self._action,
            "participants": lambda row: participant_refusal(row, self.live["participants"]),
            "settings": lambda row: setting_refusal(row, dots_cast=bool(self.vote_rows)),
        }  # fmt: skip

    def take(self, table: str, index: int, row: Row) -> None:
        copy = self._copied(table, index, row)
        if copy >= 0:
            rule = "this row repeats another, event for event, with a new event id (a copied row)"
            self.refused.append(Refusal(table, index, rule, same_as=copy))
            return
        if self._unheld(table, row) and not self._check(table, held := dict(row, event="held")):
            # privacy first: what a phone sent while holding was on waits for the check
            why = ("it raises an issue sent from a phone while phones' issues were held for "
                   "the facilitator's check, without holding it")  # fmt: skip
            todo = "it is counted as held: show it on the issues screen if the room may see it"
            self.refused.append(Refusal(table, index, why, todo, counted_as=held))
            self._apply(table, held)
            return
        why = self._check(table, row)
        if why and table == "issues" and row["event"] == "hidden" and self._hides(row):
            # privacy first: a hiding always hides the issue, as it was before the row
            before = self.issues[row["issue_id"]]
            kept = dict(row, **replace(before, hidden=True, shortlisted=False).values())
            why += "; the issue is hidden as it was, and the rest of the row is not counted"
            todo = "if it was meant to change more, make that change on the issue board"
            self.refused.append(Refusal(table, index, why, todo, counted_as=kept))
            self._apply(table, kept)
        elif why:
            self.refused.append(Refusal(table, index, why))
        else:
            self._apply(table, row)

    def _unheld(self, table: str, row: Row) -> bool:
        return (table == "issues" and row["event"] == "raised" and row["channel"] == "device"
                and self.hold == "true")  # fmt: skip

    def _hides(self, row: Row) -> bool:
        issue = self.issues.get(row["issue_id"])
        return issue is not None and not issue.hidden

    def _check(self, table: str, row: Row) -> str:
        if table in self.checks:
            return self.checks[table](row)
        return self._entity(row, table) if table in KEYS else ""

    def _copied(self, table: str, index: int, row: Row) -> int:
        """The row this one copies (all but its event id the same), or -1. A copy has its
        original's timestamp, and rows in time order put the two side by side, so only the
        rows of one moment are compared (the toolkit gives each row its own)."""
        moment = self.moment.get(table)
        if moment is None or moment[0] != row["timestamp"]:
            self.moment[table] = (row["timestamp"], index, row, {})
            return -1
        _, first_index, first_row, seen = moment
        if not seen:
            seen[_content(first_row)] = first_index
        first = seen.setdefault(_content(row), index)
        return first if first != index else -1

    # Each check returns why the rules refuse the row, or "" when they accept it.

    def _entity(self, row: Row, table: str) -> str:
        """Groups, agenda steps, stakeholders, notes...: edits of what exists."""
        known = self.live[table].get(row[KEYS[table]])
        thing = KEYS[table].removesuffix("_id").replace("_", " ")
        if row["event"] in FIRST_EVENTS[table]:
            return f"{thing} {row[KEYS[table]]!r} was {row['event']} twice" if known else ""
        if row["event"] == "restored":
            return (
                ""
                if row[KEYS[table]] in self.removed[table]
                else (f"it restores {thing} {row[KEYS[table]]!r}, which had not been removed")
            )
        if known is None:
            return f"it is '{row['event']}' for {thing} {row[KEYS[table]]!r}, which did not exist"
        return ""

    def _action(self, row: Row) -> str:
        issue = row["issue_id"]
        if row["event"] == "proposed" and issue and issue not in self.issues:
            return f"it answers issue {issue!r}, which had not been raised"
        return self._entity(row, "actions")

    def _round(self, row: Row) -> str:
        voting = Voting(option_rows=tuple(self.option_rows), vote_rows=tuple(self.vote_rows),
                        _rounds=self.rounds)  # fmt: skip
        return round_refusal(row, voting, self.options.get(row["round_id"], {}))

    def _option(self, row: Row) -> str:
        why = self._entity(row, "options")
        r = self.rounds.get(row["round_id"])
        if not why and r is not None and r.status != "draft":
            why = f"round {r.number}'s options cannot change once it has opened"
        if not why and row["event"] != "removed":
            # options come before their round's row: its number is the one recorded for it
            number = r.number if r else self.number_of.get(row["round_id"])
            named = f"round {number}" if number else f"round {row['round_id']!r}"
            why = option_issue_refusal(row, self.options.get(row["round_id"], {}), named)
        return why

    def _vote(self, row: Row) -> str:
        r = self.rounds.get(row["round_id"])
        if r is None:
            return f"round {row['round_id']!r} had not been created when this dot was recorded"
        if r.status != "open":
            return f"round {r.number} was {r.status}, not open, when this dot was recorded"
        options = self.options.get(r.round_id, {})
        if row["option_id"] not in options:
            other = self.number_of.get(self.round_of.get(row["option_id"], ""))
            where = f"an option of round {other}" if other else "not an option of any round"
            if other == r.number:
                where = "an option taken out of the round"
            return f"option {row['option_id']!r} is {where}, not of round {r.number}"
        if row["channel"] == "paper":
            return self._paper(row, r)
        why = self._voter(row)
        if why:
            return why
        if row["dots"] != 1:
            return f"a ballot records one dot a row, and this row has {row['dots']}"
        mine = self.dots.get(_voter(row), {})
        try:  # the ballot's own rules, as on a phone or the facilitator's screen
            check_dot(r, options, mine, row["option_id"], row["event"] == "cast")
        except VotingError as exc:
            return _BALLOT_RULES.get(exc.key, sentence(exc)).format(
                dots=r.rules.dots, cap=r.rules.per_option, number=r.number
            )
        return ""

    def _paper(self, row: Row, r: Round) -> str:
        if row["participant_id"]:
            return "a paper tally is a group's count, yet this row names a participant"
        if row["event"] == "cast" and row["dots"] > PAPER_LIMIT:
            return f"a paper tally row holds at most {PAPER_LIMIT} dots, and this one {row['dots']}"
        had = self.dots.get(_voter(row), {}).get(row["option_id"], 0)
        if row["event"] == "withdrawn" and row["dots"] > had:
            return f"it takes back {row['dots']} paper dots where {had} had been entered"
        return ""

    def _voter(self, row: Row) -> str:
        """A ballot's dot is a participant's, in the group they were in at the time."""
        person = self.live["participants"].get(row["participant_id"] or "")
        if person is None:
            return f"participant {row['participant_id']!r} had not joined"
        if (person["group_id"] or "") != (row["group_id"] or ""):
            return (f"it counts participant {row['participant_id']!r} in group "
                    f"{row['group_id']!r}, but participants.csv had them in group "
                    f"{person['group_id']!r} then")  # fmt: skip
        return ""

    def _rating(self, row: Row) -> str:
        if row["issue_id"] not in self.issues:
            return f"it rates issue {row['issue_id']!r}, which had not been raised"
        return self._voter(row) if row["participant_id"] else ""

    # Taking in an accepted event

    def _apply(self, table: str, row: Row) -> None:
        if table == "votes":  # first: nearly every event is a dot
            self.vote_rows.append(row)
            mine = self.dots.setdefault(_voter(row), {})
            step = row["dots"] if row["event"] == "cast" else -row["dots"]
            mine[row["option_id"]] = mine.get(row["option_id"], 0) + step
            if not mine[row["option_id"]]:
                del mine[row["option_id"]]
            return
        if table in KEYS:
            live, key = self.live[table], row[KEYS[table]]
            if row["event"] in ("removed", "left"):
                live.pop(key, None)
                self.removed[table].add(key)
            else:
                live[key] = row
                self.removed[table].discard(key)
        if table == "issues":
            self.issues[row["issue_id"]] = after_event(self.issues.get(row["issue_id"]), row)
        elif table == "settings" and row["key"] == HOLD_KEY:
            self.hold = str(row["value"]).casefold()
        elif table == "rounds":
            self.rounds[row["round_id"]] = Round.from_row(row)
        elif table == "options":
            self.option_rows.append(row)
            by_id = self.options.setdefault(row["round_id"], {})
            if row["event"] == "removed":
                by_id.pop(row["option_id"], None)
            else:
                by_id[row["option_id"]] = Option(
                    row["option_id"],
                    row["round_id"],
                    row["label"],
                    row["issue_id"] or "",
                    row["position"] or 1,
                )
                self.options[row["round_id"]] = dict(
                    sorted(by_id.items(), key=lambda o: o[1].position)
                )


_BALLOT_RULES = {
    "vote.spent": "the voter had already used all {dots} dots of round {number}",
    "vote.cap": "the voter already had {cap} dot(s) on this option, the most on one option "
    "in round {number}",
    "vote.nothing_back": "it takes back a dot the voter had not cast on this option",
}


def _content(row: Row) -> tuple[object, ...]:
    return tuple(v for k, v in row.items() if k != "event_id")


def _voter(row: Row) -> tuple[str, str, str, str]:
    return (row["round_id"], row["participant_id"] or "", row["group_id"] or "",
            row["channel"] or "")  # fmt: skip
