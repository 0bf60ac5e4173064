"""A chart for a facilitator's screen, drawn by the browser: the kernel sends the chart's
Vega-Lite spec in a placeholder, and the page's vendored Vega (the toolkit's Voila template)
draws it as SVG. No chart renderer in the kernel: vl-convert costs about 85 MB a kernel."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a first screen without charts starts without altair
    import altair as alt


def browser_chart(chart: alt.TopLevelMixin) -> str:
    """HTML that the page turns into the drawn chart; it keeps the chart's height while it
    is drawn, and names the chart to screen readers until then."""
    spec: dict[str, Any] = chart.to_dict()
    height = spec.get("height")
    style = f' style="min-height:{int(height)}px"' if isinstance(height, int | float) else ""
    title = spec.get("description") or _title(spec.get("title")) or "Chart"
    return (
        f'<div class="toolkit-chart" role="img" aria-label="{escape(str(title))}"{style} '
        f'data-spec="{escape(json.dumps(spec, separators=(",", ":"), ensure_ascii=False))}"></div>'
    )


def _title(title: object) -> str:
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title or "")
