"""After a reveal: where the groups agree and differ, how each ranks the options, and, from
the second round, how their priorities moved. Every chart is described in words too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toolkit import charts
from toolkit.analysis.agreement_between_rounds import round_shift
from toolkit.analysis.agreement_figures import RoundAgreement
from toolkit.analysis.agreement_in_round import round_agreement
from toolkit.analysis.agreement_sentences import (
    agree_lines,
    differ_lines,
    group_name,
    pair_line,
    shift_lines,
)
from toolkit.charts.browser import browser_chart
from toolkit.domain.results import display
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts, Words


def agreement_html(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int, texts: Texts = ENGLISH
) -> str:
    """The agreement section for the last revealed round ('' before any reveal)."""
    return "".join(_parts(state, groups, threshold, texts, slide=False))


def agreement_pages(
    state: SessionState, groups: Sequence[GroupSpec], threshold: int, texts: Texts = ENGLISH
) -> list[str]:
    """The same as slides for the projector, a page each: where the groups agree and differ,
    how each ranks the options (the chart, then its sentences, large), how they moved. The
    room reads words: no method's name and no coefficient (the console and the report give
    them), and a pair of groups in a round reads the same on every page."""
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
    groups, threshold = shown.groups, shown.threshold
    last = revealed[-1]
    ra = round_agreement(state.voting, last.round_id, groups, threshold)
    notes = shown.notes(texts)
    figures = not slide
    display_note = (
        f"<p class='toolkit-method toolkit-display'>{escape(' '.join(notes))}</p>" if notes else ""
    )
    parts = [
        "<div class='toolkit-agreement'>"
        + display_note
        + _list(texts.say("projector.agree"), agree_lines(ra, texts, figures))
        + _list(texts.say("projector.differ"), differ_lines(ra, texts))
        + "</div>"
        + (_note(_left_out(ra, texts, slide)) if slide else "")
    ]
    if len(ra.groups) >= 2:
        chart = (
            charts.agreement_ranks(ra, groups, 700, texts, height=min(480, 80 * len(ra.options)),
                                   wrap=30)
            if slide else charts.agreement_ranks(ra, groups, width=900, texts=texts)
        )  # fmt: skip
        said = [pair_line(p, texts, figures) for p in ra.pairs]
        title = f"<h2>{escape(texts.say('agree.ranks_title', number=last.number))}</h2>"
        if slide:  # the chart, then what it says in sentences the room can read aloud
            described = _words([texts.say("agree.ranks_words")], hidden=True)
            parts.append(title + browser_chart(chart) + described)
            parts += [title + _said(page) for page in _by(said, SAID_PER_PAGE)]
        else:
            parts.append(title + browser_chart(chart)
                         + _words([*said, texts.say("agree.ranks_words")]))  # fmt: skip
    if len(revealed) >= 2:
        shift = round_shift(state.voting, revealed[-2].round_id, last.round_id, groups,
                            threshold)  # fmt: skip
        if shift.groups and shift.options:  # else there is no line to draw
            title = texts.say(
                "agree.shift_title", first=shift.first_round, second=shift.second_round
            )
            lines = shift_lines(shift, texts, figures)
            if slide:  # the room reads the shift in words; the chart's line names are small
                parts.append(f"<h2>{escape(title)}</h2>" + _said(lines, "toolkit-shift"))
            else:
                shifted = charts.agreement_shift(shift, ra, groups, texts=texts)
                parts.append(f"<h2>{escape(title)}</h2>" + browser_chart(shifted)
                             + _words(lines))  # fmt: skip
    if not slide:
        methods = texts.say(
            "agree.methods", tau_b=texts.say("agree.method_tau_b"), p=texts.say("agree.method_p")
        )
        parts.append(_note([methods, *_left_out(ra, texts, slide)]))
    return parts


SAID_PER_PAGE = 4  # sentences on a page, in the projector's large type


def _left_out(ra: RoundAgreement, texts: Texts, slide: bool) -> list[str]:
    """Why a group is left out of the comparisons; on the projector without the names of
    measures the room is not shown."""
    said = []
    for lo in ra.left_out:
        why = lo.said(texts)
        if slide and lo.why is not None and lo.why.key == "left_out.paper":
            why = Words("left_out.paper_room", lo.why.values).say(texts)
        said.append(f"{group_name(lo.group, texts)}: {why}")
    return said


def _note(lines: list[str]) -> str:
    return f"<p class='toolkit-method'>{escape(' '.join(lines))}</p>" if lines else ""


def _said(lines: list[str], kind: str = "toolkit-ranking") -> str:
    """Sentences for the room, drawn large on the slide (not only for screen readers)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f"<ul class='toolkit-said {kind}'>{items}</ul>"


def _by(lines: list[str], size: int) -> list[list[str]]:
    return [lines[n : n + size] for n in range(0, len(lines), size)]


def _list(title: str, lines: list[str]) -> str:
    rule, *items = lines if len(lines) > 1 else ("", *lines)
    entries = "".join(f"<li>{escape(line)}</li>" for line in items)
    note = f"<p class='toolkit-method'>{escape(rule)}</p>" if rule else ""
    return f"<section><h2>{escape(title)}</h2><ul>{entries}</ul>{note}</section>"


def _words(lines: list[str], hidden: bool = False) -> str:
    """A chart in words: on the slide, for screen readers only."""
    shown = "toolkit-summary toolkit-sr-only" if hidden else "toolkit-summary"
    return f"<p class='{shown}'>" + escape(" ".join(lines)) + "</p>"
