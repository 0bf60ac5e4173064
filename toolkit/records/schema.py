"""The data dictionary of a session folder: one CSV per table, each row an event."""

from __future__ import annotations

from toolkit.domain.actions import STATUSES
from toolkit.domain.notes import ABOUT_KINDS as NOTE_ABOUT
from toolkit.domain.stakeholders import FOUR_COS
from toolkit.records.fields import TEXT_LIMIT, Field, Table

TABLE_NAMES = ("settings", "groups", "agenda", "participants", "stakeholders", "issues",
               "ratings", "rounds", "options", "votes", "actions", "notes",
               "corrections")  # fmt: skip
# what `toolkit correct` may record an edit of: a table, the frozen template, the descriptor
SEALED_FILES = (*(f"{t}.csv" for t in TABLE_NAMES), "template.toml", "datapackage.json")
EDIT_KINDS = ("changed", "added", "deleted", "cut", "unchained")

SCHEMA_VERSION = 2  # 2: every row carries its digest, and corrections.csv
READABLE_VERSIONS = (1, 2)
SCHEMA_PROPERTY = "toolkit_schema_version"
CHANNELS = ("device", "facilitator", "paper")
POSITIONS = ("supportive", "neutral", "resisting")


def _id(name: str, what: str, required: bool = True) -> Field:
    return Field(name, "string", f"Id of the {what}.", required=required, max_length=80, is_id=True)


def _text(name: str, description: str, limit: int = TEXT_LIMIT) -> Field:
    return Field(name, "string", description, max_length=limit)


def _score(name: str, description: str) -> Field:
    return Field(
        name, "integer", description + " (1-5, empty when not given).", minimum=1, maximum=5
    )


def _flag(name: str, description: str) -> Field:
    return Field(name, "boolean", description + " (true or false).")


_GROUP = _id("group_id", "participant group (groups.csv)", required=False)
_PARTICIPANT = _id(
    "participant_id",
    "pseudonymous participant (participants.csv); empty for a paper tally or the facilitator",
    required=False,
)
_CHANNEL = Field(
    "channel", "string", "How it reached the record: " + ", ".join(CHANNELS) + ".", enum=CHANNELS
)

TABLES: tuple[Table, ...] = (
    Table(
        "settings",
        "Session settings as key/value events; the last value of a key counts.",
        events=("set",),
        key=("key",),
        fields=(
            Field(
                "key",
                "string",
                "Setting name: title, date, facilitator, template, hold_phone_issues, ...",
                required=True,
                max_length=80,
            ),
            _text("value", "Setting value as text."),
        ),
    ),
    Table(
        "groups",
        "Participant groups, e.g. Tenants, Front-line staff, Managers.",
        events=("added", "edited", "removed"),
        key=("group_id",),
        removal_events=("removed",),
        fields=(
            _id("group_id", "group"),
            _text("name", "Name shown to the room.", 200),
            Field("colour", "string", "Colour as #rrggbb.", max_length=7),
            Field(
                "letter",
                "string",
                "Letter shown with the colour, so colour is never the only cue.",
                max_length=2,
            ),
        ),
    ),
    Table(
        "agenda",
        "The workshop's steps and their timings.",
        events=("added", "edited", "removed"),
        key=("step_id",),
        removal_events=("removed",),
        fields=(
            _id("step_id", "agenda step"),
            Field(
                "kind",
                "string",
                "What the step does.",
                enum=(
                    "setup",
                    "stakeholders",
                    "issues",
                    "prioritise",
                    "vote",
                    "actions",
                    "close",
                    "other",
                ),
            ),
            _text("title", "Title shown on the console and projector.", 200),
            Field("minutes", "integer", "Planned length in minutes.", minimum=0, maximum=600),
            Field("position", "integer", "Order in the agenda, from 1.", minimum=1),
        ),
    ),
    Table(
        "participants",
        "People taking part, by pseudonymous id; names are optional.",
        events=("joined", "edited", "left"),
        key=("participant_id",),
        fields=(
            _id("participant_id", "participant"),
            _GROUP,
            _text("display_name", "Optional name the participant chose.", 200),
            _CHANNEL,
            Field(
                "code_hash",
                "string",
                "SHA-256 of the participant id and their personal code, so they can return "
                "to their ballot; the code itself is not kept.",
                max_length=64,
            ),
        ),
    ),
    Table(
        "stakeholders",
        "The stakeholder register behind the power/interest map.",
        events=("added", "edited", "moved", "removed", "restored"),
        key=("stakeholder_id",),
        removal_events=("removed",),
        fields=(
            _id("stakeholder_id", "stakeholder"),
            _text("name", "A group or role, not necessarily a person.", 200),
            _text("kind", "Type or group of stakeholder.", 200),
            _text("role", "Role in or around the service.", 500),
            _score("power", "Power or influence over the service"),
            _score("interest", "Interest in the service"),
            Field("position", "string", "Current position.", enum=POSITIONS),
            Field(
                "desired_position",
                "string",
                "Position the room wants them to have.",
                enum=POSITIONS,
            ),
            _flag("co_commissioning", "Has a co-commissioning role"),
            _flag("co_design", "Has a co-design role"),
            _flag("co_delivery", "Has a co-delivery role"),
            _flag("co_assessment", "Has a co-assessment role"),
            _text("concerns", "Their concerns."),
            _text("notes", "Facilitator's notes."),
            _id(
                "undoes", "event this one undoes (an 'undo' press), empty otherwise", required=False
            ),
        ),
    ),
    Table(
        "issues",
        "Issues raised: what should improve. Each row is the issue's whole state, but for "
        "whether it is held: an issue sent from a phone while phones' issues are held for the "
        "facilitator's check is first recorded as 'held' (not 'raised') and stays off the "
        "projector and the other phones until a 'shown' event (or a 'merged' one).",
        events=(
            "raised",
            "held",
            "shown",
            "edited",
            "hidden",
            "unhidden",
            "merged",
            "unmerged",
            "tagged",
            "shortlisted",
            "unshortlisted",
        ),
        key=("issue_id",),
        fields=(
            _id("issue_id", "issue"),
            _text("text", "The issue as worded now.", 2000),
            _text("category", "Category from the template.", 200),
            _PARTICIPANT,
            _GROUP,
            _CHANNEL,
            _flag("hidden", "Hidden by the facilitator from the projector and phones"),
            _id("merged_into", "issue this one was merged into, empty if none", required=False),
            Field(
                "moscow",
                "string",
                "MoSCoW tag: Must, Should, Could, Won't.",
                enum=("must", "should", "could", "wont"),
            ),
            _flag("shortlisted", "On the shortlist for the vote"),
        ),
    ),
    Table(
        "ratings",
        "Ratings of issues by a participant, or by the facilitator for a group.",
        events=("rated", "cleared"),
        key=("issue_id", "participant_id", "group_id"),
        removal_events=("cleared",),
        fields=(
            _id("issue_id", "issue rated (issues.csv)"),
            _PARTICIPANT,
            _GROUP,
            _CHANNEL,
            _score("importance", "Importance to service users"),
            _score("feasibility", "Feasibility for the provider"),
            Field("rank", "integer", "Rank given, 1 is first.", minimum=1),
            Field("points", "integer", "Points given.", minimum=0, maximum=1000),
        ),
    ),
    Table(
        "rounds",
        "Dot-voting rounds and their rules; every round is kept.",
        events=("created", "opened", "closed", "revealed", "rules_changed"),
        key=("round_id",),
        fields=(
            _id("round_id", "round"),
            Field("number", "integer", "Round number, from 1.", required=True, minimum=1),
            Field(
                "status",
                "string",
                "Where the round is.",
                enum=("draft", "open", "closed", "revealed"),
            ),
            Field(
                "dots_per_participant",
                "integer",
                "Dot budget per participant.",
                minimum=1,
                maximum=100,
            ),
            Field(
                "cap_per_option",
                "integer",
                "Most dots one participant may put on one option.",
                minimum=1,
                maximum=100,
            ),
            _flag("stacking", "Several dots on one option allowed"),
            Field("min_spend", "integer", "Dots a participant must spend.", minimum=0, maximum=100),
            _flag("facilitator_votes", "The facilitator votes too"),
            _flag("shuffle", "Options shown in a different order to each participant"),
        ),
    ),
    Table(
        "options",
        "What a round votes on: usually shortlisted issues.",
        events=("added", "edited", "removed"),
        key=("option_id",),
        removal_events=("removed",),
        fields=(
            _id("option_id", "option"),
            _id(
                "round_id", "round (rounds.csv; an option whose round was never created is ignored)"
            ),
            _text("label", "The option as shown on ballots.", 2000),
            _id(
                "issue_id",
                "issue it stands for (issues.csv), empty for a typed option",
                required=False,
            ),
            Field("position", "integer", "Order on the ballot, from 1.", minimum=1),
        ),
    ),
    Table(
        "votes",
        "Dots: each row adds ('cast') or takes back ('withdrawn') dots.",
        events=("cast", "withdrawn"),
        key=(),
        fields=(
            _id("round_id", "round (rounds.csv)"),
            _id("option_id", "option voted on (options.csv)"),
            _PARTICIPANT,
            _GROUP,
            _CHANNEL,
            Field(
                "dots",
                "integer",
                "Number of dots; 1 from a phone, more from a paper tally.",
                required=True,
                minimum=1,
                maximum=10_000,
            ),
        ),
    ),
    Table(
        "actions",
        "Negotiated actions: who contributes what, by when.",
        events=("proposed", "edited", "status_changed", "removed", "carried_forward"),
        key=("action_id",),
        removal_events=("removed",),
        fields=(
            _id("action_id", "action"),
            _id("issue_id", "issue it answers (issues.csv)", required=False),
            _text("action", "The agreed action.", 2000),
            _text("users_contribute", "What service users contribute.", 2000),
            _text("provider_contributes", "What the provider contributes.", 2000),
            Field("four_co", "string", "Which of the Four Co's it is.", enum=FOUR_COS),
            _text("owner", "Who owns it.", 200),
            Field("due", "date", "Due date."),
            Field(
                "status",
                "string",
                "Where it stands.",
                enum=STATUSES,
            ),
            Field("review", "date", "When to review it."),
            _text(
                "carried_from",
                "For an action carried forward: the earlier session's folder name and its "
                "action id there, as folder/action_id.",
                200,
            ),
            _text("carried_issue", "For an action carried forward: its issue's words.", 2000),
        ),
    ),
    Table(
        "notes",
        "Discussion notes: what was said at a step, optionally about an issue, a stakeholder "
        "or an action, and the groups whose voices it reflects.",
        events=("added", "edited", "removed"),
        key=("note_id",),
        removal_events=("removed",),
        fields=(
            _id("note_id", "note"),
            _id("step_id", "agenda step it was taken at (agenda.csv)", required=False),
            _text("text", "What was said.", 2000),
            Field(
                "about_kind",
                "string",
                "What the note is about: an issue, a stakeholder, an action, or none.",
                enum=NOTE_ABOUT,
            ),
            _id(
                "about_id",
                "issue, stakeholder or action it is about (issues.csv, stakeholders.csv or "
                "actions.csv, as about_kind says), empty for none",
                required=False,
            ),
            _text(
                "groups",
                "Ids of the groups whose voices it reflects (groups.csv), separated by spaces; "
                "empty when not said.",
                1000,
            ),
        ),
    ),
    Table(
        "corrections",
        "Edits of the files made on purpose after they were recorded, each with who made it "
        "and why ('toolkit correct'): an edit recorded here is shown as a correction, not "
        "as an unexplained edit.",
        events=("corrected",),
        key=(),
        fields=(
            Field("file", "string", "The file edited.", required=True, enum=SEALED_FILES),
            _id(
                "about_event_id",
                "row where the edit shows (empty for rows cut from the end, or a whole file)",
                required=False,
            ),
            Field("change", "string", "What the edit did.", required=True, enum=EDIT_KINDS),
            Field(
                "fingerprint",
                "string",
                "Ties the correction to this very edit (docs/records.md): a later edit at the "
                "same place shows again.",
                required=True,
                max_length=32,
            ),
            _text("by", "Who made the edit, or approved it.", 200),
            _text("why", "Why the files were edited.", 2000),
        ),
    ),
)
# notes.csv about_id names a row of the table its about_kind says (checked on reopen).
NOTE_TARGETS = {"issue": "issues", "stakeholder": "stakeholders", "action": "actions"}

TABLE_BY_NAME = {t.name: t for t in TABLES}

# References checked on reopen: (table, field) must name an id present in (table, field).
# (An option's round is checked apart: see load.py, an unfinished round is only ignored.)
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("participants", "group_id", "groups", "group_id"),
    ("issues", "participant_id", "participants", "participant_id"),
    ("issues", "group_id", "groups", "group_id"),
    ("issues", "merged_into", "issues", "issue_id"),
    ("ratings", "issue_id", "issues", "issue_id"),
    ("ratings", "participant_id", "participants", "participant_id"),
    ("ratings", "group_id", "groups", "group_id"),
    ("options", "issue_id", "issues", "issue_id"),
    ("votes", "round_id", "rounds", "round_id"),
    ("votes", "option_id", "options", "option_id"),
    ("votes", "participant_id", "participants", "participant_id"),
    ("votes", "group_id", "groups", "group_id"),
    ("actions", "issue_id", "issues", "issue_id"),
    ("notes", "step_id", "agenda", "step_id"),
)
