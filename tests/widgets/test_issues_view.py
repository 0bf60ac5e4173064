"""The issues console and the phones' pages without a browser: real folders, real clicks, and
phones on the participants' server's room in process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import toolkit
from tests.drawn_charts import chart_specs, chart_text
from tests.phones import Phone
from tests.workshop import template_with
from toolkit.apps.issues import issues_app
from toolkit.apps.phones.pages import Said
from toolkit.widgets.issues import IssuesConsole


def console(folder: Path) -> IssuesConsole:
    view = issues_app(folder)
    assert isinstance(view, IssuesConsole), getattr(view, "value", view)
    return view


def phone(folder: Path, group: str) -> Phone:
    view = Phone.on(folder).join(group)
    assert view.said is not None and view.said.kind == "ok", view.said
    return view


def rated_issues(view: Phone) -> list[str]:
    """The issues the phone's page offers to rate, by id."""
    return re.findall(r'name="issue_id" value="([^"]+)"', view.html())


def add(view: IssuesConsole, text: str, group: str = "", confirm: bool = False) -> None:
    view.text.value, view.raised_by.value = text, group
    view.add_button.click()
    if confirm:
        assert view.status.kind == "warning"
        view.add_button.click()


def ids(view: IssuesConsole) -> list[str]:
    return [i.issue_id for i in view.board.all]


def test_phones_raise_issues_only_while_raising_is_open(session_dir: Path) -> None:
    facilitator = console(session_dir)
    tenant = phone(session_dir, "tenants")
    said = tenant.send_issue("Repairs take too long")
    assert said.kind == "error" and "closed for now" in said.text
    assert 'action="/issue"' not in tenant.html()  # no issue form while raising is closed
    facilitator.phone_step.value = "issues"
    assert 'action="/issue"' in tenant.html()
    said = tenant.send_issue("Repairs take too long")  # held for a check, as the template says
    assert said.text.startswith("Received, thank you. The facilitator checks each issue")
    assert "Your issues" in tenant.text() and "Repairs take too long" in tenant.text()
    facilitator.refresh()  # the poller does this every second in a kernel
    [issue] = facilitator.board.all
    assert (issue.text, issue.group_id, issue.channel) == (
        "Repairs take too long",
        "tenants",
        "device",
    )
    assert tenant.person is not None and issue.participant_id == tenant.person.participant_id
    facilitator.phone_step.value = "wait"
    assert "closed for now" in tenant.send_issue("Too late").text
    assert len(toolkit.open_session(session_dir).issues) == 1


def test_hide_merge_undo_and_the_csv_holds_every_event(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Repairs take too long", "tenants")
    add(view, "Nobody calls back", "front-line-staff")
    add(view, "repairs take too long!", "managers", confirm=True)
    add(view, "Mr Smith at number 4 is a liar")
    i1, i2, i3, i4 = ids(view)
    view.chosen.value = i4
    view.hide_button.click()
    view.chosen.value = i3
    view.target.value = i1
    view.merge_button.click()
    assert "includes 3" in view.board_table.value and "merged into 1" in view.board_table.value
    assert "T M" in view.board_table.value  # both raisers' groups stay with the merged issue
    view.unmerge_button.click()
    view.merge_button.click()
    view.chosen.value = i1
    view.moscow.value = "must"
    view.tag_button.click()
    events = toolkit.open_session(session_dir).events["issues"]
    assert events["event"].tolist() == ["raised"] * 4 + [
        "hidden",
        "merged",
        "unmerged",
        "merged",
        "tagged",
    ]
    state = toolkit.open_session(session_dir).issues.set_index("issue_id")
    assert state.loc[i3, "merged_into"] == i1 and bool(state.loc[i4, "hidden"])
    assert [i.issue_id for i in view.board.active] == [i1, i2]


def test_hidden_issues_never_reach_the_phones(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Fine issue")
    add(view, "Personal details: 07700 900123")
    view.chosen.value = ids(view)[1]
    view.hide_button.click()
    view.phone_step.value = "rating"
    tenant = phone(session_dir, "tenants")
    assert rated_issues(tenant) == [ids(view)[0]]
    assert "07700" not in tenant.html() and "1. Fine issue" in tenant.text()
    said = tenant.rate(ids(view)[1], importance=5)  # a forged form for the hidden issue
    assert said == Said("That issue is no longer on the board.", "error")


@pytest.mark.parametrize(("action", "message"), [
    ("merge-self", "cannot be merged into itself"),
    ("merge-hidden", "Hidden issues cannot be merged"),
    ("empty", "Write the issue first"),
    ("long", "keep an issue under 301"),
    ("no-choice", "Choose an issue first"),
])  # fmt: skip
def test_bad_actions_show_a_message_and_save_nothing(
    session_dir: Path, action: str, message: str
) -> None:
    view = console(session_dir)
    add(view, "A")
    add(view, "B")
    i1, i2 = ids(view)
    view.chosen.value = i2
    view.hide_button.click()
    before = (session_dir / "issues.csv").read_bytes()
    if action == "merge-self":
        view.chosen.value = i1
        view.target.options = [("A", i1)]  # the screen does not offer it; a forged value
        view.target.value = i1
        view.merge_button.click()
    elif action == "merge-hidden":
        view.chosen.value = i1
        view.target.options = [("B", i2)]
        view.target.value = i2
        view.merge_button.click()
    elif action in ("empty", "long"):
        add(view, "" if action == "empty" else "x" * 400)
    else:
        view.chosen.value = ""
        view.hide_button.click()
    assert view.status.kind == "error" and message in view.status.message
    assert (session_dir / "issues.csv").read_bytes() == before


def test_ratings_by_phone_and_for_a_group_give_per_group_positions(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Repairs take too long")
    add(view, "Nobody calls back")
    i1 = ids(view)[0]
    view.phone_step.value = "rating"
    tenant = phone(session_dir, "tenants")
    assert tenant.rate(i1, importance=5).text == "Saved your view of issue 1."
    tenant.rate(i1, feasibility=2)  # one scale at a time, the other kept
    view.rate_for.value = "managers"
    view.rating_rows[i1].importance.value = 2
    view.rating_rows[i1].feasibility.value = 5
    view.refresh()
    assert "Tenants: Major projects (5.0 importance, 2.0 feasibility)" in view.priority_words.value
    assert "Managers: Fill-ins (2.0 importance, 5.0 feasibility)" in view.priority_words.value
    assert "differ most on issue 1" in view.priority_words.value
    drawn = chart_text(view.priority_map.value)
    assert chart_specs(view.priority_map.value)
    assert "T1" in drawn and "M1" in drawn and "Quick wins" in drawn
    ratings = toolkit.open_session(session_dir).ratings.set_index("group_id")
    assert ratings.loc["tenants", "channel"] == "device"
    assert ratings.loc["managers", "channel"] == "facilitator"
    assert ratings.loc["managers", "participant_id"] == ""  # for the group, not a person


def test_a_rating_while_prioritising_is_closed_is_refused(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Repairs")
    view.phone_step.value = "rating"
    tenant = phone(session_dir, "tenants")
    view.phone_step.value = "wait"
    said = tenant.rate(ids(view)[0], importance=4, feasibility=4)
    assert said == Said("Prioritising is closed for now. Nothing was saved.", "error")
    assert len(toolkit.open_session(session_dir).events["ratings"]) == 0


def test_shortlist_top_n_by_rule_and_by_hand_keeps_a_backlog(session_dir: Path) -> None:
    view = console(session_dir)
    for text in ("A", "B", "C", "D"):
        add(view, text)
    a, b, c, d = ids(view)
    view.rate_for.value = "tenants"
    for issue, score in ((a, 2), (b, 5), (c, 4), (d, 1)):
        view.rating_rows[issue].importance.value = score
        view.rating_rows[issue].feasibility.value = score
    view.top_n.value = 2
    view.top_button.click()
    assert [i.issue_id for i in view.board.shortlist] == [b, c]
    assert [i.issue_id for i in view.board.backlog] == [a, d]
    assert "The top 2 is the same under mean importance" in view.results.value
    view.picked.value = (a, d)
    view.pick_button.click()
    assert [i.issue_id for i in view.board.shortlist] == [a, d]
    assert len(toolkit.open_session(session_dir).issues) == 4  # nothing deleted


def test_shortlist_top_n_keeps_the_issues_tied_at_the_cut_and_says_so(
    session_dir: Path,
) -> None:
    view = console(session_dir)
    for text in ("A", "B", "C", "D", "E", "F"):
        add(view, text)
    a, b, c, d, e, f = ids(view)
    view.rate_for.value = "tenants"
    # importance plus feasibility: A 10, B 8, C 6, D 6, E 6, F 2; the top 3 cuts the tie
    for issue, (imp, fea) in ((a, (5, 5)), (b, (4, 4)), (c, (3, 3)), (d, (2, 4)),
                              (e, (4, 2)), (f, (1, 1))):  # fmt: skip
        view.rating_rows[issue].importance.value = imp
        view.rating_rows[issue].feasibility.value = fea
    view.top_n.value = 3
    view.top_button.click()
    assert [i.issue_id for i in view.board.shortlist] == [a, b, c, d, e]
    assert [i.issue_id for i in view.board.backlog] == [f]
    assert view.status.message == (
        "Shortlisted 5 issues by importance plus feasibility: 3 tied for 3rd place, so all 3 "
        "are kept; the rest stays in the backlog."
    )
    shortlisted = toolkit.open_session(session_dir).issues.set_index("issue_id")["shortlisted"]
    assert shortlisted.to_dict() == {a: True, b: True, c: True, d: True, e: True, f: False}
    view.top_n.value = 2  # no tie at the 2nd place: a plain top 2
    view.top_button.click()
    assert [i.issue_id for i in view.board.shortlist] == [a, b]
    assert view.status.message == (
        "Shortlisted the top 2 by importance plus feasibility; the rest stays in the backlog."
    )


def _session_with_method(tmp_path: Path, method: str) -> Path:
    from toolkit.records import create_session

    template = template_with(tmp_path, 'method = "rating"', f'method = "{method}"')
    return create_session(tmp_path / f"{method}-session", template, "Ranked")


def test_ranking_method_scores_by_borda_and_mean_rank(tmp_path: Path) -> None:
    folder = _session_with_method(tmp_path, "ranking")
    view = console(folder)
    for text in ("A", "B", "C"):
        add(view, text)
    a, b, c = ids(view)
    view.phone_step.value = "rating"
    one, two = phone(folder, "tenants"), phone(folder, "managers")
    for who, order in ((one, (a, b, c)), (two, (b, c, a))):
        for rank, issue in enumerate(order, 1):
            said = who.rate(issue, rank=rank)
            assert said.kind == "ok", said
    said = one.rate(c, rank=1)  # already given to A
    assert said.kind == "error" and said.text.startswith("Rank 1 is already given")
    form = re.search(r'<form [^>]*id="r3".*?</form>', one.html())
    assert form and '<option value="3" selected>' in form[0]  # the page shows what is saved
    view.refresh()
    assert "the Borda count" in view.results.value and "mean rank" in view.results.value
    view.top_n.value = 2
    view.top_button.click()  # Borda: A 3+1, B 2+3, C 1+2
    assert [i.issue_id for i in view.board.shortlist] == [a, b]
    assert "The top 2 is the same under mean rank" in view.results.value


def test_points_method_keeps_each_participant_within_the_budget(tmp_path: Path) -> None:
    folder = _session_with_method(tmp_path, "points")
    view = console(folder)
    for text in ("A", "B"):
        add(view, text)
    a, b = ids(view)
    view.phone_step.value = "rating"
    tenant = phone(folder, "tenants")
    tenant.rate(a, points=70)
    said = tenant.rate(b, points=40)
    assert said.text == "That makes 110 points; you have 100 to spread, so at most 30 can go here."
    assert 'id="r2-points" name="points"' in tenant.html()
    assert re.search(r'id="r2-points"[^>]*value="0"', tenant.html())  # nothing saved: 0
    assert tenant.rate(b, points=30).kind == "ok"
    view.refresh()
    assert [i.issue_id for i in view.board.active] == [a, b]
    assert "total points" in view.results.value
    ratings = toolkit.open_session(folder).ratings
    assert sorted(ratings["points"].tolist()) == [30, 70]


def test_rewording_in_progress_survives_new_issues_from_phones(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Damp")
    view.chosen.value = ids(view)[0]
    view.wording.value = "Damp and mould in the flats"
    view.phone_step.value = "issues"
    tenant = phone(session_dir, "tenants")
    assert tenant.send_issue("Lifts").kind == "ok"
    view.refresh()
    assert view.wording.value == "Damp and mould in the flats"
    view.save_button.click()
    assert view.board.get(ids(view)[0]).text == "Damp and mould in the flats"
