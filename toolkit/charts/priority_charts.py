"""The priority map: each group's importance and feasibility of each issue, tagged so no
tag hides another."""

from __future__ import annotations

from typing import Any, cast

import altair as alt
import pandas as pd

from toolkit.charts.style import INK, PAPER, SHAPES, described
from toolkit.domain.priorities import HIGH_FROM as PRIORITY_HIGH
from toolkit.domain.template_settings import PrioritySettings
from toolkit.domain.texts import ENGLISH, Texts


def priority_map(
    frame: pd.DataFrame,
    groups: list[tuple[str, str]],
    settings: PrioritySettings | None = None,
    width: int = 760,
    height: int = 620,
    texts: Texts = ENGLISH,
) -> alt.LayerChart:
    """Importance x feasibility: each group's mean position per issue, a line between the
    groups' marks showing the gap, quadrants named by the template.

    `frame` has the columns of `toolkit.domain.priorities.priority_rows`; `groups` lists
    (name, colour) in the template's order."""
    settings = settings or PrioritySettings()
    names = [name for name, _ in groups]
    scale = alt.Scale(domain=[0.5, 5.5], nice=False, zero=False)
    axis: dict[str, Any] = {
        "values": [1, 2, 3, 4, 5],
        "labelFontSize": 20,
        "titleFontSize": 24,
        "titleColor": INK,
        "labelColor": INK,
        "grid": False,
        "format": "d",
    }
    x = alt.X(
        "feasibility:Q", scale=scale, axis=alt.Axis(title=settings.feasibility_axis + " →", **axis)
    )
    y = alt.Y(
        "importance:Q", scale=scale, axis=alt.Axis(title=settings.importance_axis + " →", **axis)
    )
    labels = settings.quadrant_labels
    split = PRIORITY_HIGH - 0.5
    quadrants = pd.DataFrame([
        {"x0": split, "x1": 5.5, "y0": split, "y1": 5.5, "tx": 5.42, "ty": 5.38, "align": "right",
         "label": labels["high_importance_high_feasibility"]},
        {"x0": 0.5, "x1": split, "y0": split, "y1": 5.5, "tx": 0.58, "ty": 5.38, "align": "left",
         "label": labels["high_importance_low_feasibility"]},
        {"x0": split, "x1": 5.5, "y0": 0.5, "y1": split, "tx": 5.42, "ty": 0.62, "align": "right",
         "label": labels["low_importance_high_feasibility"]},
        {"x0": 0.5, "x1": split, "y0": 0.5, "y1": split, "tx": 0.58, "ty": 0.62, "align": "left",
         "label": labels["low_importance_low_feasibility"]},
    ])  # fmt: skip
    base = alt.Chart(quadrants)
    areas = base.mark_rect(
        stroke="#777", strokeWidth=2, fill="#ecebe4", opacity=0.6, aria=False
    ).encode(x=alt.X("x0:Q", scale=scale), x2="x1", y=alt.Y("y0:Q", scale=scale), y2="y1")
    quadrant_names = [
        base.transform_filter(f"datum.align == '{side}'")
        .mark_text(align=side, fontSize=22, fontWeight="bold", color="#3a3a3a")
        .encode(
            x=alt.X("tx:Q", scale=scale),
            y=alt.Y("ty:Q", scale=scale),
            text="label:N",
            description="label:N",
        )
        for side in ("left", "right")
    ]
    data = frame.assign(tag=frame["letter"] + frame["number"].astype(str))
    data = described(data, lambda r: (
        f"{r['tag']} {r['group']}: {settings.importance_axis} {texts.number(r['importance'], 1)}; "
        f"{settings.feasibility_axis} {texts.number(r['feasibility'], 1)}"
    ))  # fmt: skip
    colour = alt.Color(
        "group:N",
        title=texts.say("chart.group"),
        scale=alt.Scale(domain=names, range=[c for _, c in groups]),
        legend=alt.Legend(
            labelFontSize=20, titleFontSize=22, symbolSize=300, labelLimit=400, orient="bottom"
        ),
    )
    shape = alt.Shape(
        "group:N",
        title=texts.say("chart.group"),
        scale=alt.Scale(domain=names, range=SHAPES[: len(names)]),
    )
    marks = alt.Chart(data)
    gaps = marks.mark_line(strokeWidth=4, color="#444", strokeDash=[6, 4], aria=False).encode(
        x=x, y=y, detail="issue_id:N", order="group:N"
    )
    points = marks.mark_point(filled=True, size=420, opacity=1, stroke=INK).encode(
        x=x,
        y=y,
        color=colour,
        shape=shape,
        tooltip=["number:Q", "group:N", "importance:Q", "feasibility:Q", "raters:Q"],
        description="said:N",
    )
    placed = alt.Chart(_place_tags(data, quadrants, width, height))
    tags = [
        placed.transform_filter(f"datum.align == '{side}'")
        .mark_text(align=side, baseline="middle", fontSize=TAG_FONT, fontWeight="bold",
                   color=INK, aria=False)
        .encode(x=alt.X("tx:Q", scale=scale), y=alt.Y("ty:Q", scale=scale), text="tag:N")
        for side in ("left", "right", "center")
    ]  # fmt: skip
    chart = alt.layer(areas, *quadrant_names, gaps, points, *tags).properties(
        width=width, height=height,
        title=alt.TitleParams(texts.say("priority.title"), subtitle=texts.say("priority.key"),
                              fontSize=30,
                              subtitleFontSize=20, subtitleFont="sans-serif", anchor="start",
                              color=INK))  # fmt: skip
    return cast(
        alt.LayerChart,
        chart.configure(background=PAPER, font="sans-serif").configure_view(stroke=None),
    )


TAG_FONT = 20
# Where a mark's tag may go, tried in turn: beside it, above or below, then further out.
_TAG_SPOTS = [
    (14, 0, "left"), (-14, 0, "right"), (0, -22, "center"), (0, 22, "center"),
    (14, -20, "left"), (14, 20, "left"), (-14, -20, "right"), (-14, 20, "right"),
    (30, 0, "left"), (-30, 0, "right"), (0, -44, "center"), (0, 44, "center"),
]  # fmt: skip


def _place_tags(
    data: pd.DataFrame, quadrants: pd.DataFrame, width: int, height: int
) -> pd.DataFrame:
    """Each mark's tag (its group's letter and its issue's number) put where it overlaps no
    other tag, mark or quadrant name, working in the chart's pixels; marks on the same spot
    share one tag ("T5 C2"). Vega would draw them all at one offset, over each other."""

    def px(feasibility: float, importance: float) -> tuple[float, float]:
        return (feasibility - 0.5) / 5 * width, (5.5 - importance) / 5 * height

    def box(x: float, y: float, text: str, align: str, size: float) -> tuple[float, ...]:
        w = len(text) * size * 0.62
        left = x - w / 2 if align == "center" else (x - w if align == "right" else x)
        return (left, y - size * 0.6, left + w, y + size * 0.6)

    def clear(b: tuple[float, ...], others: list[tuple[float, ...]]) -> bool:
        inside = b[0] >= 0 and b[2] <= width and b[1] >= 0 and b[3] <= height
        return inside and not any(
            b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3] for o in others
        )

    taken = [
        box(*px(float(tx), float(ty)), str(label), str(align), 22)
        for tx, ty, label, align in zip(quadrants["tx"], quadrants["ty"], quadrants["label"],
                                        quadrants["align"], strict=True)
    ]  # fmt: skip
    spots: dict[tuple[float, float], list[str]] = {}
    for f, i, t in zip(data["feasibility"], data["importance"], data["tag"], strict=True):
        spots.setdefault((float(f), float(i)), []).append(str(t))
    taken += [(x - 13, y - 13, x + 13, y + 13) for x, y in (px(*spot) for spot in spots)]
    rows = []
    for (feasibility, importance), shared in spots.items():
        x, y, tag = *px(feasibility, importance), " ".join(shared)
        tries = [(dx, dy, a, box(x + dx, y + dy, tag, a, TAG_FONT)) for dx, dy, a in _TAG_SPOTS]
        dx, dy, align, b = next((t for t in tries if clear(t[3], taken)), tries[0])
        taken.append(b)
        rows.append({"tag": tag, "align": align, "tx": feasibility + dx / width * 5,
                     "ty": importance - dy / height * 5})  # fmt: skip
    return pd.DataFrame(rows, columns=["tag", "align", "tx", "ty"])


PRIORITY_COLUMNS = ["issue_id", "number", "group_id", "group", "letter", "importance",
                    "feasibility", "raters"]  # fmt: skip
