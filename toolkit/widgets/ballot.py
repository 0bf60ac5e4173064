"""A dot-voting ballot: each option with - and + buttons, dots left, and the rules."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.voting import Ballot, Option


def ballot_order(ballot: Ballot) -> list[Option]:
    """The options in ballot order, or, when the rules say shuffle, in an order of this
    voter's own (the same on every reload) so no option gains from coming first."""
    if not ballot.round.rules.shuffle:
        return list(ballot.options)
    seed = f"{ballot.participant_id}:{ballot.group_id}:{ballot.round.round_id}"
    return sorted(
        ballot.options, key=lambda o: hashlib.sha256(f"{seed}:{o.option_id}".encode()).hexdigest()
    )


class BallotView(widgets.VBox):  # type: ignore[misc]
    """Shows one Ballot; `vote(option_id, +1 or -1)` is called when a button is pressed."""

    ballot = traitlets.Instance(Ballot, allow_none=True)

    def __init__(self, vote: Callable[[str, int], None]) -> None:
        self._vote = vote
        self.heading = widgets.HTML()
        self.rows = widgets.VBox()
        self._buttons: dict[str, tuple[widgets.Button, widgets.HTML, widgets.Button]] = {}
        super().__init__([self.heading, self.rows])
        self.add_class("toolkit-ballot")
        self.observe(self._redraw_on_ballot_change, "ballot")

    def _row(self, option: Option, number: int) -> widgets.HBox:
        minus = widgets.Button(
            description="\u2212", tooltip="take a dot back", layout=widgets.Layout(width="2.8em")
        )
        plus = widgets.Button(
            description="+",
            tooltip="add a dot",
            button_style="primary",
            layout=widgets.Layout(width="2.8em"),
        )
        count = widgets.HTML()
        minus.on_click(lambda _: self._vote(option.option_id, -1))
        plus.on_click(lambda _: self._vote(option.option_id, +1))
        self._buttons[option.option_id] = (minus, count, plus)
        label = widgets.HTML(
            f"<div class='toolkit-option'><b>{number}.</b> {escape(option.label)}</div>",
            layout=widgets.Layout(flex="1"),
        )
        return widgets.HBox(
            [label, minus, count, plus], layout=widgets.Layout(align_items="center")
        )

    def _redraw_on_ballot_change(self, change: dict[str, Any]) -> None:
        b = self.ballot
        if b is None:
            self.heading.value = "<p>No vote is open yet.</p>"
            self.rows.children = []
            self._buttons = {}
            return
        order = ballot_order(b)
        if list(self._buttons) != [o.option_id for o in order]:
            self._buttons = {}
            numbers = {o.option_id: i for i, o in enumerate(b.options, 1)}
            self.rows.children = [self._row(o, numbers[o.option_id]) for o in order]
        is_open = b.round.status == "open"
        rules = b.round.rules
        for option_id, (minus, count, plus) in self._buttons.items():
            mine = b.dots.get(option_id, 0)
            count.value = (
                f"<span class='toolkit-dots' aria-label='{mine} dots'>"
                f"{'●' * mine}{'○' * (rules.per_option - mine)}</span>"
            )
            minus.disabled = not is_open or mine == 0
            plus.disabled = not is_open or mine >= rules.per_option or b.left == 0
        state = (
            ""
            if is_open
            else (
                "<p class='toolkit-locked'><b>Voting is closed.</b> Your ballot is locked; "
                "thank you.</p>"
                if b.round.status in ("closed", "revealed")
                else "<p class='toolkit-locked'>Voting has not opened yet.</p>"
            )
        )
        self.heading.value = (
            f"<h2>Round {b.round.number}</h2>{state}"
            f"<p class='toolkit-left'><b>{b.left}</b> of {rules.dots} "
            f"dot{'s' if rules.dots != 1 else ''} left</p><p>{escape(rules.explain())}</p>"
        )
