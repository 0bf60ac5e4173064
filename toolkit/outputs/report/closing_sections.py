"""The report's closing sections: the action plan, the discussion notes and the methods."""

from __future__ import annotations

from toolkit import analysis
from toolkit.domain.actions import status_word
from toolkit.domain.voting import OTHER
from toolkit.outputs.report.parts import Heading, Items, Para, Section, Table, _rows
from toolkit.records.session import Session


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
