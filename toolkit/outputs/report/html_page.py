"""The report as one self-contained HTML file: its charts drawn by the reader's browser from
their Vega-Lite specs with the Vega bundle carried inline (drawing them here took most of
the report's time), the logo as a data: URI, nothing fetched, a print stylesheet for A4.
Every typed text is escaped."""

from __future__ import annotations

from html import escape

from toolkit import analysis
from toolkit.charts.browser import browser_chart, drawing_scripts
from toolkit.domain.colour import readable_ink
from toolkit.outputs.report.parts import Block, Heading, Items, Para, Report, Table

_CSS = """
:root { --ink: #1a1a1a; --paper: #f7f5ef; --muted: #4a4a4a; --line: #b9b4a6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 0 1.5rem 3rem; }
header.band { padding: 1rem 1.5rem; display: flex; align-items: center; gap: 1.2rem; }
header.band img { height: 3.2rem; background: #fff; padding: 0.3rem; border-radius: 0.3rem; }
header.band .org { font-weight: 700; font-size: 1.1rem; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 1.5rem 0 0.3rem; }
h2 { font-size: 1.6rem; margin: 2.5rem 0 0.6rem; padding-top: 0.6rem;
  border-top: 3px solid var(--ink); }
h3 { font-size: 1.2rem; margin: 1.6rem 0 0.4rem; }
p.lead { font-size: 1.1rem; }
p.note { color: var(--muted); font-size: 0.92rem; border-left: 4px solid var(--line);
  padding-left: 0.7rem; }
nav ol { columns: 2; padding-left: 1.4rem; }
nav a { color: var(--ink); }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; font-size: 0.95rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: #e8e4d8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; width: 1%; }
td.num { white-space: nowrap; }
/* A table wider than a phone scrolls on its own, not the whole page. */
.table-scroll { overflow-x: auto; }
td.nowrap, table#issues-table td:nth-child(4) { white-space: nowrap; }
figure { margin: 1rem 0 1.4rem; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { margin-top: 0.4rem; }
footer { color: var(--muted); font-size: 0.85rem; margin-top: 3rem; }
@media print {
  @page { size: A4; margin: 15mm 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  header.band { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav { display: none; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  h2, h3 { break-after: avoid; }
  figure, tr, p.note { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-scroll { overflow: visible; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def to_html(report: Report) -> str:
    """The report as one HTML file that needs nothing else to show or print."""
    s = report.session
    texts = s.template.texts
    info = analysis.summary(s)
    brand = s.template.branding
    band = ""
    if brand.shown:
        logo = (
            f'<img src="{escape(report.logo)}" alt="{escape(brand.organisation or "Logo")}">'
            if report.logo
            else ""
        )
        org = f"<span class='org'>{escape(brand.organisation)}</span>" if brand.organisation else ""
        band = (
            f"<header class='band' style='background:{brand.colour};"
            f"color:{readable_ink(brand.colour)}'>{logo}{org}</header>"
        )
    nav = "".join(f"<li><a href='#{x.id}'>{escape(x.title)}</a></li>" for x in report.sections)
    # with scripts off, each chart's words and the tables still say what it shows
    said = escape(texts.say("report.charts_need_scripts"))
    scripts_off = f"<noscript><p class='note'>{said}</p></noscript>" if report.figures else ""
    body = [
        band,
        "<main>",
        f"<h1>{escape(info['title'])}</h1>",
        f"<p class='lead'>{escape(texts.say('report.lead'))}"
        f"{escape(' · ' + info['date']) if info['date'] else ''}</p>",
        scripts_off,
        f"<nav aria-label='{escape(texts.say('report.contents'))}'><ol>{nav}</ol></nav>",
    ]
    for sec in report.sections:
        body.append(f"<section id='{sec.id}'><h2>{escape(sec.title)}</h2>")
        body.extend(_html_block(b) for b in sec.blocks)
        body.append("</section>")
    footer = f"{texts.say('report.footer', folder=s.path.name)} {texts.say('report.footer_html')}"
    body.append(f"<footer>{escape(footer)}</footer></main>")
    if report.figures:
        body.append(drawing_scripts())  # the same in every report
    return (
        f"<!DOCTYPE html>\n<html lang='{escape(texts.language)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(texts.say('report.title', title=info['title']))}</title>"
        f"<style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def _html_block(b: Block) -> str:
    if isinstance(b, Para):
        cls = f" class='{b.kind}'" if b.kind else ""
        return f"<p{cls}>{escape(b.text)}</p>"
    if isinstance(b, Heading):
        return f"<h3>{escape(b.text)}</h3>"
    if isinstance(b, Items):
        return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in b.items) + "</ul>"
    if isinstance(b, Table):

        def cell(tag: str, i: int, text: str) -> str:
            num = " class='num'" if i in b.numeric else " class='nowrap'" if i in b.nowrap else ""
            scope = " scope='col'" if tag == "th" else ""
            return f"<{tag}{num}{scope}>{escape(text)}</{tag}>"

        head = "".join(cell("th", i, h) for i, h in enumerate(b.head))
        rows = "".join(
            "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in b.rows
        )
        # focusable, so a keyboard can scroll it; named by its columns
        return (
            f"<div class='table-scroll' role='region' tabindex='0' "
            f"aria-label='{escape(', '.join(b.head))}'><table id='{b.id}'>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    drawn = browser_chart(b.chart, b.title, validate=False)  # checked by the tests
    title = f"<h3>{escape(b.title)}</h3>" if b.heading else ""
    words = f"<figcaption>{escape(b.words)}</figcaption>"
    return f"<figure id='{b.name}'>{title}{drawn}{words}</figure>"
