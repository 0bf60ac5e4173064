"""The report's prioritising section (each group's importance x feasibility, the chart and
the scores under the template's rule, small groups folded, hidden issues never shown), and
its small slips: '1 dot', and no minutes 'spent' where none were recorded."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

import toolkit
from tests.drawn_charts import chart_specs
from tests.outputs.test_report import own_words, tables
from tests.workshop import ROUND_2_5_7
from toolkit.domain.voting import Event, Rules, Voting
from toolkit.outputs import report
from toolkit.records import Recorder

# (importance, feasibility) each group's people give issues 1 to 5; issue 6 gets (1, 1)
LEANS = {"tenants": (5, 2), "front-line-staff": (3, 4), "managers": (2, 5), "councillors": (4, 5)}
RATED = (1, 2, 3, 4, 5, 6, 12, 17)  # 12 was merged into 1, 17 hidden: never shown


@pytest.fixture(scope="module")
def rated(workshop: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated workshop with every person's ratings of issues 1 to 6, and of a merged
    and a hidden issue."""
    folder = tmp_path_factory.mktemp("rated") / "session"
    shutil.copytree(workshop, folder)
    rec = Recorder(folder)
    people = [(r["participant_id"], r["group_id"])
              for r in csv.DictReader((folder / "participants.csv").open())]  # fmt: skip
    issues = [r["issue_id"] for r in csv.DictReader((folder / "issues.csv").open())
              if r["event"] in ("raised", "held")]  # fmt: skip
    for n in RATED:
        for pid, gid in people:
            importance, feasibility = LEANS[gid] if n != 6 else (1, 1)
            rec.append("ratings", "rated", issue_id=issues[n - 1], participant_id=pid,
                       group_id=gid, channel="device", importance=importance,
                       feasibility=feasibility)  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def section(rated: Path) -> str:
    html = report.to_html(report.build(rated))
    start = html.index("<section id='priorities'")
    return html[start : html.index("</section>", start)]


def test_each_groups_view_of_each_issue_in_a_table(section: str) -> None:
    rows = tables(section)["priorities-by-group"]
    assert rows[0] == ["No.", "Issue", "Group", "Importance", "Feasibility", "People"]
    assert rows[1:5] == [
        ["1", "Repairs take too long to be booked", "Tenants", "5.0", "2.0", "30"],
        ["1", "Repairs take too long to be booked", "Front-line staff", "3.0", "4.0", "18"],
        ["1", "Repairs take too long to be booked", "Managers", "2.0", "5.0", "10"],
        # the two Councillors (fewer than 3) are counted as Other groups, never named
        ["1", "Repairs take too long to be booked", "Other groups", "4.0", "5.0", "2"],
    ]
    assert len(rows) == 1 + 6 * 4  # six live issues, four groups as shown
    assert "Councillors" not in section
    assert "fewer than 3 people rated are counted together as &#x27;Other groups&#x27;" in section


def test_the_scores_each_group_counted_once_under_the_named_rule(section: str) -> None:
    rows = tables(section)["priority-scores"]
    assert rows[0] == ["No.", "Issue", "Importance (equal weight)",
                       "Feasibility (equal weight)", "Score", "Rank"]  # fmt: skip
    # (5 + 3 + 2 + 4) / 4 = 3.5 and (2 + 4 + 5 + 5) / 4 = 4.0: ten staff do not outweigh
    # the two in Other groups; issues 1 to 5 tie for first, issue 6 comes last.
    assert rows[1] == ["1", "Repairs take too long to be booked", "3.5", "4.0", "7.5", "1"]
    assert [r[-1] for r in rows[1:]] == ["1", "1", "1", "1", "1", "6"]
    assert rows[-1][:1] == ["6"] and rows[-1][-2] == "2.0"
    assert "Scoring rule: importance plus feasibility (each group&#x27;s mean importance" in section


def test_hidden_and_merged_issues_never_appear(section: str) -> None:
    numbers = {row[0] for name in ("priorities-by-group", "priority-scores")
               for row in tables(section)[name][1:]}  # fmt: skip
    assert numbers == {"1", "2", "3", "4", "5", "6"}  # 12 (merged) and 17 (hidden) left out
    assert "Mrs Jones" not in section and "behind with her rent" not in section


def test_the_chart_is_drawn_into_the_report_with_its_words(section: str) -> None:
    assert "<figure id='priorities'>" in section and len(chart_specs(section)) == 1
    assert "Priorities by group" in section and "Other groups" in section
    assert "a dashed line joins the groups&#x27; views of the same issue" in section


def test_a_session_without_ratings_has_no_prioritising_section(workshop: Path) -> None:
    assert "<section id='priorities'" not in report.to_html(report.build(workshop))


def test_one_dot_each_is_singular_and_no_spent_minutes_are_made_up(session_dir: Path) -> None:
    rec = Recorder(session_dir)

    def save(events: Sequence[Event]) -> None:
        for e in events:
            rec.append(e.table, e.event, **e.values)

    def voting() -> Voting:
        return toolkit.open_session(session_dir).state.voting

    for n, text in enumerate(["Repairs", "Calls", "Damp", "Bins", "Lifts", "Noise", "Parking"], 1):
        rec.append("issues", "raised", issue_id=f"I-{n}", text=text, group_id="tenants")
    save(Voting().new_round("R-1", ROUND_2_5_7, Rules(dots=1, cap=1), ["O-1", "O-2", "O-3", "O-4"]))
    save([voting().advance("R-1", "open")])
    save(voting().paper_tally("R-1", "tenants", {"O-1": 4, "O-2": 1}))
    save([voting().advance("R-1", "closed")])
    save([voting().advance("R-1", "revealed")])
    html = report.to_html(report.build(session_dir))
    assert "Round 1: 1 dot each, one per option." in html
    assert "1 dots" not in html
    # no step was moved through: no minutes spent are claimed, and no 'n/a' stands for them
    agenda = tables(html)["agenda"]
    assert agenda[0][-1] == "Spent (min)"
    assert {row[-1] for row in agenda[1:]} == {""}
    assert "n/a" not in own_words(html)
