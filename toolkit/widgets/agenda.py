"""The agenda bar: the current step with back and next, and its countdown timer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from html import escape
from typing import Any

import ipywidgets as widgets

from toolkit.domain.agenda import (
    TIMER_KEY,
    AgendaError,
    Step,
    clock,
    current_step,
    entering,
    move,
    show_time,
    steps,
    timer_value,
)
from toolkit.domain.events import Row
from toolkit.domain.projector import page_value
from toolkit.domain.results import voters
from toolkit.domain.room import PHONE_STEPS, RESTARTED_KEY
from toolkit.domain.state import SessionState
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.widgets.phones_switch import PhonesOpenSwitch
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]


def step_and_time(
    state: SessionState, now: datetime, texts: Texts = ENGLISH
) -> tuple[Step | None, str, str]:
    """The current step, its countdown text and level ('ok', 'warning', 'over'; with
    ' paused' added while the timer is stopped, and the text says so)."""
    agenda = steps(state.agenda)
    step = current_step(state.settings, agenda)
    if step is None:
        return None, "", "ok"
    c = clock(state.settings, step, now)
    text, level = show_time(c.left(now), step.minutes, texts)
    if not c.running:
        return step, texts.say("timer.paused", time=text), f"{level} paused"
    return step, text, level


def room_line(state: SessionState) -> str:
    """What the phones show, how many joined and, while a round is open, how many finished."""
    people = voters(state)
    parts = [f"Phones: <b>{escape(PHONE_STEPS[state.room.phone_step])}</b>",
             f"<b>{len(people)}</b> joined"]  # fmt: skip
    current = state.voting.current
    if current is not None and current.status == "open":
        p = state.voting.progress(current.round_id, people)
        parts.append(f"<b>{p.finished}</b> of {p.joined} finished round {current.number}")
    restarted = restart_time(state.setting(RESTARTED_KEY))
    if restarted:  # phones may have failed to send for a moment: the facilitator should know
        parts.append(f"<span class='toolkit-bar-restarted'>Phones' server restarted at "
                     f"<b>{restarted}</b></span>")  # fmt: skip
    return " · ".join(parts)


def restart_time(stamp: str) -> str:
    """A recorded restart's time (UTC) as this laptop's clock shows it; '' if none."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return ""


def timer_html(text: str, level: str) -> str:
    """The countdown; a paused one looks paused (its own style, a pause sign and the word in
    its text), so colour is never the only cue."""
    kinds = " ".join(f"toolkit-timer-{kind}" for kind in level.split())
    return f"<span class='toolkit-timer {kinds}' role='timer'>{escape(text)}</span>"


class AgendaBar(widgets.VBox):  # type: ignore[misc]
    """Drawn from a SessionState given by its owner; its buttons record settings events."""

    def __init__(
        self, record: Record, refresh: Callable[[], SessionState], now: Callable[[], datetime]
    ) -> None:
        self._record, self._refresh, self._now = record, refresh, now
        self.state = SessionState()
        # Called after a move: the console redraws the step's guide and screen at once
        # rather than at its next poll.
        self.moved: Callable[[], None] = lambda: None
        self.title = widgets.HTML()
        self.timer = widgets.HTML()
        self.timer.add_class("toolkit-agenda-timer")
        self.status = StatusLine()
        self.back_button = widgets.Button(description="Back", icon="arrow-left")
        self.next_button = widgets.Button(
            description="Next step", icon="arrow-right", button_style="primary"
        )
        self.start_button = widgets.Button(description="Start timer", button_style="success")
        self.pause_button = widgets.Button(description="Pause timer")
        self.more_button = widgets.Button(description="+1 minute")
        # Presenter clickers send PageDown/PageUp: the page's script presses these two.
        self.back_button.add_class("toolkit-back-step")
        self.next_button.add_class("toolkit-next-step")
        self.back_button.on_click(lambda _: self.go(-1))
        self.next_button.on_click(lambda _: self.go(+1))
        self.start_button.on_click(lambda _: self.set_timer(running=True))
        self.pause_button.on_click(lambda _: self.set_timer(running=False))
        self.more_button.on_click(lambda _: self.set_timer(extra=60))
        buttons = (
            self.back_button,
            self.next_button,
            self.start_button,
            self.pause_button,
            self.more_button,
        )
        for b in buttons:
            b.layout.width = "auto"
        # The projector's pages, from here: nobody touches the projector.
        self.page_buttons: dict[str, widgets.Button] = {}
        for action, label, tip in (
            ("back", "◀ Page", "The projector's previous page, held"),
            ("hold", "Hold page", "Keep the projector on the page it shows"),
            ("next", "Page ▶", "The projector's next page, held"),
            ("auto", "Auto pages", "Let the projector turn its pages by itself again"),
        ):
            b = widgets.Button(description=label, tooltip=tip, layout=widgets.Layout(width="auto"))
            b.on_click(lambda _, a=action: self.turn_page(a))
            b.add_class(f"toolkit-page-{action}")
            self.page_buttons[action] = b
        pages = widgets.HBox([widgets.HTML("Projector page"), *self.page_buttons.values()])
        pages.add_class("toolkit-bar-pages")
        # What the room is doing, always in view: what phones show, who joined, who finished.
        self.room = widgets.HTML()
        self.room.add_class("toolkit-bar-room")
        title_row = widgets.HBox([self.title, self.timer])
        title_row.add_class("toolkit-bar-title")
        # Open or close the session for phones: only with an organisation's shared phones'
        # server (`add_phones_switch`); in the bar, so it is always in view.
        self.phones: PhonesOpenSwitch | None = None
        self.controls = widgets.HBox([*buttons, pages, self.room])
        self.controls.add_class("toolkit-bar-controls")
        super().__init__([title_row, self.controls, self.status])
        self.add_class("toolkit-agenda-bar")

    def add_phones_switch(self, phones: PhonesOpenSwitch) -> None:
        """Put the switch for the shared phones' server before the room's line."""
        self.phones = phones
        phones.status = self.status
        phones.changed = lambda: self.show(self._refresh())
        *before, room = self.controls.children
        self.controls.children = (*before, phones, room)

    def show(self, state: SessionState) -> None:
        self.state = state
        if self.phones is not None:
            self.phones.show(state)
        agenda = steps(state.agenda)
        step, text, level = step_and_time(state, self._now())
        if step is None:
            self.title.value = "<h2>No agenda steps</h2>"
            return
        n = agenda.index(step) + 1
        self.title.value = (
            f"<h2>Step {n} of {len(agenda)}: {escape(step.title)} "
            f"<span class='toolkit-muted'>({step.minutes} min)</span></h2>"
        )
        self.timer.value = timer_html(text, level)
        running = clock(state.settings, step, self._now()).running
        self.start_button.disabled, self.pause_button.disabled = running, not running
        self.back_button.disabled, self.next_button.disabled = n == 1, n == len(agenda)
        self.room.value = room_line(state)

    def go(self, by: int) -> None:
        """Move to the previous or next step, and the phones to what that step asks of them
        (recorded before anything shows it); the step's timer waits to be started."""
        state = self._refresh()
        agenda = steps(state.agenda)
        try:
            target = move(agenda, current_step(state.settings, agenda), by)
        except AgendaError as exc:
            self.status.show(str(exc), "error")
            return
        try:
            for values in entering(target, state.room):
                self._record("settings", "set", values)
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
        else:
            phones = PHONE_STEPS[self._refresh().room.phone_step]
            self.status.show(f"Now: {target.title}. Phones show: {phones}.")
        self.show(self._refresh())
        self.moved()

    def turn_page(self, action: str) -> None:
        """Hold, turn or release the projector's page for the current step (recorded)."""
        state = self._refresh()
        step = current_step(state.settings, steps(state.agenda))
        try:
            if step is None:
                raise AgendaError("The agenda is empty.")
            self._record("settings", "set", page_value(step.step_id, action))
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
            return
        said = {"back": "The projector shows its previous page and holds it.",
                "hold": "The projector holds the page it shows.",
                "next": "The projector shows its next page and holds it.",
                "auto": "The projector turns its pages by itself again."}[action]  # fmt: skip
        self.status.show(said)

    def set_timer(self, running: bool | None = None, extra: float = 0) -> None:
        state = self._refresh()
        now = self._now()
        step = current_step(state.settings, steps(state.agenda))
        if step is None:
            self.status.show("The agenda is empty.", "error")
            return
        c = clock(state.settings, step, now)
        keep = c.running if running is None else running
        try:
            self._record("settings", "set", {"key": TIMER_KEY, "value": timer_value(
                step.step_id, keep, c.left(now) + extra, now)})  # fmt: skip
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
            return
        self.show(self._refresh())
        self.status.show("Timer running." if keep else "Timer paused.")


class ConsoleView(widgets.VBox):  # type: ignore[misc]
    """The facilitator's console: the agenda bar, and under it the screen for the current
    step (made once, on first use, by `screen_for(kind)`)."""

    def __init__(
        self,
        bar: AgendaBar,
        read_state: Callable[[], SessionState],
        screen_for: Callable[[str], Any],
        guidance: Any = None,
    ) -> None:
        self.bar, self._read_state, self._screen_for = bar, read_state, screen_for
        self.screens: dict[str, Any] = {}
        self.body = widgets.VBox()
        self.body.add_class("toolkit-console-body")
        # The guide to the step (a GuidancePanel) beside the step's screen: console only.
        self.guidance = guidance
        main = widgets.HBox([self.body, *([guidance] if guidance is not None else [])])
        main.add_class("toolkit-console-main")
        super().__init__([bar, main])
        self.add_class("toolkit-app")
        self.add_class("toolkit-console")
        self.current_kind = ""
        bar.moved = self.refresh

    def refresh(self) -> None:
        state = self._read_state()
        self.bar.show(state)
        step = current_step(state.settings, steps(state.agenda))
        kind = step.kind if step else "setup"
        # The guide first: a step's screen is made on first use, which can take seconds
        # (altair, pandas), and the old step's guide must not stay up meanwhile.
        if self.guidance is not None:
            self.guidance.show(state, step)
        if kind not in self.screens:
            self.body.children = (widgets.HTML("<p class='toolkit-muted'>Opening the "
                                               "step's screen...</p>"),)  # fmt: skip
            self.screens[kind] = self._screen_for(kind)
        screen = self.screens[kind]
        if self.body.children != (screen,):
            self.body.children = (screen,)
        shown_before = self.current_kind
        self.current_kind = kind
        if hasattr(screen, "show_for"):  # a screen serving two kinds of step (issues)
            screen.show_for(kind)
        if hasattr(screen, "refresh"):
            screen.refresh()
        if kind != shown_before:  # says which screen shows, once it does (for tests)
            self.body.remove_class(f"toolkit-showing-{shown_before}")
            self.body.add_class(f"toolkit-showing-{kind}")

    def kinds_ahead(self) -> list[str]:
        """The kinds of the steps after the current one, in agenda order, then those before
        it: the screens to build ahead."""
        state = self._read_state()
        agenda = steps(state.agenda)
        step = current_step(state.settings, agenda)
        at = agenda.index(step) if step in agenda else 0
        kinds = [s.kind for s in agenda[at + 1 :] + agenda[:at]]
        return [k for k in dict.fromkeys(kinds) if k != self.current_kind]

    def prepare(self, kind: str) -> None:
        """Build the screen for a kind of step now, unless it is built (not shown yet)."""
        if kind not in self.screens:
            self.screens[kind] = self._screen_for(kind)

    def tick(self) -> None:
        """Redraw the countdown (called every second)."""
        self.bar.show(self.bar.state)


def agenda_line(state: SessionState, now: datetime, texts: Texts = ENGLISH) -> str:
    """The step and time left, for the projector."""
    step, text, level = step_and_time(state, now, texts)
    if step is None:
        return ""
    return f"<h1>{escape(step.title)}</h1><p>{timer_html(text, level)}</p>"
