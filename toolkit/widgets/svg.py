"""Charts' SVG made fit for screen readers before a widget shows it."""

from __future__ import annotations

import re

# Vega labels each mark container from its items; a layer with no data (no ratings yet, no
# arrows to draw) comes out as an empty <g role="graphics-symbol"/> with no name, which
# screen readers announce as an unnamed image (axe: svg-img-alt). It shows nothing: hide it.
_EMPTY_MARKS = re.compile(r'(<g\b[^>]*\brole="graphics-symbol"[^>]*?)\s*/>')


def hide_empty_marks(svg: str) -> str:
    """The SVG with its empty, unnamed mark containers hidden from assistive technology."""
    return _EMPTY_MARKS.sub(r'\1 aria-hidden="true"/>', svg)
