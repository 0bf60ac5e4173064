"""The queue of phones' issues held for the facilitator's check, on the issues screen: real
folders, real clicks, phones on the participants' server's room in process."""

from __future__ import annotations

import re
from pathlib import Path

import toolkit
from tests.phones import Phone
from tests.widgets.test_issues_view import add, console, phone, rated_issues
from toolkit.domain.room import HOLD_KEY
from toolkit.widgets.issues import IssuesConsole


def _sent(folder: Path, view: IssuesConsole, *texts: str) -> Phone:
    """A tenant's phone sends `texts` while the phones raise issues."""
    view.phone_step.value = "issues"
    tenant = phone(folder, "tenants")
    for text in texts:
        assert tenant.send_issue(text).text.startswith("Received, thank you."), tenant.said
    view.refresh()
    return tenant


def _queue_words(view: IssuesConsole) -> list[str]:
    return [re.findall(r"toolkit-held-words'>(.*?)</div>", row.words.value)[0]
            for row in view.queue.rows.values()]  # fmt: skip


def test_held_issues_wait_in_the_queue_with_words_group_and_time(session_dir: Path) -> None:
    view = console(session_dir)
    assert view.queue.hold.value  # the housing template holds phones' issues
    _sent(session_dir, view, "Mrs <b>Jones</b> at flat 12 owes rent")
    assert "Waiting for your check (1)" in view.queue.heading.value
    row = next(iter(view.queue.rows.values()))
    assert "Mrs &lt;b&gt;Jones&lt;/b&gt; at flat 12 owes rent" in row.words.value
    assert re.search(r"T Tenants · \d\d:\d\d", row.words.value)
    assert view.board.active == () and view.picked.options == ()
    assert "waiting for your check" in view.board_table.value


def test_show_one_puts_it_before_the_room(session_dir: Path) -> None:
    view = console(session_dir)
    tenant = _sent(session_dir, view, "Lifts break down", "Bins overflow")
    other = phone(session_dir, "managers")
    view.phone_step.value = "rating"
    assert rated_issues(other) == []
    first = next(iter(view.queue.rows.values()))
    first.show_button.click()
    assert view.queue.status.kind == "ok", view.queue.status.message
    assert view.queue.status.message == "Issue 1: shown to the room."
    assert [i.text for i in view.board.active] == ["Lifts break down"]
    assert _queue_words(view) == ["Bins overflow"]
    other.refresh()
    assert rated_issues(other) == [first.issue_id]
    view.phone_step.value = "issues"  # the sender's own list: one shown, one still waiting
    tenant.refresh()
    assert "<li>Lifts break down</li>" in tenant.html()
    assert '<li>Bins overflow <span class="waiting">(waiting' in tenant.html()


def test_several_at_once_shown_or_hidden(session_dir: Path) -> None:
    view = console(session_dir)
    _sent(session_dir, view, "One", "Two", "Three", "Four")
    rows = list(view.queue.rows.values())
    rows[0].pick.value = rows[2].pick.value = True
    view.queue.show_selected_button.click()
    assert view.queue.status.message == "Issues 1, 3: shown to the room."
    assert [i.text for i in view.board.active] == ["One", "Three"]
    for row in view.queue.rows.values():
        row.pick.value = True
    view.queue.hide_selected_button.click()
    assert view.queue.status.message == "Issues 2, 4: hidden: it never reaches the room."
    assert view.board.waiting == () and [i.hidden for i in view.board.all] == [
        False, True, False, True]  # fmt: skip
    assert "Waiting for your check (0)" in view.queue.heading.value
    view.queue.show_selected_button.click()  # nothing ticked any more
    assert view.queue.status.kind == "error"


def test_edit_then_show_and_merge_into_an_issue_on_the_board(session_dir: Path) -> None:
    view = console(session_dir)
    add(view, "Repairs take too long", "tenants")
    _sent(session_dir, view, "Mrs Jones at flat 12 waited 9 weeks for a repair", "Repairs slow")
    rows = list(view.queue.rows.values())
    rows[0].edit_button.click()
    assert view.queue.editor.layout.display == "flex"
    assert view.queue.wording.value.startswith("Mrs Jones")
    view.queue.wording.value = "A tenant waited 9 weeks for a repair"
    view.queue.save_show_button.click()
    assert view.queue.status.kind == "ok", view.queue.status.message
    events = toolkit.open_session(session_dir).events["issues"]["event"].tolist()
    assert events[-2:] == ["edited", "shown"]
    assert [i.text for i in view.board.active][-1] == "A tenant waited 9 weeks for a repair"
    rows[1].edit_button.click()
    first = view.board.active[0].issue_id
    view.queue.target.value = first
    view.queue.merge_button.click()
    assert view.queue.status.message == "Issue 3: merged into issue 1."
    assert view.board.get(rows[1].issue_id).merged_into == first
    assert view.board.groups(first) == ("tenants",) and view.board.waiting == ()
    assert view.queue.editor.layout.display == "none"


def test_nothing_merges_into_a_held_issue_and_the_error_is_said(session_dir: Path) -> None:
    view = console(session_dir)
    _sent(session_dir, view, "Held one")
    add(view, "Typed one")
    view.chosen.value = view.board.active[0].issue_id
    view.target.options = [("-", ""), ("held", view.board.waiting[0].issue_id)]  # forged
    view.target.value = view.board.waiting[0].issue_id
    view.merge_button.click()
    assert view.status.kind == "error" and "waiting for a check" in view.status.message


def test_the_switch_is_recorded_and_wins_over_the_template(session_dir: Path) -> None:
    view = console(session_dir)
    view.queue.hold.value = False
    assert view.queue.status.message == "Issues from phones now go straight to the room."
    settings = toolkit.open_session(session_dir).settings
    assert settings[HOLD_KEY] == "false"
    assert console(session_dir).queue.hold.value is False  # a reloaded screen says the same
    view.phone_step.value = "issues"
    tenant = phone(session_dir, "tenants")
    assert tenant.send_issue("Bins overflow").text == "Sent. Thank you! You can send another."
    view.refresh()
    assert [i.text for i in view.board.active] == ["Bins overflow"]
    assert "Waiting for your check (0)" in view.queue.heading.value
    assert "Holding is off" in view.queue.heading.value
