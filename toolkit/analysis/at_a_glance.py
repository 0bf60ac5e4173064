"""The session at a glance: what it was, who came in which groups, and the agenda as run."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pandas as pd

from toolkit.analysis.reopening import SessionLike, _display, _folded, _group_name, reopen
from toolkit.domain.agenda import STEP_KEY, parse_time, steps
from toolkit.domain.events import latest_state
from toolkit.domain.voting import OTHER


def summary(session: SessionLike) -> dict[str, str]:
    """Title, date, facilitator, organisation and template of the session, as recorded."""
    s = reopen(session)
    return {
        "title": s.title,
        "date": s.settings.get("date", ""),
        "facilitator": s.settings.get("facilitator", ""),
        "organisation": s.template.branding.organisation,
        "template": s.template.title,
    }


def groups(session: SessionLike) -> pd.DataFrame:
    """People per group (joined, not left), small groups folded into one 'Other groups' row so
    that none is shown by name; `paper` says whether the group also voted on paper sheets."""
    s = reopen(session)
    folded = _folded(s)
    people = latest_state(s.state.participants, ("participant_id",), ("left",))
    paper = {v["group_id"] for v in s.state.voting.vote_rows if v["channel"] == "paper"}
    rows: dict[str, dict[str, Any]] = {}
    shown = _display(s).groups
    letters = {g.name: g.letter for g in shown} | {OTHER: "+"}
    for g in shown:
        name = _group_name(s, g.id, folded)
        if name != OTHER and name not in rows:
            rows[name] = {"group": name, "letter": letters[name], "people": 0, "paper": False}
    for p in people:
        name = _group_name(s, p["group_id"], folded) or OTHER
        row = rows.setdefault(name, {"group": name, "letter": "+", "people": 0, "paper": False})
        row["people"] += 1
    for gid in paper:
        name = _group_name(s, gid, folded) or OTHER
        rows.setdefault(name, {"group": name, "letter": "+", "people": 0, "paper": False})
        rows[name]["paper"] = True
    return pd.DataFrame(list(rows.values()), columns=["group", "letter", "people", "paper"])


def agenda(session: SessionLike) -> pd.DataFrame:
    """The agenda with each step's planned minutes and the minutes spent on it, measured
    between the facilitator's moves from step to step on the console (empty when the
    console was not used; the last step visited has no end, so no figure)."""
    s = reopen(session)
    plan = steps(s.state.agenda)
    moves = [r for r in s.state.settings if r["key"] == STEP_KEY]
    spent: dict[str, float] = {}
    for here, after in pairwise(moves):
        seconds = (parse_time(after["timestamp"]) - parse_time(here["timestamp"])).total_seconds()
        spent[here["value"]] = spent.get(here["value"], 0.0) + seconds / 60
    return pd.DataFrame(
        [
            {
                "position": st.position,
                "step": st.title,
                "kind": st.kind,
                "planned_minutes": st.minutes,
                "minutes_spent": round(spent[st.step_id], 1) if st.step_id in spent else None,
            }
            for st in plan
        ],
        columns=["position", "step", "kind", "planned_minutes", "minutes_spent"],
    ).astype({"minutes_spent": "Float64"})
