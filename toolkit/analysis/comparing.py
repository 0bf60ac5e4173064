"""Several reopened sessions side by side, to compare priorities and follow actions up."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.analysis.action_tables import action_plan
from toolkit.analysis.at_a_glance import groups
from toolkit.analysis.dot_voting import vote_scores
from toolkit.analysis.reopening import revealed_rounds
from toolkit.records.session import Session, open_session

SESSIONS_ENV = "TOOLKIT_SESSIONS"  # several, for comparing: a glob or folders joined by ':'


def chosen_sessions(default: str = "../sessions/*") -> Sessions:
    """The sessions for a comparing notebook: TOOLKIT_SESSIONS (a glob, or folders joined by
    the path separator), else `default`, reopened with `open_sessions`."""
    chosen = os.environ.get(SESSIONS_ENV) or default
    parts = chosen.split(os.pathsep)
    return open_sessions(parts if len(parts) > 1 else chosen)


@dataclass(frozen=True)
class Sessions:
    """Several reopened sessions in date order, to compare priorities and follow actions up."""

    sessions: tuple[Session, ...]

    def __len__(self) -> int:
        return len(self.sessions)

    def __iter__(self) -> Iterator[Session]:
        return iter(self.sessions)

    def __getitem__(self, i: int) -> Session:
        return self.sessions[i]

    def overview(self) -> pd.DataFrame:
        """One row per session: folder, date, title, people, issues, revealed rounds, actions."""
        rows = [
            {
                "session": s.path.name,
                "date": s.settings.get("date", ""),
                "title": s.title,
                "people": int(groups(s)["people"].sum()),
                "issues": len(s.state.board.all),
                "rounds_revealed": len(revealed_rounds(s)),
                "actions": len(s.state.plan.actions),
            }
            for s in self.sessions
        ]
        return pd.DataFrame(rows)

    def priorities(self) -> pd.DataFrame:
        """Per session, the options of its last revealed round with their equal-weight score
        and rank (1 = highest), so the same concern can be followed from one to the next."""
        columns = ["session", "date", "title", "round", "option", "dots", "equal_weight", "rank"]
        frames = []
        for s in self.sessions:
            scores = vote_scores(s)
            if not scores.empty:
                last = scores[scores["round"] == scores["round"].max()]
                info = {
                    "session": s.path.name,
                    "date": s.settings.get("date", ""),
                    "title": s.title,
                }
                frames.append(last.assign(**info)[columns])
        frame = pd.concat(frames) if frames else pd.DataFrame(columns=columns)
        return frame.sort_values(["date", "session", "rank"], ignore_index=True)

    def actions(self) -> pd.DataFrame:
        """Every action of every session with its status; one carried forward names the
        action it continues (`carried_from`, 'folder/action id'), that action's status then
        (`status_before`), and `first_raised`, the session where the chain began."""
        plans = {s.path.name: action_plan(s) for s in self.sessions}
        status = {
            f"{name}/{a}": st
            for name, plan in plans.items()
            for a, st in zip(plan["action_id"], plan["status"], strict=True)
        }
        origin = {
            f"{name}/{a}": c
            for name, plan in plans.items()
            for a, c in zip(plan["action_id"], plan["carried_from"], strict=True)
        }

        def first(key: str) -> str:
            seen = set()
            while origin.get(key) and key not in seen:
                seen.add(key)
                key = origin[key]
            return key.split("/")[0]

        frames = []
        for s in self.sessions:
            plan = plans[s.path.name].copy()
            plan.insert(0, "date", s.settings.get("date", ""))
            plan.insert(0, "session", s.path.name)
            plan["status_before"] = [status.get(c, "") if c else "" for c in plan["carried_from"]]
            plan["first_raised"] = [first(f"{s.path.name}/{a}") for a in plan["action_id"]]
            frames.append(plan)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def follow_up(self) -> pd.DataFrame:
        """The actions carried forward from an earlier session: what was promised, its status
        when it was carried and its status now."""
        every = self.actions()
        if every.empty:
            return every
        carried = every[every["from_last_time"]]
        columns = ["session", "date", "action", "owner", "carried_from", "status_before",
                   "status", "first_raised"]  # fmt: skip
        return carried[columns].reset_index(drop=True)

    def priorities_chart(self) -> alt.TopLevelMixin:
        """Each option's rank by equal-weight score across the sessions
        (`charts.priorities_over_time`)."""
        frame = self.priorities()
        if frame.empty:
            return charts.note("No session has a revealed round of dot-voting yet.")
        return charts.priorities_over_time(frame)


def open_sessions(paths: str | Path | Iterable[str | Path]) -> Sessions:
    """Reopen several session folders, given as a list or as a glob such as 'sessions/*'
    (which keeps only the folders that are sessions), ordered by date then folder name."""
    if isinstance(paths, str | Path):
        pattern = str(paths)
        found = [Path(p) for p in sorted(glob.glob(pattern))]
        folders = [p for p in found if (p / "datapackage.json").is_file()]
        if not folders and not glob.has_magic(pattern):
            folders = [Path(pattern)]  # one folder: open_session says what is wrong with it
    else:
        folders = [Path(p) for p in paths]
    if not folders:
        raise ValueError(f"no session folders match {str(paths)!r}; give folders or a glob")
    opened = [open_session(f) for f in folders]
    opened.sort(key=lambda s: (s.settings.get("date", ""), s.path.name))
    return Sessions(tuple(opened))
