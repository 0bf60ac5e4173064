"""The numbers and charts of a reopened session, computed by the same rules as the screens,
for the report and for analysts; and several sessions side by side to follow them up."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from toolkit import charts
from toolkit.agreement import METHODS as AGREEMENT_METHODS
from toolkit.agreement import (
    RoundAgreement,
    Shift,
    agree_lines,
    differ_lines,
    pair_line,
    round_agreement,
    round_shift,
    shift_lines,
)
from toolkit.apps.ports import SESSION_ENV
from toolkit.domain.actions import Action, describe_plan, status_word
from toolkit.domain.agenda import STEP_KEY, parse_time, steps
from toolkit.domain.display import GroupDisplay
from toolkit.domain.events import latest_state
from toolkit.domain.issues import IssueBoard
from toolkit.domain.notes import describe_about
from toolkit.domain.results import display, group_members, revealed_tallies
from toolkit.domain.stakeholders import Register, describe_map, quadrant
from toolkit.domain.state import SessionState
from toolkit.domain.tally import Tally, describe_tally, result_rows, shown_names
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts
from toolkit.domain.voting import OTHER, Round
from toolkit.records.folder import enclosing_session
from toolkit.records.session import Session, open_session

SessionLike = Session | str | Path
SESSIONS_ENV = "TOOLKIT_SESSIONS"  # several, for comparing: a glob or folders joined by ':'

FATES = ("action", "voted", "shortlisted", "backlog", "merged", "hidden", "held")
FATE_ORDER = ("hidden", "held", "merged", "action", "voted", "shortlisted", "backlog")
FATE_RULES = {fate: DEFAULT_TEXTS[f"fate.{fate}"] for fate in FATE_ORDER}  # the first applies
METHODS = {
    **AGREEMENT_METHODS,
    "equal_weight_rank": DEFAULT_TEXTS["method.equal_weight_rank"],
    "small_groups": DEFAULT_TEXTS["method.small_groups"],
    "fate": "the first that applies: " + "; ".join(f"{k}: {v}" for k, v in FATE_RULES.items()),
}
# The text key of each method the report names, to say it in the template's language.
METHOD_KEYS = {"tau_b": "agree.method_tau_b", "p": "agree.method_p"} | {
    k: f"method.{k}"
    for k in ("equal_weight", "equal_weight_rank", "small_groups", "rho", "top_overlap",
              "js_distance", "w", "consensus")
}  # fmt: skip


def reopen(session: SessionLike) -> Session:
    """The session itself, or its folder reopened with `open_session`."""
    return session if isinstance(session, Session) else open_session(session)


def chosen_session(default: str | Path = "../sessions/demo") -> Session:
    """The session for a notebook: the folder in the TOOLKIT_SESSION environment variable,
    else the session folder the notebook runs in (a session's own notebooks/ folder), else
    `default` (the demo session `make app` creates), reopened with `open_session`."""
    return open_session(os.environ.get(SESSION_ENV) or enclosing_session(Path.cwd()) or default)


def chosen_sessions(default: str = "../sessions/*") -> Sessions:
    """The sessions for a comparing notebook: TOOLKIT_SESSIONS (a glob, or folders joined by
    the path separator), else `default`, reopened with `open_sessions`."""
    chosen = os.environ.get(SESSIONS_ENV) or default
    parts = chosen.split(os.pathsep)
    return open_sessions(parts if len(parts) > 1 else chosen)


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


# The session at a glance


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


# Stakeholders


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


# Issues and what became of them


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


# Dot-voting


def vote_results(session: SessionLike) -> pd.DataFrame:
    """The bars of the results charts, tidy: per revealed round, option and group, the raw
    dots and the group's contribution to the equal-weight score (%), small groups folded
    into Other groups (`result_rows`, as on the projector). `number` is the option's number
    as said in the room (its issue's, or a letter if typed in: `option_numbers`),
    `position` its place on the ballot."""
    s = reopen(session)
    board = s.state.board
    rows = []
    for t in tallies(s):
        raw, equal = result_rows(t, "raw", {}), result_rows(t, "equal", {})
        for r, e in zip(raw, equal, strict=True):
            option = t.options[r["position"] - 1]
            rows.append(
                {
                    "round": t.round_number,
                    "position": r["position"],
                    "number": option.number,
                    "option": option.label,
                    "issue": _number(board, option.issue_id),
                    "group": r["group"],
                    "voters": t.voters.get(r["group"], 0),
                    "dots": int(r["value"]),
                    "equal_weight": e["value"],
                }
            )
    columns = ["round", "position", "number", "option", "issue", "group", "voters", "dots",
               "equal_weight"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"issue": "Int64"})


def _number(board: IssueBoard, issue_id: str) -> int | None:
    try:
        return board.number(issue_id) if issue_id else None
    except ValueError:
        return None


def vote_scores(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and option: total dots, the equal-weight score (mean of the
    groups' shares, %) and the rank by that score (1 = highest, ties share the best);
    `number` as in `vote_results`."""
    s = reopen(session)
    board = s.state.board
    rows = []
    for t in tallies(s):
        scores = t.equal_weight()
        for n, o in enumerate(t.options, 1):
            rows.append(
                {
                    "round": t.round_number,
                    "position": n,
                    "number": o.number,
                    "option": o.label,
                    "issue": _number(board, o.issue_id),
                    "dots": t.total(o.option_id),
                    "equal_weight": round(scores[o.option_id], 1),
                    "rank": 1 + sum(v > scores[o.option_id] for v in scores.values()),
                }
            )
    columns = ["round", "position", "number", "option", "issue", "dots", "equal_weight", "rank"]
    return pd.DataFrame(rows, columns=columns).astype({"issue": "Int64"})


def round_rules(session: SessionLike) -> pd.DataFrame:
    """Each revealed round's rules (dots each, most on one option) in numbers and in the words
    read out in the room (`Rules.explain`)."""
    rows = [
        {
            "round": r.number,
            "dots_each": r.rules.dots,
            "most_on_one": r.rules.per_option,
            "rules": r.rules.explain(),
        }
        for r in revealed_rounds(session)
    ]
    return pd.DataFrame(rows, columns=["round", "dots_each", "most_on_one", "rules"])


def vote_chart(
    session: SessionLike,
    mode: str = "raw",
    width: int = 1000,
    stacked: bool = False,
    texts: Texts = ENGLISH,
) -> alt.TopLevelMixin:
    """The revealed rounds side by side, or `stacked` (`charts.tally_results`): 'raw' dots
    or 'equal' weight, each group's part of the bar in its colour and letter, as on the
    projector."""
    s = reopen(session)
    found = tallies(s)
    if not found:
        return charts.note("No round of dot-voting has been revealed yet.")
    return charts.tally_results(found, _display(s).groups, mode, width, stacked, texts)


def vote_words(session: SessionLike, mode: str = "raw", texts: Texts = ENGLISH) -> str:
    """The results in words: each round's top three options under the count (`describe_tally`)."""
    return " ".join(describe_tally(t, mode, texts) for t in tallies(session))


def folding_words(session: SessionLike, texts: Texts = ENGLISH) -> str:
    """The small-group rule, with its threshold, as it applies to this session."""
    s = reopen(session)
    other = texts.say("chart.other")
    d = _display(s)
    rule = texts.say("report.folding", k=d.threshold, other=other)
    applied = (
        texts.say("report.folded", other=other) if _folded(s) else texts.say("report.not_folded")
    )
    return " ".join([rule, applied, *d.notes(texts)])


def method(key: str, texts: Texts = ENGLISH) -> str:
    """What a figure is (`METHODS[key]`), in the template's language for a report."""
    return texts.say(METHOD_KEYS[key])


# Agreement between groups


def _rounds_compared(s: Session) -> tuple[list[Round], dict[str, int], int]:
    return revealed_rounds(s), group_members(s.state), _display(s).threshold


def agreement(session: SessionLike) -> list[RoundAgreement]:
    """Every agreement measure for each revealed round (`round_agreement`: Kendall's tau-b,
    Spearman's rho, top-k overlap, Jensen-Shannon distance, Kendall's W, common ground)."""
    s = reopen(session)
    rounds, members, threshold = _rounds_compared(s)
    return [
        round_agreement(s.state.voting, r.round_id, _display(s).groups, members, threshold)
        for r in rounds
    ]


def shift(session: SessionLike) -> list[Shift]:
    """How each group's ranking moved between consecutive revealed rounds and whether the
    groups moved closer (`round_shift`: Kendall's tau-b over the options in both)."""
    s = reopen(session)
    rounds, members, threshold = _rounds_compared(s)
    return [
        round_shift(s.state.voting, a.round_id, b.round_id, _display(s).groups, members, threshold)
        for a, b in pairwise(rounds)
    ]


def agreement_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and pair of groups: Kendall's tau-b, Spearman's rho, top-k overlap
    and Jensen-Shannon distance between their dots per option."""
    rows = [
        {
            "round": ra.round_number,
            "first": p.first,
            "second": p.second,
            "tau_b": p.tau_b,
            "rho": p.rho,
            "top_k": p.top_k,
            "top_overlap": p.top_overlap,
            "js_distance": p.js_distance,
        }
        for ra in agreement(session)
        for p in ra.pairs
    ]
    columns = ["round", "first", "second", "tau_b", "rho", "top_k", "top_overlap", "js_distance"]
    return pd.DataFrame(rows, columns=columns).astype({"tau_b": "Float64", "rho": "Float64"})


def consensus_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and option: each group's share of voters who gave it a dot (p), the
    consensus (geometric mean of the Laplace-smoothed shares), common ground and contested;
    `number` as in `vote_results`."""
    rows = []
    for ra in agreement(session):
        for c in ra.consensus:
            row: dict[str, Any] = {"round": ra.round_number, "number": c.number, "option": c.label}
            row |= {f"p {g}": round(c.p[g], 3) for g in ra.consensus_groups}
            row |= {
                "consensus": c.consensus,
                "common_ground": c.common_ground,
                "contested": c.contested,
            }
            rows.append(row)
    return pd.DataFrame(rows)


def concordance_table(session: SessionLike) -> pd.DataFrame:
    """Per revealed round and group: voters, dots and Kendall's W (tie-corrected) of how alike
    its members rank the options, with the reason when W is not defined."""
    rows = [
        {
            "round": ra.round_number,
            "group": p.group,
            "voters": p.voters,
            "dots": p.dots,
            "w": p.concordance.w,
            "reason": p.concordance.reason,
        }
        for ra in agreement(session)
        for p in ra.groups
    ]
    columns = ["round", "group", "voters", "dots", "w", "reason"]
    return pd.DataFrame(rows, columns=columns).astype({"w": "Float64"})


def shift_table(session: SessionLike) -> pd.DataFrame:
    """Per pair of consecutive revealed rounds and group: Kendall's tau-b between the group's
    dots in the two rounds, and the mean tau-b between groups before and after."""
    rows = [
        {
            "from_round": sh.first_round,
            "to_round": sh.second_round,
            "group": g.group,
            "tau_b": g.tau_b,
            "reason": g.reason,
            "between_groups_before": sh.mean_before,
            "between_groups_after": sh.mean_after,
            "converged": sh.converged,
        }
        for sh in shift(session)
        for g in sh.groups
    ]
    columns = ["from_round", "to_round", "group", "tau_b", "reason", "between_groups_before",
               "between_groups_after", "converged"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype(
        {
            "tau_b": "Float64",
            "between_groups_before": "Float64",
            "between_groups_after": "Float64",
            "converged": "boolean",
        }
    )


def agreement_words(ra: RoundAgreement, texts: Texts = ENGLISH) -> dict[str, list[str]]:
    """One round's agreement in sentences: 'agree' and 'differ' (`agree_lines`,
    `differ_lines`; the first line names the rule) and 'pairs' (`pair_line`)."""
    return {
        "agree": agree_lines(ra, texts),
        "differ": differ_lines(ra, texts),
        "pairs": [pair_line(p, texts) for p in ra.pairs],
    }


def shift_words(sh: Shift, texts: Texts = ENGLISH) -> list[str]:
    """How each group's priorities moved between two rounds, in sentences (`shift_lines`)."""
    return shift_lines(sh, texts)


def ranks_chart(session: SessionLike, round_number: int | None = None) -> alt.TopLevelMixin:
    """Each group's rank of each option in one revealed round (the last by default), as on
    the projector (`charts.agreement_ranks`)."""
    s = reopen(session)
    found = [ra for ra in agreement(s) if round_number in (None, ra.round_number)]
    if not found or len(found[-1].groups) < 2:
        return charts.note("Ranks are compared once two groups have voted in a revealed round.")
    return charts.agreement_ranks(found[-1], _display(s).groups)


def shift_chart(session: SessionLike, to_round: int | None = None) -> alt.TopLevelMixin:
    """How each group's ranking moved into a revealed round from the one before (the last by
    default), as on the projector (`charts.agreement_shift`)."""
    s = reopen(session)
    pairs = [
        (sh, ra)
        for sh, ra in zip(shift(s), agreement(s)[1:], strict=True)
        if to_round in (None, sh.second_round)
    ]
    if not pairs or not (pairs[-1][0].groups and pairs[-1][0].options):
        return charts.note("The shift is drawn once two rounds with common options are revealed.")
    return charts.agreement_shift(*pairs[-1], _display(s).groups)


# Actions


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
            said = board.get(a.issue_id).text
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


# Discussion notes


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


# Several sessions


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
