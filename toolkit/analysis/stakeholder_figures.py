"""The stakeholder register with its quadrants, the map and the map in words."""

from __future__ import annotations

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.analysis.reopening import SessionLike, reopen
from toolkit.domain.stakeholders import Register, describe_map, quadrant
from toolkit.domain.texts import ENGLISH, Texts


def stakeholders(session: SessionLike) -> pd.DataFrame:
    """The stakeholder register with each one's quadrant of the power/interest grid
    (Mendelow; 3 and above counts as high), named by the template."""
    s = reopen(session)
    labels = s.template.stakeholder_map.quadrant_labels
    current = Register.from_events(s.state.stakeholders).current
    frame = charts.stakeholder_frame(current)
    frame.insert(
        list(frame.columns).index("interest") + 1,
        "quadrant",
        [quadrant(x.power, x.interest, labels) for x in current],
    )
    return frame


def stakeholder_chart(
    session: SessionLike, texts: Texts = ENGLISH
) -> alt.VConcatChart | alt.LayerChart:
    """The power/interest grid and the moves the room wants (`charts.stakeholder_map`), as on
    the stakeholder screen."""
    s = reopen(session)
    current = Register.from_events(s.state.stakeholders).current
    frame = charts.stakeholder_frame(current)
    return charts.stakeholder_map(frame, s.template.stakeholder_map, texts=texts)


def stakeholder_words(session: SessionLike, texts: Texts = ENGLISH) -> str:
    """The stakeholder map in words, quadrant by quadrant (`describe_map`)."""
    s = reopen(session)
    current = Register.from_events(s.state.stakeholders).current
    return describe_map(current, s.template.stakeholder_map.quadrant_labels, texts)
