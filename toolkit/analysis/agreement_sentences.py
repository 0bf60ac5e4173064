"""The agreement measures in sentences, in a template's language (English by default)."""

from __future__ import annotations

from toolkit.analysis.agreement_figures import PairAgreement, RoundAgreement, Shift
from toolkit.domain.likeness import pair_sentence, shift_sentence
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER

# Words: each function says its sentences in `texts`' language (English by default)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def group_name(group: str, texts: Texts = ENGLISH) -> str:
    """A group's name as shown: Other groups in `texts`' language."""
    return texts.say("chart.other") if group == OTHER else group


def _figure(key: str, value: float, texts: Texts) -> str:
    """A figure with its method named, to close a sentence on the console and in the report."""
    method = texts.say("method_name.tau_b")
    return texts.say(key, method=method, value=texts.number(value, 2))


def pair_line(pair: PairAgreement, texts: Texts = ENGLISH, figures: bool = True) -> str:
    """One sentence on how alike two groups rank the options; with `figures`, Kendall's
    tau-b named and given (the console, the report), else words alone (the projector)."""
    first, second = group_name(pair.first, texts), group_name(pair.second, texts)
    if pair.tau_b is None:
        return texts.say("pair.undefined", first=first, second=second, reason=pair.said(texts))
    figure = _figure("figure.tau", pair.tau_b, texts) if figures else ""
    return pair_sentence(first, second, pair.tau_b, texts, figure)


def agree_lines(ra: RoundAgreement, texts: Texts = ENGLISH, figures: bool = True) -> list[str]:
    """'Where we agree': the common-ground options, the threshold named; with `figures`,
    each option's consensus figure too (not on the projector)."""
    rule = texts.say("agree.rule", share=_pct(ra.common))
    if len(ra.consensus_groups) < 2:
        return [texts.say("agree.needs_two")]
    found = sorted((c for c in ra.consensus if c.common_ground), key=lambda c: -(c.consensus or 0))
    if not found:
        return [texts.say("agree.none", rule=rule)]
    lines = [texts.say("agree.means", rule=rule)]
    for c in found:
        each = ", ".join(f"{group_name(g, texts)} {_pct(v)}" for g, v in c.p.items())
        lines.append(
            texts.say(
                "agree.option",
                option=c.named,
                shares=each,
                # common ground always has a consensus figure
                figure=_figure("figure.consensus", c.consensus or 0.0, texts) if figures else "",
            )
        )
    return lines


def differ_lines(ra: RoundAgreement, texts: Texts = ENGLISH) -> list[str]:
    """'Where we differ': the contested options, with which group is high and which low."""
    rule = texts.say("differ.rule", points=f"{100 * ra.contested:.0f}")
    if len(ra.consensus_groups) < 2:
        return [texts.say("differ.needs_two")]
    found = sorted((c for c in ra.consensus if c.contested), key=lambda c: -(c.gap or 0))
    if not found:
        return [texts.say("differ.none", rule=rule)]
    lines = [texts.say("differ.means", rule=rule)]
    for c in found:
        lines.append(
            texts.say(
                "differ.option",
                option=c.named,
                high_share=_pct(c.p[c.high]),
                high=group_name(c.high, texts),
                low_share=_pct(c.p[c.low]),
                low=group_name(c.low, texts),
            )
        )
    return lines


def shift_lines(shift: Shift, texts: Texts = ENGLISH, figures: bool = True) -> list[str]:
    """How each group's priorities moved, and whether the groups moved closer; with
    `figures`, Kendall's tau-b named and given, else words alone (the projector)."""
    first, second = shift.first_round, shift.second_round
    lines = []
    for s in shift.groups:
        group = group_name(s.group, texts)
        if s.tau_b is None:
            lines.append(texts.say("shift.undefined", group=group, first=first, second=second,
                                   reason=s.said(texts)))  # fmt: skip
        else:
            figure = _figure("figure.tau", s.tau_b, texts) if figures else ""
            lines.append(shift_sentence(group, first, second, s.tau_b, texts, figure))
    before, after = shift.mean_before, shift.mean_after
    if shift.converged is not None and before is not None and after is not None:
        method = texts.say("method_name.tau_b")
        was, now = texts.number(before, 2), texts.number(after, 2)
        figure = texts.say("figure.mean_tau", method=method, before=was, after=now)
        figure = figure if figures else ""
        key = "shift.closer" if shift.converged else "shift.not_closer"
        lines.append(texts.say(key, figure=figure))
    return lines
