"""The stakeholder map: the power/interest grid, each stakeholder's place on it and the moves
the room wants, from the register's rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, cast

import altair as alt
import pandas as pd

from toolkit.charts.style import INK, PALETTE, PAPER, SHAPES, described, wrapped
from toolkit.domain.stakeholders import (
    HIGH_FROM,
    POSITIONS,
    Stakeholder,
    place_labels,
    position_word,
    spread,
)
from toolkit.domain.template_settings import MapSettings
from toolkit.domain.texts import ENGLISH, Texts

# Scores 1-5 sit at cell centres; a band above and below the cells holds the quadrant names,
# so no point can ever hide them.
_LOW, _HIGH, _SPLIT, _BAND = 0.5, 5.5, HIGH_FROM - 0.5, 0.55


def stakeholder_map(
    frame: pd.DataFrame,
    settings: MapSettings | None = None,
    width: int = 820,
    height: int = 620,
    texts: Texts = ENGLISH,
    positions: bool = True,
) -> alt.VConcatChart | alt.LayerChart:
    """The power/interest grid, and under it (unless not `positions`) where the room wants
    each stakeholder to move.

    `frame` has one row per stakeholder with columns name, kind, power, interest, position,
    desired_position, as `open_session(...).stakeholders` has; `texts` gives the titles."""
    settings = settings or MapSettings()
    data = frame.copy()
    unspecified = texts.say("map.unspecified")
    data["kind"] = data["kind"].fillna("").astype(str).replace("", unspecified)
    cells = list(zip(data["interest"].astype(int), data["power"].astype(int), strict=True))
    points = spread(cells)  # points that share a cell are stacked so each name stays readable
    places = place_labels(cells, list(data["name"].astype(str)), chars_per_cell=width / 5 / 12)
    data["x"] = [x for x, _ in points]
    data["y"] = [y for _, y in points]
    data["side"] = [side for side, _ in places]
    data["label"] = [label for _, label in places]
    data = described(data, lambda row: _stakeholder_said(row, settings, texts, unspecified))
    data = data[
        [
            "said",
            "name",
            "kind",
            "power",
            "interest",
            "position",
            "desired_position",
            "x",
            "y",
            "side",
            "label",
        ]
    ]
    kinds = list(dict.fromkeys(data["kind"]))
    scale_x = alt.Scale(domain=[_LOW, _HIGH], nice=False, zero=False)
    scale_y = alt.Scale(domain=[_LOW - _BAND, _HIGH + _BAND], nice=False, zero=False)
    axis: dict[str, Any] = {"values": [1, 2, 3, 4, 5], "labelFontSize": 20, "titleFontSize": 26,
            "titleColor": INK, "labelColor": INK, "grid": False, "format": "d"}  # fmt: skip
    x = alt.X("x:Q", scale=scale_x, axis=alt.Axis(title=settings.interest_axis + " →", **axis))
    y = alt.Y("y:Q", scale=scale_y, axis=alt.Axis(title=settings.power_axis + " →", **axis))

    labels = settings.quadrant_labels
    top, bottom = _HIGH + _BAND / 2, _LOW - _BAND / 2
    quadrants = pd.DataFrame([
        {"x0": _SPLIT, "x1": _HIGH, "y0": _SPLIT, "y1": _HIGH + _BAND, "tx": _SPLIT + 0.08,
         "ty": top, "label": labels["high_power_high_interest"], "shade": "#dde8f2"},
        {"x0": _LOW, "x1": _SPLIT, "y0": _SPLIT, "y1": _HIGH + _BAND, "tx": _LOW + 0.08,
         "ty": top, "label": labels["high_power_low_interest"], "shade": "#ebebeb"},
        {"x0": _SPLIT, "x1": _HIGH, "y0": _LOW - _BAND, "y1": _SPLIT, "tx": _SPLIT + 0.08,
         "ty": bottom, "label": labels["low_power_high_interest"], "shade": "#ebebeb"},
        {"x0": _LOW, "x1": _SPLIT, "y0": _LOW - _BAND, "y1": _SPLIT, "tx": _LOW + 0.08,
         "ty": bottom, "label": labels["low_power_low_interest"], "shade": "#f7f7f2"},
    ])  # fmt: skip
    base = alt.Chart(quadrants)
    areas = base.mark_rect(stroke="#777", strokeWidth=2, aria=False).encode(
        x=alt.X("x0:Q", scale=scale_x), x2="x1", y=alt.Y("y0:Q", scale=scale_y), y2="y1",
        color=alt.Color("shade:N", scale=None),
    )  # fmt: skip
    names = base.mark_text(
        align="left", baseline="middle", fontSize=24, fontWeight="bold", color="#3a3a3a"
    ).encode(x=alt.X("tx:Q", scale=scale_x), y=alt.Y("ty:Q", scale=scale_y), text="label:N",
             description="label:N")  # fmt: skip
    # Marks are coloured and shaped by type; a map with no types at all (the template may
    # leave the field out) has one colour and shape, and no legend of "Unspecified type".
    typed = any(k != unspecified for k in kinds)
    kind: alt.Color | alt.ColorValue = alt.Color(
        "kind:N",
        title=texts.say("map.type"),
        scale=alt.Scale(domain=kinds, range=PALETTE),
        legend=alt.Legend(
            labelFontSize=20,
            titleFontSize=22,
            symbolSize=300,
            labelLimit=300,
            orient="bottom",
            columns=3,
        ),
    )
    shape: alt.Shape | alt.ShapeValue = alt.Shape(
        "kind:N", title=texts.say("map.type"), scale=alt.Scale(domain=kinds, range=SHAPES)
    )
    if not typed:
        kind, shape = alt.ColorValue(PALETTE[0]), alt.ShapeValue(SHAPES[0])
    tooltip = ["name:N", "kind:N", "power:Q", "interest:Q", "position:N", "desired_position:N"]
    people = alt.Chart(data)
    points = people.mark_point(
        filled=True, size=520, opacity=1, stroke=INK, strokeWidth=1.5
    ).encode(x=x, y=y, color=kind, shape=shape, tooltip=tooltip, description="said:N")
    # Each name goes where place_labels found room for it, on two lines if need be; the
    # register and the chart below give the names in full (screen readers hear them with
    # the points).
    text: dict[str, Any] = {"fontSize": 21, "fontWeight": 600, "color": INK, "aria": False,
                            "lineBreak": "\n"}  # fmt: skip
    sides: dict[str, dict[str, Any]] = {
        "right": {"align": "left", "dx": 18},
        "left": {"align": "right", "dx": -18},
        "below": {"align": "center", "dy": 26},
    }
    name_marks = [
        people.transform_filter(f"datum.side == '{side}'")
        .mark_text(**text, **offsets)
        .encode(x=x, y=y, text="label:N")
        for side, offsets in sides.items()
    ]
    grid = alt.layer(areas, names, points, *name_marks).properties(
        width=width,
        height=height,
        title=alt.TitleParams(texts.say("map.title"), fontSize=30, anchor="start", color=INK),
    )
    chart = alt.vconcat(grid, _positions(data, width, texts), spacing=40) if positions else grid
    chart = chart.configure(background=PAPER, font="sans-serif").configure_view(stroke=None)
    return cast(alt.VConcatChart | alt.LayerChart, chart)


def stakeholder_moves(
    frame: pd.DataFrame,
    settings: MapSettings | None = None,
    width: int = 820,
    texts: Texts = ENGLISH,
) -> alt.LayerChart:
    """Where the room wants each stakeholder to move, alone (the map's lower part)."""
    settings = settings or MapSettings()
    unspecified = texts.say("map.unspecified")
    data = frame.assign(kind=frame["kind"].fillna("").astype(str).replace("", unspecified))
    data = described(data, lambda row: _stakeholder_said(row, settings, texts, unspecified))
    chart = _positions(data, width, texts)
    return cast(
        alt.LayerChart,
        chart.configure(background=PAPER, font="sans-serif").configure_view(stroke=None),
    )


def _stakeholder_said(
    row: dict[str, Any], settings: MapSettings, texts: Texts, unspecified: str
) -> str:
    """One stakeholder in words, for screen readers (the mark's description)."""
    now = position_word(row["position"], texts)
    wanted = position_word(row["desired_position"], texts)
    moving = f"{now} → {wanted}" if now != wanted else now
    kind = f" ({row['kind']})" if row["kind"] != unspecified else ""
    return (
        f"{row['name']}{kind}: {settings.power_axis} {row['power']}; "
        f"{settings.interest_axis} {row['interest']}; {moving}"
    )


def _positions(data: pd.DataFrame, width: int, texts: Texts) -> alt.LayerChart:
    """Each stakeholder's current position, with an arrow to the desired one if it differs."""
    order = list(reversed(POSITIONS))  # resisting -> neutral -> supportive, left to right
    words = [position_word(p, texts) for p in order]
    rows = data.assign(
        start=data["position"].map(order.index), end=data["desired_position"].map(order.index),
    )  # fmt: skip
    rows["head"] = [
        ("triangle-right" if e > s else "triangle-left") if e != s else "circle"
        for s, e in zip(rows["start"], rows["end"], strict=True)
    ]
    x_scale = alt.Scale(domain=[-0.3, 2.3], nice=False, zero=False)
    x_axis = alt.Axis(
        values=[0, 1, 2],
        labelExpr=f"{json.dumps(words)}[datum.value]",
        labelFontSize=20,
        title=None,
        grid=True,
        labelColor=INK,
    )
    names, lines = wrapped(list(dict.fromkeys(rows["name"].astype(str))), 24)
    y = alt.Y(
        "name:N",
        sort=None,
        title=None,
        axis=alt.Axis(labelFontSize=20, labelLimit=300, labelColor=INK, labelExpr=names),
    )
    base = alt.Chart(rows)
    line = base.mark_rule(strokeWidth=5, color="#555").encode(
        x=alt.X("start:Q", scale=x_scale, axis=x_axis), x2="end:Q", y=y, description="said:N"
    )
    now = base.mark_point(filled=True, size=320, color="#777", stroke=INK, aria=False).encode(
        x=alt.X("start:Q", scale=x_scale), y=y
    )
    goal = base.mark_point(filled=True, size=520, color=INK, aria=False).encode(
        x=alt.X("end:Q", scale=x_scale), y=y, shape=alt.Shape("head:N", scale=None)
    )
    return cast(
        alt.LayerChart,
        alt.layer(line, now, goal).properties(
            width=width - 300,
            height=alt.Step(max(44, 22 * lines + 8)),  # a long name wraps, never cut
            title=alt.TitleParams(
                texts.say("map.where_wanted"),
                subtitle=texts.say("map.where_wanted_key"),
                fontSize=30,
                subtitleFontSize=20,
                subtitleFont="sans-serif",
                anchor="start",
                color=INK,
            ),
        ),
    )


# From domain objects to charts: the screens, the report and the analysis notebooks all
# draw through these, so they show the same thing.


def stakeholder_frame(stakeholders: Sequence[Stakeholder]) -> pd.DataFrame:
    """The map's data: one row per stakeholder, as analysts get it from `open_session`."""
    return pd.DataFrame(
        [s.values() for s in stakeholders], columns=list(Stakeholder("", "").values())
    )
