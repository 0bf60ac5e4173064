"""Priorities across sessions: each option's rank, session after session."""

from __future__ import annotations

from typing import cast

import altair as alt
import pandas as pd

from toolkit.charts.style import PALETTE, PAPER


def priorities_over_time(frame: pd.DataFrame, width: int = 640) -> alt.LayerChart:
    """Each option's rank by equal-weight score (1 = top) in the last revealed round of each
    session, one line per option across the sessions in date order, so a concern that keeps
    coming back, rises or falls shows as a line.

    `frame` has the columns of `toolkit.analysis.Sessions.priorities` (date, session, option,
    rank, equal_weight)."""
    data = frame.assign(when=frame["date"].where(frame["date"] != "", frame["session"]))
    order = list(dict.fromkeys(data.sort_values(["date", "session"])["when"]))
    most = max(2, int(data["rank"].max()) if len(data) else 2)
    x = alt.X("when:N", sort=order, title=None, axis=alt.Axis(labelFontSize=18, labelAngle=0))
    y = alt.Y(
        "rank:Q",
        title="Rank by equal-weight score (1 = top)",
        scale=alt.Scale(domain=[0.5, most + 0.5], reverse=True),
        axis=alt.Axis(labelFontSize=18, titleFontSize=20, tickMinStep=1, format="d"),
    )
    colour = alt.Color(
        "option:N",
        title="Option",
        scale=alt.Scale(range=PALETTE),
        legend=alt.Legend(labelFontSize=16, titleFontSize=18, labelLimit=420, orient="bottom",
                          columns=1),
    )  # fmt: skip
    base = alt.Chart(data)
    lines = base.mark_line(point=alt.OverlayMarkDef(size=160, filled=True), strokeWidth=3).encode(
        x=x, y=y, color=colour, detail="option:N",
        tooltip=["session:N", "date:N", "option:N", "rank:Q", "equal_weight:Q"],
    )  # fmt: skip
    return cast(
        alt.LayerChart,
        alt.layer(lines)
        .properties(width=width, height=360)
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )
