"""The report's sections on dot-voting: the results of each round and how far groups agree."""

from __future__ import annotations

from toolkit import analysis, charts
from toolkit.analysis.agreement_sentences import group_name
from toolkit.domain.voting import OTHER
from toolkit.outputs.report.parts import Figure, Heading, Items, Para, Section, Table, _num, _rows
from toolkit.records.session import Session


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
