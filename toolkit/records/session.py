"""`open_session`: a session folder as pandas DataFrames of current state, for analysts."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.domain.events import Row, as_columns, latest_state, net_dots
from toolkit.domain.issues import current_rows
from toolkit.domain.state import SessionState
from toolkit.domain.template import WorkshopTemplate
from toolkit.records.csvfile import TableData
from toolkit.records.errors import Problem, RecordError
from toolkit.records.folder import session_template
from toolkit.records.load import load_folder, no_cycle_collection
from toolkit.records.replayed import (
    EditedSessionWarning,
    Rows,
    edited_warning,
    edits_warning,
    replay,
)
from toolkit.records.schema import TABLE_BY_NAME


@dataclass
class Session:
    """A reopened session. Each table attribute is its current state; `events` holds every
    raw event, one DataFrame per table, exactly as recorded, in the order they happened;
    `template` is the frozen copy of the template's settings (labels, groups, rules) the
    session was created with. `refused` lists recorded events the workshop's rules would
    have refused (hand edits): they are in `events` but nowhere else. `edits` lists where the
    files were edited after recording (counted as they read now), `corrected` the edits
    recorded as corrections, with who and why."""

    path: Path
    settings: dict[str, str]
    events: dict[str, pd.DataFrame]
    groups: pd.DataFrame
    agenda: pd.DataFrame
    participants: pd.DataFrame
    stakeholders: pd.DataFrame
    issues: pd.DataFrame
    ratings: pd.DataFrame
    rounds: pd.DataFrame
    options: pd.DataFrame
    votes: pd.DataFrame
    actions: pd.DataFrame
    notes: pd.DataFrame
    template: WorkshopTemplate
    warnings: list[Problem] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    edits: list[Problem] = field(default_factory=list)
    corrected: list[Problem] = field(default_factory=list)
    # The rows the rules accept, in time order, from which `state` rebuilds the screens.
    accepted: Rows = field(default_factory=dict, repr=False, compare=False)

    @property
    def title(self) -> str:
        return self.settings.get("title", "")

    @cached_property
    def state(self) -> SessionState:
        """The session as the live screens saw it at the end (issue board, voting, actions),
        built once from the same rows and the same domain code the screens use."""
        return SessionState.said_in(self.template.texts).with_new(self.accepted)


_STATE_TABLES = (
    "groups",
    "agenda",
    "participants",
    "stakeholders",
    "issues",
    "ratings",
    "rounds",
    "options",
    "actions",
    "notes",
)


def open_session(path: Path | str) -> Session:
    """Reopen a session folder. Raises RecordError listing what is wrong (file, line,
    column); a record torn by a crash is skipped with a warning."""
    with no_cycle_collection():
        return _open(path)


def _open(path: Path | str) -> Session:
    loaded = load_folder(path)
    if loaded.problems:
        raise RecordError(loaded.problems)
    for w in loaded.warnings:
        warnings.warn(str(w), stacklevel=4)
    if loaded.edits:
        warnings.warn(edits_warning(str(path), loaded.edits), EditedSessionWarning, stacklevel=4)
    tables = loaded.tables
    replayed = replay(tables)
    if replayed.refused:
        warnings.warn(edited_warning(str(path), replayed.refused), EditedSessionWarning,
                      stacklevel=4)  # fmt: skip
    rows = replayed.rows
    events = {name: _frame(data) for name, data in tables.items()}
    settings_rows = latest_state(rows["settings"], ("key",))
    state = {}
    for name in _STATE_TABLES:
        spec = TABLE_BY_NAME[name]
        current = (
            current_rows(rows[name])  # hidden stays hidden until an 'unhidden' event
            if name == "issues"
            else latest_state(rows[name], spec.key, spec.removal_events)
        )
        state[name] = _typed(pd.DataFrame(current, columns=list(spec.field_names)), tables[name])
    votes = pd.DataFrame(
        net_dots(_vote_columns(tables["votes"], rows["votes"])),
        columns=["round_id", "option_id", "participant_id", "group_id", "channel", "dots"],
    ).astype({"dots": "int64"})
    return Session(
        path=loaded.folder,
        settings={str(r["key"]): str(r["value"]) for r in settings_rows},
        events=events,
        votes=votes,
        warnings=loaded.warnings,
        template=session_template(loaded.folder),
        refused=replayed.refused,
        edits=loaded.edits,
        corrected=loaded.corrected,
        accepted=rows,
        **state,
    )


def _vote_columns(data: TableData, accepted: list[Row]) -> dict[str, list[Any]]:
    """The accepted vote events as columns: the table's own when none was refused."""
    if len(accepted) == len(data):
        return data.columns
    return as_columns(accepted, data.table.field_names)


def _frame(data: TableData) -> pd.DataFrame:
    return _typed(pd.DataFrame(data.columns), data)


def _typed(frame: pd.DataFrame, data: TableData) -> pd.DataFrame:
    """Table Schema types as pandas dtypes: nullable integers and booleans, UTC datetimes."""
    for f in data.table.all_fields:
        if f.type == "integer":
            frame[f.name] = frame[f.name].astype("Int64")
        elif f.type == "boolean":
            frame[f.name] = frame[f.name].astype("boolean")
        elif f.type == "datetime":
            frame[f.name] = pd.to_datetime(frame[f.name], format="ISO8601", utc=True)
        elif f.type == "date":
            frame[f.name] = pd.to_datetime(frame[f.name], format="%Y-%m-%d").dt.date
        else:
            frame[f.name] = frame[f.name].astype("string")
    return frame
