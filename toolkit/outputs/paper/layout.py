"""What every paper page is built from: escaped and isolated text, tick boxes, the band of
the organisation's colours and a stylesheet that prints what the screen shows on A4."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from toolkit.domain.colour import readable_ink
from toolkit.domain.stakeholders import POSITIONS, position_word
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.texts import Texts
from toolkit.records.session import Session
from toolkit.records.templates import logo_data_uri

# A card's tick lists (groups, then topics) fit half a page up to about this many lines of
# text, a label wrapping after about this many characters (measured in Chromium on the
# shipped templates); longer, and each card takes a whole page.
TICK_LINES_PER_CARD = 15
CHARS_PER_TICK_LINE = 27
STAKEHOLDER_ROWS = 12
COMPACT_FROM = 8  # a ballot with more options than this is set smaller to fit one sheet


_BOX = "<span class='box' aria-hidden='true'></span>"


def _text(text: str) -> str:
    """Typed text, escaped and isolated from the text around it."""
    return f"<bdi>{escape(text)}</bdi>"


def _group_name(g: GroupSpec) -> str:
    """A group's letter on its colour (so colour is never the only cue), then its name."""
    return (
        f"<span class='letter' style='background:{g.colour};color:{readable_ink(g.colour)}'>"
        f"{escape(g.letter)}</span> {_text(g.name)}"
    )


def _group_boxes(groups: Sequence[GroupSpec], label: str) -> str:
    """'Group:' and a tick box per group."""
    choices = "".join(f"<span class='choice'>{_BOX}{_group_name(g)}</span>" for g in groups)
    return f"<div class='groups'><span class='label'>{escape(label)}</span> {choices}</div>"


def _tick_lines(template: WorkshopTemplate) -> int:
    """About how many lines of text a card's tick lists take (a group's letter counts as
    three characters)."""
    labels = [g.name + "   " for g in template.groups] + list(template.issue_categories)
    return sum(math.ceil(len(label) / CHARS_PER_TICK_LINE) for label in labels)


def _position_letters(texts: Texts) -> list[str]:
    """A letter to circle for each position: the first of its word in the template's
    language (S, N, R in English), or 1, 2, 3 when two words start alike."""
    letters = [position_word(p, texts)[:1].upper() for p in POSITIONS]
    if len(set(letters)) < len(letters):
        return [str(n) for n in range(1, len(letters) + 1)]
    return letters


def _band(session: Session) -> str:
    """The organisation's band (logo, name, colour), as at the top of the screens."""
    branding = session.template.branding
    logo = logo_data_uri(session.path, branding)
    if not (branding.organisation or logo):
        return ""
    img = f"<img src='{escape(logo)}' alt='{escape(branding.organisation or 'Logo')}'>"
    org = f"<span class='org'>{_text(branding.organisation)}</span>"
    return (
        f"<div class='band' style='background:{branding.colour};"
        f"color:{readable_ink(branding.colour)}'>{img if logo else ''}"
        f"{org if branding.organisation else ''}</div>"
    )


def _page(band: str, body: str, kind: str) -> str:
    return f"<section class='page {kind}'>{band}{body}</section>"


def _document(title: str, pages: Sequence[str], texts: Texts) -> str:
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(texts.language)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(pages)}</body></html>\n"
    )


# On screen each page is drawn as a sheet of A4 (190 x 275 mm inside the margins), so what is
# seen is what prints (2 mm are spare, so a full page never spills onto a blank one). Sizes are
# in mm and pt, as on paper.
_CSS = """
@page { size: A4; margin: 10mm; }
:root { --ink: #1a1a1a; --muted: #3d3d3d; --rule: #8a8a8a; }
* { box-sizing: border-box; }
html { background: #d9d6cc; }
body { margin: 0; color: var(--ink);
  font: 14pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
bdi { overflow-wrap: anywhere; }
.page { box-sizing: content-box; width: 190mm; min-height: 275mm; padding: 10mm 10mm 12mm;
  margin: 8mm auto; background: #fff; box-shadow: 0 1px 5px rgba(0, 0, 0, 0.35);
  display: flex; flex-direction: column; }
.page.fixed { height: 275mm; overflow: hidden; }
.band { flex: none; height: 16mm; display: flex; align-items: center; gap: 4mm;
  padding: 0 5mm; margin-bottom: 5mm; border-radius: 2mm;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.band img { height: 11mm; max-width: 45mm; object-fit: contain; background: #fff;
  padding: 1mm; border-radius: 1mm; }
.band .org { font-weight: 700; font-size: 16pt; }
h1 { font-size: 24pt; line-height: 1.15; margin: 0 0 3mm; }
h2 { font-size: 18pt; line-height: 1.2; margin: 0 0 2mm; }
p { margin: 0 0 3mm; }
.session { font-weight: 600; color: var(--muted); margin: 0 0 1mm; }
.how, .rules { max-width: 185mm; }
.rules { font-size: 16pt; font-weight: 600; }
.label { font-weight: 700; }
.box { display: inline-block; flex: none; width: 6mm; height: 6mm; border: 0.5mm solid var(--ink);
  border-radius: 0.8mm; background: #fff; vertical-align: -1mm; margin-right: 2mm; }
.groups { display: flex; flex-wrap: wrap; align-items: center; gap: 2mm 5mm; margin: 0 0 4mm; }
.choice { white-space: nowrap; display: inline-flex; align-items: center; }
.choice bdi { white-space: normal; }
.letter { display: inline-block; min-width: 7mm; padding: 0 1.2mm; text-align: center;
  font-weight: 700; border-radius: 1mm; margin-right: 1.5mm;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
footer { margin-top: auto; padding-top: 3mm; font-size: 12pt; color: var(--muted);
  border-top: 0.3mm solid var(--rule); }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th { text-align: left; font-size: 14pt; background: #ebe8df;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
th, td { border: 0.4mm solid var(--ink); padding: 1.5mm 2.5mm; vertical-align: middle; }
/* dot-voting sheets */
.ballot-rows { flex: 1 0 auto; display: flex; flex-direction: column; margin-bottom: 3mm; }
.ballot-rows table { flex: 1 0 auto; }
.ballot tbody tr { height: 9mm; }
.ballot.compact td { padding-top: 0.6mm; padding-bottom: 0.6mm; line-height: 1.15; }
.ballot.compact td.no { font-size: 16pt; }
.ballot.compact td.option { font-size: 14pt; }
.ballot col.no { width: 15mm; }
.ballot col.dots { width: 62mm; }
.ballot col.total { width: 30mm; }
.ballot td.no { text-align: center; font-size: 22pt; font-weight: 700; }
.ballot td.option { font-size: 16pt; }
.ballot td.total { border-width: 0.9mm; }
.for-facilitator { font-size: 12pt; color: var(--muted); }
/* issue cards */
.cut-note { font-size: 12pt; color: var(--muted); margin-bottom: 2mm; }
.cards { flex: 1; min-height: 0; display: grid; grid-template-columns: 1fr;
  border-top: 0.4mm dashed #555; border-left: 0.4mm dashed #555; }
.card { border-right: 0.4mm dashed #555; border-bottom: 0.4mm dashed #555; padding: 5mm 6mm;
  overflow: hidden; min-height: 0; display: grid; grid-template-columns: 1fr 82mm; gap: 7mm; }
.card .session { font-size: 12pt; }
.card h2 { margin-bottom: 0; }
.card .line { height: 13mm; border-bottom: 0.3mm solid var(--rule); }
.card .label { margin: 0 0 1.5mm; }
.ticks { list-style: none; margin: 0 0 3mm; padding: 0; line-height: 1.2; }
.ticks li { display: flex; align-items: flex-start; margin-bottom: 1.2mm; }
.ticks .box { margin-top: -0.3mm; }
/* stakeholder map */
.map { flex: 1; display: grid; grid-template-columns: 12mm 1fr; grid-template-rows: 1fr auto;
  min-height: 170mm; margin-top: 2mm; }
.y-axis { display: flex; align-items: center; justify-content: center; }
.y-axis span { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 700; }
.x-axis { text-align: center; font-weight: 700; padding-top: 2mm; }
.quads { display: grid; grid-template-columns: 1fr 1fr; grid-template-rows: 1fr 1fr;
  border: 0.6mm solid var(--ink); }
.q { padding: 3mm 4mm; display: flex; flex-direction: column; }
.q.top-left, .q.bottom-left { border-right: 0.4mm solid var(--ink); }
.q.top-left, .q.top-right { border-bottom: 0.4mm solid var(--ink); }
.qname { font-size: 18pt; font-weight: 700; }
.qhint { font-size: 12pt; color: var(--muted); }
.register col.name { width: 42mm; }
.register col.kind { width: 28mm; }
.register col.name.wide { width: 70mm; } /* 42 + 28: no kind column, the name takes its width */
.register col.score { width: 34mm; }
.register col.pos { width: 26mm; }
.register th { font-size: 12pt; line-height: 1.15; vertical-align: bottom; }
.register td { height: 13.5mm; }
.circle { padding: 0 1mm; text-align: center; white-space: nowrap; font-size: 0; }
.circle span { display: inline-block; width: 6.2mm; text-align: center; font-size: 14pt; }
/* join poster */
.poster .sheet-head h1 { font-size: 30pt; text-align: center; margin: 4mm 0 6mm; }
.toolkit-join-panel { display: flex; flex-direction: column; align-items: center;
  text-align: center; }
.toolkit-join-qr svg { display: block; width: 120mm; height: 120mm; }
.toolkit-join-panel h2 { font-size: 32pt; margin: 5mm 0 2mm; }
.toolkit-join-panel p { margin: 0 0 1mm; font-size: 18pt; }
.toolkit-join-link, .toolkit-join-code { font-family: ui-monospace, "DejaVu Sans Mono",
  Menlo, Consolas, monospace; font-weight: 700; overflow-wrap: anywhere; }
.toolkit-join-panel p.toolkit-join-link { font-size: 26pt; margin-bottom: 3mm; }
.toolkit-join-panel p.toolkit-join-code { font-size: 60pt; line-height: 1.1;
  letter-spacing: 0.05em; }
.no-phone { margin-top: auto; text-align: center; font-size: 16pt; }
@media print {
  html { background: none; }
  .page { width: auto; min-height: 275mm; padding: 0; margin: 0; box-shadow: none;
    break-after: page; }
  .page:last-child { break-after: auto; }
  .page.fixed { height: 275mm; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""
