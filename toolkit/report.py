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
from toolkit.agreement import group_name
from toolkit.domain.actions import status_word
from toolkit.domain.colour import readable_ink
from toolkit.domain.stakeholders import position_word
from toolkit.domain.texts import Texts
from toolkit.domain.voting import OTHER
from toolkit.prioritising import prioritised, priority_chart
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


def _num(texts: Texts, x: float | None, places: int = 2) -> str:
    """A figure as the template's language writes it, or n/a."""
    return texts.say("report.na") if x is None or pd.isna(x) else texts.number(x, places)


def build(session: analysis.SessionLike) -> Report:
    """The report's sections from a reopened session (or its folder)."""
    s = analysis.reopen(session)
    sections = [
        _edited(s),
        _summary(s),
        _stakeholders(s),
        _issues(s),
        _priorities(s),
        _votes(s),
        _agreement(s),
        _actions(s),
        _notes(s),
        _methods(s),
    ]
    return Report(s, [x for x in sections if x.blocks], logo_data_uri(s.path, s.template.branding))


def _edited(s: Session, shown: int = 20) -> Section:
    """First, when the records were edited by hand: which events the rules refused and that
    they are not counted (`write_report` writes this only when told `accept_edits`)."""
    say = s.template.texts.say
    sec = Section("edited", say("report.edited"))
    if s.refused:
        sec.blocks.append(Para(say("report.edited_lead", len(s.refused), number=len(s.refused))))
        sec.blocks.append(Items(tuple(str(p) for p in s.refused[:shown])))
        if len(s.refused) > shown:
            sec.blocks.append(Para(say("report.edited_more", number=len(s.refused) - shown)))
    return sec


def _summary(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    info = analysis.summary(s)
    unknown = say("report.not_recorded")
    sec = Section("summary", say("report.summary"))
    facts = [
        say("report.date", date=info["date"] or unknown),
        say("report.facilitator", name=info["facilitator"] or unknown),
    ]
    if info["organisation"]:
        facts.append(say("report.organisation", name=info["organisation"]))
    facts.append(say("report.plan", name=info["template"]))
    sec.blocks.append(Items(tuple(facts)))
    fates = analysis.issue_fates(s)
    plan = analysis.action_plan(s)
    people = analysis.groups(s)
    counts = [
        say(key, n, number=n)
        for key, n in (
            ("report.people", int(people["people"].sum())),
            ("report.stakeholders", len(analysis.stakeholders(s))),
            ("report.issues", len(fates)),
            ("report.rounds", len(analysis.revealed_rounds(s))),
            ("report.actions", len(plan)),
        )
    ]
    lead = "; ".join(counts) + "."
    sec.blocks.append(Para(lead[:1].upper() + lead[1:], "lead"))  # a sentence, whatever its start
    sec.blocks.append(Heading(say("report.who")))
    sec.blocks.append(
        Table(
            "groups",
            (say("chart.group"), say("report.letter"), say("report.people_head")),
            tuple(
                (
                    group_name(g.group, texts),
                    g.letter,
                    say("report.and_paper", number=g.people) if g.paper else str(g.people),
                )
                for g in _rows(people)
            ),
            numeric=(2,),
        )
    )
    if (people["group"] == OTHER).any() or analysis.group_display(s).notes():
        sec.blocks.append(Para(analysis.folding_words(s, texts), "note"))
    steps = analysis.agenda(s)
    if len(steps):
        sec.blocks.append(Heading(say("report.agenda")))
        sec.blocks.append(
            Table(
                "agenda",
                (say("report.step"), say("report.planned"), say("report.spent")),
                tuple(
                    (
                        f"{r.position}. {r.step}",
                        str(r.planned_minutes),
                        # no line where no time was recorded (a step not reached, the last)
                        "" if pd.isna(r.minutes_spent) else texts.number(r.minutes_spent, 0),
                    )
                    for r in _rows(steps)
                ),
                numeric=(1, 2),
            )
        )
        sec.blocks.append(Para(say("report.spent_note"), "note"))
    return sec


def _stakeholders(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("stakeholders", say("report.map_section"))
    frame = analysis.stakeholders(s)
    if frame.empty:
        return sec
    sec.blocks.append(
        Figure(
            "stakeholder-map",
            say("map.title"),
            analysis.stakeholder_chart(s, texts),
            say("report.map_words") + " " + analysis.stakeholder_words(s, texts),
            heading=False,
        )
    )
    head: tuple[str, ...] = (say("report.stakeholder"), say("map.type"), say("report.quadrant"),
                             say("paper.position_now"), say("map.where_wanted"))  # fmt: skip
    rows: tuple[tuple[str, ...], ...] = tuple(
        (r.name, r.kind, r.quadrant, position_word(r.position, texts),
         position_word(r.desired_position, texts))
        for r in _rows(frame)
    )  # fmt: skip
    if "kind" not in s.template.stakeholder_map.fields:  # the template leaves Type out
        head, rows = head[:1] + head[2:], tuple(r[:1] + r[2:] for r in rows)
    sec.blocks.append(Table("stakeholders", head, rows))
    return sec


def _issues(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("issues", say("report.issues_section"))
    fates = analysis.issue_fates(s, texts)
    if fates.empty:
        return sec
    counts = {str(k): int(v) for k, v in fates["fate"].value_counts().items()}
    parts = [
        say(f"report.fate_{f}", counts[f], number=counts[f])
        for f in analysis.FATES
        if counts.get(f)
    ]
    lead = say("report.issues_lead", len(fates), number=len(fates), fates=", ".join(parts))
    sec.blocks.append(Para(lead, "lead"))
    unknown = say("report.not_recorded")
    rows = []
    for r in _rows(fates):
        text = say(f"report.{r.fate}_text") if r.fate in ("hidden", "held") else r.text
        group = group_name(r.group, texts) or unknown
        rows.append((str(r.number), text, r.category, group, r.outcome))
    sec.blocks.append(
        Table(
            "issues-table",
            (
                say("paper.no"),
                say("report.issue"),
                say("report.category"),
                say("report.raised_by"),
                say("report.became"),
            ),
            tuple(rows),
            numeric=(0,),
        )
    )
    rules = "; ".join(f"{say(f'fate_name.{k}')}: {say(f'fate.{k}')}" for k in analysis.FATE_RULES)
    sec.blocks.append(Para(say("report.fate_rules", rules=rules), "note"))
    return sec


def _priorities(s: Session) -> Section:
    """Each group's view of each live issue and the scores under the template's rule, small
    groups folded (`toolkit.prioritising`)."""
    texts = s.template.texts
    say = texts.say
    sec = Section("priorities", say("report.priorities_section"))
    p = prioritised(s, texts)
    if p.by_group.empty:
        return sec
    sec.blocks.append(Para(say(f"report.priorities_lead_{p.method}"), "lead"))
    if p.method == "rating":
        words = say("report.priorities_words")
        chart = priority_chart(p, s, texts)  # it draws its own title
        sec.blocks.append(Figure("priorities", say("priority.title"), chart, words, heading=False))
    figures = {"rating": ("importance", "feasibility"), "ranking": ("rank",),
               "points": ("points",)}[p.method]  # fmt: skip
    heads = {"importance": say("rate.importance"), "feasibility": say("rate.feasibility"),
             "rank": say("report.mean_rank"), "points": say("rate.points")}  # fmt: skip
    sec.blocks.append(Heading(say("report.by_group")))
    sec.blocks.append(
        Table(
            "priorities-by-group",
            (say("paper.no"), say("report.issue"), say("chart.group"),
             *(heads[f] for f in figures), say("report.raters")),
            tuple(
                (str(r.number), r.issue, r.group,
                 *(_num(texts, getattr(r, f), 0 if f == "points" else 1) for f in figures),
                 str(r.raters))
                for r in _rows(p.by_group)
            ),
            numeric=(0, *range(3, 4 + len(figures))),
        )
    )  # fmt: skip
    equal = ("importance", "feasibility") if p.method == "rating" else ()
    sec.blocks.append(Heading(say("report.priority_scores")))
    sec.blocks.append(
        Table(
            "priority-scores",
            (say("paper.no"), say("report.issue"), *(say(f"report.equal_{f}") for f in equal),
             say("report.score"), say("report.rank")),
            tuple(
                (str(r.number), r.issue, *(_num(texts, getattr(r, f), 1) for f in equal),
                 _num(texts, r.score, 0 if p.method == "points" else 1), str(r.rank))
                for r in _rows(p.scored)
            ),
            numeric=(0, *range(2, 4 + len(equal))),
        )
    )  # fmt: skip
    rule = say(f"rule_name.{p.rule}")
    sec.blocks.append(Para(say("report.priority_rule", rule=rule, how=say(f"rule_how.{p.rule}")),
                           "note"))  # fmt: skip
    if p.folded:
        threshold = analysis.group_display(s).threshold
        sec.blocks.append(Para(say("report.priorities_folded", threshold=threshold,
                                   other=say("chart.other")), "note"))  # fmt: skip
    return sec


def _votes(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("votes", say("report.votes_section"))
    scores = analysis.vote_scores(s)
    if scores.empty:
        return sec
    sec.blocks.append(Para(analysis.folding_words(s, texts), "note"))
    results = analysis.vote_results(s)
    for r in _rows(analysis.round_rules(s)):
        voters = results[(results["round"] == r.round) & (results["position"] == 1)]
        who = ", ".join(f"{group_name(v.group, texts)} {v.voters}" for v in _rows(voters))
        most = (
            say("report.most_on_one", most=r.most_on_one)
            if r.most_on_one > 1
            else say("report.one_per_option")
        )
        sec.blocks.append(
            Para(
                say(
                    "report.round_rules",
                    r.dots_each,
                    number=r.round,
                    dots=r.dots_each,
                    most=most,
                    who=who,
                )
            )
        )
    for mode, name in (("raw", "votes-raw"), ("equal", "votes-equal")):
        key = f"report.votes_{mode}"
        sec.blocks.append(
            Figure(
                name,
                say(key),
                analysis.vote_chart(s, mode, width=640, stacked=True, texts=texts),
                say(f"{key}_words") + " " + analysis.vote_words(s, mode, texts),
            )
        )
    for number, part in scores.groupby("round", sort=True):
        sec.blocks.append(Heading(say("report.scores", number=number)))
        sec.blocks.append(
            Table(
                f"scores-round-{number}",
                (
                    say("paper.no"),
                    say("paper.option"),
                    say("chart.dots"),
                    say("report.equal_score"),
                    say("report.rank"),
                ),
                tuple(
                    (
                        r.number,
                        r.option,
                        str(r.dots),
                        texts.number(r.equal_weight, 1),
                        str(r.rank),
                    )
                    for r in _rows(part)
                ),
                numeric=(0, 2, 3, 4),
            )
        )
    equal, rank = (
        analysis.method("equal_weight", texts),
        analysis.method("equal_weight_rank", texts),
    )
    sec.blocks.append(Para(say("report.scores_note", equal=equal, rank=rank), "note"))
    return sec


def _agreement(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("agreement", say("report.agreement_section"))
    found = analysis.agreement(s)
    shifts = {sh.second_round: sh for sh in analysis.shift(s)}
    for ra in found:
        words = analysis.agreement_words(ra, texts)
        sec.blocks.append(Heading(say("chart.round", number=ra.round_number)))
        for title, lines in (
            (say("projector.agree"), words["agree"]),
            (say("projector.differ"), words["differ"]),
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
                    say("agree.ranks_title", number=ra.round_number),
                    charts.agreement_ranks(ra, analysis.group_display(s).groups, texts=texts),
                    " ".join([*words["pairs"], say("agree.ranks_words")]),
                )
            )
            sec.blocks.append(
                Table(
                    f"pairs-round-{ra.round_number}",
                    (
                        say("report.groups"),
                        say("method_name.tau_b"),
                        say("method_name.rho"),
                        say("report.top_overlap"),
                        say("method_name.js_distance"),
                    ),
                    tuple(
                        (
                            say("report.pair", first=p.first, second=p.second),
                            _num(texts, p.tau_b),
                            _num(texts, p.rho),
                            _num(texts, p.top_overlap),
                            _num(texts, p.js_distance),
                        )
                        for p in ra.pairs
                    ),
                    numeric=(1, 2, 3, 4),
                )
            )
        sec.blocks.append(
            Table(
                f"within-round-{ra.round_number}",
                (
                    say("chart.group"),
                    say("report.voters"),
                    say("chart.dots"),
                    say("method_name.w"),
                ),
                tuple(
                    (
                        p.group,
                        str(p.voters),
                        str(p.dots),
                        _num(texts, p.concordance.w)
                        if p.concordance.w is not None
                        else p.concordance.said(texts),
                    )
                    for p in ra.groups
                ),
                numeric=(1, 2, 3),
            )
        )
        for lo in ra.left_out:  # the Other groups' reason would name the small groups
            if lo.group != OTHER:
                sec.blocks.append(Para(lo.said(texts), "note"))
        if any(lo.group == OTHER for lo in ra.left_out):
            sec.blocks.append(Para(say("report.other_left_out", other=say("chart.other")), "note"))
        sh = shifts.get(ra.round_number)
        if sh is not None and sh.groups and sh.options:
            first, second = sh.first_round, sh.second_round
            sec.blocks.append(
                Figure(
                    f"shift-round-{first}-to-{second}",
                    say("agree.shift_title", first=first, second=second),
                    charts.agreement_shift(sh, ra, analysis.group_display(s).groups, texts=texts),
                    " ".join([say("report.shift_words"), *analysis.shift_words(sh, texts)]),
                )
            )
            sec.blocks.append(
                Table(
                    f"shift-round-{first}-to-{second}-table",
                    (say("chart.group"), say("report.shift_tau", first=first, second=second)),
                    tuple(
                        (
                            g.group,
                            _num(texts, g.tau_b)
                            if g.tau_b is not None
                            else say("report.undefined", reason=g.said(texts)),
                        )
                        for g in sh.groups
                    ),
                    numeric=(1,),
                )
            )
    if found:
        tau_b, p = analysis.method("tau_b", texts), analysis.method("p", texts)
        sec.blocks.append(Para(say("report.method_note", tau_b=tau_b, p=p), "note"))
    return sec


def _actions(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("actions", say("report.actions_section"))
    plan = analysis.action_plan(s)
    if plan.empty:
        return sec
    sec.blocks.append(Para(analysis.plan_words(s, texts), "lead"))
    rows = []
    for a in _rows(plan):
        said = say("plan.carried", issue=a.you_said) if a.from_last_time else a.you_said
        rows.append((said, a.action, a.users_contribute, a.provider_contributes, a.owner, a.due,
                     status_word(a.status, texts)))  # fmt: skip
    keys = ("you_said", "we_will", "users", "provider", "owner", "due", "status")
    sec.blocks.append(
        Table("plan", tuple(say(f"plan.{k}") for k in keys), tuple(rows), nowrap=(5,))
    )
    carried = int(plan["from_last_time"].sum())
    if carried:
        sec.blocks.append(Para(say("report.carried", carried, number=carried), "note"))
    return sec


def _notes(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("notes", say("report.notes_section"))
    frame = analysis.notes(s)
    if frame.empty:
        return sec
    sec.blocks.append(Para(say("report.notes_lead", len(frame), number=len(frame)), "lead"))
    by_step: dict[str, list[str]] = {}  # in agenda order: analysis.notes sorts them
    other = say("chart.other")
    for n in _rows(frame):
        title = f"{n.position}. {n.step}" if n.step else say("report.no_step")
        voices = say("report.voices", groups=n.groups.replace(OTHER, other)) if n.groups else ""
        said = "; ".join(x for x in (n.about, voices) if x)
        by_step.setdefault(title, []).append(f"{n.text} ({said})" if said else n.text)
    for title, lines in by_step.items():
        sec.blocks += [Heading(title), Items(tuple(lines))]
    if (frame["groups"].str.contains(OTHER, regex=False)).any():
        sec.blocks.append(Para(analysis.folding_words(s, texts), "note"))
    return sec


def _methods(s: Session) -> Section:
    texts = s.template.texts
    say = texts.say
    sec = Section("methods", say("report.methods_section"))
    if not analysis.revealed_rounds(s):
        return sec
    keys = ("equal_weight", "equal_weight_rank", "small_groups", "tau_b", "rho", "top_overlap",
            "js_distance", "w", "p", "consensus")  # fmt: skip
    items = []
    for k in keys:
        text, name = analysis.method(k, texts), say(f"method_name.{k}")
        named = text.startswith(name)  # "Kendall's tau-b between ..." names itself
        items.append(f"{text[0].upper()}{text[1:]}." if named else f"{name}: {text}.")
    ra = analysis.agreement(s)[0]
    items.append(
        say("report.thresholds", k=analysis.group_display(s).threshold, other=say("chart.other"),
            common=f"{ra.common:.0%}", contested=f"{100 * ra.contested:.0f}", top=ra.k)
    )  # fmt: skip
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
    body = [
        band,
        "<main>",
        f"<h1>{escape(info['title'])}</h1>",
        f"<p class='lead'>{escape(texts.say('report.lead'))}"
        f"{escape(' · ' + info['date']) if info['date'] else ''}</p>",
        f"<nav aria-label='{escape(texts.say('report.contents'))}'><ol>{nav}</ol></nav>",
    ]
    for sec in report.sections:
        body.append(f"<section id='{sec.id}'><h2>{escape(sec.title)}</h2>")
        body.extend(_html_block(b) for b in sec.blocks)
        body.append("</section>")
    footer = f"{texts.say('report.footer', folder=s.path.name)} {texts.say('report.footer_html')}"
    body.append(f"<footer>{escape(footer)}</footer></main>")
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
    texts = s.template.texts
    info = analysis.summary(s)
    lead = f"{texts.say('report.lead')} {info['date']}"
    lines = [f"# {md_escape(info['title'])}", "", md_escape(lead), ""]
    for sec in report.sections:
        lines += [f"## {md_escape(sec.title)}", ""]
        for b in sec.blocks:
            lines += [*_md_block(b, charts_folder), ""]
    lines.append(md_escape(texts.say("report.footer", folder=s.path.name)))
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
    accept_edits: bool = False,
) -> Path:
    """Write the report and return its path: HTML by default, `report.html` in the session
    folder unless `out` says otherwise; Markdown with `fmt='md'` (or an .md `out`), its charts
    as SVG files in a folder beside it; with `charts_dir`, every chart also as .svg and .png.
    Records edited by hand so that the rules refuse some events are reported on only when
    `accept_edits`, and then the report's first section lists those events."""
    s = analysis.reopen(session)
    if s.refused and not accept_edits:
        raise ReportError(
            f"{len(s.refused)} recorded event(s) in {s.path} break the workshop's rules, as "
            f"only a hand edit of the files can; the first: {s.refused[0]}. Run 'toolkit "
            "validate' on the folder to list them; restore the files from a backup, or write "
            "the report without those events with --accept-edits (its first page lists them)"
        )
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
