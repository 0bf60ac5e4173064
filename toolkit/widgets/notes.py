"""Discussion notes on the console and on a note-taker's own screen: a small form (what was
said, what it is about, whose voices) and the notes taken, listed under it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.agenda import Step, current_step, steps
from toolkit.domain.events import Row
from toolkit.domain.notes import Note, Notebook, NoteError, describe_about
from toolkit.domain.stakeholders import Register, shorten
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]
NONE = "none:"  # the About choice of a note about nothing in particular
NEW = ""  # the Edit choice of a new note


def about_choices(state: SessionState) -> list[tuple[str, str]]:
    """What a note can be about: nothing in particular, an issue on the board (hidden ones
    never offered), a stakeholder on the map, an action; values are 'kind:id'."""
    board = state.board
    out = [("Nothing in particular", NONE)]
    out += [(f"Issue {board.number(i.issue_id)}: {shorten(i.text, 50)}", f"issue:{i.issue_id}")
            for i in board.active]  # fmt: skip
    out += [(f"Stakeholder: {shorten(s.name, 50)}", f"stakeholder:{s.stakeholder_id}")
            for s in Register.from_events(state.stakeholders).current]  # fmt: skip
    out += [(f"Action: {shorten(a.action, 50)}", f"action:{a.action_id}")
            for a in state.plan.actions]  # fmt: skip
    return out


def note_html(note: Note, state: SessionState, register: Register,
              groups: Sequence[GroupSpec]) -> str:  # fmt: skip
    """One note as listed: its words (escaped, line breaks kept), what it is about and
    whose voices it reflects."""
    about = describe_about(note, state.board, register, state.plan, limit=60)
    names = {g.id: f"{g.letter} {g.name}" for g in groups}
    voices = ", ".join(names.get(g, g) for g in note.groups)
    meta = " · ".join(x for x in (about, f"Voices: {voices}" if voices else "") if x)
    return (
        f"<li><span class='toolkit-note-text'>{escape(note.text)}</span>"
        + (f"<br><span class='toolkit-muted'>{escape(meta)}</span>" if meta else "")
        + "</li>"
    )


def notes_list(state: SessionState, groups: Sequence[GroupSpec], step_id: str | None) -> str:
    """The notes of one step, or (step_id None) of every step under the step's title."""
    notebook = state.notebook
    register = Register.from_events(state.stakeholders)
    if step_id is not None:
        notes = notebook.for_step(step_id)
        if not notes:
            return "<p class='toolkit-muted'>No notes at this step yet.</p>"
        items = "".join(note_html(n, state, register, groups) for n in reversed(notes))
        return f"<ul class='toolkit-notes'>{items}</ul>"
    parts = []
    agenda = steps(state.agenda)
    for step in [*agenda, None]:
        sid = step.step_id if step else ""
        notes = tuple(n for n in notebook.notes
                      if n.step_id == sid or (step is None and n.step_id not in
                                              {s.step_id for s in agenda}))  # fmt: skip
        if notes:
            title = f"{step.position}. {step.title}" if step else "At no step"
            items = "".join(note_html(n, state, register, groups) for n in reversed(notes))
            parts.append(f"<h2>{escape(title)}</h2><ul class='toolkit-notes'>{items}</ul>")
    return "".join(parts) or "<p class='toolkit-muted'>No notes yet.</p>"


class NotesPanel(widgets.VBox):  # type: ignore[misc]
    """The form and the list. Drawn from a SessionState its owner gives to `show`; with
    `choose_step` the step is picked in the form (it follows the console's step until
    picked), and every step's notes are listed; else notes go to the step shown."""

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        record: Record,
        refresh: Callable[[], SessionState],
        new_id: Callable[[], str],
        choose_step: bool = False,
    ) -> None:
        self.groups, self._record, self._refresh, self._new_id = (
            list(groups),
            record,
            refresh,
            new_id,
        )
        self.choose_step = choose_step
        self.state = SessionState()
        self.step_id = ""  # the step new notes are taken at
        self._followed = ""  # the console's step when the form last followed it
        self._listed: tuple[Any, ...] = ()

        def wide() -> widgets.Layout:  # one each: hiding the step's must not hide the others
            return widgets.Layout(width="calc(100% - 6px)")  # its margins stay inside

        style = {"description_width": "4.5em"}
        self.step = widgets.Dropdown(options=[("-", "")], value="", description="Step",
                                     layout=wide(), style=style)  # fmt: skip
        self.step.layout.display = "flex" if choose_step else "none"
        self.step.observe(lambda _: self._take_step(), "value")
        self.text = widgets.Textarea(
            placeholder="What was said, in the room's words",
            layout=widgets.Layout(width="calc(100% - 6px)", height="5em"),
        )
        self.about = widgets.Dropdown(options=[("Nothing in particular", NONE)], value=NONE,
                                      description="About", layout=wide(), style=style)  # fmt: skip
        self.voices = [widgets.Checkbox(False, description=f"{g.letter} {g.name}", indent=False,
                                        layout=widgets.Layout(width="auto"))
                       for g in self.groups]  # fmt: skip
        self.add_button = widgets.Button(description="Add note", button_style="primary")
        self.chosen = widgets.Dropdown(options=[("(a new note)", NEW)], value=NEW,
                                       description="Edit", layout=wide(), style=style)  # fmt: skip
        self.chosen.observe(lambda _: self.pick(), "value")
        self.save_button = widgets.Button(description="Save changes")
        self.remove_button = widgets.Button(description="Remove note", button_style="warning")
        self.add_button.on_click(lambda _: self.add())
        self.save_button.on_click(lambda _: self.save())
        self.remove_button.on_click(lambda _: self.remove())
        for b in (self.add_button, self.save_button, self.remove_button):
            b.layout.width = "auto"
        self.status = StatusLine()
        self.listing = widgets.HTML()
        voices = widgets.HBox(self.voices, layout=widgets.Layout(flex_flow="row wrap"))
        voices.add_class("toolkit-voices")
        voices_title = widgets.HTML("<div>Whose voices does it reflect?</div>")
        buttons = widgets.HBox(
            [self.add_button, self.save_button, self.remove_button],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        super().__init__([self.step, self.text, self.about, voices_title, voices, self.chosen,
                          buttons, self.status, self.listing])  # fmt: skip
        self.add_class("toolkit-form")
        self.add_class("toolkit-notes-panel")
        self._draw_buttons()

    # Public actions

    def add(self) -> None:
        def plan(notebook: Notebook) -> tuple[str, dict[str, Any]]:
            return notebook.add(self._note(self._new_id()), [g.id for g in self.groups])

        if self._apply(plan, "Note added."):
            self._clear()

    def save(self) -> None:
        def plan(notebook: Notebook) -> tuple[str, dict[str, Any]]:
            if not self.chosen.value:
                raise NoteError("Choose the note to change under Edit.")
            note = self._note(self.chosen.value, notebook.get(self.chosen.value).step_id)
            return notebook.edit(note, [g.id for g in self.groups])

        if self._apply(plan, "Note saved."):
            self._clear()

    def remove(self) -> None:
        def plan(notebook: Notebook) -> tuple[str, dict[str, Any]]:
            if not self.chosen.value:
                raise NoteError("Choose the note to remove under Edit.")
            return notebook.remove(self.chosen.value)

        if self._apply(plan, "Note removed."):
            self._clear()

    def pick(self) -> None:
        """Fill the form with the note chosen under Edit (or empty it for a new one)."""
        self._draw_buttons()
        if not self.chosen.value:
            return
        try:
            note = self.state.notebook.get(self.chosen.value)
        except NoteError as exc:
            self.status.show(str(exc), "error")
            return
        self.text.value = note.text
        value = f"{note.about_kind}:{note.about_id}" if note.about_kind != "none" else NONE
        if value not in {v for _, v in self.about.options}:  # e.g. an issue hidden since
            label = describe_about(note, self.state.board, Register.from_events(
                self.state.stakeholders), self.state.plan, limit=50)  # fmt: skip
            self.about.options = [*self.about.options, (label, value)]
        self.about.value = value
        for g, box in zip(self.groups, self.voices, strict=True):
            box.value = g.id in note.groups

    def show(self, state: SessionState, step: Step | None = None) -> None:
        """Redraw from `state`; `step` is the console's current step."""
        self.state = state
        agenda = steps(state.agenda)
        step = step or current_step(state.settings, agenda)
        followed = step.step_id if step else ""
        if self.choose_step:
            options = [(f"{s.position}. {s.title}", s.step_id) for s in agenda] or [("-", "")]
            if list(self.step.options) != options:
                self.step.options = options
            if followed != self._followed:  # the console moved on: so do new notes
                self._followed = followed
                self.step.value = followed if followed in {v for _, v in options} else options[0][1]
            self.step_id = self.step.value or ""
        else:
            self.step_id = followed
        choices = about_choices(state)
        if self.chosen.value and self.about.value not in {v for _, v in choices}:
            choices.append(next(o for o in self.about.options if o[1] == self.about.value))
        if list(self.about.options) != choices:
            keep = self.about.value if self.about.value in {v for _, v in choices} else NONE
            self.about.options = choices
            self.about.value = keep
        notes = state.notebook.notes
        edit = [("(a new note)", NEW)] + [(shorten(n.text.replace("\n", " "), 60), n.note_id)
                                          for n in reversed(notes)]  # fmt: skip
        if list(self.chosen.options) != edit:
            keep = self.chosen.value if self.chosen.value in {v for _, v in edit} else NEW
            self.chosen.options = edit
            self.chosen.value = keep
        key = (self.step_id, len(state.notes), len(state.board.events), len(state.stakeholders),
               len(state.actions), len(state.agenda))  # fmt: skip
        if key != self._listed:  # the list is drawn again only when what it shows changed
            self._listed = key
            self.listing.value = notes_list(state, self.groups,
                                            None if self.choose_step else self.step_id)  # fmt: skip

    # Helpers

    def _take_step(self) -> None:
        self.step_id = self.step.value or ""

    def _note(self, note_id: str, step_id: str | None = None) -> Note:
        kind, _, about = self.about.value.partition(":")
        return Note(
            note_id=note_id,
            text=self.text.value,
            step_id=self.step_id if step_id is None else step_id,
            about_kind=kind or "none",
            about_id=about,
            groups=tuple(
                g.id for g, box in zip(self.groups, self.voices, strict=True) if box.value
            ),
        )

    def _apply(self, plan: Callable[[Notebook], tuple[str, dict[str, Any]]], done: str) -> bool:
        try:
            state = self._refresh()
            event, values = plan(state.notebook)
            self._record("notes", event, values)
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
            return False
        self.show(self._refresh())
        self.status.show(done)
        return True

    def _clear(self) -> None:
        self.chosen.value = NEW
        self.text.value = ""
        self.about.value = NONE
        for box in self.voices:
            box.value = False
        self._draw_buttons()

    def _draw_buttons(self) -> None:
        editing = bool(self.chosen.value)
        self.add_button.disabled = editing
        self.save_button.disabled = self.remove_button.disabled = not editing


class NotesScreen(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """A note-taker's own screen: it follows the console's step by itself."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        record: Record,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        new_id: Callable[[], str],
    ) -> None:
        self._read_new = read_new
        self.heading = widgets.HTML()

        def refreshed() -> SessionState:
            self.refresh()
            return self.state

        self.panel = NotesPanel(groups, record, refreshed, new_id, choose_step=True)
        super().__init__([widgets.HTML("<h1>Discussion notes</h1>"), self.heading, self.panel])
        self.add_class("toolkit-app")
        self.add_class("toolkit-notes")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        step = current_step(self.state.settings, steps(self.state.agenda))
        self.heading.value = (
            f"<p>The console is on <b>{escape(step.title)}</b>. Notes go to the step chosen "
            "below; it follows the console.</p>"
            if step
            else ""
        )
        self.panel.show(self.state, step)
