"""A dot-voting ballot: each option with - and + buttons, dots left, and the rules."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.options import Option
from toolkit.domain.phone import ballot_order
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import Ballot


class BallotView(widgets.VBox):  # type: ignore[misc]
    """Shows one Ballot; `vote(option_id, +1 or -1)` is called when a button is pressed."""

    ballot = traitlets.Instance(Ballot, allow_none=True)

    def __init__(self, vote: Callable[[str, int], None], texts: Texts = ENGLISH) -> None:
        self._vote, self.texts = vote, texts
        self.heading = widgets.HTML()
        self.rows = widgets.VBox()
        self._buttons: dict[str, tuple[widgets.Button, widgets.HTML, widgets.Button]] = {}
        self._drawn: list[tuple[str, str]] = []  # (option id, number) of the rows shown
        super().__init__([self.heading, self.rows])
        self.add_class("toolkit-ballot")
        self.observe(self._redraw_on_ballot_change, "ballot")

    def _row(self, option: Option) -> widgets.HBox:
        # The tooltip names the option; the page makes it the button's accessible name, so a
        # screen reader says "Add a dot to 2. Nobody calls back", not "plus".
        named = option.named
        minus = widgets.Button(
            description="\u2212",
            tooltip=self.texts.say("ballot.remove", option=named),
            layout=widgets.Layout(width="2.8em"),
        )
        plus = widgets.Button(
            description="+",
            tooltip=self.texts.say("ballot.add", option=named),
            button_style="primary",
            layout=widgets.Layout(width="2.8em"),
        )
        count = widgets.HTML()
        minus.on_click(lambda _: self._vote(option.option_id, -1))
        plus.on_click(lambda _: self._vote(option.option_id, +1))
        self._buttons[option.option_id] = (minus, count, plus)
        label = widgets.HTML(
            f"<div class='toolkit-option'><b>{escape(option.number)}.</b> "
            f"{escape(option.label)}</div>",
            layout=widgets.Layout(flex="1"),
        )
        return widgets.HBox(
            [label, minus, count, plus], layout=widgets.Layout(align_items="center")
        )

    def _redraw_on_ballot_change(self, change: dict[str, Any]) -> None:
        b = self.ballot
        if b is None:
            self.heading.value = f"<p>{escape(self.texts.say('ballot.none'))}</p>"
            self.rows.children = []
            self._buttons, self._drawn = {}, []
            return
        order = ballot_order(b)
        if self._drawn != [(o.option_id, o.number) for o in order]:
            self._buttons = {}
            self.rows.children = [self._row(o) for o in order]
            self._drawn = [(o.option_id, o.number) for o in order]
        is_open = b.round.status == "open"
        rules = b.round.rules
        for option_id, (minus, count, plus) in self._buttons.items():
            mine = b.dots.get(option_id, 0)
            count.value = (
                # role='img': screen readers ignore aria-label on a plain span and read
                # the circles one by one
                f"<span class='toolkit-dots' role='img' aria-label='"
                f"{escape(self.texts.say('ballot.dots_of', mine=mine, most=rules.per_option))}'>"
                f"{'●' * mine}{'○' * (rules.per_option - mine)}</span>"
            )
            minus.disabled = not is_open or mine == 0
            plus.disabled = not is_open or mine >= rules.per_option or b.left == 0
        say = self.texts.say
        if is_open:
            state = ""
        elif b.round.status in ("closed", "revealed"):
            state = (f"<p class='toolkit-locked'><b>{escape(say('ballot.closed'))}</b> "
                     f"{escape(say('ballot.locked'))}</p>")  # fmt: skip
        else:
            state = f"<p class='toolkit-locked'>{escape(say('ballot.not_open'))}</p>"
        left = self.texts.markup("ballot.left", rules.dots, left=f"<b>{b.left}</b>",
                                 dots=str(rules.dots))  # fmt: skip
        self.heading.value = (
            f"<h2>{escape(say('ballot.round', number=b.round.number))}</h2>{state}"
            f"<p class='toolkit-left'>{left}</p>"
            f"<p>{escape(rules.explain(self.texts))}</p>"
        )
