"""The organisation's band at the top of the console, the projector and the phones."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from toolkit.domain.colour import readable_ink
from toolkit.domain.template_settings import Branding


def brand_html(branding: Branding, logo_uri: str) -> str:
    """The band: logo and organisation name on the organisation's colour, with text in
    black or white, whichever reads better on it. Empty when the template names neither."""
    if not (branding.organisation or logo_uri):
        return ""
    logo = (
        f"<img class='toolkit-brand-logo' src='{escape(logo_uri)}' "
        f"alt='{escape(branding.organisation or 'Logo')}'>"
        if logo_uri
        else ""
    )
    name = (
        f"<span class='toolkit-brand-name'>{escape(branding.organisation)}</span>"
        if branding.organisation
        else ""
    )
    return (
        f"<div class='toolkit-brand' style='background:{branding.colour};"
        f"color:{readable_ink(branding.colour)}'>{logo}{name}</div>"
    )


def brand_bar(branding: Branding, logo_uri: str) -> widgets.HTML:
    bar = widgets.HTML(brand_html(branding, logo_uri))
    bar.add_class("toolkit-brand-bar")
    if not bar.value:
        bar.layout.display = "none"
    return bar
