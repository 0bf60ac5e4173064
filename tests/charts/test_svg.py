"""Charts' SVG made fit for screen readers: empty mark containers are hidden."""

from __future__ import annotations

import re

import vl_convert

from toolkit import charts
from toolkit.charts import hide_empty_marks
from toolkit.widgets.stakeholders import map_frame

UNNAMED = re.compile(r'<g\b(?![^>]*aria-(?:label|hidden))[^>]*role="graphics-symbol"[^>]*/>')


def test_an_empty_map_has_no_unnamed_graphics_left_and_nothing_else_changes() -> None:
    chart = charts.stakeholder_map(map_frame(()))  # no stakeholders yet
    svg = str(vl_convert.vegalite_to_svg(chart.to_dict()))  # as Vega draws it
    assert len(UNNAMED.findall(svg)) >= 1  # what axe flags (svg-img-alt)
    fixed = charts.to_svg(chart)  # every chart a screen shows or a report holds
    assert fixed == hide_empty_marks(svg)
    assert UNNAMED.findall(fixed) == []
    hidden = 'aria-hidden="true"'  # Vega hides some elements itself
    assert fixed.count(hidden) - svg.count(hidden) == len(UNNAMED.findall(svg))
    assert re.sub(r'(role="graphics-symbol"[^>]*?) aria-hidden="true"/>', r"\1/>", fixed) == svg


def test_groups_with_content_are_left_alone() -> None:
    svg = (
        '<svg><g role="graphics-symbol" aria-label="Axis"> <g role="graphics-symbol" '
        'aria-roledescription="rule mark container"/> <path d="M0"/></g>'
        '<g role="graphics-object" aria-label="a > b"><path/></g></svg>'
    )
    assert hide_empty_marks(svg) == svg.replace(
        'rule mark container"/>', 'rule mark container" aria-hidden="true"/>'
    )
