"""The action plan, 'you said, we did', as a table and in a sentence."""

from __future__ import annotations

import pandas as pd

from toolkit.analysis.reopening import SessionLike, _number, reopen
from toolkit.domain.actions import describe_plan, issue_words
from toolkit.domain.texts import ENGLISH, Texts


def action_plan(session: SessionLike) -> pd.DataFrame:
    """The action plan, 'you said, we did': each action with the issue it answers (or, for
    one carried forward from an earlier session, that issue's words) and where it stands."""
    s = reopen(session)
    board = s.state.board
    rows = []
    for a in s.state.plan.actions:
        number = _number(board, a.issue_id)
        if a.carried_from:
            said = a.carried_issue or "(general)"
        elif number is not None:
            said = issue_words(board.get(a.issue_id), s.template.texts)
        else:
            said = "(general)"
        rows.append(
            {
                "action_id": a.action_id,
                "issue": number,
                "you_said": said,
                "action": a.action,
                "users_contribute": a.users_contribute,
                "provider_contributes": a.provider_contributes,
                "four_co": a.four_co,
                "owner": a.owner,
                "due": a.due,
                "status": a.status,
                "review": a.review,
                "from_last_time": bool(a.carried_from),
                "carried_from": a.carried_from,
            }
        )
    columns = ["action_id", "issue", "you_said", "action", "users_contribute",
               "provider_contributes", "four_co", "owner", "due", "status", "review",
               "from_last_time", "carried_from"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"issue": "Int64"})


def plan_words(session: SessionLike, texts: Texts = ENGLISH) -> str:
    """The plan in one sentence: how many actions, by status (`describe_plan`)."""
    return describe_plan(reopen(session).state.plan, texts)
