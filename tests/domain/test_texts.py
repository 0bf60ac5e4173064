"""Texts by key: English by default, a template's own words where given, errors that say
themselves in the template's language."""

from __future__ import annotations

import copy

import pytest

from tests.domain.test_template import GOOD
from toolkit.domain.agenda import show_time
from toolkit.domain.template import TemplateError, parse_template
from toolkit.domain.texts import DEFAULT_TEXTS, Texts, check_texts
from toolkit.domain.voting import Rules, VotingError

SPANISH = {"rules.dots": "Cada persona tiene {dots} puntos.",
           "rules.dots.one": "Cada persona tiene {dots} punto.",
           "vote.spent": "Ya ha usado sus {dots} puntos."}  # fmt: skip


def test_english_by_default_and_a_template_s_own_words_where_given() -> None:
    rules = Rules(dots=4, cap=3)
    assert rules.explain() == (
        "You each have 4 dots. You can put up to 3 on one option. "
        "Results stay hidden until everyone has voted and the facilitator reveals them."
    )
    ours = Texts("es", SPANISH)
    assert rules.explain(ours).startswith("Cada persona tiene 4 puntos. You can put up to 3")
    assert Rules(dots=1, cap=1).explain(ours).startswith("Cada persona tiene 1 punto. Results")
    assert show_time(90, 10, ours)[0] == "1:30 left (nearly time)"


def test_an_error_a_phone_sees_is_said_in_the_template_s_words() -> None:
    error = VotingError("You have used all 4 dots. Take one back to move it.", "vote.spent",
                        dots=4)  # fmt: skip
    assert Texts().error(error) == str(error)
    assert Texts("es", SPANISH).error(error) == "Ya ha usado sus 4 puntos."
    assert Texts("es", SPANISH).error(ValueError("plain")) == "plain"


@pytest.mark.parametrize(("text", "language", "problem"), [
    ({"ballot.shout": "x"}, "en", ("ballot.shout", "is not a text the toolkit shows")),
    ({"ballot.none": "  "}, "en", ("ballot.none", "must be a non-empty text")),
    ({"vote.spent": "{votes} used"}, "en", ("vote.spent", "uses {votes}, which is not filled "
                                                         "in here; use {dots}")),
    ({"vote.spent": "{dots"}, "en", ("vote.spent", "has an unmatched { or }")),
    (SPANISH, "es", ("join.title", "is missing: a template in language 'es' gives every text")),
])  # fmt: skip
def test_texts_are_checked(text: dict[str, str], language: str, problem: tuple[str, str]) -> None:
    found = check_texts(text, language)
    assert found is not None and found[0] == problem[0] and found[1].startswith(problem[1])


def test_a_complete_translation_is_accepted_and_the_template_names_bad_ones() -> None:
    data = copy.deepcopy(GOOD)
    data["language"] = "es"
    data["text"] = {key: f"«{value}»" for key, value in DEFAULT_TEXTS.items()}
    assert parse_template(data, "t.toml").texts.say("ballot.none") == "«No vote is open yet.»"
    data["text"]["ballot.none"] = 3
    with pytest.raises(TemplateError, match=r"t.toml: text.ballot.none: must be a non-empty"):
        parse_template(data, "t.toml")
    data["language"] = "Spanish"
    with pytest.raises(TemplateError, match=r"t.toml: language: 'Spanish' is not a language tag"):
        parse_template(data, "t.toml")


def test_markup_escapes_the_template_s_words_but_not_the_values_given_as_markup() -> None:
    ours = Texts("en", {"ballot.left": "<i>{left}</i> of {dots} & more"})
    assert ours.markup("ballot.left", 2, left="<b>1</b>", dots="2") == (
        "&lt;i&gt;<b>1</b>&lt;/i&gt; of 2 &amp; more"
    )
    assert Texts().markup("ballot.left", 1, left="<b>0</b>", dots="1") == "<b>0</b> of 1 dot left"


def test_numbers_are_written_as_the_language_writes_them() -> None:
    assert Texts().number(0.8571, 2) == "0.86" and Texts().number(4.5) == "4.5"
    spanish = Texts("es", {"number.decimal": ","})
    assert spanish.number(0.8571, 2) == "0,86" and spanish.number(4.5) == "4,5"
    assert spanish.number(4.0) == "4" and spanish.number(24.25, 1) == "24,2"
