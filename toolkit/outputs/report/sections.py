"""The report's sections from a reopened session, the same for HTML and Markdown: `build`
and the sections up to the priorities."""

from __future__ import annotations

import pandas as pd

from toolkit import analysis
from toolkit.analysis.agreement_sentences import group_name
from toolkit.analysis.prioritising import prioritised, priority_chart
from toolkit.domain.stakeholders import position_word
from toolkit.domain.voting import OTHER
from toolkit.outputs.report.closing_sections import _actions, _methods, _notes
from toolkit.outputs.report.parts import (
    Figure,
    Heading,
    Items,
    Para,
    Report,
    Section,
    Table,
    _num,
    _rows,
)
from toolkit.outputs.report.voting_sections import _agreement, _votes
from toolkit.records.session import Session
from toolkit.records.templates import logo_data_uri


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
    they are not counted, where files were edited after recording (`write_report` writes
    these only when told `accept_edits`), and the edits recorded as corrections."""
    say = s.template.texts.say
    sec = Section("edited", say("report.edited"))
    if s.refused:
        sec.blocks.append(Para(say("report.edited_lead", len(s.refused), number=len(s.refused))))
        sec.blocks.append(Items(tuple(str(p) for p in s.refused[:shown])))
        if len(s.refused) > shown:
            sec.blocks.append(Para(say("report.edited_more", number=len(s.refused) - shown)))
    if s.edits:
        sec.blocks.append(Para(say("report.changed_lead", len(s.edits), number=len(s.edits))))
        sec.blocks.append(Items(tuple(str(p) for p in s.edits[:shown])))
        if len(s.edits) > shown:
            sec.blocks.append(Para(say("report.edited_more", number=len(s.edits) - shown)))
    if s.corrected:
        sec.blocks.append(Para(say("report.corrected_lead")))
        sec.blocks.append(Items(tuple(str(p) for p in s.corrected[:shown])))
        if len(s.corrected) > shown:
            sec.blocks.append(Para(say("report.edited_more", number=len(s.corrected) - shown)))
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
    groups folded (`toolkit.analysis.prioritising`)."""
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
