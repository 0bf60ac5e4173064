"""After a reveal: where the groups agree and differ, how each ranks the options, and, from
the second round, how their priorities moved. Every chart is described in words too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toolkit import charts
from toolkit.agreement import (
    METHODS,
    agree_lines,
    differ_lines,
    pair_line,
    round_agreement,
    round_shift,
    shift_lines,
)
from toolkit.domain.results import group_members
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.widgets.svg import hide_empty_marks


def agreement_html(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int, texts: Texts = ENGLISH
) -> str:
    """The agreement section for the last revealed round ('' before any reveal)."""
    revealed = [r for r in state.voting.rounds if r.status == "revealed"]
    if not revealed:
        return ""
    members = group_members(state)
    last = revealed[-1]
    ra = round_agreement(state.voting, last.round_id, groups, members, threshold)
    parts = [
        "<div class='toolkit-agreement'>",
        _list(texts.say("projector.agree"), agree_lines(ra)),
        _list(texts.say("projector.differ"), differ_lines(ra)),
        "</div>",
    ]
    if len(ra.groups) >= 2:
        parts += [
            f"<h2>How each group ranks the options (round {last.number})</h2>",
            hide_empty_marks(charts.to_svg(charts.agreement_ranks(ra, groups, width=900))),
            _words([pair_line(p) for p in ra.pairs] + [charts.RANKS_WORDS]),
        ]
    if len(revealed) >= 2:
        shift = round_shift(state.voting, revealed[-2].round_id, last.round_id, groups,
                            members, threshold)  # fmt: skip
        if shift.groups and shift.options:  # else there is no line to draw
            parts += [
                f"<h2>How priorities moved from round {shift.first_round} to "
                f"{shift.second_round}</h2>",
                hide_empty_marks(charts.to_svg(charts.agreement_shift(shift, ra, groups))),
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
    return f"<section><h2>{escape(title)}</h2><ul>{entries}</ul>{note}</section>"


def _words(lines: list[str]) -> str:
    return "<p class='toolkit-summary'>" + escape(" ".join(lines)) + "</p>"
