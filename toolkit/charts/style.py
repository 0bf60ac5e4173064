"""The charts' shared look: colours and shapes that never rely on colour alone, ink and
paper, marks described in words, and the chart that says there is nothing to draw yet."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, cast

import altair as alt
import pandas as pd

from toolkit.domain.stakeholders import wrap_lines
from toolkit.domain.texts import DEFAULT_TEXTS

# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Shapes repeat the
# distinction so colour is never the only cue.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left",
          "triangle-right"]  # fmt: skip
INK = "#1a1a1a"
PAPER = "#f7f5ef"
OTHER_COLOUR = "#999999"  # 'Other groups': the small groups folded together
LETTER_PIXELS = 30  # a bold 22 px letter and its margin
RANKS_WORDS = DEFAULT_TEXTS["agree.ranks_words"]
UNSPECIFIED = DEFAULT_TEXTS["map.unspecified"]


def described(frame: pd.DataFrame, say: Callable[[dict[str, Any]], str]) -> pd.DataFrame:
    """The frame with a column `said`: each row in words, which the charts give their marks
    as descriptions, so a screen reader says the data in the screen's language rather than
    the column names."""
    rows: list[dict[str, Any]] = frame.to_dict("records")  # type: ignore[assignment]
    return frame.assign(said=[say(row) for row in rows])


def wrapped(labels: Sequence[str], chars: int) -> tuple[str, int]:
    """A Vega label expression that draws each label on lines of at most `chars` characters,
    and the most lines any label takes. Only a label longer than three lines is shortened."""
    lines = {label: wrap_lines(label, chars, 3) for label in labels}
    return json.dumps(lines) + "[datum.label]", max((len(v) for v in lines.values()), default=1)


def note(text: str, width: int = 520) -> alt.Chart:
    """A chart that only says why there is nothing to draw yet."""
    return cast(
        alt.Chart,
        alt.Chart(pd.DataFrame({"text": [text]}))
        .mark_text(fontSize=20, color=INK, align="left", x=10)
        .encode(text="text:N")
        .properties(width=width, height=40)
        .configure(background=PAPER, font="sans-serif")
        .configure_view(stroke=None),
    )
