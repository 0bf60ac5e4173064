"""Every issue raised and what became of it (hidden, held, merged, action, voted, ...)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from toolkit.analysis.reopening import SessionLike, _folded, _group_name, reopen, tallies
from toolkit.domain.actions import Action, status_word
from toolkit.domain.issues import IssueBoard
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts
from toolkit.records.session import Session

FATES = ("action", "voted", "shortlisted", "backlog", "merged", "hidden", "held")
FATE_ORDER = ("hidden", "held", "merged", "action", "voted", "shortlisted", "backlog")
FATE_RULES = {fate: DEFAULT_TEXTS[f"fate.{fate}"] for fate in FATE_ORDER}  # the first applies


def _last_votes(s: Session) -> dict[str, dict[str, Any]]:
    """Per issue id: its figures in the last revealed round that had it as an option."""
    out: dict[str, dict[str, Any]] = {}
    for t in tallies(s):
        scores = t.equal_weight()
        for o in t.options:
            if o.issue_id:
                out[o.issue_id] = {
                    "round": t.round_number,
                    "dots": t.total(o.option_id),
                    "equal_weight": scores[o.option_id],
                    "rank": 1 + sum(v > scores[o.option_id] for v in scores.values()),
                }
    return out


def _final(board: IssueBoard, issue_id: str) -> str:
    """The issue a merged one ended up in, following merges of merges."""
    seen = {issue_id}
    while (target := board.get(issue_id).merged_into) and target not in seen:
        seen.add(target)
        issue_id = target
    return issue_id


def issue_fates(session: SessionLike, texts: Texts = ENGLISH) -> pd.DataFrame:
    """Every issue ever raised, in the order raised, and what became of it: `fate` is the
    first of hidden, held, merged, action, voted, shortlisted, backlog that applies
    (FATE_RULES: held is an issue from a phone the facilitator never checked),
    `outcome` says it in words; the raising group is folded as the projector folds it."""
    s = reopen(session)
    board = s.state.board
    plan = s.state.plan
    votes = _last_votes(s)
    folded = _folded(s)
    rows = []
    for issue in board.all:
        actions = plan.for_issue(issue.issue_id)
        v = votes.get(issue.issue_id, {})
        merged = _final(board, issue.issue_id) if issue.merged_into else ""
        if issue.hidden:
            fate = "hidden"
        elif issue.held:
            fate = "held"
        elif merged:
            fate = "merged"
        elif actions:
            fate = "action"
        elif v:
            fate = "voted"
        elif issue.shortlisted:
            fate = "shortlisted"
        else:
            fate = "backlog"
        rows.append(
            {
                "number": board.number(issue.issue_id),
                "issue_id": issue.issue_id,
                "text": issue.text,
                "category": issue.category,
                "group": _group_name(s, issue.group_id, folded),
                "fate": fate,
                "outcome": _outcome(fate, board, merged, v, actions, texts),
                "merged_into": board.number(merged) if merged else None,
                "round": v.get("round"),
                "dots": v.get("dots"),
                "equal_weight": round(v["equal_weight"], 1) if v else None,
                "rank": v.get("rank"),
                "actions": "; ".join(f"{a.action_id} ({a.status})" for a in actions),
            }
        )
    columns = ["number", "issue_id", "text", "category", "group", "fate", "outcome",
               "merged_into", "round", "dots", "equal_weight", "rank", "actions"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype(
        {
            "merged_into": "Int64",
            "round": "Int64",
            "dots": "Int64",
            "equal_weight": "Float64",
            "rank": "Int64",
        }
    )


def _outcome(
    fate: str,
    board: IssueBoard,
    merged: str,
    v: dict[str, Any],
    actions: Sequence[Action],
    texts: Texts,
) -> str:
    say = texts.say
    if fate in ("hidden", "held"):
        return say(f"outcome.{fate}")
    if fate == "merged":
        return say("outcome.merged", number=board.number(merged))
    words = []
    if v:
        words.append(say("outcome.voted", int(v["dots"]), round=v["round"], dots=v["dots"],
                         score=texts.number(v["equal_weight"], 1), rank=v["rank"]))  # fmt: skip
    if actions:
        listed = "; ".join(f"{a.action} ({status_word(a.status, texts)})" for a in actions)
        words.append(say("outcome.actions", len(actions), actions=listed))
    if fate in ("shortlisted", "backlog"):
        words.append(say(f"outcome.{fate}"))
    return " ".join(words)
