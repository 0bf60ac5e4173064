"""Stakeholder mapping screen: the form, the power/interest map and the register."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit import charts
from toolkit.charts.browser import browser_chart
from toolkit.domain.events import Row
from toolkit.domain.stakeholders import (
    FOUR_COS,
    POSITIONS,
    Change,
    DuplicateNameWarning,
    Register,
    Stakeholder,
    StakeholderError,
    describe_map,
    quadrant,
)
from toolkit.domain.template_settings import STAKEHOLDER_FIELDS, MapSettings
from toolkit.widgets.status import StatusLine

map_frame = charts.stakeholder_frame  # moved to charts, shared with the report

Record = Callable[[str, Mapping[str, Any]], Row]  # (event, values) -> the saved row
SCORE_OPTIONS = [("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5)]
SCORE_TIPS = ["1: very low", "2: low", "3: medium", "4: high", "5: very high"]
SORTS = {
    "Name": lambda s: s.name.casefold(),
    "Type": lambda s: (s.kind.casefold(), s.name.casefold()),
    "Power (high first)": lambda s: (-s.power, -s.interest, s.name.casefold()),
    "Interest (high first)": lambda s: (-s.interest, -s.power, s.name.casefold()),
    "Position": lambda s: (POSITIONS.index(s.position), s.name.casefold()),
}  # fmt: skip


class StakeholderForm(widgets.VBox):  # type: ignore[misc]
    """The fields of one stakeholder; only the name is required. Of the optional fields only
    those in `fields` (the template's `stakeholders.fields`) are shown; the others stay empty
    for a new stakeholder, and keep what an edited one already had."""

    def __init__(
        self, kinds: tuple[str, ...], fields: tuple[str, ...] = STAKEHOLDER_FIELDS
    ) -> None:
        wide = widgets.Layout(width="100%")
        style = {"description_width": "6.5em"}
        self.name = widgets.Text(
            description="Name", placeholder="a group or a role", layout=wide, style=style
        )
        self.kind = widgets.Combobox(
            description="Type",
            options=list(kinds),
            placeholder="choose or type",
            layout=wide,
            style=style,
        )
        self.role = widgets.Text(description="Role", layout=wide, style=style)
        scores = {"options": SCORE_OPTIONS, "value": 3, "style": {**style, "button_width": "2.4em"},
                  "tooltips": SCORE_TIPS}  # fmt: skip
        sides = {**style, "button_width": "auto"}
        self.power = widgets.ToggleButtons(description="Power", **scores)
        self.interest = widgets.ToggleButtons(description="Interest", **scores)
        self.position = widgets.ToggleButtons(
            options=POSITIONS, value="neutral", description="Position", style=sides
        )
        self.desired = widgets.ToggleButtons(
            options=POSITIONS, value="neutral", description="Want them", style=sides
        )
        for toggle in (self.power, self.interest, self.position, self.desired):
            toggle.add_class("toolkit-form-toggle")  # its label beside it, as the fields' are
        self.cos = {co: widgets.Checkbox(description=co, indent=False,
                                         layout=widgets.Layout(width="auto"))
                    for co in FOUR_COS}  # fmt: skip
        self.concerns = widgets.Textarea(description="Concerns", layout=wide, style=style)
        self.notes = widgets.Textarea(description="Notes", layout=wide, style=style)
        self._sync_desired = True
        self.position.observe(self._follow_position, "value")
        self.desired.observe(self._stop_following, "value")
        cos = widgets.HBox(
            [widgets.Label("Co-production:"), *self.cos.values()],
            layout=widgets.Layout(flex_flow="row wrap", grid_gap="0 0.8em"),
        )
        optional = {"kind": self.kind, "role": self.role, "coproduction": cos,
                    "concerns": self.concerns, "notes": self.notes}  # fmt: skip

        def chosen(*names: str) -> list[widgets.Widget]:
            return [optional[n] for n in names if n in fields]

        super().__init__([
            self.name, *chosen("kind", "role"), self.power, self.interest, self.position,
            self.desired, *chosen("coproduction", "concerns", "notes"),
        ])  # fmt: skip
        self.add_class("toolkit-form")

    def _follow_position(self, change: dict[str, Any]) -> None:
        if self._sync_desired:  # until set by hand, "want them" follows the position
            self.desired.value = change["new"]
            self._sync_desired = True

    def _stop_following(self, change: dict[str, Any]) -> None:
        self._sync_desired = change["new"] == self.position.value

    def read(self, stakeholder_id: str) -> Stakeholder:
        return Stakeholder(
            stakeholder_id=stakeholder_id, name=self.name.value, kind=self.kind.value,
            role=self.role.value, power=self.power.value, interest=self.interest.value,
            position=self.position.value, desired_position=self.desired.value,
            coproduction=frozenset(co for co, box in self.cos.items() if box.value),
            concerns=self.concerns.value, notes=self.notes.value,
        )  # fmt: skip

    def load(self, s: Stakeholder) -> None:
        self.name.value, self.kind.value, self.role.value = s.name, s.kind, s.role
        self.power.value, self.interest.value = s.power, s.interest
        self.position.value = s.position
        self.desired.value = s.desired_position
        for co, box in self.cos.items():
            box.value = co in s.coproduction
        self.concerns.value, self.notes.value = s.concerns, s.notes

    def clear(self) -> None:
        self.load(Stakeholder("", ""))
        self._sync_desired = True


class StakeholderMapping(widgets.VBox):  # type: ignore[misc]
    """The facilitator's mapping screen. Its state is one Register, read back from the
    records; every change is recorded first and shown only once read back."""

    register = traitlets.Instance(Register)

    def __init__(
        self,
        settings: MapSettings,
        record: Record,
        read_new: Callable[[], Sequence[Row]],
        new_id: Callable[[], str],
    ) -> None:
        self.settings, self._record, self._read_new, self._new_id = (
            settings,
            record,
            read_new,
            new_id,
        )
        self._confirm_duplicate = ""
        self.form = StakeholderForm(settings.kinds, settings.fields)
        self.status = StatusLine()
        self.add_button = widgets.Button(
            description="Add to map", button_style="primary", icon="plus"
        )
        self.save_button = widgets.Button(description="Save changes", disabled=True)
        self.remove_button = widgets.Button(
            description="Remove", disabled=True, button_style="danger"
        )
        self.clear_button = widgets.Button(description="New stakeholder")
        self.undo_button = widgets.Button(description="Undo last change", icon="undo")
        self.chooser = widgets.Dropdown(
            description="Stakeholder",
            options=[("-", "")],
            value="",
            layout=widgets.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        self.sort = widgets.Dropdown(
            description="Sort by",
            options=[s for s in SORTS if s != "Type" or "kind" in settings.fields],
            value="Name",
            style={"description_width": "initial"},
        )
        self.map = widgets.HTML()
        self.map.add_class("toolkit-map")
        self.summary = widgets.HTML()
        self.moves = widgets.HTML()  # where the room wants each stakeholder to move
        self.moves.add_class("toolkit-map")
        self.table = widgets.HTML()
        self.table.add_class("toolkit-scroll-box")  # the register scrolls in its own box
        self.table.add_class("toolkit-short-box")  # under the form and the map
        self.add_button.on_click(lambda _: self.add())
        self.save_button.on_click(lambda _: self.save())
        self.remove_button.on_click(lambda _: self.remove())
        self.clear_button.on_click(lambda _: self.new())
        self.undo_button.on_click(lambda _: self.undo())
        self._syncing = False  # True while the screen itself resets the chooser
        self.chooser.observe(lambda c: None if self._syncing else self.select(c["new"]), "value")
        self.sort.observe(lambda _: self._draw_table(), "value")
        self.form.name.observe(lambda _: self._forget_duplicate(), "value")
        for button in (self.add_button, self.save_button, self.remove_button,
                       self.clear_button, self.undo_button):  # fmt: skip
            button.layout.width = "auto"
        # One screen: the form beside the map; choosing one to edit, where the room wants
        # them to move and the map in words are folded (their titles are buttons).
        self.edit_fold = widgets.Accordion([self.chooser], titles=("Edit or remove one",))
        editor = widgets.VBox(
            [
                widgets.HTML("<h2>Add or edit a stakeholder</h2>"),
                self.edit_fold,
                self.form,
                widgets.HBox([self.add_button, self.save_button, self.remove_button]),
                widgets.HBox([self.clear_button, self.undo_button]),
                self.status,
            ],
            layout=widgets.Layout(width="46%", min_width="340px"),
        )
        self.more = widgets.Accordion(
            [self.moves, self.summary], titles=("Where we want them to move", "The map in words")
        )
        for fold in (self.edit_fold, self.more):
            fold.add_class("toolkit-folded")
        picture = widgets.VBox([self.map, self.more], layout=widgets.Layout(flex="1 1 20em"))
        register = widgets.HBox(
            [widgets.HTML("<h2>Register</h2>"), self.sort],
            layout=widgets.Layout(align_items="center", grid_gap="0 1.5em"),
        )
        super().__init__([
            widgets.HTML("<h1>Who is involved?</h1>"),
            widgets.HBox([editor, picture],
                         layout=widgets.Layout(flex_flow="row wrap", grid_gap="0 1em")),
            register, self.table,
        ])  # fmt: skip
        self.add_class("toolkit-app")
        self.add_class("toolkit-stakeholders")
        self.observe(self._redraw_on_register_change, "register")
        self.register = Register()

    # Public actions: each handler above is one call to one of these.

    def refresh(self) -> None:
        """Take in what was recorded since last time, by this screen or any other."""
        rows = self._read_new()
        if rows:
            self.register = self.register.with_events(rows)

    def add(self) -> None:
        confirmed = self._confirm_duplicate == self.form.name.value
        self._apply(lambda: self.register.add(self.form.read(self._new_id()), confirmed))

    def save(self) -> None:
        confirmed = self._confirm_duplicate == self.form.name.value
        self._apply(lambda: self.register.edit(self.form.read(self.chooser.value), confirmed))

    def remove(self) -> None:
        self._apply(lambda: self.register.remove(self.chooser.value))

    def undo(self) -> None:
        self._apply(self.register.undo, undo=True)

    def select(self, stakeholder_id: str) -> None:
        """Load a stakeholder into the form to edit, move or remove it ('' for a new one)."""
        editing = bool(stakeholder_id)
        if editing:
            try:
                self.form.load(self.register.get(stakeholder_id))
            except StakeholderError as exc:
                self.status.show(str(exc), "error")
                return
        if self.chooser.value != stakeholder_id:
            self.chooser.value = stakeholder_id
        if editing:  # the fold says which one the form holds
            self.edit_fold.selected_index = 0
        self.add_button.disabled = editing
        self.save_button.disabled = self.remove_button.disabled = not editing

    def new(self) -> None:
        self.select("")
        self.form.clear()
        self._forget_duplicate()

    def _apply(self, plan: Callable[[], Change], undo: bool = False) -> None:
        """Validate in the domain, record, read back; any expected error is shown, and then
        nothing was saved and nothing on screen changes."""
        try:
            self.refresh()
            change = plan()
            self._record(change.event, change.values())
        except DuplicateNameWarning as warning:
            self._confirm_duplicate = self.form.name.value
            editing = bool(self.chooser.value)
            self.add_button.description = "Add anyway"
            again = "Save changes' again" if editing else "Add anyway'"
            self.status.show(f"{warning} Press '{again} to confirm.", "warning")
            return
        except (ValueError, OSError) as exc:  # StakeholderError, RecordError, RecordWriteError
            self.status.show(str(exc), "error")
            return
        self.refresh()
        self.status.show(done_message(change, undo))
        self._forget_duplicate()
        if change.event in ("added", "removed"):
            self.new()

    def _forget_duplicate(self) -> None:
        self._confirm_duplicate = ""
        self.add_button.description = "Add to map"

    def _redraw_on_register_change(self, change: dict[str, Any]) -> None:
        current = self.register.current
        options = [("-", "")] + [(s.name, s.stakeholder_id) for s in current]
        before = self.chooser.value
        selected = before if before in {o[1] for o in options} else ""
        self._syncing = True
        try:
            self.chooser.options = options
            self.chooser.value = selected
        finally:
            self._syncing = False
        if selected != before:  # an edit in progress is never overwritten by others' changes
            self.select(selected)
        frame = map_frame(current)
        self.map.value = browser_chart(
            charts.stakeholder_map(frame, self.settings, positions=False)
        )
        self.moves.value = browser_chart(charts.stakeholder_moves(frame, self.settings))
        self.summary.value = (
            f"<p class='toolkit-summary'>"
            f"{escape(describe_map(current, self.settings.quadrant_labels))}</p>"
        )
        self._draw_table()

    def _draw_table(self) -> None:
        rows = sorted(self.register.current, key=SORTS[self.sort.value])
        self.table.value = register_table(rows, self.register.removed, self.settings)


def done_message(change: Change, undo: bool = False) -> str:
    name = change.stakeholder.name
    if undo:
        result = {"removed": "is off the map again", "restored": "is back on the map"}
        return f"Undone: '{name}' {result.get(change.event, 'is back as it was')}."
    verbs = {"added": "Added", "edited": "Saved", "moved": "Moved", "removed": "Removed"}
    return f"{verbs.get(change.event, 'Saved')} '{name}'."


def register_table(
    current: list[Stakeholder], removed: tuple[Stakeholder, ...], settings: MapSettings
) -> str:
    """The register as an HTML table; every typed text escaped. The columns of optional
    fields the template leaves out (`settings.fields`) are left out too."""
    labels = settings.quadrant_labels
    columns: list[tuple[str, str, Callable[[Stakeholder], str]]] = [  # (head, field, cell)
        ("Name", "", lambda s: s.name),
        ("Type", "kind", lambda s: s.kind),
        ("Role", "role", lambda s: s.role),
        ("Power", "", lambda s: str(s.power)),
        ("Interest", "", lambda s: str(s.interest)),
        ("Quadrant", "", lambda s: quadrant(s.power, s.interest, labels)),
        ("Position", "", lambda s: s.position + (f" → {s.desired_position}" if s.moving else "")),
        ("Co-production", "coproduction",
         lambda s: ", ".join(co for co in FOUR_COS if co in s.coproduction)),
        ("Concerns", "concerns", lambda s: s.concerns),
    ]  # fmt: skip
    columns = [c for c in columns if not c[1] or c[1] in settings.fields]
    head = "<tr>" + "".join(f"<th>{h}</th>" for h, _, _ in columns) + "</tr>"

    def row(s: Stakeholder, status: str = "") -> str:
        cells = [cell(s) for _, _, cell in columns]
        cells[0] += status
        css = " class='toolkit-removed'" if status else ""
        return f"<tr{css}>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>"

    body = "".join(row(s) for s in current)
    body += "".join(row(s, " (removed)") for s in removed)
    if not body:
        body = (
            f"<tr><td colspan='{len(columns)}'>No stakeholders yet: add the first one above."
            "</td></tr>"
        )
    return f"<table class='toolkit-table'><thead>{head}</thead><tbody>{body}</tbody></table>"
