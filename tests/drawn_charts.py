"""The charts a screen's HTML carries for the browser to draw (toolkit/charts/browser.py)."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

_CHART = re.compile(r'<div class="toolkit-chart"[^>]*\bdata-spec="([^"]*)"[^>]*></div>')


def chart_specs(html: str) -> list[dict[str, Any]]:
    """The Vega-Lite specs of the charts in the HTML, in order."""
    return [json.loads(unescape(m.group(1))) for m in _CHART.finditer(html)]


def chart_text(html: str) -> str:
    """Everything the charts in the HTML will show or name (titles, labels, data), as one text."""
    return "\n".join(json.dumps(spec, ensure_ascii=False) for spec in chart_specs(html))


def without_charts(html: str) -> str:
    """The HTML with its charts taken out: the words beside them."""
    return _CHART.sub("", html)


def drawn(html: str) -> str:
    """The HTML as the page shows it once its charts are drawn: each chart as the SVG that
    Vega draws from its spec (vl-convert runs the same Vega as the page's bundle)."""
    import vl_convert

    from toolkit.charts import hide_empty_marks

    return _CHART.sub(
        lambda m: hide_empty_marks(vl_convert.vegalite_to_svg(json.loads(unescape(m.group(1))))),
        html,
    )
