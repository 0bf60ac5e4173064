"""A session reopened for analysts: which one a notebook means, its charts drawn offline,
and its state, tallies and groups exactly as the screens showed them."""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt

from toolkit.domain.display import GroupDisplay
from toolkit.domain.issues import IssueBoard
from toolkit.domain.results import display, group_members, revealed_tallies
from toolkit.domain.state import SessionState
from toolkit.domain.tally import Tally, shown_names
from toolkit.domain.voting import OTHER, Round
from toolkit.records.folder import enclosing_session
from toolkit.records.ports import SESSION_ENV
from toolkit.records.session import Session, open_session

SessionLike = Session | str | Path


def reopen(session: SessionLike) -> Session:
    """The session itself, or its folder reopened with `open_session`."""
    return session if isinstance(session, Session) else open_session(session)


def chosen_session(default: str | Path = "../sessions/demo") -> Session:
    """The session for a notebook: the folder in the TOOLKIT_SESSION environment variable,
    else the session folder the notebook runs in (a session's own notebooks/ folder), else
    `default` (the demo session `make app` creates), reopened with `open_session`."""
    return open_session(os.environ.get(SESSION_ENV) or enclosing_session(Path.cwd()) or default)


def offline_charts() -> None:
    """Show charts in notebooks as SVG drawn here by vl-convert (Altair's 'svg' renderer), so
    nothing is fetched from the internet; the default renderer loads Vega from a CDN."""
    alt.renderers.enable("svg")


def session_state(session: SessionLike) -> SessionState:
    """The live state the screens built (issue board, voting, participants, actions), rebuilt
    once from the session's rows by `SessionState.with_new`."""
    return reopen(session).state


def _display(s: Session) -> GroupDisplay:
    """The groups as the screens show them: merged for display and the threshold in force,
    as the facilitator set them for the session (`toolkit.domain.results.display`)."""
    return display(s.state, s.template.groups, s.template.small_group_threshold)


def group_display(session: SessionLike) -> GroupDisplay:
    """The groups as every result shows them (`groups`, `threshold`; `notes` says why):
    the template's, with the merges and lowered threshold the facilitator set before the
    vote. Votes keep their real groups in `session.votes`."""
    return _display(reopen(session))


def _folded(s: Session) -> set[str]:
    """Ids of the groups folded into Other groups, as `toolkit.domain.voting.tally` decides."""
    d = _display(s)
    shown = shown_names(d.names(), group_members(s.state), d.threshold)
    return {g for g, name in shown.items() if name == OTHER}


def _group_name(s: Session, group_id: str, folded: set[str]) -> str:
    names = _display(s).names()
    if not group_id:
        return ""
    return OTHER if group_id in folded or group_id not in names else names[group_id]


def tallies(session: SessionLike) -> list[Tally]:
    """The revealed rounds' tallies by group (`revealed_tallies`), small groups folded into
    Other groups exactly as on the projector."""
    s = reopen(session)
    return revealed_tallies(s.state, s.template.groups, s.template.small_group_threshold)


def revealed_rounds(session: SessionLike) -> list[Round]:
    """The rounds whose results were revealed, in order (others' votes are never shown)."""
    return [r for r in reopen(session).state.voting.rounds if r.status == "revealed"]


def _number(board: IssueBoard, issue_id: str) -> int | None:
    try:
        return board.number(issue_id) if issue_id else None
    except ValueError:
        return None
