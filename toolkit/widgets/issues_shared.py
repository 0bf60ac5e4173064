"""What the issues screen and its mixins share: who "the room" is as a raiser or rater, an
issue as their lists show it (number and words), and a change to the board as the rows of
issues.csv to record."""

from __future__ import annotations

from typing import Any

from toolkit.domain.issues import Issue, IssueBoard, IssueChange

ROOM = ""  # "raised by": nobody in particular
Events = list[tuple[str, str, dict[str, Any]]]  # (table, event, values) to record, in order


def issue_title(board: IssueBoard, issue: Issue) -> str:
    return f"{board.number(issue.issue_id)}. {issue.text}"


def issue_events(*changes: IssueChange) -> Events:
    return [("issues", c.event, c.values()) for c in changes]
