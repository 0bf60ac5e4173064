"""The rules a replayed event is checked against, for settings, participants, issues, options
and rounds: each function takes what the replay has accepted so far and one row, and says
why the rules refuse the row, in words ('' when they accept it). `toolkit.domain.replay`
replays the events in time order and holds what was accepted."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from toolkit.domain.display import MERGES_KEY, THRESHOLD_KEY
from toolkit.domain.events import Row
from toolkit.domain.issues import Issue, IssueBoard, IssueChange, IssueError, tidy
from toolkit.domain.options import Option
from toolkit.domain.texts import TextError
from toolkit.domain.voting import Round, Voting, VotingError
from toolkit.domain.voting_rules import ONE_OPTION_PER_ISSUE

# The console's merges and lowered threshold, accepted only before the first dot (display.py).
FIXED_AT_FIRST_DOT = (MERGES_KEY, THRESHOLD_KEY)
# What the screens record of a participant: a join, from the phones' join form or the
# console's "add a person without a phone". Neither edits nor removes anyone, and a join
# form sent twice is refused by the phones' server, so a second join is a hand edit too.
PARTICIPANT_EVENTS = ("joined",)


def setting_refusal(row: Row, dots_cast: bool) -> str:
    """The groups shown in the results are fixed from the session's first dot (on any
    channel; a dot taken back still was cast), as the console's own check has it."""
    if dots_cast and row["key"] in FIXED_AT_FIRST_DOT:
        return (
            f"it changes {row['key']} after the first dot of the session was cast; the "
            "groups shown in the results are fixed for the whole session from then on"
        )
    return ""


def participant_refusal(row: Row, joined: Mapping[str, Row]) -> str:
    """A participant joins once, and stays as they joined: `joined` holds the joins accepted."""
    pid, event = row["participant_id"], row["event"]
    if event not in PARTICIPANT_EVENTS:
        return (f"no screen records a participant's {event!r} event; a participant stays as "
                "they joined for the whole session")  # fmt: skip
    before = joined.get(pid)
    if before is None:
        return ""
    if (before["group_id"] or "") != (row["group_id"] or ""):
        return (f"participant {pid!r} joins again, in group {row['group_id']!r} after "
                f"{before['group_id']!r}; a participant joins once, in one group")  # fmt: skip
    return f"participant {pid!r} joins again; a participant joins once"


def option_issue_refusal(row: Row, options: Mapping[str, Option], round_named: str) -> str:
    """One option per issue in a round: `options` are the round's live options."""
    issue, oid = row["issue_id"] or "", row["option_id"]
    same = [o.option_id for o in options.values() if o.issue_id == issue and o.option_id != oid]
    if not issue or not same:
        return ""
    return (f"option {oid!r} is for issue {issue!r}, as option {same[0]!r} of {round_named} "
            f"already is; {ONE_OPTION_PER_ISSUE}")  # fmt: skip


def issue_refusal(row: Row, issues: Mapping[str, Issue]) -> str:
    """An issue event as the issue board makes it, from the issues as they were."""
    board = IssueBoard((), dict(issues))
    issue_id, event = row["issue_id"], row["event"]
    if event not in ("raised", "held") and issue_id not in issues:
        return f"it is '{event}' for issue {issue_id!r}, which had not been raised"
    expect: Callable[[], IssueChange] = {
        "raised": lambda: board.raise_issue(Issue.from_row(row), allow_duplicate=True),
        "held": lambda: board.raise_issue(Issue.from_row(row), allow_duplicate=True, held=True),
        "shown": lambda: board.show(issue_id),
        "edited": lambda: board.edit(issue_id, row["text"], row["category"] or ""),
        "hidden": lambda: board.hide(issue_id),
        "unhidden": lambda: board.unhide(issue_id),
        "merged": lambda: board.merge(issue_id, row["merged_into"] or ""),
        "unmerged": lambda: board.unmerge(issue_id),
        "tagged": lambda: board.tag(issue_id, row["moscow"] or ""),
        "shortlisted": lambda: board.shortlisting(issue_id, True),
        "unshortlisted": lambda: board.shortlisting(issue_id, False),
    }[event]
    try:
        change = expect()
    except IssueError as exc:
        if event == "edited" and str(exc).startswith("Nothing changed"):
            change = IssueChange("edited", issues[issue_id])
        else:
            return sentence(exc)
    # held is no cell of the row: the events say it, as the change has it
    got = replace(Issue.from_row(row), held=change.issue.held)
    if event == "hidden":  # a hiding always hides, whatever its row's hidden cell says
        got = replace(got, hidden=True)
    return _differences(event, change.issue, got)


def round_refusal(row: Row, voting: Voting, options: Mapping[str, Option]) -> str:
    """A round event as the voting screen makes it: `voting` the rounds, options and dots
    accepted so far, `options` the round's live options in ballot order."""
    rid, event = row["round_id"], row["event"]
    rounds = {r.round_id for r in voting.rounds}
    if event != "created" and rid not in rounds:
        return f"it is '{event}' for round {rid!r}, which had not been created"
    got = Round.from_row(row)
    try:
        if event == "created":
            if rid in rounds:
                return f"round {rid!r} was created twice"
            labels = [(o.label, o.issue_id) for o in options.values()]
            values = voting.new_round(rid, labels, got.rules, list(options))[-1].values
        elif event == "rules_changed":
            values = voting.change_rules(rid, got.rules).values
        else:
            to = "open" if event == "opened" else event
            values = voting.advance(rid, to).values
    except VotingError as exc:
        return sentence(exc)
    expected = Round.from_row(values)
    if got != expected:
        return (f"round {expected.number} would then be {_round_words(expected)}, but the "
                f"row says {_round_words(got)}")  # fmt: skip
    return ""


def sentence(exc: TextError) -> str:
    """A screen's error message as part of a refusal's sentence."""
    text = str(exc).strip()
    return text[:1].lower() + text[1:].rstrip(".")


def _round_words(r: Round) -> str:
    rules = r.rules
    return (f"{r.status}, round {r.number}, {rules.dots} dots, at most {rules.cap} on one "
            f"option, stacking {'on' if rules.stacking else 'off'}, at least {rules.min_spend} "
            "to spend")  # fmt: skip


def _differences(event: str, expected: Issue, got: Issue) -> str:
    """Why an issue row is not what its event makes of the issue ('' if it is)."""
    expected = replace(expected, text=tidy(expected.text))
    got = replace(got, text=tidy(got.text))
    changed = [  # an issue's words are never quoted: it may be one the facilitator hid
        name
        if name in ("text", "category")
        else f"{name} {_cell(getattr(got, name))} (it would be {_cell(getattr(expected, name))})"
        for name in Issue.__dataclass_fields__
        if getattr(got, name) != getattr(expected, name)
    ]
    if not changed:
        return ""
    if expected.hidden and not got.hidden and event != "hidden":
        return ("it shows a hidden issue again without an 'unhidden' event; a hidden issue "
                "stays hidden")  # fmt: skip
    return f"an '{event}' event cannot set " + "; ".join(changed)


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(str(value))
