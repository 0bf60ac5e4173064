"""After a reveal: where the groups agree and differ, how each ranks the options, and, from
the second round, how their priorities moved. Every chart is described in words too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from toolkit import charts
from toolkit.agreement import (
    METHODS,
    agree_lines,
    differ_lines,
    pair_line,
    rank_rows,
    round_agreement,
    round_shift,
    shift_lines,
    shift_rows,
)
from toolkit.domain.results import group_members
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec


def agreement_html(state: SessionState, groups: Sequence[GroupSpec], threshold: int) -> str:
    """The agreement section for the last revealed round ('' before any reveal)."""
    revealed = [r for r in state.voting.rounds if r.status == "revealed"]
    if not revealed:
        return ""
    members = group_members(state)
    last = revealed[-1]
    ra = round_agreement(state.voting, last.round_id, groups, members, threshold)
    colours = [(g.name, g.colour) for g in groups if g.name in {p.group for p in ra.groups}]
    parts = [
        "<div class='toolkit-agreement'>",
        _list("Where we agree", agree_lines(ra)),
        _list("Where we differ", differ_lines(ra)),
        "</div>",
    ]
    if len(ra.groups) >= 2:
        frame = pd.DataFrame(rank_rows(ra))
        parts += [
            f"<h2>How each group ranks the options (round {last.number})</h2>",
            charts.to_svg(charts.group_ranks(frame, colours, width=900)),
            _words([pair_line(p) for p in ra.pairs] + [
                "Each line is an option; each mark is a group's rank of it (1 = most dots), so "
                "marks close together mean the groups rank that option alike."]),
        ]  # fmt: skip
    if len(revealed) >= 2:
        shift = round_shift(state.voting, revealed[-2].round_id, last.round_id, groups,
                            members, threshold)  # fmt: skip
        rows = shift_rows(shift)
        if rows:
            parts += [
                f"<h2>How priorities moved from round {shift.first_round} to "
                f"{shift.second_round}</h2>",
                charts.to_svg(charts.group_shift(pd.DataFrame(rows), colours)),
                _words(shift_lines(shift)),
            ]
    left_out = [f"{lo.group}: {lo.reason}" for lo in ra.left_out]
    parts.append(
        "<p class='toolkit-method'>"
        + escape(f"Methods: {METHODS['tau_b']}; {METHODS['p']}. " + " ".join(left_out))
        + "</p>"
    )
    return "".join(parts)


def _list(title: str, lines: list[str]) -> str:
    rule, *items = lines if len(lines) > 1 else ("", *lines)
    entries = "".join(f"<li>{escape(line)}</li>" for line in items)
    note = f"<p class='toolkit-method'>{escape(rule)}</p>" if rule else ""
    return f"<section><h2>{title}</h2><ul>{entries}</ul>{note}</section>"


def _words(lines: list[str]) -> str:
    return "<p class='toolkit-summary'>" + escape(" ".join(lines)) + "</p>"
