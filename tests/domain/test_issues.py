"""Issue rules: raising, moderation, merges and their trace, tags, the shortlist."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from toolkit.domain.issues import DuplicateIssueWarning, Issue, IssueBoard, IssueError

_ids = count(1)


def apply(board: IssueBoard, *changes: Any) -> IssueBoard:
    rows = [{"event_id": f"e{next(_ids)}", "event": c.event, **c.values()} for c in changes]
    return board.with_events(rows)


def board_of(*texts: str, groups: tuple[str, ...] = ()) -> IssueBoard:
    board = IssueBoard()
    for n, text in enumerate(texts, 1):
        group = groups[n - 1] if groups else ""
        board = apply(
            board, board.raise_issue(Issue(f"I{n}", text, group_id=group), allow_duplicate=True)
        )
    return board


@pytest.mark.parametrize(("text", "message"), [
    ("", "Write the issue first"),
    (" \n\t ", "Write the issue first"),
    ("x" * 301, "That is 301 characters; keep an issue under 301"),
])  # fmt: skip
def test_bad_issue_text_is_refused(text: str, message: str) -> None:
    with pytest.raises(IssueError, match=message):
        IssueBoard().raise_issue(Issue("I1", text))


def test_raising_closed_unknown_category_and_channel_are_refused() -> None:
    with pytest.raises(IssueError, match="Raising issues is closed for now"):
        IssueBoard().raise_issue(Issue("I1", "Damp"), is_open=False)
    with pytest.raises(IssueError, match="Unknown category 'Cats'"):
        IssueBoard().raise_issue(Issue("I1", "Damp", category="Cats"), categories=["Repairs"])
    with pytest.raises(IssueError, match="Unknown channel 'fax'"):
        IssueBoard().raise_issue(Issue("I1", "Damp", channel="fax"))


def test_duplicate_text_warns_and_can_be_confirmed() -> None:
    board = board_of("Repairs take too long")
    with pytest.raises(DuplicateIssueWarning, match="Issue 1 already says this"):
        board.raise_issue(Issue("I2", "  repairs TAKE too long! "))
    board = apply(
        board, board.raise_issue(Issue("I2", "repairs take too long!"), allow_duplicate=True)
    )
    assert [i.text for i in board.active] == ["Repairs take too long", "repairs take too long!"]


def test_a_raised_issue_cannot_arrive_hidden_merged_or_shortlisted() -> None:
    change = IssueBoard().raise_issue(
        Issue("I1", "Damp", hidden=True, merged_into="I9", shortlisted=True, moscow="must")
    )
    assert change.issue == Issue("I1", "Damp")


def test_hide_and_unhide() -> None:
    board = board_of("Damp", "Mr Smith at no. 4 is rude")
    board = apply(board, board.hide("I2"))
    assert [i.issue_id for i in board.active] == ["I1"]
    with pytest.raises(IssueError, match="already hidden"):
        board.hide("I2")
    board = apply(board, board.unhide("I2"))
    assert [i.issue_id for i in board.active] == ["I1", "I2"]


def test_merge_keeps_the_trace_and_groups_and_can_be_undone() -> None:
    board = board_of(
        "Repairs slow",
        "Slow repairs",
        "Damp",
        "Repairs take ages",
        groups=("tenants", "staff", "tenants", "managers"),
    )
    board = apply(board, board.merge("I2", "I1"))
    board = apply(board, board.merge("I1", "I4"))  # a merged issue's sources follow it
    assert [i.issue_id for i in board.sources("I4")] == ["I1", "I2"]
    assert board.groups("I4") == ("managers", "tenants", "staff")
    assert [i.issue_id for i in board.active] == ["I3", "I4"]
    board = apply(board, board.unmerge("I1"))
    assert [i.issue_id for i in board.active] == ["I1", "I3", "I4"]
    assert board.groups("I1") == ("tenants", "staff")
    assert [e["event"] for e in board.events][-3:] == ["merged", "merged", "unmerged"]


@pytest.mark.parametrize(("setup", "source", "target", "message"), [
    ((), "I1", "I1", "Issue 1 cannot be merged into itself"),
    (("hide I2",), "I1", "I2", "Hidden issues cannot be merged"),
    (("hide I1",), "I1", "I2", "Hidden issues cannot be merged"),
    (("merge I2 I3",), "I1", "I2", "Issue 2 is itself merged into issue 3; merge into that"),
    (("merge I1 I3",), "I1", "I2", "Issue 1 is already merged into issue 3; undo that merge"),
    ((), "I1", "I9", "That issue is not on the board"),
])  # fmt: skip
def test_bad_merges_are_refused(
    setup: tuple[str, ...], source: str, target: str, message: str
) -> None:
    board = board_of("A", "B", "C")
    for step in setup:
        verb, *ids = step.split()
        board = apply(board, getattr(board, verb)(*ids))
    with pytest.raises(IssueError, match=message):
        board.merge(source, target)


def test_edit_and_tag() -> None:
    board = board_of("Damp")
    board = apply(board, board.edit("I1", " Damp  in the flats ", "Repairs", ["Repairs"]))
    assert (board.get("I1").text, board.get("I1").category) == ("Damp in the flats", "Repairs")
    with pytest.raises(IssueError, match="Nothing changed"):
        board.edit("I1", "Damp in the flats", "Repairs")
    board = apply(board, board.tag("I1", "must"))
    assert board.get("I1").moscow == "must"
    with pytest.raises(IssueError, match="MoSCoW tag must be one of must, should"):
        board.tag("I1", "maybe")


def test_shortlist_and_backlog_never_lose_an_issue() -> None:
    board = board_of("A", "B", "C", "D")
    board = apply(board, board.merge("I4", "I1"))
    board = apply(board, *board.set_shortlist(["I1", "I3"]))
    assert [i.issue_id for i in board.shortlist] == ["I1", "I3"]
    assert [i.issue_id for i in board.backlog] == ["I2"]
    board = apply(board, *board.set_shortlist(["I2", "I3"]))
    assert [i.issue_id for i in board.shortlist] == ["I2", "I3"]
    assert len(board.all) == 4
    with pytest.raises(IssueError, match="never reduced to a single item"):
        board.set_shortlist(["I2"])
    with pytest.raises(IssueError, match="Issue 4 is merged into another issue"):
        board.set_shortlist(["I2", "I4"])
    with pytest.raises(IssueError, match="already exactly these"):
        board.set_shortlist(["I3", "I2"])


def test_hiding_a_shortlisted_issue_takes_it_off_the_shortlist() -> None:
    board = board_of("A", "B", "C")
    board = apply(board, *board.set_shortlist(["I1", "I2"]))
    board = apply(board, board.hide("I1"))
    assert [i.issue_id for i in board.shortlist] == ["I2"]
