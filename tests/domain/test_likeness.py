"""The words for how alike two rankings are: one symmetric scale, the same strength word for
the same size whichever the sign, and 'did not change' only for an unchanged ranking."""

from __future__ import annotations

import pytest

from toolkit.domain.likeness import pair_sentence, relation, shift_sentence, strength
from toolkit.domain.texts import Texts
from toolkit.records.templates import find_template, load_template

SIZES = [0.0, 0.05, 0.0999, 0.1, 0.22, 0.2999, 0.3, 0.45, 0.5999, 0.6, 0.83, 0.999, 1.0]


@pytest.mark.parametrize("size", SIZES)
def test_the_same_size_has_the_same_strength_with_either_sign(size: float) -> None:
    assert strength(size) == strength(-size)
    if strength(size) != "none":
        assert relation(size) == f"alike.{strength(size)}"
        assert relation(-size) == f"reverse.{strength(size)}"
    # and the sentences differ only in their direction
    ahead = pair_sentence("Tenants", "Staff", size, figure="")
    behind = pair_sentence("Tenants", "Staff", -size, figure="")
    assert ahead.replace("the same order", "reverse order") == behind


@pytest.mark.parametrize(
    ("value", "word"),
    [(0.0, "none"), (-0.09, "none"), (0.1, "slightly"), (-0.22, "slightly"), (0.22, "slightly"),
     (0.3, "somewhat"), (-0.59, "somewhat"), (0.6, "largely"), (-0.83, "largely"),
     (0.99, "largely"), (1.0, "exactly"), (-1.0, "exactly")],
)  # fmt: skip
def test_the_bands(value: float, word: str) -> None:
    assert strength(value) == word


def test_the_sentences_by_hand() -> None:
    assert pair_sentence("Tenants", "Staff", -0.22) == (
        "Tenants and Staff rank the options slightly in reverse order."
    )
    assert pair_sentence("Tenants", "Staff", 0.22) == (
        "Tenants and Staff rank the options slightly in the same order."
    )
    assert pair_sentence("Tenants", "Staff", 0.05, figure=" (Kendall's tau-b 0.05)") == (
        "Tenants and Staff rank the options with no clear relation to each other "
        "(Kendall's tau-b 0.05)."
    )
    assert shift_sentence("Tenants", 1, 2, -0.83) == (
        "Tenants ranked the options in round 2 largely in reverse order from round 1."
    )
    assert shift_sentence("Tenants", 1, 2, 0.83) == (
        "Tenants ranked the options in round 2 largely in the same order as in round 1."
    )


def test_an_unchanged_ranking_did_not_change_and_nothing_else_does() -> None:
    assert shift_sentence("Managers", 1, 2, 1.0) == (
        "The ranking of Managers did not change from round 1 to round 2."
    )
    # a float a hair under 1 from rounding is still the same ranking
    assert "did not change" in shift_sentence("Managers", 1, 2, 1 - 1e-12)
    for value in (0.99, 0.6, 0.0, -1.0):
        assert "did not change" not in shift_sentence("Managers", 1, 2, value)


def test_spanish_says_the_same_scale() -> None:
    spanish = load_template(find_template("prioridades-comunitarias")).texts
    assert isinstance(spanish, Texts)
    ahead = pair_sentence("Inquilinos", "Personal", 0.45, spanish)
    behind = pair_sentence("Inquilinos", "Personal", -0.45, spanish)
    assert ahead != behind
    assert spanish.say("likeness.somewhat") in ahead and spanish.say("likeness.somewhat") in behind
    assert "cambió" in shift_sentence("Inquilinos", 1, 2, 1.0, spanish)
