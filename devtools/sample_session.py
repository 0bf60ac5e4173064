"""A whole workshop written through the domain rules and the records (no widgets), for the
report's tests, its benchmark and its screenshot: four groups (one too small to be shown by
name), stakeholders, 40 issues with merges, hidden ones and hostile text, two revealed rounds
of dot-voting and negotiated actions, optionally following up an earlier session."""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from toolkit.domain.actions import Action, ActionPlan
from toolkit.domain.issues import Issue, IssueBoard
from toolkit.domain.results import revealed_tallies
from toolkit.domain.stakeholders import Register, Stakeholder
from toolkit.domain.state import SessionState
from toolkit.domain.voting import Ballot, Rules, Voting
from toolkit.records import Recorder, create_session
from toolkit.records.load import load_folder
from toolkit.records.templates import find_template, load_template

# The housing template with a fourth group, small enough to be folded into "Other groups".
GROUP_ANCHOR = '[[agenda]]\nkind = "setup"'
FOURTH_GROUP = """[[groups]]
id = "councillors"
name = "Councillors"
colour = "#CC79A7"
letter = "C"

"""
GROUP_SIZES = {"tenants": 30, "front-line-staff": 18, "managers": 10, "councillors": 2}
MARKUP = "<script>alert('boo')</script> Lifts & <b>stairwells</b> \"never\" cleaned"
FORMULA = "=SUM(A1:A9)+cmd|'/C calc'!A0 boiler checks are skipped"
PERSONAL = "Mrs Jones at flat 12 is behind with her rent"
ABUSE = "The repairs manager is a useless idiot"

ISSUES = [
    "Repairs take too long to be booked",
    "Nobody calls back after reporting a repair",
    "Damp and mould in bathrooms",
    "Bins overflow at the weekend",
    "Lifts break down for weeks",
    "Noise from neighbours at night",
    "Contractors miss appointments",
    MARKUP,
    "Complaints are not answered in time",
    "Hard to reach anyone by phone",
    "Communal lighting is broken",
    "Repairs are slow to get booked",  # merged into 1
    "Fire doors are propped open",
    "Gardens and grass are not kept",
    "Rent statements are confusing",
    "Parking spaces used by outsiders",
    PERSONAL,  # hidden
    "Windows do not close properly",
    "Staff turnover means no one knows us",
    "Online portal does not work on phones",
    "Heating fails every winter",
    "No say in which contractor is used",
    "Anti-social behaviour in the stairwells",
    FORMULA,
    "Same repair has to be reported twice",  # merged into 2
    "Surveys are never followed up",
    "Letters are full of jargon",
    "Play area is unsafe",
    "Pest control takes months",
    "Mould keeps coming back after painting",  # merged into 3
    "Estate inspections are cancelled",
    "No updates on major works",
    "Contractors leave a mess behind",  # merged into 7
    "Repairs done badly have to be redone",
    "Tenants' panel is not listened to",
    "Bulky waste collection is too expensive",
    "Cycle storage is full",
    ABUSE,  # hidden
    "Service charges are not explained",
    "Door entry systems keep failing",
]
# The big room of the report's benchmark: 500 people, 60 issues.
LARGE_GROUP_SIZES = {"tenants": 250, "front-line-staff": 150, "managers": 83, "councillors": 17}
LARGE_ISSUES = [
    f"{kind} on block {n}"
    for n, kind in enumerate(
        ["Damp in the stairwell", "Bins overflow", "Heating fails", "Parking is a mess"] * 5, 1
    )
]
MERGES = {12: 1, 25: 2, 30: 3, 33: 7}  # issue number -> the issue it is merged into
HIDDEN = (17, 38)
SHORTLIST = (1, 2, 3, 5, 7, 8, 9, 21)  # eight issues go to the vote

STAKEHOLDERS = [
    ("Tenants' & Residents' Association", "Tenants", 2, 5, "supportive", "supportive"),
    ("Repairs contractor", "Contractor", 4, 2, "resisting", "neutral"),
    ("Ward councillors", "Council", 5, 3, "neutral", "supportive"),
    ("Housing officers", "Housing staff", 3, 4, "neutral", "supportive"),
    ("Regulator of Social Housing", "Regulator", 5, 1, "neutral", "neutral"),
    ("Youth club", "Voluntary group", 1, 3, "supportive", "supportive"),
    ("Call centre", "Housing staff", 2, 2, "resisting", "neutral"),
    ("Board of the housing association", "Housing staff", 5, 4, "neutral", "supportive"),
]

# How strongly each group favours each option of round 1 (in shortlist order): everyone
# wants quick repair booking; tenants want call-backs, staff and managers contractors.
PREFERENCES = {
    "tenants": [9, 7, 6, 1, 1, 5, 2, 3],
    "front-line-staff": [8, 1, 3, 2, 6, 5, 4, 1],
    "managers": [7, 1, 2, 1, 8, 3, 5, 2],
    "councillors": [1, 1, 1, 9, 1, 1, 9, 1],
}
# Round 2, after discussion: tenants and staff move towards each other.
PREFERENCES_2 = {
    "tenants": [9, 7, 5, 4, 2],
    "front-line-staff": [9, 4, 4, 5, 2],
    "managers": [8, 3, 3, 6, 2],
    "councillors": [1, 1, 9, 1, 9],
}
# Workshop time (minutes after 10:00) at which the facilitator moved to each agenda step.
STEP_TIMES = (0, 12, 35, 58, 80, 93, 112, 142)


def four_group_template(root: Path) -> Path:
    """A copy of the housing template with the fourth, small group (for benchmarks; tests
    use tests.workshop.template_with with the same text)."""
    folder = root / "four-groups-template"
    shutil.copytree(find_template("housing-coproduction"), folder)
    settings = folder / "template.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace(GROUP_ANCHOR, FOURTH_GROUP + GROUP_ANCHOR), encoding="utf-8")
    return folder


class Clock:
    """Event timestamps on the workshop's day, moved on by hand between activities."""

    def __init__(self, day: str) -> None:
        self.now = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
        self.start = self.now

    def at(self, minutes: float) -> None:
        self.now = max(self.now, self.start + timedelta(minutes=minutes))

    def __call__(self) -> str:
        self.now += timedelta(milliseconds=250)
        return self.now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build_workshop(
    folder: Path,
    template: Path,
    *,
    title: str = "Improving repairs together",
    date: str = "2026-11-28",
    follow_up: Path | None = None,
    seed: int = 7,
    large: bool = False,
) -> Path:
    """Write the whole workshop into a new session folder and return it; `large`: 500 people,
    60 issues and a third round (the report's benchmark of a big room)."""
    clock = Clock(date)
    folder = create_session(
        folder,
        template,
        title,
        date=date,
        facilitator="Sam Okafor",
        recorder_options={"clock": clock},
        follow_up=follow_up,
    )
    rec = Recorder(folder, clock=clock)
    rng = random.Random(seed)

    def step(n: int) -> None:
        clock.at(STEP_TIMES[n - 1])
        rec.append("settings", "set", key="agenda_step", value=f"step-{n}")

    step(1)
    people = _participants(rec, LARGE_GROUP_SIZES if large else GROUP_SIZES)
    step(2)
    _stakeholders(rec)
    step(3)
    board = _issues(rec, people, ISSUES + LARGE_ISSUES if large else ISSUES)
    step(4)
    for change in board.set_shortlist([board.all[n - 1].issue_id for n in SHORTLIST]):
        rec.append("issues", change.event, **change.values())
    step(5)
    board = IssueBoard.from_events(_rows(folder, "issues"))
    first = [board.all[n - 1] for n in SHORTLIST]
    voting = _round(rec, folder, Voting(), "R1", [(i.text, i.issue_id) for i in first],
                    people, PREFERENCES, rng)  # fmt: skip
    step(6)
    state = SessionState().with_new(
        {t: _rows(folder, t) for t in ("participants", "rounds", "options", "votes")}
    )
    settings = load_template(template)
    scores = revealed_tallies(state, settings.groups, settings.small_group_threshold)[-1]
    scores = scores.equal_weight()
    top = sorted(voting.options("R1"), key=lambda o: -scores[o.option_id])[:5]
    second = [(o.label, o.issue_id) for o in top]
    voting = _round(rec, folder, voting, "R2", second, people, PREFERENCES_2, rng)
    if large:
        voting = _round(rec, folder, voting, "R3", second, people, PREFERENCES_2, rng)
    step(7)
    _actions(rec, folder, board, [issue for _, issue in second])
    step(8)
    return folder


def _rows(folder: Path, table: str) -> list[dict[str, Any]]:
    return load_folder(folder).tables[table].rows()


def _participants(rec: Recorder, sizes: dict[str, int]) -> list[tuple[str, str]]:
    people = [
        (f"P{len(sizes) * 100 + i:03d}-{gid[:3]}", gid)
        for gid, n in sizes.items()
        for i in range(n)
    ]
    rec.append_many(
        "participants",
        [
            {"event": "joined", "participant_id": pid, "group_id": gid, "channel": "device"}
            for pid, gid in people
        ],
    )
    return people


def _stakeholders(rec: Recorder) -> None:
    register = Register()
    for i, (name, kind, power, interest, now, wanted) in enumerate(STAKEHOLDERS, 1):
        s = Stakeholder(f"S{i}", name, kind, power=power, interest=interest, position=now,
                        desired_position=wanted, coproduction=frozenset({"co-design"}))  # fmt: skip
        change = register.add(s)
        row = rec.append("stakeholders", change.event, **change.values())
        register = register.with_events([row])


def _issues(rec: Recorder, people: Sequence[tuple[str, str]], texts: list[str]) -> IssueBoard:
    board = IssueBoard()

    def apply(event: str, values: dict[str, Any]) -> None:
        nonlocal board
        board = board.with_events([rec.append("issues", event, **values)])

    for n, text in enumerate(texts, 1):
        pid, gid = people[(n * 7) % len(people)]
        if n in (4, 15):  # the small group raised these
            pid, gid = people[-1]
        channel = "facilitator" if n % 5 == 0 else "device"
        issue = Issue(f"I{n:02d}", text, _category(text),
                      pid if channel == "device" else "", gid, channel)  # fmt: skip
        # a phone's issue waits for the facilitator's check, as the template holds them
        held = channel == "device"
        change = board.raise_issue(issue, allow_duplicate=True, held=held)
        apply(change.event, change.values())
        if held and n not in MERGES:  # checked and shown; a duplicate is merged from the queue
            change = board.show(issue.issue_id)
            apply(change.event, change.values())
    for source, target in MERGES.items():
        change = board.merge(f"I{source:02d}", f"I{target:02d}")
        apply(change.event, change.values())
    for n in HIDDEN:
        change = board.hide(f"I{n:02d}")
        apply(change.event, change.values())
    return board


CATEGORIES = {  # the first whose words the issue contains
    "Maintaining building safety": ("fire", "unsafe", "safety"),
    "Effective handling of complaints": ("complaint", "calls back", "reported twice"),
    "Responsible neighbourhood management": ("bins", "noise", "parking", "garden", "anti-social",
                                             "pest", "cycle", "waste", "stairwell"),
    "Respectful and helpful engagement": ("phone", "staff", "portal", "survey", "letters",
                                          "panel", "updates", "inspections", "rent", "charges"),
    "Keeping properties in good repair": ("repair", "damp", "mould", "lift", "heating",
                                          "window", "door", "boiler", "lighting", "contractor"),
}  # fmt: skip


def _category(text: str) -> str:
    low = text.casefold()
    return next((c for c, words in CATEGORIES.items() if any(w in low for w in words)), "Other")


def _round(
    rec: Recorder,
    folder: Path,
    voting: Voting,
    round_id: str,
    labels: Sequence[tuple[str, str]],
    people: Sequence[tuple[str, str]],
    preferences: dict[str, list[int]],
    rng: random.Random,
) -> Voting:
    """A round from creation to reveal: every person spends every dot, as their group leans."""
    rules = Rules(dots=3, cap=2)
    option_ids = [f"{round_id}-O{i}" for i in range(1, len(labels) + 1)]
    for e in voting.new_round(round_id, labels, rules, option_ids):
        rec.append(e.table, e.event, **e.values)
    voting = _reread(folder)
    e = voting.advance(round_id, "open")
    rec.append(e.table, e.event, **e.values)
    voting = _reread(folder)
    r, options = voting.get(round_id), voting.options(round_id)
    votes = []
    for pid, gid in people:
        ballot = Ballot(r, options, pid, gid, "device", {})
        while ballot.left:
            allowed = [
                (o, w)
                for o, w in zip(options, preferences[gid], strict=True)
                if ballot.dots.get(o.option_id, 0) < rules.per_option
            ]
            pick = rng.choices([o for o, _ in allowed], [w for _, w in allowed])[0]
            votes.append(ballot.add(pick.option_id))
            dots = dict(ballot.dots)
            dots[pick.option_id] = dots.get(pick.option_id, 0) + 1
            ballot = Ballot(r, options, pid, gid, "device", dots)
    rec.append_many("votes", [{"event": v.event, **v.values} for v in votes])
    for to in ("closed", "revealed"):
        e = _reread(folder).advance(round_id, to)
        rec.append(e.table, e.event, **e.values)
    return _reread(folder)


def _reread(folder: Path) -> Voting:
    return Voting.build(_rows(folder, "rounds"), _rows(folder, "options"), _rows(folder, "votes"))


# What the room agreed for each issue that may come top of the vote.
ACTIONS = {
    1: ("Book every repair at the first call, with a date given there and then",
        "Report repairs with photos through the portal or by phone",
        "A booking slot offered during the call", "co-design", "Head of repairs"),
    2: ("Call back within two working days after every report", "Tell us the best time to call",
        "A call-back list checked each morning", "co-delivery", "Customer services lead"),
    3: ("Survey every flat with damp and treat the cause, not the walls",
        "Let surveyors in and log where the damp comes back",
        "A damp specialist on the repairs team", "co-assessment", "Asset manager"),
    5: ("Publish lift repair times and fix the worst lifts first",
        "Report a broken lift by text with the block name",
        "A lift contract with a 48-hour fix", "co-commissioning", "Contracts manager"),
    7: ("Tenants and staff inspect contractors' work together each month",
        "Two tenants' panel members join each inspection",
        "Contractor scorecards shared with the panel", "co-assessment", "Contracts manager"),
    8: ("Clean stairwells and lifts weekly and post the rota in each block",
        "Say when a clean was missed", "A published cleaning rota", "co-delivery",
        "Estate services lead"),
    9: ("Answer every complaint within ten working days, in plain words",
        "Read the draft answer letter with us once a quarter",
        "A complaints tracker shared with the tenants' panel", "co-design", "Complaints manager"),
    21: ("Service every boiler before October", "Book the service visit when invited",
         "Engineers booked for September", "co-delivery", "Gas safety manager"),
}  # fmt: skip
STATUSES = ("agreed", "in progress", "proposed")


def _actions(rec: Recorder, folder: Path, board: IssueBoard, top: Sequence[str]) -> None:
    plan = ActionPlan.from_events(_rows(folder, "actions"))
    proposed = []
    for n, (issue_id, status) in enumerate(zip(top, STATUSES, strict=False), 1):
        action, users, provider, co, owner = ACTIONS[board.number(issue_id)]
        proposed.append(Action(f"A-{n:02d}", action, issue_id, users, provider, co, owner,
                               f"2027-0{n + 1}-28", status, "2027-05-01"))  # fmt: skip
    proposed.append(
        Action("A-04", "Publish repair times by estate every quarter", "",
               "Check the figures against what tenants see", "Figures on the website",
               "co-assessment", "Performance team", "2027-03-31", "done")
    )  # fmt: skip
    for action in proposed:
        event, values = plan.propose(action)
        rec.append("actions", event, **values)
        plan = ActionPlan.from_events(_rows(folder, "actions"))
    carried = [a for a in plan.actions if a.carried_from]
    if carried:  # reviewed at this session: the first one carried forward is now done
        event, values = plan.edit(replace(carried[0], status="done"))
        rec.append("actions", event, **values)
