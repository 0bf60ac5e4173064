"""The console's switch that opens and closes the session for phones on an organisation's
shared phones' server (one address for every workshop). Shown only where there is one: a
laptop's own phones' server (`toolkit serve`) lets phones in whenever it runs."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets

from toolkit.domain.room import PHONES_OPEN_KEY, opens_phones
from toolkit.domain.state import SessionState
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.records.join_code import TOKEN_KEY, grouped
from toolkit.widgets.status import StatusLine


def open_code(state: SessionState) -> str:
    """The join code while the session is open for phones, else ''. As the shared server
    decides: the last `phones_open` says true and the session has a code to type."""
    code = state.setting(TOKEN_KEY)
    return code if opens_phones(state.setting(PHONES_OPEN_KEY)) and code else ""


class PhonesOpenSwitch(widgets.HBox):  # type: ignore[misc]
    """Whether phones may join now, in words, beside one button that does the opposite.
    `switch(True or False)` records it and returns the join code; the state shown is the
    folder's, read by the console's poll through `show(state)`. What happened, or what went
    wrong, goes to `status` (the agenda bar's line, so the bar keeps its height)."""

    def __init__(
        self,
        switch: Callable[[bool], object],
        address: str,
        texts: Texts = ENGLISH,
        status: StatusLine | None = None,
    ) -> None:
        self._switch, self.address, self.texts = switch, address, texts
        self.code = ""  # the join code while open, '' while closed
        # Called once a change is recorded: the console then shows the folder's state at once.
        self.changed: Callable[[], None] = lambda: None
        self.label = widgets.HTML()
        self.label.add_class("toolkit-phones-state")
        self.button = widgets.Button(layout=widgets.Layout(width="auto"))
        self.button.add_class("toolkit-phones-switch-button")
        self.button.on_click(lambda _: self.toggle())
        self.status = status if status is not None else StatusLine()
        super().__init__([self.label, self.button])
        self.add_class("toolkit-phones-switch")
        self._draw()

    @property
    def is_open(self) -> bool:
        return bool(self.code)

    def show(self, state: SessionState) -> None:
        """Draw the state the folder says (another screen or a hand edit may change it)."""
        code = open_code(state)
        if code != self.code:
            self.code = code
            self._draw()

    def toggle(self) -> None:
        """Open a closed session for phones, or close an open one: recorded first, and
        only then shown; on failure the state shown stays what the folder says."""
        wanted = not self.is_open
        try:
            code = str(self._switch(wanted))
        except (ValueError, OSError) as exc:
            key = "phones_switch.open_failed" if wanted else "phones_switch.close_failed"
            self.status.show(self.texts.say(key, error=str(exc) or type(exc).__name__), "error")
            return
        self.code = code if wanted else ""
        self._draw()
        self.changed()
        if wanted:
            said = self.texts.say("phones_switch.opened", address=self.address, code=grouped(code))
        else:
            said = self.texts.say("phones_switch.closed")
        self.status.show(said)

    def _draw(self) -> None:
        say = self.texts.say
        if self.is_open:
            code = f"<b>{escape(grouped(self.code))}</b>"
            words, kind = self.texts.markup("phones_switch.is_open", code=code), "open"
            self.button.description = say("phones_switch.close_button")
            self.button.button_style, self.button.icon = "", "lock"
        else:
            words, kind = escape(say("phones_switch.is_closed")), "closed"
            self.button.description = say("phones_switch.open_button")
            self.button.button_style, self.button.icon = "success", "mobile"
        # Open or closed is said in words (and a border), never by colour alone.
        self.label.value = f"<span class='toolkit-phones-{kind}'>{words}</span>"
        self.remove_class("toolkit-phones-is-" + ("closed" if self.is_open else "open"))
        self.add_class(f"toolkit-phones-is-{kind}")
