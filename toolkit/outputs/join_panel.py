"""The join panel for the projector: a QR code made offline, and the address and code in words."""

from __future__ import annotations

from html import escape

import segno

from toolkit.domain.texts import ENGLISH, Texts
from toolkit.records.join_code import grouped, split_join_link


def join_panel(link: str, texts: Texts = ENGLISH) -> str:
    """HTML with the join link as an inline SVG QR code (no network), and for phones that
    cannot scan, the address to open (without the token) and the code to type there."""
    if not link:
        return ""
    address, code = split_join_link(link)
    # A viewBox and no fixed size, so the stylesheet sets how large it is drawn.
    svg = segno.make(link, error="m").svg_inline(dark="#1a1a1a", light="#ffffff", border=3,
                                                   omitsize=True)  # fmt: skip
    typed = (
        f"<p class='toolkit-join-then'>{escape(texts.say('join_panel.then'))}</p>"
        f"<p class='toolkit-join-code'>{escape(grouped(code))}</p>"
        if code
        else ""
    )
    qr_label = escape(texts.say("join_panel.qr"))
    return (
        f"<div class='toolkit-join-panel'>"
        f"<div class='toolkit-join-qr' role='img' aria-label='{qr_label}'>{svg}</div>"
        f"<div><h2>{escape(texts.say('join_panel.title'))}</h2>"
        f"<p>{escape(texts.say('join_panel.scan'))}</p>"
        f"<p class='toolkit-join-link'>{escape(address)}</p>{typed}</div></div>"
    )
