"""The rules of a dot-voting round: the dots each, the most on one option, stacking, what must
be spent, and the error that says which rule a vote or a round change breaks."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.domain.texts import ENGLISH, TextError, Texts

MAX_DOTS = 20
# Rounds are compared option by option through their issues (`analysis.agreement_between_rounds`).
ONE_OPTION_PER_ISSUE = "a round has one option per issue"


class VotingError(TextError):
    """A vote or a round change that the rules do not allow; the message says why."""


def default_dots(options: int) -> int:
    """ceil(N / 3) dots for N options, at least 1 and at most 20. DOMAIN.md's floor(N / 3)
    gave one dot for 4 or 5 options, which says little more than a show of hands."""
    return max(1, min(MAX_DOTS, -(-options // 3)))


@dataclass(frozen=True)
class Rules:
    dots: int
    cap: int = 3
    stacking: bool = True
    min_spend: int = 0
    facilitator_votes: bool = False
    shuffle: bool = False

    @property
    def per_option(self) -> int:
        """The most dots one person may put on one option."""
        return min(self.cap, self.dots) if self.stacking else 1

    def explain(self, texts: Texts = ENGLISH) -> str:
        """The rules in words, to read out."""
        return " ".join(self.sentences(texts))

    def sentences(self, texts: Texts = ENGLISH) -> list[str]:
        """The rules in plain words, a sentence each: the budget; the most on one option
        (nothing to say about it with one dot); what must be spent; whether the facilitator
        votes; and that results stay hidden until the reveal."""
        n = self.dots
        out = [texts.say("rules.dots", count=n, dots=n)]
        if self.per_option > 1:
            out.append(texts.say("rules.cap", cap=self.per_option))
        elif n > 1:
            out.append(texts.say("rules.one_each"))
        if self.min_spend >= n:
            out.append(texts.say("rules.spend_all", count=n, dots=n))
        elif self.min_spend:
            out.append(texts.say("rules.min_spend", min_spend=self.min_spend))
        if self.facilitator_votes:
            out.append(texts.say("rules.facilitator_votes"))
        out.append(texts.say("rules.hidden"))
        return out


def check_rules(rules: Rules, options: int) -> Rules:
    for name, value, low, high in (
        ("dots", rules.dots, 1, 100),
        ("cap", rules.cap, 1, 100),
        ("minimum to spend", rules.min_spend, 0, rules.dots),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise VotingError(
                f"The {name} must be a whole number from {low} to {high}, not {value!r}."
            )
    if options < 2:
        raise VotingError(
            "A round needs at least two options: a vote is never reduced to a single item."
        )
    if not rules.stacking and rules.dots > options:
        raise VotingError(
            f"With one dot per option, {rules.dots} dots cannot all be spent on "
            f"{options} options; give at most {options} dots or allow stacking."
        )
    return rules
