"""The issues screen's tables: every issue and what became of it, and the priority scores
under each rule. All typed text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toolkit.domain.events import Row
from toolkit.domain.issues import MOSCOW_LABELS, IssueBoard
from toolkit.domain.priorities import RULES, ranking, scores
from toolkit.domain.template import GroupSpec


def board_table(board: IssueBoard, groups: Sequence[GroupSpec]) -> str:
    """Every issue raised and what became of it; all typed text escaped."""
    letters = {g.id: g.letter for g in groups}
    rows = []
    for issue in board.all:
        n = board.number(issue.issue_id)
        raisers = " ".join(letters.get(g, "?") for g in board.groups(issue.issue_id)) or "room"
        if issue.hidden:
            status = "hidden"
        elif issue.held:
            status = "waiting for your check"
        elif issue.merged_into:
            status = f"merged into {board.number(issue.merged_into)}"
        else:
            merged = [str(board.number(s.issue_id)) for s in board.sources(issue.issue_id)]
            status = "shortlisted" if issue.shortlisted else "on the board"
            if merged:
                status += f"; includes {', '.join(merged)}"
        css = " class='toolkit-removed'" if not issue.active else ""
        cells = [
            str(n),
            issue.text,
            issue.category,
            raisers,
            issue.channel,
            MOSCOW_LABELS.get(issue.moscow, ""),
            status,
        ]
        rows.append(f"<tr{css}>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    head = (
        "<tr><th>#</th><th>Issue</th><th>Category</th><th>Raised by</th><th>From</th>"
        "<th>MoSCoW</th><th>Status</th></tr>"
    )
    body = "".join(rows) or "<tr><td colspan='7'>No issues yet.</td></tr>"
    return f"<table class='toolkit-table'><thead>{head}</thead><tbody>{body}</tbody></table>"


def results_table(
    board: IssueBoard, current: Sequence[Row], active: list[str], rules: Sequence[str]
) -> str:
    """Each active issue's score under each rule, best first under the first rule."""
    by_rule = {r: scores(r, current, active) for r in rules}
    order = ranking(rules[0], current, active)
    head = (
        "<tr><th>#</th><th>Issue</th>"
        + "".join(f"<th title='{escape(RULES[r][1])}'>{escape(RULES[r][0])}</th>" for r in rules)
        + "</tr>"
    )
    body = "".join(
        f"<tr><td>{board.number(i)}</td><td>{escape(board.get(i).text)}</td>" + "".join(
            f"<td>{by_rule[r][i]:.2f}</td>" if i in by_rule[r] else "<td>-</td>" for r in rules)
        + "</tr>" for i in order)  # fmt: skip
    rules_text = " ".join(
        f"<li><b>{escape(RULES[r][0])}</b>: {escape(RULES[r][1])}</li>" for r in rules
    )
    return (
        f"<table class='toolkit-table'><thead>{head}</thead><tbody>{body}</tbody></table>"
        f"<ul class='toolkit-rules'>{rules_text}</ul>"
    )
