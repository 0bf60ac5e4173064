"""The report and the analysts' functions name the groups as the results showed them: a merge
for display and a lowered threshold are named, and the votes keep their real groups."""

from __future__ import annotations

from pathlib import Path

import toolkit
from tests.widgets.test_display_groups_view import merged_and_revealed
from toolkit import analysis
from toolkit.outputs import report


def test_the_report_names_the_merge_and_the_lowered_threshold(session_dir: Path) -> None:
    merged_and_revealed(session_dir)
    s = toolkit.open_session(session_dir)
    assert analysis.group_display(s).threshold == 2
    assert analysis.groups(s)[["group", "people"]].values.tolist() == [["Tenants", 2], ["Staff", 4]]
    first = analysis.agreement(s)[0]
    assert [p.group for p in first.groups] == ["Tenants", "Staff"] and not first.left_out
    assert set(s.votes["group_id"]) == {"tenants", "front-line-staff", "managers"}
    html = report.to_html(report.build(s))
    text = html.replace("&#x27;", "'")
    assert "Staff is Front-line staff + Managers counted together, as the facilitator set" in text
    assert "In this session a group is shown by name from 2 members (the template says 3)" in text
    assert (
        "groups in which fewer than 2 people voted in a round are folded into 'Other groups'"
        in text
    )
    # the managers and front-line staff are named only in the merge's note, never apart
    assert text.count("Managers") == text.count("Front-line staff + Managers") > 0
    assert text.count("Front-line staff") == text.count("Front-line staff + Managers")


def test_an_old_session_without_display_settings_reports_as_before(session_dir: Path) -> None:
    s = toolkit.open_session(session_dir)
    assert analysis.group_display(s).groups == s.template.groups
    assert analysis.group_display(s).notes() == []
