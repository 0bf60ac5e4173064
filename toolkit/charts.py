"""Charts as values: data in, Vega-Lite chart out (Altair). Nothing here displays anything."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import altair as alt
import pandas as pd

from toolkit.domain.priorities import HIGH_FROM as PRIORITY_HIGH
from toolkit.domain.stakeholders import (
    HIGH_FROM,
    POSITIONS,
    Stakeholder,
    place_labels,
    position_word,
    spread,
    wrap_lines,
)
from toolkit.domain.tally import Tally, result_rows
from toolkit.domain.template import GroupSpec, MapSettings, PrioritySettings
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts
from toolkit.domain.voting import OTHER

if TYPE_CHECKING:  # the statistics layer loads only where agreement is computed
    from toolkit.agreement import RoundAgreement, Shift

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Shapes repeat the
# distinction so colour is never the only cue.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left",
          "triangle-right"]  # fmt: skip
INK = "#1a1a1a"
PAPER = "#f7f5ef"
OTHER_COLOUR = "#999999"  # 'Other groups': the small groups folded together
LETTER_PIXELS = 30  # a bold 22 px letter and its margin
RANKS_WORDS = DEFAULT_TEXTS["agree.ranks_words"]
UNSPECIFIED = DEFAULT_TEXTS["map.unspecified"]
# Scores 1-5 sit at cell centres; a band above and below the cells holds the quadrant names,
# so no point can ever hide them.
_LOW, _HIGH, _SPLIT, _BAND = 0.5, 5.5, HIGH_FROM - 0.5, 0.55


def described(frame: pd.DataFrame, say: Callable[[dict[str, Any]], str]) -> pd.DataFrame:
    """The frame with a column `said`: each row in words, which the charts give their marks
    as descriptions, so a screen reader says the data in the screen's language rather than
    the column names."""
    rows: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    return frame.assign(said=[say(row) for row in rows])


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


# Vega labels each mark container from its items; a layer with no data (no ratings yet, no
# arrows to draw) comes out as an empty <g role="graphics-symbol"/> with no name, which
# screen readers announce as an unnamed image (axe: svg-img-alt). It shows nothing: hide it.
_EMPTY_MARKS = re.compile(r'(<g\b[^>]*\brole="graphics-symbol"[^>]*?)\s*/>')


def hide_empty_marks(svg: str) -> str:
    """The SVG with its empty, unnamed mark containers hidden from assistive technology."""
    return _EMPTY_MARKS.sub(r'\1 aria-hidden="true"/>', svg)


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart drawn as SVG, offline (vl-convert, no browser, no network), fit for screen
    readers."""
    import vl_convert

    return hide_empty_marks(str(vl_convert.vegalite_to_svg(chart.to_dict())))


def save(chart: alt.TopLevelMixin, path: Path | str) -> Path:
    """Save as .svg or .png (twice the size, for slides and reports), offline."""
    path = Path(path)
    if path.suffix not in (".svg", ".png"):
        raise ValueError(f"cannot save a chart as {path.suffix!r}; use .svg or .png")
    chart.save(str(path), scale_factor=2) if path.suffix == ".png" else path.write_text(
        to_svg(chart), encoding="utf-8"
    )
    return path


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


def wrapped(labels: Sequence[str], chars: int) -> tuple[str, int]:
    """A Vega label expression that draws each label on lines of at most `chars` characters,
    and the most lines any label takes. Only a label longer than three lines is shortened."""
    lines = {label: wrap_lines(label, chars, 3) for label in labels}
    return json.dumps(lines) + "[datum.label]", max((len(v) for v in lines.values()), default=1)


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
            order=alt.Order("group:N"),
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
            order=alt.Order("group:N"),
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

    `frame` has the columns of `toolkit.agreement.rank_rows` (option, position, group, rank);
    `groups` lists (name, colour) in order. `height` > 0 fits every option in that height
    (for a slide); `wrap` > 0 wraps the options' names at that many characters."""
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

    `frame` has the columns of `toolkit.agreement.shift_rows` (option, group, round, rank)."""
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


# From domain objects to charts: the screens, the report and the analysis notebooks all
# draw through these, so they show the same thing.


def stakeholder_frame(stakeholders: Sequence[Stakeholder]) -> pd.DataFrame:
    """The map's data: one row per stakeholder, as analysts get it from `open_session`."""
    return pd.DataFrame(
        [s.values() for s in stakeholders], columns=list(Stakeholder("", "").values())
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
    from toolkit.agreement import rank_rows

    colours = _compared(groups, {p.group for p in ra.groups})
    frame = pd.DataFrame(rank_rows(ra))
    return group_ranks(frame, colours, width=width, texts=texts, height=height, wrap=wrap)


def agreement_shift(
    shift: Shift, ra: RoundAgreement, groups: Sequence[GroupSpec], texts: Texts = ENGLISH
) -> alt.FacetChart:
    """`group_shift` between two rounds, coloured as the later round's `agreement_ranks`."""
    from toolkit.agreement import shift_rows

    colours = _compared(groups, {p.group for p in ra.groups})
    return group_shift(pd.DataFrame(shift_rows(shift, texts)), colours, texts=texts)


def note(text: str, width: int = 520) -> alt.Chart:
    """A chart that only says why there is nothing to draw yet."""
    return cast(
        alt.Chart,
        alt.Chart(pd.DataFrame({"text": [text]}))
        .mark_text(fontSize=20, color=INK, align="left", x=10)
        .encode(text="text:N")
        .properties(width=width, height=40)
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )


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
