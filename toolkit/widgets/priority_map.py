"""The priority map of the active issues, with the same in words: for the issues screen and
the projector."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

from toolkit import charts
from toolkit.charts.browser import browser_chart
from toolkit.domain.events import Row
from toolkit.domain.issues import IssueBoard
from toolkit.domain.priorities import (
    GroupLook,
    current_ratings,
    describe_priorities,
    folded_ratings,
    group_ratings,
    priority_rows,
    raters,
)
from toolkit.domain.results import display
from toolkit.domain.state import SessionState
from toolkit.domain.tally import shown_names
from toolkit.domain.template import GroupSpec, WorkshopTemplate
from toolkit.domain.template_settings import PrioritySettings
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import OTHER


def priority_picture(
    board: IssueBoard,
    ratings: Sequence[Row],
    groups: Sequence[GroupSpec],
    settings: PrioritySettings,
    texts: Texts = ENGLISH,
    size: tuple[int, int] = (760, 620),
) -> tuple[str, str]:
    """The priority map (drawn by the page) of the active issues, and the same in words."""
    active = [i.issue_id for i in board.active]
    numbers = {i: board.number(i) for i in active}
    rated = group_ratings(ratings, active)
    looks = [GroupLook(g.id, g.name, g.colour, g.letter) for g in groups]
    frame = pd.DataFrame(priority_rows(rated, numbers, looks), columns=charts.PRIORITY_COLUMNS)
    looked = [(g.name, g.colour) for g in groups]
    chart = charts.priority_map(frame, looked, settings, *size, texts=texts)
    names = {g.id: g.name for g in groups}
    words = describe_priorities(rated, numbers, names, settings.quadrant_labels, texts)
    return browser_chart(chart), words


def priority_chart_html(state: SessionState, template: WorkshopTemplate) -> str:
    """The priority map and its words, for the projector (rating method only): groups as
    the results show them, those with fewer raters than the threshold folded together as
    Other groups, so nobody's ratings can be picked out."""
    if template.priorities.method != "rating":
        return ""
    shown_as = display(state, template.groups, template.small_group_threshold)
    rows = current_ratings(state.ratings)
    shown = shown_names(shown_as.names(), raters(rows), shown_as.threshold)
    looks = {name: GroupSpec(name, name, g.colour, g.letter)
             for g in shown_as.groups for name in [shown[g.id]] if name != OTHER}  # fmt: skip
    if OTHER in shown.values():
        other = template.texts.say("chart.other")
        looks[OTHER] = GroupSpec(OTHER, other, charts.OTHER_COLOUR, "+")
    svg, words = priority_picture(
        state.board,
        folded_ratings(rows, shown, OTHER),
        list(looks.values()),
        template.priorities,
        template.texts,
        size=(520, 380),  # drawn small, shown large: its words are large on the slide
    )
    return f"{svg}<p class='toolkit-summary toolkit-sr-only'>{escape(words)}</p>"
