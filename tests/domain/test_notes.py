"""Discussion notes: checked, tidied, kept as events; what each is about in words."""

from __future__ import annotations

import pytest

from toolkit.domain.actions import ActionPlan
from toolkit.domain.issues import IssueBoard
from toolkit.domain.notes import Note, Notebook, NoteError, checked, describe_about
from toolkit.domain.stakeholders import Register

GROUPS = ("tenants", "staff", "managers")


def _saved(notebook: Notebook, event: str, values: dict[str, object]) -> Notebook:
    return Notebook.from_events([*notebook.events, {"event": event, **values}])


@pytest.mark.parametrize(
    ("note", "message"),
    [
        (Note("N1", "   "), r"Write the note first: what was said\?"),
        (Note("N1", "x" * 2001), r"That is 2001 characters; keep a note under 2000"),
        (Note("N1", "x", about_kind="person", about_id="P1"), r"A note is about one of none"),
        (Note("N1", "x", about_kind="none", about_id="I1"), r"about nothing in particular"),
        (Note("N1", "x", about_kind="issue"), r"Choose the issue the note is about"),
        (Note("N1", "x", groups=("tenants", "press")), r"'press' is not a group of this"),
    ],
)
def test_a_note_that_cannot_be_saved_says_why(note: Note, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        checked(note, GROUPS)


def test_notes_are_added_edited_and_removed_as_events() -> None:
    book = Notebook()
    event, values = book.add(
        Note("N1", "  Tenants wait weeks  ", "step-3", "issue", "I1", ("managers", "tenants")),
        GROUPS,
    )
    assert event == "added" and values["text"] == "Tenants wait weeks"
    assert values["groups"] == "tenants managers"  # the template's order, space-separated
    book = _saved(book, event, values)
    [note] = book.notes
    assert note.groups == ("tenants", "managers") and book.for_step("step-3") == (note,)
    assert book.about("issue", "I1") == (note,) and book.for_step("step-4") == ()
    with pytest.raises(NoteError, match="is taken"):
        book.add(Note("N1", "again"), GROUPS)
    with pytest.raises(NoteError, match="Nothing changed"):
        book.edit(note, GROUPS)
    book = _saved(book, *book.edit(Note("N1", "Weeks, not days", "step-3"), GROUPS))
    assert book.get("N1").text == "Weeks, not days" and book.get("N1").about_kind == "none"
    book = _saved(book, *book.remove("N1"))
    assert book.notes == () and len(book.events) == 3  # nothing rewritten
    with pytest.raises(NoteError, match="was it removed"):
        book.remove("N1")


def test_what_a_note_is_about_never_shows_a_hidden_issue_s_words() -> None:
    board = IssueBoard.from_events([
        {"event": "raised", "issue_id": i, "text": text, "category": "", "participant_id": "",
         "group_id": "", "channel": "paper", "hidden": hidden, "merged_into": "", "moscow": "",
         "shortlisted": False}
        for i, text, hidden in (("I1", "Repairs take too long", False),
                                ("I2", "Mr X at number 4", True))
    ])  # fmt: skip
    register = Register.from_events([
        {"event_id": "e1", "event": "added", "stakeholder_id": "S1", "name": "Council",
         "kind": "", "role": "", "power": 5, "interest": 3, "position": "neutral",
         "desired_position": "neutral", "concerns": "", "notes": ""}])  # fmt: skip

    def about(kind: str, about_id: str, limit: int = 0) -> str:
        return describe_about(Note("N", "x", "", kind, about_id), board, register, ActionPlan(),
                              limit)  # fmt: skip

    assert about("issue", "I1") == "Issue 1: Repairs take too long"
    assert about("issue", "I1", limit=10) == "Issue 1: Repairs t…"
    assert about("issue", "I2") == "Issue 2 (hidden: its words are not shown)"
    assert about("stakeholder", "S1") == "Stakeholder: Council"
    assert about("action", "A9") == "An action since removed"
    assert about("none", "") == ""
