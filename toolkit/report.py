"""The workshop write-up: one self-contained HTML file (charts as inline SVG drawn offline,
the logo as a data: URI, nothing fetched, a print stylesheet for A4), or Markdown.

Both formats are rendered from the same list of sections built from `toolkit.analysis`, so
they say the same thing. Every text a participant typed is escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import altair as alt
import pandas as pd

from toolkit import analysis, charts
from toolkit.domain.colour import readable_ink
from toolkit.domain.voting import OTHER
from toolkit.records.session import Session
from toolkit.records.templates import logo_data_uri

FORMATS = ("html", "md")
DEFAULT_NAME = "report"


class ReportError(ValueError):
    """A report that cannot be written as asked; the message says what to change."""


# What a report is made of, whatever the format


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = ""  # "note" for a method or rule, "lead" for a summary sentence


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    id: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right
    nowrap: tuple[int, ...] = ()  # columns kept on one line (dates)


@dataclass(frozen=True)
class Figure:
    name: str  # file name stem, also the anchor
    title: str
    chart: alt.TopLevelMixin
    words: str  # what the chart shows, in words
    heading: bool = True  # False when the chart draws its own title


Block = Para | Heading | Items | Table | Figure


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    session: Session
    sections: list[Section]
    logo: str  # data: URI or ""

    @property
    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


def _rows(frame: pd.DataFrame) -> list[Any]:
    """A DataFrame's rows as namespaces, to read by attribute."""
    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]


def _pct(x: float) -> str:
    return f"{x:.1f}"


def _num(x: float | None, places: int = 2) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{x:.{places}f}"


def build(session: analysis.SessionLike) -> Report:
    """The report's sections from a reopened session (or its folder)."""
    s = analysis.reopen(session)
    sections = [
        _summary(s),
        _stakeholders(s),
        _issues(s),
        _votes(s),
        _agreement(s),
        _actions(s),
        _notes(s),
        _methods(s),
    ]
    return Report(s, [x for x in sections if x.blocks], logo_data_uri(s.path, s.template.branding))


def _summary(s: Session) -> Section:
    info = analysis.summary(s)
    sec = Section("summary", "Summary")
    facts = [
        f"Date: {info['date'] or 'not recorded'}",
        f"Facilitator: {info['facilitator'] or 'not recorded'}",
    ]
    if info["organisation"]:
        facts.append(f"Organisation: {info['organisation']}")
    facts.append(f"Workshop plan: {info['template']}")
    sec.blocks.append(Items(tuple(facts)))
    fates = analysis.issue_fates(s)
    plan = analysis.action_plan(s)
    people = analysis.groups(s)
    counts = [
        f"{int(people['people'].sum())} people took part",
        f"{len(analysis.stakeholders(s))} stakeholders mapped",
        f"{len(fates)} issues raised",
        f"{len(analysis.revealed_rounds(s))} rounds of dot-voting revealed",
        f"{len(plan)} actions in the plan",
    ]
    sec.blocks.append(Para("; ".join(counts) + ".", "lead"))
    sec.blocks.append(Heading("Who took part"))
    sec.blocks.append(
        Table(
            "groups",
            ("Group", "Letter", "People"),
            tuple(
                (g.group, g.letter, str(g.people) + (" and paper sheets" if g.paper else ""))
                for g in _rows(people)
            ),
            numeric=(2,),
        )
    )
    if (people["group"] == OTHER).any():
        sec.blocks.append(Para(analysis.folding_words(s), "note"))
    steps = analysis.agenda(s)
    if len(steps):
        sec.blocks.append(Heading("Agenda and timings"))
        sec.blocks.append(
            Table(
                "agenda",
                ("Step", "Planned (min)", "Spent (min)"),
                tuple(
                    (
                        f"{r.position}. {r.step}",
                        str(r.planned_minutes),
                        _num(r.minutes_spent, 0),
                    )
                    for r in _rows(steps)
                ),
                numeric=(1, 2),
            )
        )
        sec.blocks.append(
            Para(
                "Minutes spent are measured between the facilitator's moves from step to step "
                "on the console; the last step has no end recorded.",
                "note",
            )
        )
    return sec


def _stakeholders(s: Session) -> Section:
    sec = Section("stakeholders", "Who is involved: the stakeholder map")
    frame = analysis.stakeholders(s)
    if frame.empty:
        return sec
    sec.blocks.append(
        Figure(
            "stakeholder-map",
            "Stakeholder map",
            analysis.stakeholder_chart(s),
            "Each stakeholder sits on the grid by their power and interest (1 to 5, 3 and "
            "above is high); the lower chart shows where each is now and where the room wants "
            "them to be. " + analysis.stakeholder_words(s),
            heading=False,
        )
    )
    head: tuple[str, ...] = ("Stakeholder", "Type", "Quadrant", "Position now",
                             "Where we want them")  # fmt: skip
    rows: tuple[tuple[str, ...], ...] = tuple(
        (r.name, r.kind, r.quadrant, r.position, r.desired_position) for r in _rows(frame)
    )
    if "kind" not in s.template.stakeholder_map.fields:  # the template leaves Type out
        head, rows = head[:1] + head[2:], tuple(r[:1] + r[2:] for r in rows)
    sec.blocks.append(Table("stakeholders", head, rows))
    return sec


def _issues(s: Session) -> Section:
    sec = Section("issues", "Every issue raised, and what became of it")
    fates = analysis.issue_fates(s)
    if fates.empty:
        return sec
    counts = {str(k): int(v) for k, v in fates["fate"].value_counts().items()}
    words = {
        "action": "led to an action",
        "voted": "were voted on without an action yet",
        "shortlisted": "were shortlisted but not voted on",
        "backlog": "are kept on the backlog",
        "merged": "were merged into another as duplicates",
        "hidden": "were hidden by the facilitator",
    }
    parts = [f"{counts[f]} {words[f]}" for f in analysis.FATES if counts.get(f, 0)]
    sec.blocks.append(Para(f"{len(fates)} issues were raised: " + ", ".join(parts) + ".", "lead"))
    rows = []
    for r in _rows(fates):
        text = "(not shown: it held personal details or abuse)" if r.fate == "hidden" else r.text
        rows.append((str(r.number), text, r.category, r.group or "not recorded", r.outcome))
    sec.blocks.append(
        Table(
            "issues-table",
            ("No.", "Issue", "Category", "Raised by", "What became of it"),
            tuple(rows),
            numeric=(0,),
        )
    )
    sec.blocks.append(
        Para(
            "How the outcome is decided (the first that applies): "
            + "; ".join(f"{k}: {v}" for k, v in analysis.FATE_RULES.items())
            + ".",
            "note",
        )
    )
    return sec


def _votes(s: Session) -> Section:
    sec = Section("votes", "Dot-voting results")
    scores = analysis.vote_scores(s)
    if scores.empty:
        return sec
    sec.blocks.append(Para(analysis.folding_words(s), "note"))
    results = analysis.vote_results(s)
    for r in _rows(analysis.round_rules(s)):
        voters = results[(results["round"] == r.round) & (results["position"] == 1)]
        who = ", ".join(f"{v.group} {v.voters}" for v in _rows(voters))
        most = f"at most {r.most_on_one} on one option" if r.most_on_one > 1 else "one per option"
        sec.blocks.append(
            Para(f"Round {r.round}: {r.dots_each} dots each, {most}. People who voted: {who}.")
        )
    sec.blocks.append(
        Figure(
            "votes-raw",
            "Dots per option, by group",
            analysis.vote_chart(s, "raw", width=640, stacked=True),
            "Each bar is an option's dots, split by the group that gave them (colour and "
            "letter); one panel per round. " + analysis.vote_words(s, "raw"),
        )
    )
    sec.blocks.append(
        Figure(
            "votes-equal",
            "Each group counted once",
            analysis.vote_chart(s, "equal", width=640, stacked=True),
            "The same votes with each group counted once: a bar's length is the option's "
            "equal-weight score, the mean of the groups' shares of their own dots, so a large "
            "group does not outweigh a small one. " + analysis.vote_words(s, "equal"),
        )
    )
    for number, part in scores.groupby("round", sort=True):
        sec.blocks.append(Heading(f"Round {number}: scores"))
        sec.blocks.append(
            Table(
                f"scores-round-{number}",
                ("No.", "Option", "Dots", "Equal-weight score (%)", "Rank"),
                tuple(
                    (str(r.position), r.option, str(r.dots), _pct(r.equal_weight), str(r.rank))
                    for r in _rows(part)
                ),
                numeric=(0, 2, 3, 4),
            )
        )
    sec.blocks.append(
        Para(
            f"Equal-weight score: {analysis.METHODS['equal_weight']}. Rank: "
            f"{analysis.METHODS['equal_weight_rank']}.",
            "note",
        )
    )
    return sec


def _agreement(s: Session) -> Section:
    sec = Section("agreement", "Where the groups agree and differ")
    found = analysis.agreement(s)
    shifts = {sh.second_round: sh for sh in analysis.shift(s)}
    for ra in found:
        words = analysis.agreement_words(ra)
        sec.blocks.append(Heading(f"Round {ra.round_number}"))
        for title, lines in (
            ("Where we agree", words["agree"]),
            ("Where we differ", words["differ"]),
        ):
            rule, *items = lines if len(lines) > 1 else ("", *lines)
            sec.blocks.append(Heading(title))
            sec.blocks.append(Items(tuple(items)))
            if rule:
                sec.blocks.append(Para(rule, "note"))
        if len(ra.groups) >= 2:
            sec.blocks.append(
                Figure(
                    f"ranks-round-{ra.round_number}",
                    f"How each group ranks the options (round {ra.round_number})",
                    charts.agreement_ranks(ra, s.template.groups),  # as analysis.ranks_chart
                    " ".join([*words["pairs"], charts.RANKS_WORDS]),
                )
            )
            sec.blocks.append(
                Table(
                    f"pairs-round-{ra.round_number}",
                    (
                        "Groups",
                        "Kendall's tau-b",
                        "Spearman's rho",
                        "Top-3 overlap",
                        "Jensen-Shannon distance",
                    ),
                    tuple(
                        (
                            f"{p.first} and {p.second}",
                            _num(p.tau_b),
                            _num(p.rho),
                            _num(p.top_overlap),
                            _num(p.js_distance),
                        )
                        for p in ra.pairs
                    ),
                    numeric=(1, 2, 3, 4),
                )
            )
        sec.blocks.append(
            Table(
                f"within-round-{ra.round_number}",
                ("Group", "Voters", "Dots", "Kendall's W"),
                tuple(
                    (
                        p.group,
                        str(p.voters),
                        str(p.dots),
                        _num(p.concordance.w)
                        if p.concordance.w is not None
                        else p.concordance.reason,
                    )
                    for p in ra.groups
                ),
                numeric=(1, 2, 3),
            )
        )
        for lo in ra.left_out:  # the Other groups' reason would name the small groups
            if lo.group != OTHER:
                sec.blocks.append(Para(lo.reason, "note"))
        if any(lo.group == OTHER for lo in ra.left_out):
            sec.blocks.append(
                Para(
                    f"'{OTHER}' gathers the groups too small to be shown by name, so it is left "
                    "out of the comparisons between and within groups.",
                    "note",
                )
            )
        sh = shifts.get(ra.round_number)
        if sh is not None and sh.groups and sh.options:
            sec.blocks.append(
                Figure(
                    f"shift-round-{sh.first_round}-to-{sh.second_round}",
                    f"How priorities moved from round {sh.first_round} to {sh.second_round}",
                    charts.agreement_shift(sh, ra, s.template.groups),  # as analysis.shift_chart
                    "One panel per group; each line joins an option's rank in the earlier "
                    "round to its rank in the later one (1 = most dots), among the options in "
                    "both rounds. " + " ".join(analysis.shift_words(sh)),
                )
            )
            sec.blocks.append(
                Table(
                    f"shift-round-{sh.first_round}-to-{sh.second_round}-table",
                    ("Group", f"Kendall's tau-b, round {sh.first_round} to {sh.second_round}"),
                    tuple(
                        (g.group, _num(g.tau_b) if g.tau_b is not None else g.reason)
                        for g in sh.groups
                    ),
                    numeric=(1,),
                )
            )
    if found:
        sec.blocks.append(
            Para(
                f"Method: {analysis.METHODS['tau_b']}. Common ground and contested use the "
                f"{analysis.METHODS['p']}. The words for tau-b (similarly, a little, a lot) are "
                "descriptive bands, not significance tests.",
                "note",
            )
        )
    return sec


def _actions(s: Session) -> Section:
    sec = Section("actions", "You said, we did: the action plan")
    plan = analysis.action_plan(s)
    if plan.empty:
        return sec
    sec.blocks.append(Para(analysis.plan_words(s), "lead"))
    rows = []
    for a in _rows(plan):
        said = f"{a.you_said} (from last time)" if a.from_last_time else a.you_said
        rows.append(
            (said, a.action, a.users_contribute, a.provider_contributes, a.owner, a.due, a.status)
        )
    sec.blocks.append(
        Table(
            "plan",
            ("You said", "We will", "Service users", "Provider", "Owner", "Due", "Status"),
            tuple(rows),
            nowrap=(5,),
        )
    )
    carried = int(plan["from_last_time"].sum())
    if carried:
        sec.blocks.append(
            Para(
                f"{carried} of these were carried forward from the last session to be "
                "followed up; their status is as reviewed at this one.",
                "note",
            )
        )
    return sec


def _notes(s: Session) -> Section:
    sec = Section("notes", "What was said: discussion notes")
    frame = analysis.notes(s)
    if frame.empty:
        return sec
    sec.blocks.append(
        Para(
            f"{len(frame)} note{'s' if len(frame) != 1 else ''} of the discussion, step by "
            "step, in the room's words: what each is about, and whose voices it reflects.",
            "lead",
        )
    )
    by_step: dict[str, list[str]] = {}  # in agenda order: analysis.notes sorts them
    for n in _rows(frame):
        title = f"{n.position}. {n.step}" if n.step else "At no step of the agenda"
        said = "; ".join(x for x in (n.about, f"voices: {n.groups}" if n.groups else "") if x)
        by_step.setdefault(title, []).append(f"{n.text} ({said})" if said else n.text)
    for title, lines in by_step.items():
        sec.blocks += [Heading(title), Items(tuple(lines))]
    if (frame["groups"].str.contains(OTHER, regex=False)).any():
        sec.blocks.append(Para(analysis.folding_words(s), "note"))
    return sec


def _methods(s: Session) -> Section:
    sec = Section("methods", "How the figures are worked out")
    if not analysis.revealed_rounds(s):
        return sec
    keys = (
        "equal_weight",
        "equal_weight_rank",
        "small_groups",
        "tau_b",
        "rho",
        "top_overlap",
        "js_distance",
        "w",
        "p",
        "consensus",
    )
    names = {"equal_weight": "Equal-weight score", "equal_weight_rank": "Rank",
             "small_groups": "Small groups", "tau_b": "Kendall's tau-b",
             "rho": "Spearman's rho", "top_overlap": "Top-k overlap",
             "js_distance": "Jensen-Shannon distance", "w": "Kendall's W",
             "p": "p (breadth of support)", "consensus": "Consensus"}  # fmt: skip
    items = []
    for k in keys:
        text = analysis.METHODS[k]
        named = text.startswith(names[k])  # "Kendall's tau-b between ..." names itself
        items.append(f"{text[0].upper()}{text[1:]}." if named else f"{names[k]}: {text}.")
    ra = analysis.agreement(s)[0]
    items.append(
        f"Thresholds in this report: groups of fewer than {s.template.small_group_threshold} "
        f"members are folded into 'Other groups'; common ground needs {ra.common:.0%} of every "
        f"group's voters; contested means {100 * ra.contested:.0f} points or more between two "
        f"groups; top-k uses k = {ra.k}."
    )
    sec.blocks.append(Items(tuple(items)))
    return sec


# HTML


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
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;
  width: 1%; }
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
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, prefix: str, title: str) -> str:
    """An SVG drawn by vl-convert, fit to sit inside HTML: namespace declarations dropped
    (HTML does not need them, and they are the only web addresses in it), ids made unique
    to this chart, and a title for screen readers."""
    head_end = svg.index(">")
    head = _XMLNS.sub("", svg[:head_end])
    body = svg[head_end:]
    for found in set(_ID.findall(body)):
        body = body.replace(f'id="{found}"', f'id="{prefix}-{found}"')
        body = body.replace(f"url(#{found})", f"url(#{prefix}-{found})")
        body = body.replace(f'href="#{found}"', f'href="#{prefix}-{found}"')
    return f'{head} role="img" aria-label="{escape(title)}"{body}'


def to_html(report: Report) -> str:
    """The report as one HTML file that needs nothing else to show or print."""
    s = report.session
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
    body = [
        band,
        "<main>",
        f"<h1>{escape(info['title'])}</h1>",
        f"<p class='lead'>Workshop report{escape(' · ' + info['date']) if info['date'] else ''}"
        "</p>",
        f"<nav aria-label='Contents'><ol>{nav}</ol></nav>",
    ]
    for sec in report.sections:
        body.append(f"<section id='{sec.id}'><h2>{escape(sec.title)}</h2>")
        body.extend(_html_block(b) for b in sec.blocks)
        body.append("</section>")
    body.append(
        f"<footer>Written from the session records in the folder "
        f"{escape(s.path.name)} by the co-production toolkit. Figures name their method; "
        "charts are described in words beside them.</footer></main>"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(info['title'])}: workshop report</title>"
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
        return f"<table id='{b.id}'><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    svg = inline_svg(charts.to_svg(b.chart), b.name, b.title)
    title = f"<h3>{escape(b.title)}</h3>" if b.heading else ""
    return f"<figure id='{b.name}'>{title}{svg}<figcaption>{escape(b.words)}</figcaption></figure>"


# Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, raw HTML, tables
_MD_LINE_START = re.compile(r"^(?:([#+\-=])|(\d+)([.)])(?=\s|$))")  # headings, lists, setext


def md_escape(text: str) -> str:
    """Text as Markdown shows it literally: every mark that could start markup or raw HTML
    backslash-escaped (CommonMark), line breaks made spaces."""
    text = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def to_markdown(report: Report, charts_folder: str) -> str:
    """The report in Markdown; each chart is referenced as `charts_folder/NAME.svg` (written
    by `write_report`) and described in words under it."""
    s = report.session
    info = analysis.summary(s)
    lines = [f"# {md_escape(info['title'])}", "", f"Workshop report {md_escape(info['date'])}", ""]
    for sec in report.sections:
        lines += [f"## {md_escape(sec.title)}", ""]
        for b in sec.blocks:
            lines += [*_md_block(b, charts_folder), ""]
    lines.append(
        f"Written from the session records in the folder {md_escape(s.path.name)} by the "
        "co-production toolkit."
    )
    return "\n".join(lines) + "\n"


def _md_block(b: Block, charts_folder: str) -> list[str]:
    if isinstance(b, Para):
        return [f"_{md_escape(b.text)}_" if b.kind == "note" else md_escape(b.text)]
    if isinstance(b, Heading):
        return [f"### {md_escape(b.text)}"]
    if isinstance(b, Items):
        return [f"- {md_escape(i)}" for i in b.items]
    if isinstance(b, Table):
        align = ["---:" if i in b.numeric else "---" for i in range(len(b.head))]
        return [
            "| " + " | ".join(md_escape(h) for h in b.head) + " |",
            "| " + " | ".join(align) + " |",
            *("| " + " | ".join(md_escape(c) for c in r) + " |" for r in b.rows),
        ]
    return [
        f"### {md_escape(b.title)}",
        "",
        f"![{md_escape(b.title)}]({charts_folder}/{b.name}.svg)",
        "",
        md_escape(b.words),
    ]


# Files


def write_report(
    session: analysis.SessionLike,
    out: Path | str | None = None,
    fmt: str | None = None,
    charts_dir: Path | str | None = None,
) -> Path:
    """Write the report and return its path: HTML by default, `report.html` in the session
    folder unless `out` says otherwise; Markdown with `fmt='md'` (or an .md `out`), its charts
    as SVG files in a folder beside it; with `charts_dir`, every chart also as .svg and .png."""
    s = analysis.reopen(session)
    if fmt is None:
        fmt = "md" if out is not None and Path(out).suffix == ".md" else "html"
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    path = Path(out) if out is not None else s.path / f"{DEFAULT_NAME}.{fmt}"
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as {path / 'report.html'}")
    report = build(s)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(to_html(report), encoding="utf-8")
    else:
        folder = path.with_name(f"{path.stem}-charts")
        _write_svgs(report.figures, folder)
        path.write_text(to_markdown(report, folder.name), encoding="utf-8")
    if charts_dir is not None:
        folder = Path(charts_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for f in report.figures:
            charts.save(f.chart, folder / f"{f.name}.svg")
            charts.save(f.chart, folder / f"{f.name}.png")
    return path


def _write_svgs(figures: Sequence[Figure], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in figures:
        charts.save(f.chart, folder / f"{f.name}.svg")
