"""Agreeing actions on the facilitator's screen; the projector shows the plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import toolkit
from tests.hostile import HOSTILE_TEXTS
from tests.widgets.test_voting_view import OPTIONS, join, option_ids, ready
from tests.workshop import shortlist
from toolkit.apps.actions import actions_app
from toolkit.apps.console import console_app
from toolkit.apps.projector import projector_app
from toolkit.widgets.actions import ActionsConsole
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.projector import ProjectorView


def screen(folder: Path) -> ActionsConsole:
    view = actions_app(folder)
    assert isinstance(view, ActionsConsole)
    return view


def test_an_action_is_proposed_agreed_and_recorded_with_its_issue(session_dir: Path) -> None:
    shortlist(session_dir, OPTIONS[:3])
    view = screen(session_dir)
    labels = [label for label, _ in view.form.issue.options]
    assert labels[0] == "(not tied to one issue)" and labels[1] == "1. Repairs take too long"
    form = view.form
    form.issue.value = view.form.issue.options[2][1]
    form.action.value = "Call back within two working days"
    form.users.value = "Tell us the best time to call"
    form.provider.value = "A named officer for each repair"
    form.four_co.value = "co-delivery"
    form.owner.value = "Repairs lead"
    form.due.value = date(2027, 2, 1)
    view.add_button.click()
    assert view.status.kind == "ok", view.status.message
    assert "Nobody calls back" in view.plan_view.value
    assert "1 action: 1 proposed." in view.plan_view.value
    assert form.action.value == ""  # ready for the next one
    action_id = view.plan.actions[0].action_id
    view.chooser.value = action_id
    assert form.owner.value == "Repairs lead" and not view.save_button.disabled
    form.status.value = "agreed"
    view.save_button.click()
    saved = toolkit.open_session(session_dir).events["actions"]
    assert saved["event"].tolist() == ["proposed", "status_changed"]
    last = saved.iloc[-1]
    assert (last["status"], str(last["due"])[:10], last["four_co"]) == (
        "agreed", "2027-02-01", "co-delivery")  # fmt: skip


def test_mistakes_are_shown_and_nothing_is_saved(session_dir: Path) -> None:
    view = screen(session_dir)
    view.add_button.click()
    assert view.status.kind == "error"
    assert view.status.message == "Not saved: write the action: what will be done."
    view.form.action.value = "x" * 600
    view.add_button.click()
    assert "keep it to 500" in view.status.message
    assert toolkit.open_session(session_dir).events["actions"].empty


def test_the_vote_s_top_issues_come_first(session_dir: Path) -> None:
    console = ready(session_dir)
    o = option_ids(console)
    for group in ("tenants", "tenants", "tenants", "managers", "managers", "managers"):
        join(session_dir, group).vote(o[4], +1)  # "Lifts break down"
    console.close_button.click()
    console.reveal_button.click()
    view = screen(session_dir)
    assert view.form.issue.options[1][0] == "5. Lifts break down"


def test_hostile_words_are_shown_as_text_on_both_screens(session_dir: Path) -> None:
    view = screen(session_dir)
    texts = [t for t in HOSTILE_TEXTS if t.strip() and len(t) <= 500]  # longer: refused above
    for text in texts:
        view.form.action.value = text
        view.form.owner.value = "<img src=x onerror=alert(1)>"
        view.add_button.click()
        assert view.status.kind == "ok", (text, view.status.message)
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    console = console_app(session_dir)
    assert isinstance(console, ConsoleView)
    while console.current_kind != "actions":
        console.bar.next_button.click()
        console.refresh()
    projector.refresh()
    shown = projector.activity.value
    assert "Our action plan" in shown
    for html in (shown, view.plan_view.value):
        assert "<script>" not in html and "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    saved = toolkit.open_session(session_dir).actions
    assert len(saved) == len(texts)
