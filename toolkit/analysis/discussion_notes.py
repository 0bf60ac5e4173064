"""The discussion notes, in agenda order, with what each is about and whose voices."""

from __future__ import annotations

import pandas as pd

from toolkit.analysis.reopening import SessionLike, _folded, _group_name, reopen
from toolkit.domain.agenda import steps
from toolkit.domain.notes import describe_about
from toolkit.domain.stakeholders import Register


def notes(session: SessionLike) -> pd.DataFrame:
    """The discussion notes, step by step in agenda order, then as taken: the words, what
    each is about (an issue's number and words, never a hidden issue's words; a stakeholder;
    an action) and the groups whose voices it reflects, small groups folded into Other
    groups as everywhere else. `taken` is when the note was first written down."""
    s = reopen(session)
    state = s.state
    agenda = {st.step_id: st for st in steps(state.agenda)}
    register = Register.from_events(state.stakeholders)
    folded = _folded(s)
    taken: dict[str, str] = {}
    for row in state.notes:
        taken.setdefault(row["note_id"], row["timestamp"])
    rows = []
    for n in state.notebook.notes:
        step = agenda.get(n.step_id)
        voices = dict.fromkeys(_group_name(s, g, folded) or g for g in n.groups)
        rows.append(
            {
                "note_id": n.note_id,
                "position": step.position if step else None,
                "step": step.title if step else "",
                "text": n.text,
                "about_kind": n.about_kind,
                "about_id": n.about_id,
                "about": describe_about(n, state.board, register, state.plan),
                "groups": ", ".join(voices),
                "taken": taken.get(n.note_id),
            }
        )
    columns = ["note_id", "position", "step", "text", "about_kind", "about_id", "about",
               "groups", "taken"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns).astype({"position": "Int64"})
    frame["taken"] = pd.to_datetime(frame["taken"], format="ISO8601", utc=True)
    return frame.sort_values("position", kind="stable", na_position="last").reset_index(drop=True)
