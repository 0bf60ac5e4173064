"""How groups rank the options of a round, and how their ranks moved between two rounds."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

import altair as alt
import pandas as pd

from toolkit.charts.style import INK, PAPER, SHAPES, described
from toolkit.domain.stakeholders import wrap_lines
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts

if TYPE_CHECKING:  # the statistics layer loads only where agreement is computed
    from toolkit.analysis.agreement_figures import RoundAgreement, Shift


def _group_scales(
    groups: list[tuple[str, str]], texts: Texts = ENGLISH
) -> tuple[alt.Color, alt.Shape]:
    """Colour and shape per group, so colour is never the only cue."""
    names = [n for n, _ in groups]
    legend = alt.Legend(labelFontSize=20, titleFontSize=22, symbolSize=300, orient="bottom")
    colour = alt.Color(
        "group:N", title=texts.say("chart.group"), legend=legend,
        scale=alt.Scale(domain=names, range=[c for _, c in groups]),
    )  # fmt: skip
    shape = alt.Shape(
        "group:N", title=texts.say("chart.group"), legend=legend,
        scale=alt.Scale(domain=names, range=SHAPES[: len(names)]),
    )  # fmt: skip
    return colour, shape


def group_ranks(
    frame: pd.DataFrame,
    groups: list[tuple[str, str]],
    width: int = 520,
    texts: Texts = ENGLISH,
    height: int = 0,
    wrap: int = 0,
) -> alt.Chart:
    """Each group's rank of each option (1 = most dots) on one line per option, so options
    that groups rank alike have their marks together and contested ones spread apart.

    `frame` has the columns of `toolkit.analysis.agreement_rows.rank_rows` (option, position,
    group, rank); `groups` lists (name, colour) in order. `height` > 0 fits every option in
    that height (for a slide); `wrap` > 0 wraps the options' names at that many characters."""
    colour, shape = _group_scales(groups, texts)
    order = list(dict.fromkeys(frame.sort_values("position")["option"]))
    names = [n for n, _ in groups]
    # Ranks go up to the number of options (tied last shares the average rank, such as 7.5
    # of 8): the scale runs half a rank beyond, so no mark sits on the axis over the labels.
    top = math.ceil(float(frame["rank"].max())) if len(frame) else 2
    most = max(2, len(order), top)
    # Each option has a row; each group a lane within it, so tied marks sit one above the
    # other instead of hiding each other. The axis names the rows by their options.
    lane = 0.8 / max(1, len(names))
    frame = frame.assign(
        row=frame["option"].map({o: i for i, o in enumerate(order)}).astype(float),
        lane=lambda f: (
            f["row"]
            + (f["group"].map({n: i for i, n in enumerate(names)}) - (len(names) - 1) / 2) * lane
        ),
    )
    frame = described(frame, lambda r: texts.say(
        "chart.rank_said", r["dots"], option=r["option"], group=r["group"],
        rank=texts.number(r["rank"]), dots=r["dots"],
    ))  # fmt: skip
    lines = [wrap_lines(o, wrap, 3) if wrap else o for o in order]
    labels = json.dumps(lines) + "[datum.value]"
    # a row as tall as its longest wrapped name (22 px a line), so no two names overlap
    deepest = max((len(x) if isinstance(x, list) else 1 for x in lines), default=1)
    tallest = len(order) * (24 * deepest + 12)
    y_scale = alt.Scale(domain=[-0.5, len(order) - 0.5], reverse=True, nice=False, zero=False)
    # Every option keeps its name: Vega would otherwise drop every other label when two
    # wrapped ones come close (labelOverlap), leaving marks without their option.
    y_axis = alt.Axis(values=list(range(len(order))), labelExpr=labels, labelFontSize=22,
                      labelLimit=wrap * 15 if wrap else 420, labelColor=INK, grid=False,
                      title=None, labelOverlap=False, labelPadding=12)  # fmt: skip
    # Rank 1 on the right; both layers name the scale (left to the rule's aggregate alone,
    # it came out thousands of pixels wide) and it is reversed rather than given a domain
    # from high to low (which draws no tick labels).
    scale = alt.Scale(domain=[0.5, most + 0.5], reverse=True)
    x = alt.X(
        "rank:Q", title=texts.say("chart.rank_within"), scale=scale,
        axis=alt.Axis(labelFontSize=20, titleFontSize=22, titleColor=INK, tickMinStep=1,
                      format="d"),
    )  # fmt: skip
    rule = (
        alt.Chart(frame)
        .mark_rule(color="#888888", strokeWidth=2, aria=False)
        .encode(x=alt.X("min(rank):Q", scale=scale), x2="max(rank):Q",
                y=alt.Y("row:Q", scale=y_scale, axis=y_axis))
    )  # fmt: skip
    points = (
        alt.Chart(frame)
        .mark_point(size=360, filled=True, opacity=1, stroke=INK, strokeWidth=1)
        .encode(x=x, y=alt.Y("lane:Q", scale=y_scale, axis=y_axis), color=colour,
                shape=shape, tooltip=["option:N", "group:N", "rank:Q", "dots:Q"],
                description="said:N")
    )  # fmt: skip
    return cast(
        alt.Chart,
        alt.layer(rule, points)
        .properties(
            width=width,
            height=max(height, tallest)
            if height
            else max(120, (26 * len(names) + 20) * len(order), tallest),
        )
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )


def group_shift(
    frame: pd.DataFrame, groups: list[tuple[str, str]], width: int = 220, texts: Texts = ENGLISH
) -> alt.FacetChart:
    """How each group's ranking moved between two rounds: one panel per group, one line per
    option from its rank in the first round to its rank in the second.

    `frame` has the columns of `toolkit.analysis.agreement_rows.shift_rows` (option, group, round,
    rank)."""
    colour, _ = _group_scales(groups, texts)
    most = max(2, int(frame["rank"].max()) if len(frame) else 2)
    y = alt.Y(
        "rank:Q", title=texts.say("chart.rank"),
        scale=alt.Scale(domain=[0.5, most + 0.5], reverse=True),
        axis=alt.Axis(labelFontSize=18, titleFontSize=20, titleColor=INK, tickMinStep=1,
                      format="d"),
    )  # fmt: skip
    x = alt.X("round:N", title=None, axis=alt.Axis(labelFontSize=18, labelAngle=0))
    frame = described(frame, lambda r: texts.say(
        "chart.rank_said", r["dots"], option=r["option"], group=f"{r['group']}, {r['round']}",
        rank=texts.number(r["rank"]), dots=r["dots"],
    ))  # fmt: skip
    base = alt.Chart(frame)
    lines = base.mark_line(point=True, strokeWidth=3).encode(
        x=x, y=y, detail="option:N", color=colour, tooltip=["option:N", "round:N", "rank:Q"],
        description="said:N",
    )  # fmt: skip
    last = str(frame["round"].iloc[-1]) if len(frame) else ""  # "Round N": the later round
    names = base.transform_filter(alt.datum.round == last).mark_text(
        align="left", dx=8, fontSize=14, color=INK, limit=160, aria=False
    ).encode(x=x, y=y, text="option:N")  # fmt: skip
    return cast(
        alt.FacetChart,
        alt.layer(lines, names)
        .properties(width=width, height=320)
        .facet(column=alt.Column("group:N", title=None,
                                 header=alt.Header(labelFontSize=24, labelColor=INK)))
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )  # fmt: skip


def _compared(groups: Sequence[GroupSpec], names: set[str]) -> list[tuple[str, str]]:
    # groups merged for display share a name and a colour: listed once
    return list(dict.fromkeys((g.name, g.colour) for g in groups if g.name in names))


def agreement_ranks(
    ra: RoundAgreement,
    groups: Sequence[GroupSpec],
    width: int = 900,
    texts: Texts = ENGLISH,
    height: int = 0,
    wrap: int = 0,
) -> alt.Chart:
    """`group_ranks` for one round's agreement (the groups compared, never Other groups)."""
    from toolkit.analysis.agreement_rows import rank_rows

    colours = _compared(groups, {p.group for p in ra.groups})
    frame = pd.DataFrame(rank_rows(ra))
    return group_ranks(frame, colours, width=width, texts=texts, height=height, wrap=wrap)


def agreement_shift(
    shift: Shift, ra: RoundAgreement, groups: Sequence[GroupSpec], texts: Texts = ENGLISH
) -> alt.FacetChart:
    """`group_shift` between two rounds, coloured as the later round's `agreement_ranks`."""
    from toolkit.analysis.agreement_rows import shift_rows

    colours = _compared(groups, {p.group for p in ra.groups})
    return group_shift(pd.DataFrame(shift_rows(shift, texts)), colours, texts=texts)
