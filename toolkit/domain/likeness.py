"""Plain words for how alike two rankings are, from a rank correlation such as Kendall's
tau-b (-1 to 1): one symmetric scale, so the same strength reads the same whichever its sign.

The bands are descriptive, not significance tests. The room hears the words; the console
and the report add the figure and name the method."""

from __future__ import annotations

from toolkit.domain.texts import ENGLISH, Texts

# Upper bounds (exclusive) of each strength, on the coefficient's size |value|.
BANDS = ((0.1, "none"), (0.3, "slightly"), (0.6, "somewhat"), (1.0, "largely"))
EXACT = 1e-9  # how near to 1 in size a coefficient counts as exactly 1 (float rounding)


def strength(value: float) -> str:
    """The strength of a coefficient in one word key, the same for `value` and `-value`:
    'none' under 0.1 in size (no clear relation), 'slightly' under 0.3, 'somewhat' under
    0.6, 'largely' under 1 and 'exactly' at 1."""
    size = abs(value)
    if size >= 1 - EXACT:
        return "exactly"
    return next(word for upper, word in BANDS if size < upper)


def relation(value: float) -> str:
    """'none', or the direction and strength: 'alike' (the same order) or 'reverse', such
    as ('alike', 'somewhat'), as 'alike.somewhat'."""
    word = strength(value)
    return word if word == "none" else f"{'alike' if value > 0 else 'reverse'}.{word}"


def pair_sentence(
    first: str, second: str, value: float, texts: Texts = ENGLISH, figure: str = ""
) -> str:
    """How two groups rank the options, in words ('Tenants and Managers rank the options
    somewhat in reverse order.'); `figure` (such as " (Kendall's tau-b -0.40)") goes before
    the full stop when given."""
    said = relation(value)
    if said == "none":
        return texts.say("pair.none", first=first, second=second, figure=figure)
    direction, word = said.split(".")
    return texts.say(
        f"pair.{direction}",
        first=first,
        second=second,
        strength=texts.say(f"likeness.{word}"),
        figure=figure,
    )


def shift_sentence(
    group: str, first: int, second: int, value: float, texts: Texts = ENGLISH, figure: str = ""
) -> str:
    """How one group's ranking moved from round `first` to round `second`: 'did not change'
    when the two rankings are the same (a coefficient of exactly 1), else on the same scale
    as `pair_sentence`."""
    said = relation(value)
    if said == "alike.exactly":
        return texts.say("shift.same", group=group, first=first, second=second, figure=figure)
    if said == "none":
        return texts.say("shift.none", group=group, first=first, second=second, figure=figure)
    direction, word = said.split(".")
    return texts.say(
        f"shift.{direction}",
        group=group,
        first=first,
        second=second,
        strength=texts.say(f"likeness.{word}"),
        figure=figure,
    )
