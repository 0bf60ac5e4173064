"""Charts drawn as SVG or PNG offline (vl-convert), fit for screen readers."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt

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
