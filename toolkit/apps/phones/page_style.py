"""How the phones' pages look: one stylesheet (large touch targets, high contrast, no web font
to fetch) and the organisation's band and group colours from the template."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from toolkit.domain.colour import readable_ink
from toolkit.domain.template import GroupSpec
from toolkit.domain.template_settings import Branding


def brand_html(branding: Branding, logo_uri: str) -> str:
    if not (branding.organisation or logo_uri):
        return ""
    logo = (
        f'<img class="brand-logo" src="{escape(logo_uri)}" '
        f'alt="{escape(branding.organisation or "Logo")}">'
        if logo_uri
        else ""
    )
    name = f"<span>{escape(branding.organisation)}</span>" if branding.organisation else ""
    return f'<header class="brand">{logo}{name}</header>'


def brand_style(branding: Branding, groups: Sequence[GroupSpec]) -> str:
    """The band's colours and each group's (its letter drawn on its colour). Colours were
    checked as #rrggbb when the template was read."""
    rules = [f".brand{{background:{branding.colour};color:{readable_ink(branding.colour)}}}"]
    rules += [f".group-{n}{{background:{g.colour};color:{readable_ink(g.colour)}}}"
              for n, g in enumerate(groups, 1)]  # fmt: skip
    return "".join(rules)


# Large touch targets, high contrast on off-white paper, one column; no web font to fetch.
STYLE = """
:root{--ink:#1a1a1a;--paper:#f7f5ef;--accent:#0057a3;--error:#8a0000;--ok:#1d5e20}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);
font:19px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:34rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.9rem;line-height:1.15;margin:.5rem 0 .75rem;overflow-wrap:anywhere}
h2{font-size:1.3rem;margin:.25rem 0 .5rem;overflow-wrap:anywhere}
p{margin:0 0 .9rem}
.brand{display:flex;align-items:center;gap:.6rem;padding:.5rem 1rem;font-weight:700}
.brand-logo{height:2rem;width:auto;max-width:40vw;background:#fff;border-radius:.2rem;padding:.1rem}
.card{background:#fff;border:2px solid #c9c4b5;border-radius:.6rem;padding:1rem;margin:0 0 1rem}
label{display:block;font-weight:700;margin:.6rem 0 .3rem}
fieldset{border:0;margin:0;padding:0}
legend{font-weight:700;margin:.4rem 0}
input[type=text],input[type=number],textarea,select{display:block;width:100%;font:inherit;
padding:.5rem .6rem;color:var(--ink);background:#fff;border:2px solid var(--ink);
border-radius:.4rem}
.code{font-size:1.7rem;letter-spacing:.15em;text-transform:uppercase;
font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.code::placeholder{text-transform:none;letter-spacing:normal}
button{font:inherit;font-weight:700;min-height:3rem;min-width:3rem;padding:.4rem 1rem;
border-radius:.5rem;border:2px solid var(--ink);background:#fff;color:var(--ink);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
button:disabled,button.primary:disabled{background:#e4e1d8;border-color:#9a968a;color:#5f5b50;
cursor:default}
form.card>button{display:block;width:100%;margin-top:1rem}
:focus-visible{outline:4px solid #e69f00;outline-offset:2px}
.choice{display:flex;align-items:center;gap:.6rem;font-weight:400;min-height:3rem;
border:2px solid #c9c4b5;border-radius:.5rem;padding:.3rem .7rem;margin:.3rem 0}
.choice input{width:1.4rem;height:1.4rem}
.letter{display:inline-block;min-width:1.8rem;text-align:center;font-weight:700;
border:2px solid var(--ink);border-radius:.3rem}
.status:empty{display:none}
.status{padding:.5rem .75rem;border-left:6px solid var(--ok);background:#e3f1e3}
.status.error{border-color:var(--error);background:#fbe3e3;color:var(--error)}
.code-banner{color:#333}
.lead{font-size:1.2rem}
.option{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;background:#fff;
border:2px solid #c9c4b5;border-radius:.6rem;padding:.5rem .6rem;margin:0 0 .6rem}
.option>.status{flex:1 0 100%;margin:0}
form{scroll-margin-top:.5rem}
.option .label{flex:1;overflow-wrap:anywhere}
.option button{font-size:1.6rem;padding:0;width:3rem;height:3rem}
.dots{font-size:1.3rem;letter-spacing:.08em;white-space:nowrap}
.left{font-size:1.3rem}
.locked,.done{font-weight:700}
.scale{display:flex;flex-wrap:wrap;gap:.4rem;margin:.3rem 0 .6rem}
.scale legend{width:100%}
.score{margin:0}
.score input{position:absolute;opacity:0}
.score span{display:inline-flex;align-items:center;justify-content:center;width:3rem;height:3rem;
border:2px solid var(--ink);border-radius:.5rem;background:#fff}
.score input:checked+span{background:var(--accent);border-color:var(--accent);color:#fff}
.score input:focus-visible+span{outline:4px solid #e69f00;outline-offset:2px}
.js .rating .save{display:none}
.mine li{margin:.2rem 0;overflow-wrap:anywhere}
.waiting{color:#5f4b00;font-style:italic}
"""
