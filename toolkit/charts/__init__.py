"""Charts as values: data in, Vega-Lite chart out (Altair). Nothing here displays anything.

`from toolkit import charts` gives every chart by name, as before they were split by job.
Each loads when first asked for: a screen that draws in the browser imports `charts.browser`
without altair or pandas."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from toolkit.charts.over_time import priorities_over_time
    from toolkit.charts.priority_charts import PRIORITY_COLUMNS, TAG_FONT, priority_map
    from toolkit.charts.rank_charts import (
        agreement_ranks,
        agreement_shift,
        group_ranks,
        group_shift,
    )
    from toolkit.charts.stakeholder_charts import (
        stakeholder_frame,
        stakeholder_map,
        stakeholder_moves,
    )
    from toolkit.charts.style import (
        INK,
        LETTER_PIXELS,
        OTHER_COLOUR,
        PALETTE,
        PAPER,
        RANKS_WORDS,
        SHAPES,
        UNSPECIFIED,
        described,
        note,
        wrapped,
    )
    from toolkit.charts.svg import hide_empty_marks, save, to_svg
    from toolkit.charts.vote_charts import tally_results, vote_results

__all__ = [
    "INK",
    "LETTER_PIXELS",
    "OTHER_COLOUR",
    "PALETTE",
    "PAPER",
    "PRIORITY_COLUMNS",
    "RANKS_WORDS",
    "SHAPES",
    "TAG_FONT",
    "UNSPECIFIED",
    "agreement_ranks",
    "agreement_shift",
    "described",
    "group_ranks",
    "group_shift",
    "hide_empty_marks",
    "note",
    "priorities_over_time",
    "priority_map",
    "save",
    "stakeholder_frame",
    "stakeholder_map",
    "stakeholder_moves",
    "tally_results",
    "to_svg",
    "vote_results",
    "wrapped",
]

_MODULES = ("over_time", "priority_charts", "rank_charts", "stakeholder_charts", "style", "svg",
            "vote_charts")  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in __all__:
        for module in _MODULES:
            home = importlib.import_module(f"toolkit.charts.{module}")
            if hasattr(home, name):
                globals()[name] = getattr(home, name)
                return globals()[name]
    raise AttributeError(f"module 'toolkit.charts' has no attribute {name!r}")
