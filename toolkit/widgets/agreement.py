"""After a reveal: where the groups agree and differ, how each ranks the options, and, from
the second round, how their priorities moved. Every chart is described in words too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toolkit import charts
from toolkit.agreement import (
    agree_lines,
    differ_lines,
    group_name,
    pair_line,
    round_agreement,
    round_shift,
    shift_lines,
)
from toolkit.domain.results import display, group_members
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts


def agreement_html(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int, texts: Texts = ENGLISH
) -> str:
    """The agreement section for the last revealed round ('' before any reveal)."""
    revealed = [r for r in state.voting.rounds if r.status == "revealed"]
    if not revealed:
        return ""
    shown = display(state, groups, threshold)  # merges and threshold the facilitator set
    groups, threshold, members = shown.groups, shown.threshold, group_members(state)
    last = revealed[-1]
    ra = round_agreement(state.voting, last.round_id, groups, members, threshold)
    notes = shown.notes(texts)
    parts = [
        "<div class='toolkit-agreement'>",
        f"<p class='toolkit-method toolkit-display'>{escape(' '.join(notes))}</p>" if notes else "",
        _list(texts.say("projector.agree"), agree_lines(ra, texts)),
        _list(texts.say("projector.differ"), differ_lines(ra, texts)),
        "</div>",
    ]
    if len(ra.groups) >= 2:
        parts += [
            f"<h2>{escape(texts.say('agree.ranks_title', number=last.number))}</h2>",
            charts.to_svg(charts.agreement_ranks(ra, groups, width=900, texts=texts)),
            _words([pair_line(p, texts) for p in ra.pairs] + [texts.say("agree.ranks_words")]),
        ]
    if len(revealed) >= 2:
        shift = round_shift(state.voting, revealed[-2].round_id, last.round_id, groups,
                            members, threshold)  # fmt: skip
        if shift.groups and shift.options:  # else there is no line to draw
            title = texts.say(
                "agree.shift_title", first=shift.first_round, second=shift.second_round
            )
            chart = charts.agreement_shift(shift, ra, groups, texts=texts)
            parts += [
                f"<h2>{escape(title)}</h2>",
                charts.to_svg(chart),
                _words(shift_lines(shift, texts)),
            ]
    left_out = [f"{group_name(lo.group, texts)}: {lo.said(texts)}" for lo in ra.left_out]
    methods = texts.say(
        "agree.methods", tau_b=texts.say("agree.method_tau_b"), p=texts.say("agree.method_p")
    )
    parts.append("<p class='toolkit-method'>" + escape(f"{methods} " + " ".join(left_out)) + "</p>")
    return "".join(parts)


def _list(title: str, lines: list[str]) -> str:
    rule, *items = lines if len(lines) > 1 else ("", *lines)
    entries = "".join(f"<li>{escape(line)}</li>" for line in items)
    note = f"<p class='toolkit-method'>{escape(rule)}</p>" if rule else ""
    return f"<section><h2>{escape(title)}</h2><ul>{entries}</ul>{note}</section>"


def _words(lines: list[str]) -> str:
    return "<p class='toolkit-summary'>" + escape(" ".join(lines)) + "</p>"
