"""Dot-voting results: each option's bar, each group's part of it in its colour and letter."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

import altair as alt
import pandas as pd

from toolkit.charts.style import INK, LETTER_PIXELS, OTHER_COLOUR, PAPER, described, wrapped
from toolkit.domain.tally import Tally, result_rows
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER


def vote_results(
    frame: pd.DataFrame,
    groups: list[tuple[str, str]],
    mode: str = "raw",
    width: int = 520,
    stacked: bool = False,
    texts: Texts = ENGLISH,
    wrap: int = 0,
    longest: float = 0.0,
) -> alt.HConcatChart | alt.VConcatChart:
    """Dots per option split by group, one panel per round side by side (or one above the
    other when `stacked`, for a page), each with its own options (rounds rarely share them)
    on a common scale. Each group has its colour and its letter written in its part of the
    bar.

    `frame` has the columns of `toolkit.domain.voting.result_rows`; `groups` lists (name,
    colour) in order, 'Other groups' included when small groups were folded. `wrap` > 0
    wraps the options' names at that many characters instead of shortening them."""
    names = [n for n, _ in groups]
    big = 1.25 if wrap else 1.0  # a slide's words are larger beside its bars

    def size(px: int) -> int:
        return round(px * big)

    title = texts.say("chart.dots" if mode == "raw" else "chart.equal")
    colour = alt.Color(
        "group:N",
        title=texts.say("chart.group"),
        scale=alt.Scale(domain=names, range=[c for _, c in groups]),
        legend=alt.Legend(
            labelFontSize=size(20),
            titleFontSize=size(22),
            symbolSize=300,
            labelLimit=400,
            orient="bottom",
        ),
    )
    ticks = _ticks(max(longest, _longest(frame)))  # `longest`: the scale of a whole round
    x = alt.X(
        "sum(value):Q",
        title=title,
        stack="zero",
        scale=alt.Scale(domain=[0, ticks[-1]], nice=False),
        axis=alt.Axis(
            values=ticks,
            labelFontSize=size(20),
            titleFontSize=size(22),
            titleColor=INK,
            grid=False,
            tickMinStep=1,
            format="d",
        ),
    )
    panels = []
    rounds = list(dict.fromkeys(frame["round"])) or [""]
    for name in rounds:
        part = frame[frame["round"] == name]
        part = described(
            part, lambda r: f"{r['option']} · {r['group']}: {texts.number(r['value'])}"
        )
        order = list(dict.fromkeys(part.sort_values("position")["option"]))
        labels, lines = wrapped(order, wrap) if wrap else ("datum.label", 1)
        y = alt.Y(
            "option:N",
            scale=alt.Scale(domain=order),  # every option stays on y, even without dots
            sort=order,
            title=None,
            axis=alt.Axis(labelFontSize=size(24), labelLimit=wrap * 18 if wrap else 420,
                          labelColor=INK, labelExpr=labels),
        )  # fmt: skip
        base = alt.Chart(part).transform_filter("datum.value > 0")
        bars = base.mark_bar(stroke=INK, strokeWidth=1).encode(
            x=x,
            y=y,
            color=colour,
            order=alt.Order("group:O"),  # (as nominal, Vega-Lite draws the same and warns)
            tooltip=["option:N", "group:N", "value:Q"],
            description="said:N",
        )
        letters = base.mark_text(
            dx=-10, align="right", fontSize=size(22), fontWeight="bold", color=INK, aria=False
        ).encode(
            x=alt.X("sum(value):Q", stack="zero"),
            y=y,
            detail="group:N",
            text="letter:N",
            order=alt.Order("group:O"),  # (as nominal, Vega-Lite draws the same and warns)
        )
        panels.append(
            alt.layer(bars, letters).properties(
                width=width,
                height=alt.Step(max(48, size(26) * lines + 10)),
                title=alt.TitleParams(str(name), fontSize=size(32), color=INK, anchor="middle"),
            )
        )
    joined = alt.vconcat(*panels, spacing=30) if stacked else alt.hconcat(*panels, spacing=40)
    return cast(
        alt.HConcatChart | alt.VConcatChart,
        joined.resolve_scale(x="shared")
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )


def tally_results(
    tallies: Sequence[Tally],
    groups: Sequence[GroupSpec],
    mode: str,
    width: int = 1000,
    stacked: bool = False,
    texts: Texts = ENGLISH,
    wrap: int = 0,
    positions: range | None = None,
) -> alt.HConcatChart | alt.VConcatChart:
    """The revealed rounds side by side, or `stacked` one above the other with `width` each
    (`mode` 'raw' dots or 'equal' weight), small groups folded into 'Other groups' as the
    tallies fold them; `texts` gives the titles and Other groups' name; `wrap` as in
    `vote_results`. `positions` draws only the options at those places on the ballot (a
    page of a long round), on the scale of the whole round."""
    other = texts.say("chart.other")
    letters = {g.name: g.letter for g in groups} | {OTHER: "+"}
    rows = [
        row | {"group": other if row["group"] == OTHER else row["group"]}
        for t in tallies
        for row in result_rows(t, mode, letters, texts)
    ]
    shown = list(dict.fromkeys(other if g == OTHER else g for t in tallies for g in t.groups))
    colours = {g.name: g.colour for g in groups} | {other: OTHER_COLOUR}
    frame = pd.DataFrame(rows, columns=["round", "option", "position", "group", "letter", "value"])
    longest = _longest(frame)
    if positions is not None:
        frame = frame[frame["position"].isin(positions)]
    per_round = width if stacked else max(360, width // max(1, len(tallies)))  # fill the width
    frame = _letters_that_fit(frame, per_round, 1.25 if wrap else 1.0, longest)
    return vote_results(
        frame, [(g, colours[g]) for g in shown], mode, per_round, stacked, texts, wrap, longest
    )


def _longest(frame: pd.DataFrame) -> float:
    """The longest bar: an option's parts added up."""
    return float(frame.groupby(["round", "option"])["value"].sum().max()) if len(frame) else 0.0


def _ticks(longest: float, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 past the longest bar, at most `most` steps: chosen here
    rather than by Vega, whose last tick's label could touch the one before it."""
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10**9)
                if longest / s <= most)  # fmt: skip
    return list(range(0, math.ceil(max(longest, 1) / step) * step + 1, step))


def _letters_that_fit(
    frame: pd.DataFrame, width: int, big: float = 1.0, longest: float = 0.0
) -> pd.DataFrame:
    """A group's letter only on a part of a bar wide enough to hold it: on a narrower one it
    would overlap its neighbour's (the colour and the legend still say whose it is)."""
    if frame.empty:
        return frame
    longest = max(longest, _longest(frame)) or 1.0
    # The x scale is shared and ends at the tick past the longest bar: a lower bound.
    pixels = frame["value"] * width / (longest * 1.25)
    return frame.assign(letter=frame["letter"].where(pixels >= LETTER_PIXELS * big, ""))
