"""Charts are values: their specs carry the data, labels and encodings; they save offline."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from tests.drawn_charts import drawn
from tests.workshop import NUMBERS_2_5_7, ROUND_2_5_7, round_on_issues_2_5_7
from toolkit import charts
from toolkit.domain.results import revealed_tallies
from toolkit.domain.template_settings import DEFAULT_QUADRANTS, MapSettings

PEOPLE = pd.DataFrame([
    {"name": "Tenants' panel", "kind": "Tenants", "power": 2, "interest": 5,
     "position": "supportive", "desired_position": "supportive"},
    {"name": "<b>Council</b> =1+1", "kind": "Council", "power": 5, "interest": 3,
     "position": "resisting", "desired_position": "neutral"},
    {"name": "Contractor", "kind": "", "power": 4, "interest": 2, "position": "neutral",
     "desired_position": "resisting"},
])  # fmt: skip


def _layers(spec: dict) -> list[dict]:  # type: ignore[type-arg]
    return spec["vconcat"][0]["layer"]


def test_map_spec_encodes_type_by_colour_and_shape_with_template_words() -> None:
    labels = dict(DEFAULT_QUADRANTS, high_power_high_interest="Key players")
    settings = MapSettings(
        power_axis="Influence", interest_axis="Stake", quadrants=tuple(labels.items())
    )
    spec = charts.stakeholder_map(PEOPLE, settings).to_dict()
    datasets = json.dumps(spec["datasets"])
    assert "Key players" in datasets and "Keep satisfied" in datasets
    points = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "point")
    assert points["encoding"]["color"]["field"] == points["encoding"]["shape"]["field"] == "kind"
    assert points["encoding"]["color"]["scale"]["domain"] == [
        "Tenants",
        "Council",
        charts.UNSPECIFIED,
    ]
    assert points["encoding"]["color"]["scale"]["range"][:3] == charts.PALETTE[:3]
    assert points["encoding"]["x"]["axis"]["title"] == "Stake →"
    assert points["encoding"]["y"]["axis"]["title"] == "Influence →"
    texts = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"]
    assert all(t["encoding"]["text"]["field"] == "label" for t in texts)
    assert all(t["mark"]["fontSize"] >= 20 for t in texts)  # readable when projected
    assert spec["config"]["background"] != "#ffffff"


def test_a_map_without_types_has_one_look_and_no_legend() -> None:
    """A template may leave the Type field out: no legend of 'Unspecified type' then, and
    each mark is said without it."""
    untyped = PEOPLE.assign(kind="")
    spec = charts.stakeholder_map(untyped).to_dict()
    points = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "point")
    assert points["encoding"]["color"] == {"value": charts.PALETTE[0]}
    assert points["encoding"]["shape"] == {"value": charts.SHAPES[0]}
    svg = charts.to_svg(charts.stakeholder_map(untyped))
    assert charts.UNSPECIFIED not in svg and "legend" not in svg.lower()
    assert 'aria-label="Contractor: Power / influence 4; Interest 2; neutral → resisting"' in svg
    typed = charts.to_svg(charts.stakeholder_map(PEOPLE))
    assert 'aria-label="Contractor (Unspecified type): Power / influence 4;' not in typed
    assert 'aria-label="Contractor: Power / influence 4;' in typed  # no type: none said
    assert "legend" in typed.lower() and charts.UNSPECIFIED in typed


def test_arrows_point_from_current_to_desired_position() -> None:
    spec = charts.stakeholder_map(PEOPLE).to_dict()
    rows = next(v for v in spec["datasets"].values() if v and "head" in v[0])
    heads = {r["name"]: (r["start"], r["end"], r["head"]) for r in rows}
    assert heads["Tenants' panel"] == (2, 2, "circle")
    assert heads["<b>Council</b> =1+1"] == (0, 1, "triangle-right")
    assert heads["Contractor"] == (1, 0, "triangle-left")


def test_svg_and_png_are_made_offline_with_text_escaped(tmp_path: Path) -> None:
    chart = charts.stakeholder_map(PEOPLE)
    svg = charts.to_svg(chart)
    assert "&lt;b&gt;Council&lt;/b&gt; =1+1" in svg and "<b>" not in svg
    assert "Manage closely" in svg
    png = charts.save(chart, tmp_path / "map.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert charts.save(chart, tmp_path / "map.svg").read_text().startswith("<svg")


def test_empty_map_still_draws_the_grid() -> None:
    svg = charts.to_svg(charts.stakeholder_map(PEOPLE.iloc[0:0]))
    assert "Monitor" in svg and "Keep informed" in svg


def test_saving_in_another_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"use \.svg or \.png"):
        charts.save(charts.stakeholder_map(PEOPLE), tmp_path / "map.pdf")


def test_analysts_get_the_same_map_as_the_screen(session_dir: Path) -> None:
    import toolkit
    from toolkit.apps.stakeholders import stakeholder_app
    from toolkit.widgets.stakeholders import map_frame

    view = stakeholder_app(session_dir)
    for name, power in (("Tenants' panel", 2), ("Council", 5), ("Contractor", 2)):
        view.new()
        view.form.name.value, view.form.power.value = name, power
        view.add_button.click()
    session = toolkit.open_session(session_dir)
    settings = session.template.stakeholder_map
    analyst = charts.stakeholder_map(session.stakeholders, settings).to_dict()
    screen = charts.stakeholder_map(map_frame(view.register.current), settings).to_dict()
    assert analyst == screen
    # the screen draws the grid and where the room wants them to move as two charts, side
    # by side with its form; from the session's records an analyst gets the same two
    grid = charts.stakeholder_map(session.stakeholders, settings, positions=False)
    assert drawn(view.map.value) == charts.to_svg(grid)
    moves = charts.stakeholder_moves(session.stakeholders, settings)
    assert drawn(view.moves.value) == charts.to_svg(moves)  # drawn alike


def test_the_vote_chart_names_each_option_by_its_issues_number(session_dir: Path) -> None:
    round_on_issues_2_5_7(session_dir)  # issues 7, 2, 5 and one typed in, in ballot order
    s = toolkit.open_session(session_dir)
    tallies = revealed_tallies(s.state, s.template.groups, s.template.small_group_threshold)
    spec = charts.tally_results(tallies, s.template.groups, "raw").to_dict()
    named = [f"{n}. {label}" for n, (label, _) in zip(NUMBERS_2_5_7, ROUND_2_5_7, strict=True)]
    y = spec["hconcat"][0]["layer"][0]["encoding"]["y"]
    assert y["scale"]["domain"] == y["sort"] == named  # in ballot order, with their numbers
    (rows,) = spec["datasets"].values()
    assert "7. Parking is a mess · Tenants: 9" in [r["said"] for r in rows]  # in words too


def test_priority_tags_never_overlap_and_marks_on_one_spot_share_a_tag() -> None:
    rows = [
        {"issue_id": f"I{n}", "number": n, "group_id": g, "group": g.title(),
         "letter": g[0].upper(), "importance": 1 + (n + k) % 5,
         "feasibility": 1 + (2 * n + k) % 5, "raters": 1}
        for n in range(1, 11) for k, g in enumerate(("tenants", "staff", "managers"))
    ]  # fmt: skip
    rows.append(rows[0] | {"group_id": "council", "group": "Council", "letter": "C"})  # T1's spot
    groups = [("Tenants", "#E69F00"), ("Staff", "#56B4E9"), ("Managers", "#009E73"),
              ("Council", "#CC79A7")]  # fmt: skip
    spec = charts.priority_map(pd.DataFrame(rows), groups, width=520, height=380).to_dict()
    tags = [d for d in spec["datasets"].values() if d and "align" in d[0] and "tag" in d[0]]
    (placed,) = tags
    assert {"T1 T6 C1"} <= {t["tag"] for t in placed}  # one tag for marks on one spot
    boxes = []
    for t in placed:  # the boxes as the chart draws them: 20 px bold, about 0.62 em a letter
        x, y, w = (t["tx"] - 0.5) / 5 * 520, (5.5 - t["ty"]) / 5 * 380, len(t["tag"]) * 12.4
        left = x - w / 2 if t["align"] == "center" else (x - w if t["align"] == "right" else x)
        boxes.append((left, y - 12, left + w, y + 12))
    assert not [
        (a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]  # fmt: skip


def test_tied_last_ranks_keep_clear_of_the_option_names() -> None:
    """Of eight options, three share the last place (rank 7 of 6, 7, 8): the rank scale
    runs half a rank beyond the last place, so no mark sits on the axis over the names, and
    every name is drawn (none dropped for coming close to the next) in a row tall enough."""
    dots = [9, 8, 7, 6, 5, 0, 0, 0]
    ranks = [1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 7.0, 7.0]
    names = [f"{n}. " + "A rather long option name that wraps onto three lines " * (n == 2)
             + f"Option {n}" for n in range(1, 9)]  # fmt: skip
    frame = pd.DataFrame([
        {"option": o, "position": i, "group": g, "rank": r if g == "Tenants" else 9 - r,
         "dots": d}
        for i, (o, r, d) in enumerate(zip(names, ranks, dots, strict=True), 1)
        for g in ("Tenants", "Staff")
    ])  # fmt: skip
    frame.loc[frame["group"] == "Staff", "rank"] = [7.5, 7.5, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    spec = charts.group_ranks(
        frame, [("Tenants", "#E69F00"), ("Staff", "#56B4E9")], 700, height=480, wrap=30
    ).to_dict()
    _rule, points = spec["layer"]
    low, high = points["encoding"]["x"]["scale"]["domain"]
    assert low == 0.5 and high == 8.5  # 8 options: the tied last (7.5) are a rank clear
    assert high - frame["rank"].max() >= 1
    y_axis = points["encoding"]["y"]["axis"]
    assert y_axis["labelOverlap"] is False  # every option keeps its name
    # the longest name wraps onto 3 lines of 22 px: each of the 8 rows is taller than that
    assert spec["height"] / len(names) >= 3 * 22 + 6
