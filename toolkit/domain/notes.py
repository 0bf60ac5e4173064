"""Discussion notes: what was said at a step, in the room's words, optionally about an issue,
a stakeholder or an action, and whose voices it reflects (groups, never people)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.domain.actions import ActionError, ActionPlan
from toolkit.domain.events import Row, latest_state
from toolkit.domain.issues import IssueBoard, IssueError
from toolkit.domain.stakeholders import Register, shorten

ABOUT_KINDS = ("none", "issue", "stakeholder", "action")
TEXT_LIMIT = 2000
REMOVED = "removed"


class NoteError(ValueError):
    """A note that cannot be saved; the message says what to do."""


@dataclass(frozen=True)
class Note:
    note_id: str
    text: str
    step_id: str = ""
    about_kind: str = "none"
    about_id: str = ""
    groups: tuple[str, ...] = ()  # group ids

    def values(self) -> dict[str, Any]:
        """The note as the columns of notes.csv (groups as ids separated by spaces)."""
        return {
            "note_id": self.note_id, "step_id": self.step_id, "text": self.text,
            "about_kind": self.about_kind, "about_id": self.about_id,
            "groups": " ".join(self.groups),
        }  # fmt: skip

    @classmethod
    def from_row(cls, row: Row) -> Note:
        return cls(
            note_id=row["note_id"], text=row["text"] or "", step_id=row["step_id"] or "",
            about_kind=row["about_kind"] or "none", about_id=row["about_id"] or "",
            groups=tuple((row["groups"] or "").split()),
        )  # fmt: skip


def checked(note: Note, group_ids: Sequence[str]) -> Note:
    """The note tidied (text trimmed, groups in the template's order), or NoteError."""
    text = note.text.strip()
    if not text:
        raise NoteError("Write the note first: what was said?")
    if len(text) > TEXT_LIMIT:
        raise NoteError(
            f"That is {len(text)} characters; keep a note under {TEXT_LIMIT}, or split it in two."
        )
    if note.about_kind not in ABOUT_KINDS:
        raise NoteError(
            f"A note is about one of {', '.join(ABOUT_KINDS)}, not {note.about_kind!r}."
        )
    if note.about_kind == "none" and note.about_id:
        raise NoteError("A note about nothing in particular names no issue, stakeholder or action.")
    if note.about_kind != "none" and not note.about_id:
        raise NoteError(f"Choose the {note.about_kind} the note is about.")
    unknown = [g for g in note.groups if g not in group_ids]
    if unknown:
        raise NoteError(f"{unknown[0]!r} is not a group of this workshop.")
    groups = tuple(g for g in group_ids if g in note.groups)
    return replace(note, text=text, groups=groups)


@dataclass(frozen=True)
class Notebook:
    """Every note, derived from the events of notes.csv, in the order first taken."""

    events: tuple[Row, ...] = ()
    _by_id: dict[str, Row] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_events(cls, rows: Iterable[Row]) -> Notebook:
        events = tuple(rows)
        return cls(events, {r["note_id"]: r for r in latest_state(events, ("note_id",))})

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(Note.from_row(r) for r in self._by_id.values() if r["event"] != REMOVED)

    def get(self, note_id: str) -> Note:
        row = self._by_id.get(note_id)
        if row is None or row["event"] == REMOVED:
            raise NoteError(
                "That note is not in the notes (was it removed?); pick one from the list."
            )
        return Note.from_row(row)

    def for_step(self, step_id: str) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if n.step_id == step_id)

    def about(self, kind: str, about_id: str) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if (n.about_kind, n.about_id) == (kind, about_id))

    # Each returns the event and values to record; the notebook changes when read back.

    def add(self, note: Note, group_ids: Sequence[str]) -> tuple[str, dict[str, Any]]:
        if note.note_id in self._by_id:
            raise NoteError(f"Id {note.note_id!r} is taken; try again.")
        return "added", checked(note, group_ids).values()

    def edit(self, note: Note, group_ids: Sequence[str]) -> tuple[str, dict[str, Any]]:
        before = self.get(note.note_id)
        after = checked(note, group_ids)
        if after == before:
            raise NoteError("Nothing changed: edit the note first.")
        return "edited", after.values()

    def remove(self, note_id: str) -> tuple[str, dict[str, Any]]:
        return REMOVED, self.get(note_id).values()


def describe_about(
    note: Note, board: IssueBoard, register: Register, plan: ActionPlan, limit: int = 0
) -> str:
    """What a note is about, in words ('' for none): the issue's number and words (never the
    words of a hidden issue, nor of one held for a check), the stakeholder's name, the
    action; shortened to `limit`."""

    def cut(text: str) -> str:
        return shorten(text, limit) if limit else text

    kind, about = note.about_kind, note.about_id
    if kind == "issue":
        try:
            issue = board.get(about)
        except IssueError:
            return f"Issue {about} (not found)"
        if issue.hidden:
            return f"Issue {board.number(about)} (hidden: its words are not shown)"
        if issue.held:
            return f"Issue {board.number(about)} (not checked yet: its words are not shown)"
        return f"Issue {board.number(about)}: {cut(issue.text)}"
    if kind == "stakeholder":
        for s in register.current:
            if s.stakeholder_id == about:
                return f"Stakeholder: {cut(s.name)}"
        for s in register.removed:
            if s.stakeholder_id == about:
                return f"Stakeholder: {cut(s.name)} (since removed from the map)"
        return f"Stakeholder {about} (not found)"
    if kind == "action":
        try:
            return f"Action: {cut(plan.get(about).action)}"
        except ActionError:
            return "An action since removed"
    return ""
