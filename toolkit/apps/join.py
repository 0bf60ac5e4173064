"""The join panel for the projector: a QR code made offline, and the link in words."""

from __future__ import annotations

from html import escape

import segno


def join_panel(url: str) -> str:
    """HTML with the link as an inline SVG QR code (no network) and as text."""
    if not url:
        return ""
    svg = segno.make(url, error="m").svg_inline(scale=6, dark="#1a1a1a", light="#ffffff",
                                                  border=3)  # fmt: skip
    return (
        f"<div class='toolkit-join-panel' role='img' aria-label='QR code of the join link'>"
        f"{svg}<div><h2>Join on your phone</h2><p>Scan the code, or open</p>"
        f"<p class='toolkit-join-link'>{escape(url)}</p></div></div>"
    )
