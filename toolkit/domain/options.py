"""What a round votes on: its options, and the number each is known by in the room."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from toolkit.domain.texts import ENGLISH


def named(number: str, label: str) -> str:
    """'7. Repairs take too long': an option's number and its words, as shown everywhere."""
    return f"{number}. {label}" if number else label


@dataclass(frozen=True)
class Option:
    option_id: str
    round_id: str
    label: str
    issue_id: str = ""
    position: int = 1
    number: str = ""  # as said in the room (`option_numbers`); derived, never recorded
    hidden: bool = False  # its issue is hidden now (`without_hidden_words`); derived too

    @property
    def named(self) -> str:
        return named(self.number, self.label)

    def values(self) -> dict[str, Any]:
        return {
            "option_id": self.option_id,
            "round_id": self.round_id,
            "label": self.label,
            "issue_id": self.issue_id,
            "position": self.position,
        }


def without_hidden_words(
    options: Iterable[Option], hidden: Container[str], label: str = ""
) -> tuple[Option, ...]:
    """The options as every surface shows them: one whose issue is in `hidden` (the issue
    board's hidden issues, `IssueBoard.hidden_ids`) says `label` (the template's
    'option.hidden') instead of its own words. An option copies its issue's words when its
    round is made, so an issue hidden later would otherwise stay on ballots, charts, tables
    and the report; its number and its dots stay, so the counts still add up."""
    label = label or ENGLISH.say("option.hidden")
    return tuple(
        replace(o, label=label, hidden=True) if o.issue_id and o.issue_id in hidden else o
        for o in options
    )


def option_numbers(
    rounds: Iterable[Sequence[Option]], issue_numbers: Mapping[str, int]
) -> dict[str, str]:
    """Each option's number as said in the room (option id -> number), the one every ballot,
    paper sheet, tally box, chart, sentence and report shows: `rounds` are the rounds'
    options, rounds in order and each in ballot order; `issue_numbers` the issue board's
    numbers (`IssueBoard.numbers`).

    An option of an issue has the issue's own number. An option with no issue (typed in
    when the round was made, or whose issue is not on the board) has a letter, A, B, ...,
    in the order such options first appeared, the same wording keeping its letter in later
    rounds. Why letters: issues are numbered 1, 2, 3 ... as they are raised, with no end,
    so any whole number given to a typed-in option could later be an issue's too; and
    being derived from options.csv, which only grows, a letter never changes and nothing
    new is recorded."""
    numbers: dict[str, str] = {}
    letters: dict[str, str] = {}
    for options in rounds:
        for o in options:
            if o.issue_id in issue_numbers:
                numbers[o.option_id] = str(issue_numbers[o.issue_id])
            else:
                words = " ".join(o.label.split()).casefold()
                letters.setdefault(words, _letters(len(letters) + 1))
                numbers[o.option_id] = letters[words]
    return numbers


def _letters(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA, as spreadsheet columns are named."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out
