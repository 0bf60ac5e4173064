"""A reopened session's numbers, computed by the same rules as the screens: agreement
measures, tallies, tables and charts for the report and analysts, and several sessions
compared. The analysts' notebooks call everything here as `analysis.NAME`."""

from toolkit.analysis.action_tables import action_plan, plan_words
from toolkit.analysis.agreement_figures import RoundAgreement, Shift
from toolkit.analysis.agreement_tables import (
    agreement,
    agreement_table,
    agreement_words,
    concordance_table,
    consensus_table,
    ranks_chart,
    shift,
    shift_chart,
    shift_table,
    shift_words,
)
from toolkit.analysis.at_a_glance import agenda, groups, summary
from toolkit.analysis.comparing import SESSIONS_ENV, Sessions, chosen_sessions, open_sessions
from toolkit.analysis.discussion_notes import notes
from toolkit.analysis.dot_voting import (
    folding_words,
    round_rules,
    vote_chart,
    vote_results,
    vote_scores,
    vote_words,
)
from toolkit.analysis.fates import FATE_ORDER, FATE_RULES, FATES, issue_fates
from toolkit.analysis.methods import METHOD_KEYS, METHODS, method
from toolkit.analysis.reopening import (
    SessionLike,
    chosen_session,
    group_display,
    offline_charts,
    reopen,
    revealed_rounds,
    session_state,
    tallies,
)
from toolkit.analysis.stakeholder_figures import stakeholder_chart, stakeholder_words, stakeholders
from toolkit.records.ports import SESSION_ENV  # the session a notebook opens

__all__ = [
    "FATES",
    "FATE_ORDER",
    "FATE_RULES",
    "METHODS",
    "METHOD_KEYS",
    "SESSIONS_ENV",
    "SESSION_ENV",
    "RoundAgreement",
    "SessionLike",
    "Sessions",
    "Shift",
    "action_plan",
    "agenda",
    "agreement",
    "agreement_table",
    "agreement_words",
    "chosen_session",
    "chosen_sessions",
    "concordance_table",
    "consensus_table",
    "folding_words",
    "group_display",
    "groups",
    "issue_fates",
    "method",
    "notes",
    "offline_charts",
    "open_sessions",
    "plan_words",
    "ranks_chart",
    "reopen",
    "revealed_rounds",
    "round_rules",
    "session_state",
    "shift",
    "shift_chart",
    "shift_table",
    "shift_words",
    "stakeholder_chart",
    "stakeholder_words",
    "stakeholders",
    "summary",
    "tallies",
    "vote_chart",
    "vote_results",
    "vote_scores",
    "vote_words",
]
