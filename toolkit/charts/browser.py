"""Charts drawn by the reader's browser: HTML carries the chart's Vega-Lite spec in a
placeholder, and the vendored Vega bundle draws it as SVG: on the facilitator's screens (the
toolkit's Voila template serves the bundle) and in the report (which carries it inline). No
chart renderer in the Python process: vl-convert costs about 85 MB, and half a second a
chart."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a first screen without charts starts without altair
    import altair as alt

# With the Voila template, whose static files are the only ones Voila serves: Vega, Vega-Lite
# and Vega-Embed in one offline file (devtools/vega_bundle.py writes it), and the toolkit's
# drawing of a placeholder with them.
STATIC = Path(__file__).resolve().parents[1] / "apps/jupyter/voila/templates/toolkit/static"
VEGA_BUNDLE = STATIC / "vega.js"
DRAW_CHART = STATIC / "draw_chart.js"


def browser_chart(chart: alt.TopLevelMixin, label: str = "", validate: bool = True) -> str:
    """HTML that the page turns into the drawn chart; it keeps the chart's height while it
    is drawn, and names the chart to screen readers (`label`, else the chart's description
    or title), the drawing too. `validate=False` skips checking the spec against Vega-Lite's
    schema (a fifth of a second for a report's charts, which the tests check)."""
    spec: dict[str, Any] = chart.to_dict(validate=validate)
    spec.pop("$schema", None)  # a web address, and Vega-Lite is what is drawn without it
    if label and not spec.get("description"):
        spec["description"] = label  # what Vega names the drawing by
    height = spec.get("height")
    style = f' style="min-height:{int(height)}px"' if isinstance(height, int | float) else ""
    title = label or spec.get("description") or _title(spec.get("title")) or "Chart"
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


def drawing_scripts() -> str:
    """HTML scripts that draw every placeholder of a page that carries all it needs (the
    report): the bundle and the drawing, inline, as the screens load them."""
    code = [path.read_text(encoding="utf-8") for path in (VEGA_BUNDLE, DRAW_CHART)]
    code.append("document.querySelectorAll('.toolkit-chart').forEach(window.toolkitDrawChart);")
    return "".join(f'<script type="module">{c}</script>' for c in code)
