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
    return "".join(_parts(state, groups, threshold, texts, slide=False))


def agreement_pages(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int, texts: Texts = ENGLISH
) -> list[str]:
    """The same as slides for the projector, a page each: where the groups agree and differ,
    how each ranks the options, how they moved; the charts' words for screen readers."""
    return _parts(state, groups, threshold, texts, slide=True)


def _parts(
    state: SessionState,
    groups: Sequence[GroupSpec],
    threshold: int,
    texts: Texts,
    slide: bool,
) -> list[str]:
    revealed = [r for r in state.voting.rounds if r.status == "revealed"]
    if not revealed:
        return []
    shown = display(state, groups, threshold)  # merges and threshold the facilitator set
    groups, threshold, members = shown.groups, shown.threshold, group_members(state)
    last = revealed[-1]
    ra = round_agreement(state.voting, last.round_id, groups, members, threshold)
    notes = shown.notes(texts)
    left_out = [f"{group_name(lo.group, texts)}: {lo.said(texts)}" for lo in ra.left_out]
    methods = texts.say(
        "agree.methods", tau_b=texts.say("agree.method_tau_b"), p=texts.say("agree.method_p")
    )
    method = "<p class='toolkit-method'>" + escape(f"{methods} " + " ".join(left_out)) + "</p>"
    display_note = (
        f"<p class='toolkit-method toolkit-display'>{escape(' '.join(notes))}</p>" if notes else ""
    )
    parts = [
        "<div class='toolkit-agreement'>"
        + display_note
        + _list(texts.say("projector.agree"), agree_lines(ra, texts))
        + _list(texts.say("projector.differ"), differ_lines(ra, texts))
        + "</div>"
        + (method if slide else "")
    ]
    if len(ra.groups) >= 2:
        chart = (
            charts.agreement_ranks(ra, groups, 700, texts, height=min(480, 80 * len(ra.options)),
                                   wrap=30)
            if slide else charts.agreement_ranks(ra, groups, width=900, texts=texts)
        )  # fmt: skip
        said = [pair_line(p, texts) for p in ra.pairs] + [texts.say("agree.ranks_words")]
        title = escape(texts.say("agree.ranks_title", number=last.number))
        parts.append(f"<h2>{title}</h2>" + charts.to_svg(chart) + _words(said, slide))
    if len(revealed) >= 2:
        shift = round_shift(state.voting, revealed[-2].round_id, last.round_id, groups,
                            members, threshold)  # fmt: skip
        if shift.groups and shift.options:  # else there is no line to draw
            title = texts.say(
                "agree.shift_title", first=shift.first_round, second=shift.second_round
            )
            if slide:  # the room reads the shift in words; the chart's line names are small
                items = "".join(f"<li>{escape(line)}</li>" for line in shift_lines(shift, texts))
                parts.append(f"<h2>{escape(title)}</h2><ul class='toolkit-shift'>{items}</ul>")
            else:
                shifted = charts.agreement_shift(shift, ra, groups, texts=texts)
                parts.append(f"<h2>{escape(title)}</h2>" + charts.to_svg(shifted)
                             + _words(shift_lines(shift, texts)))  # fmt: skip
    if not slide:
        parts.append(method)
    return parts


def _list(title: str, lines: list[str]) -> str:
    rule, *items = lines if len(lines) > 1 else ("", *lines)
    entries = "".join(f"<li>{escape(line)}</li>" for line in items)
    note = f"<p class='toolkit-method'>{escape(rule)}</p>" if rule else ""
    return f"<section><h2>{escape(title)}</h2><ul>{entries}</ul>{note}</section>"


def _words(lines: list[str], hidden: bool = False) -> str:
    """A chart in words: on the slide, for screen readers only."""
    shown = "toolkit-summary toolkit-sr-only" if hidden else "toolkit-summary"
    return f"<p class='{shown}'>" + escape(" ".join(lines)) + "</p>"
