"""Each rule the screens apply, replayed on reopening: an event the rule refuses is named in
words (`refusals`) and left out (`accepted`); events as the screens write them pass."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from toolkit.domain.issues import IssueBoard
from toolkit.domain.replay import accepted, refusals
from toolkit.domain.voting import Rules, Voting
from toolkit.records import TABLE_BY_NAME, Recorder
from toolkit.records.load import load_folder
from toolkit.records.replayed import replay

Rows = dict[str, list[dict[str, Any]]]


class Workshop:
    """A session folder written event by event, as the screens would (or, where a test says
    so, as a hand edit would)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.rec = folder, Recorder(folder)

    def add(self, table: str, event: str, **values: Any) -> None:
        self.rec.append(table, event, **values)

    def rows(self) -> Rows:
        return {n: d.rows() for n, d in load_folder(self.folder).tables.items()}

    def said(self) -> list[str]:
        return [r.rule for r in refusals(self.rows())]

    def voting(self) -> Voting:
        rows = self.rows()
        return Voting.build(rows["rounds"], rows["options"], rows["votes"])

    def board(self) -> IssueBoard:
        return IssueBoard.from_events(self.rows()["issues"])


def _round(w: Workshop, rules: Rules, options: int = 3, open_it: bool = True) -> str:
    labels = [(f"Option {i}", "") for i in range(options)]
    events = w.voting().new_round("R1", labels, rules, [f"O{i}" for i in range(options)])
    for e in events:
        w.add(e.table, e.event, **e.values)
    if open_it:
        e = w.voting().advance("R1", "open")
        w.add(e.table, e.event, **e.values)
    return "R1"


def _join(w: Workshop, pid: str = "P1", group: str = "tenants") -> None:
    w.add("participants", "joined", participant_id=pid, group_id=group, channel="device")


def _dot(w: Workshop, option: str, event: str = "cast", pid: str = "P1", **more: Any) -> None:
    values = dict(round_id="R1", option_id=option, participant_id=pid, group_id="tenants",
                  channel="device", dots=1) | more  # fmt: skip
    w.add("votes", event, **values)


@pytest.fixture
def w(session_dir: Path) -> Workshop:
    return Workshop(session_dir)


def test_a_session_as_the_screens_write_it_passes(w: Workshop) -> None:
    _join(w)
    _round(w, Rules(dots=3, cap=2))
    for option in ("O0", "O0", "O1"):
        e = w.voting().ballot("R1", "P1", "tenants").add(option)
        w.add(e.table, e.event, **e.values)
    e = w.voting().ballot("R1", "P1", "tenants").remove("O0")
    w.add(e.table, e.event, **e.values)
    assert w.said() == []


def test_the_budget(w: Workshop) -> None:
    _join(w)
    _round(w, Rules(dots=2, cap=2))
    for option in ("O0", "O1", "O2"):
        _dot(w, option)
    assert w.said() == ["the voter had already used all 2 dots of round 1"]


def test_the_cap_and_stacking(w: Workshop) -> None:
    _join(w)
    _round(w, Rules(dots=3, cap=3, stacking=False))
    _dot(w, "O1")
    _dot(w, "O1")
    assert w.said() == [
        "the voter already had 1 dot(s) on this option, the most on one option in round 1"
    ]


def test_a_dot_only_while_the_round_is_open(w: Workshop) -> None:
    _join(w)
    _round(w, Rules(dots=3), open_it=False)
    _dot(w, "O1")
    assert w.said() == ["round 1 was draft, not open, when this dot was recorded"]


def test_rules_never_below_what_was_spent(w: Workshop) -> None:
    _join(w)
    _round(w, Rules(dots=3, cap=3))
    _dot(w, "O1")
    _dot(w, "O2")
    lower = w.voting().get("R1").values() | {"dots_per_participant": 1}
    w.add("rounds", "rules_changed", **lower)
    assert w.said() == ["someone has already placed 2 dots, so the budget cannot go below 2"]


def test_a_round_opens_once_and_only_in_order(w: Workshop) -> None:
    _round(w, Rules(dots=2))
    revealed = w.voting().get("R1").values() | {"status": "revealed"}
    w.add("rounds", "revealed", **revealed)
    assert w.said() == ["round 1 is open; it cannot be revealed now (next: closed)"]


def test_a_minimum_above_the_budget(w: Workshop) -> None:
    labels = [("A", ""), ("B", "")]
    events = Voting().new_round("R1", labels, Rules(dots=2), ["O0", "O1"])
    for e in events[:-1]:
        w.add(e.table, e.event, **e.values)
    w.add("rounds", "created", **(events[-1].values | {"min_spend": 5}))
    assert w.said() == ["the minimum to spend must be a whole number from 0 to 2, not 5"]


def test_paper_tallies(w: Workshop) -> None:
    _round(w, Rules(dots=2))
    paper = dict(participant_id="", channel="paper")
    _dot(w, "O1", dots=40, **paper)
    _dot(w, "O1", "withdrawn", dots=41, **paper)
    _dot(w, "O2", dots=1001, **paper)
    assert w.said() == [
        "it takes back 41 paper dots where 40 had been entered",
        "a paper tally row holds at most 1000 dots, and this one 1001",
    ]


def test_issue_rules(w: Workshop) -> None:
    for n in (1, 2):
        change = w.board().raise_issue(_issue(f"I{n}", f"Issue {n}"))
        w.add("issues", change.event, **change.values())
    hidden = w.board().hide("I2")
    w.add("issues", hidden.event, **hidden.values())
    into_hidden = w.board().get("I1").values() | {"merged_into": "I2"}
    w.add("issues", "merged", **into_hidden)
    w.add("issues", "edited", **(w.board().get("I1").values() | {"issue_id": "I7"}))
    shown = w.board().get("I2").values() | {"hidden": False, "text": "Issue two"}
    w.add("issues", "edited", **shown)
    tagged = w.board().get("I2").values() | {"moscow": "must", "hidden": True}
    w.add("issues", "tagged", **tagged)
    assert w.said() == [
        "hidden issues cannot be merged; unhide them first",
        "it is 'edited' for issue 'I7', which had not been raised",
        "it shows a hidden issue again without an 'unhidden' event; a hidden issue stays hidden",
        "issue 2 is hidden; it cannot be tagged or shortlisted",
    ]
    rows = accepted(w.rows(), refusals(w.rows()))
    assert IssueBoard.from_events(rows["issues"]).get("I2").hidden


def test_actions_answer_issues_that_were_raised(w: Workshop) -> None:
    w.add("actions", "proposed", action_id="A1", issue_id="I5", action="Fix it", status="agreed")
    w.add("actions", "edited", action_id="A2", action="Fix it", status="agreed")
    assert w.said() == [
        "it answers issue 'I5', which had not been raised",
        "it is 'edited' for action 'A2', which did not exist",
    ]


def test_each_table_is_known_to_the_replay() -> None:
    """A table added to the schema must be given its rules (or none) here on purpose."""
    from toolkit.domain.replay import TABLE_ORDER

    assert sorted(TABLE_ORDER) == sorted(TABLE_BY_NAME)


def test_the_generated_workshops_and_the_demo_pass(
    workshops: tuple[Path, Path], tmp_path: Path
) -> None:
    """No false alarms: sessions written through every screen's rules replay clean."""
    from devtools.screenshots import demo_session

    for folder in (*workshops, demo_session(tmp_path)):
        assert replay(load_folder(folder).tables).refused == [], folder


def _issue(issue_id: str, text: str) -> Any:
    from toolkit.domain.issues import Issue

    return Issue(issue_id, text, channel="facilitator")


def test_a_refusal_never_quotes_an_issues_words(w: Workshop) -> None:
    """A hiding whose row also rewords the issue is refused without saying the words: the
    list of refusals goes on the report's first page."""
    change = w.board().raise_issue(_issue("I1", "Mrs Jones is behind with her rent"))
    w.add("issues", change.event, **change.values())
    hidden = w.board().hide("I1")
    w.add("issues", hidden.event, **(hidden.values() | {"text": "Mr Smith owes rent too"}))
    assert w.said() == [
        "an 'hidden' event cannot set text; the issue is hidden as it was, and the rest of the "
        "row is not counted"
    ]
    rows = accepted(w.rows(), refusals(w.rows()))
    board = IssueBoard.from_events(rows["issues"])
    assert board.get("I1").hidden and board.get("I1").text == "Mrs Jones is behind with her rent"


def test_the_groups_shown_are_fixed_from_the_first_dot(w: Workshop) -> None:
    """As on the console: a merge or lowered threshold before the first dot of the session
    counts; after it (on any channel, even a dot since taken back) it is refused."""
    w.add("settings", "set", key="display_threshold", value="2")
    _join(w)
    _round(w, Rules(dots=2))
    _dot(w, "O1")
    _dot(w, "O1", "withdrawn")
    w.add("settings", "set", key="display_threshold", value="")
    merge = '[{"name": "Staff", "groups": ["front-line-staff", "managers"]}]'
    w.add("settings", "set", key="display_merges", value=merge)
    w.add("settings", "set", key="rules_on_projector", value="true")  # any other key may change
    assert w.said() == [
        f"it changes {key} after the first dot of the session was cast; the groups shown in "
        "the results are fixed for the whole session from then on"
        for key in ("display_threshold", "display_merges")
    ]
    kept = accepted(w.rows(), refusals(w.rows()))["settings"]
    assert [(r["key"], r["value"]) for r in kept if r["key"].startswith("display_")] == [
        ("display_threshold", "2")
    ]


def test_a_setting_at_the_moment_of_the_first_dot_comes_first(w: Workshop) -> None:
    """Tables recorded at one moment replay in `TABLE_ORDER`: settings before votes."""
    _join(w)
    _round(w, Rules(dots=2))
    _dot(w, "O1")
    w.add("settings", "set", key="display_threshold", value="2")
    rows = w.rows()
    rows["settings"][-1]["timestamp"] = rows["votes"][0]["timestamp"]
    assert refusals(rows) == []


@pytest.mark.parametrize("event", ["edited", "left"])
def test_participants_only_join(w: Workshop, event: str) -> None:
    """No screen edits a participant or has them leave: such a row is a hand edit, and the
    participant stays as they joined (their later dots still count)."""
    _join(w)
    w.add("participants", event, participant_id="P1", group_id="managers", channel="device")
    _round(w, Rules(dots=2))
    _dot(w, "O1")
    assert w.said() == [
        f"no screen records a participant's '{event}' event; a participant stays as they "
        "joined for the whole session"
    ]
    assert accepted(w.rows(), refusals(w.rows()))["votes"] == w.rows()["votes"]


def test_a_participant_joins_once(w: Workshop) -> None:
    """The phones' server refuses a join form sent twice and gives every join a new id, so a
    second join of one participant, even the same, is a hand edit."""
    _join(w)
    _join(w)
    _join(w, group="managers")
    _round(w, Rules(dots=2))
    _dot(w, "O1")  # in the group they first joined
    assert w.said() == [
        "participant 'P1' joins again; a participant joins once",
        "participant 'P1' joins again, in group 'managers' after 'tenants'; a participant "
        "joins once, in one group",
    ]


def test_one_option_per_issue_in_a_round(w: Workshop) -> None:
    option = dict(round_id="R1", label="", position=1)
    for oid, issue, label in (("O1", "I1", "Damp"), ("O2", "I2", "Lifts"),
                              ("O3", "I1", "Mould"), ("O4", "", "Typed in")):  # fmt: skip
        w.add("options", "added", **(option | dict(option_id=oid, issue_id=issue, label=label)))
    w.add("options", "edited", **(option | dict(option_id="O4", issue_id="I2", label="Lifts!")))
    w.add("options", "edited", **(option | dict(option_id="O2", issue_id="I2", label="Lift")))
    created = Voting().new_round("R1", [("A", ""), ("B", "")], Rules(dots=1), ["O1", "O2"])[-1]
    w.add("rounds", created.event, **created.values)
    w.add("options", "added", **(option | dict(option_id="O5", issue_id="I1", label="Damp")))
    assert w.said() == [
        "option 'O3' is for issue 'I1', as option 'O1' of round 1 already is; a round has one "
        "option per issue",
        "option 'O4' is for issue 'I2', as option 'O2' of round 1 already is; a round has one "
        "option per issue",
        "option 'O5' is for issue 'I1', as option 'O1' of round 1 already is; a round has one "
        "option per issue",
    ]
