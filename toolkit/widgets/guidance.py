"""The console's guide to the current step: why it is there, what to tell the room (with the
session's numbers), the voting rules to read out, what to watch for, a checklist, prompts
drawn from the data and discussion notes. For the facilitator only: the projector shows
nothing of it but, when switched on, the rules (`projector_rules_html`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.domain.agenda import Step, current_step, steps
from toolkit.domain.events import Row
from toolkit.domain.guidance import (
    JOIN_LARGE_KEY,
    RULES_SHOWN_KEY,
    checklist_key,
    guide,
    join_choice,
    room_rules,
    rules_sentences,
    rules_shown,
)
from toolkit.domain.prompts import (
    Prompt,
    contested_questions,
    revealed_for_discussion,
    step_prompts,
)
from toolkit.domain.results import display
from toolkit.domain.state import SessionState
from toolkit.domain.template import WorkshopTemplate
from toolkit.widgets.notes import NotesPanel
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]


def paragraphs(text: str) -> str:
    """A template's text as HTML paragraphs: a blank line starts a new one (escaped)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def prompts_html(prompts: Sequence[Prompt]) -> str:
    if not prompts:
        return ""
    items = "".join(
        f"<li class='toolkit-prompt-{p.kind}'><b aria-hidden='true'>?</b> {escape(p.text)}</li>"
        for p in prompts
    )
    return f"<h3>From the room's data</h3><ul class='toolkit-prompts'>{items}</ul>"


def projector_rules_html(state: SessionState, template: WorkshopTemplate) -> str:
    """The rules, large, while the facilitator has them on the projector; '' otherwise."""
    sentences = rules_sentences(state, template) if rules_shown(state.settings) else []
    if not sentences:
        return ""
    items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
    title = escape(template.texts.say("projector.rules"))
    return f"<section class='toolkit-rules-shown'><h2>{title}</h2><ul>{items}</ul></section>"


class GuidancePanel(widgets.VBox):  # type: ignore[misc]
    """Drawn from a SessionState given by its owner (the console); the checklist's ticks
    and the projector switch record settings events."""

    def __init__(
        self,
        template: WorkshopTemplate,
        record: Record,
        refresh: Callable[[], SessionState],
        now: Callable[[], datetime],
        notes: NotesPanel,
    ) -> None:
        self.template, self._record, self._refresh, self._now = template, record, refresh, now
        self.state = SessionState()
        self.step: Step | None = None
        self._drawing = False  # set while boxes are drawn from the records, not ticked
        self._discussion: tuple[tuple[Any, ...], list[Prompt]] = ((), [])
        self.heading = widgets.HTML()
        self.purpose = widgets.HTML()
        self.prompts = widgets.HTML()
        self.say = widgets.HTML()
        self.rules = widgets.HTML()
        self.rules_shown = widgets.Checkbox(
            False, description="Show the rules on the projector", indent=False,
            layout=widgets.Layout(width="auto"),
        )  # fmt: skip
        self.rules_shown.observe(lambda change: self._switched(change["new"]), "value")
        # The join code on the projector: large while the step shows nothing else (auto).
        self.join_size = widgets.ToggleButtons(
            options=[("Auto", ""), ("Large", "true"), ("In a corner", "false")], value="",
            description="Join code on the projector", style={"description_width": "initial",
                                                           "button_width": "auto"},
        )  # fmt: skip
        self.join_size.observe(lambda change: self._sized(change["new"]), "value")
        self.watch = widgets.HTML()
        self.checklist_title = widgets.HTML("<h3>Before moving on</h3>")
        self.checklist = widgets.VBox()
        self.boxes: list[widgets.Checkbox] = []
        self.status = StatusLine()
        self.notes = notes
        super().__init__([
            self.heading, self.purpose, self.prompts, self.say, self.rules, self.rules_shown,
            self.join_size, self.watch, self.checklist_title, self.checklist, self.status,
            widgets.HTML("<h3>Notes: what was said</h3>"), notes,
        ])  # fmt: skip
        self.add_class("toolkit-guidance")

    # Public actions

    def tick(self, n: int, ticked: bool) -> None:
        """Record item `n` (from 1) of the step's checklist as done or not done."""
        if self.step is None:
            return
        try:
            self._record("settings", "set", {"key": checklist_key(self.step.step_id, n),
                                             "value": "true" if ticked else "false"})  # fmt: skip
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
        self.show(self._refresh())

    def show_rules(self, on: bool) -> None:
        """Put the rules on the projector, or take them off."""
        try:
            self._record("settings", "set", {"key": RULES_SHOWN_KEY,
                                             "value": "true" if on else "false"})  # fmt: skip
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
        else:
            self.status.show("The projector shows the rules." if on else "Rules taken off the "
                             "projector.")  # fmt: skip
        self.show(self._refresh())

    def size_join(self, large: str) -> None:
        """Show the join code on the projector large ("true"), in a corner ("false"), or as
        the step suits ("")."""
        try:
            self._record("settings", "set", {"key": JOIN_LARGE_KEY, "value": large})
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
        else:
            said = {"true": "large", "false": "in a corner"}.get(large, "as the step suits")
            self.status.show(f"The projector shows the join code {said}.")
        self.show(self._refresh())

    def show(self, state: SessionState, step: Step | None = None) -> None:
        """Redraw for the current step (only what changed reaches the browser)."""
        self.state = state
        step = step or current_step(state.settings, steps(state.agenda))
        self.step = step
        self._drawing = True
        try:
            self._draw(state, step)
        finally:
            self._drawing = False
        self.notes.show(state, step)

    # Drawing

    def _draw(self, state: SessionState, step: Step | None) -> None:
        if step is None:
            self.heading.value = "<h2>Guide</h2><p>The agenda has no steps.</p>"
            return
        g = guide(state, self.template, step)
        self.heading.value = f"<h2>Guide: {escape(step.title)}</h2>"
        self.purpose.value = (
            paragraphs(g.purpose) if not g.empty else
            "<p class='toolkit-muted'>The template gives this step no script.</p>"
        )  # fmt: skip
        self.prompts.value = prompts_html(
            step_prompts(state, self.template, step, self._now()) + self._questions(state, step)
        )
        self.say.value = (
            f"<h3>Say to the room</h3><div class='toolkit-say'>{paragraphs(g.say)}</div>"
            if g.say else ""
        )  # fmt: skip
        self.watch.value = f"<h3>Watch for</h3>{paragraphs(g.watch)}" if g.watch else ""
        shown = rules_shown(state.settings)
        found = room_rules(state, self.template) if step.kind == "vote" or shown else None
        if found:
            label, rules = found
            items = "".join(f"<li>{escape(s)}</li>" for s in rules.sentences(self.template.texts))
            self.rules.value = (
                "<h3>The rules, to read out <span class='toolkit-muted'>"
                f"({escape(label)})</span></h3><ul class='toolkit-say toolkit-rules'>{items}</ul>"
            )
        else:
            self.rules.value = (
                "<h3>The rules, to read out</h3><p class='toolkit-muted'>Shortlist at least two "
                "issues, or create the round, to see its rules.</p>"
                if step.kind == "vote" else ""
            )  # fmt: skip
        self.rules_shown.value = shown
        self.rules_shown.layout.display = "flex" if (found or shown) else "none"
        self.join_size.value = join_choice(state.settings)
        self._draw_checklist(g.checklist, g.ticks, step.step_id)

    def _draw_checklist(self, items: Sequence[str], ticked: Sequence[bool], step_id: str) -> None:
        # Made again for another step; an item's words may change with the numbers in it.
        if [getattr(b, "step_id", "") for b in self.boxes] != [step_id] * len(items):
            self.boxes = []
            for n, item in enumerate(items, 1):
                box = widgets.Checkbox(False, description=item, indent=False,
                                       layout=widgets.Layout(width="auto"))  # fmt: skip
                box.step_id = step_id
                box.observe(lambda change, n=n: self._ticked(n, change["new"]), "value")
                self.boxes.append(box)
            self.checklist.children = tuple(self.boxes)
        for box, item, value in zip(self.boxes, items, ticked, strict=True):
            box.description, box.value = item, value
        self.checklist_title.layout.display = "flex" if items else "none"

    def _questions(self, state: SessionState, step: Step) -> list[Prompt]:
        """The most contested options of a revealed round as questions; the agreement
        measures load at the first reveal, and run again only when votes change."""
        shown = revealed_for_discussion(state, step)
        if shown is None:
            return []
        key = (shown.round_id, len(state.voting.vote_rows), len(state.participants),
               state.voting.shown_as)  # fmt: skip
        if key != self._discussion[0]:
            from toolkit.analysis.agreement_in_round import round_agreement

            d = display(state, self.template.groups, self.template.small_group_threshold)
            ra = round_agreement(state.voting, shown.round_id, d.groups, d.threshold)
            questions = (
                contested_questions(ra.consensus, ra.contested)
                if len(ra.consensus_groups) >= 2 else []
            )  # fmt: skip
            self._discussion = (key, questions)
        return self._discussion[1]

    def _ticked(self, n: int, value: bool) -> None:
        if not self._drawing:
            self.tick(n, value)

    def _switched(self, value: bool) -> None:
        if not self._drawing:
            self.show_rules(value)

    def _sized(self, value: str) -> None:
        if not self._drawing:
            self.size_join(value)
