"""The dot-voting console's new round: what it is on (the shortlist, the last round's top,
options typed here), the rule fields (the template's for the next round, or the current
round's while it is a draft or open), and creating and opening it (a mixin of VotingConsole)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from toolkit.domain.cuts import round_said, round_top
from toolkit.domain.room import PHONE_STEP_KEY
from toolkit.domain.tally import tally
from toolkit.domain.template_settings import VotingSettings
from toolkit.domain.voting import Event, Rules, VotingError, default_dots

if TYPE_CHECKING:
    from toolkit.widgets.voting import VotingConsole


def _rules_words(r: Rules | VotingSettings) -> str:
    dots = f"{r.dots} dots each" if r.dots else "a third of the options in dots each"
    return f"{dots}, at most {r.cap} on one option"


class NewRound:
    """What VotingConsole does to make a round and set its rules; its widgets are built
    there. (Each method's `self` is the console, hence the ignores: see VotesWithoutAPhone.)"""

    def start_round(self: VotingConsole) -> None:  # type: ignore[misc]
        """Create a round with the rules in the fields, open it and set the phones to the
        vote, in one click; the status line gives the rules to read out."""
        typed = self._typed_rules()  # as typed, before any refresh

        def plan() -> list[Event]:
            labels = self._new_options()
            events = self.voting.start_round(
                self._new_id("R"), labels, self._budget(typed, len(labels)),
                [self._new_id("O") for _ in labels],
            )  # fmt: skip
            if self.state.room.phone_step != "vote":
                events.append(Event("settings", "set", {"key": PHONE_STEP_KEY, "value": "vote"}))
            return events

        if self._apply(plan, "Voting is open."):
            current = self.voting.current
            rules = current.rules.explain() if current else ""
            self.status.show(f"{self._tie_said()}Voting is open and the phones show the "
                             f"vote. Read out the rules: {rules}")  # fmt: skip

    def create_round(self: VotingConsole) -> None:  # type: ignore[misc]
        """Create a round as a draft, to open later (*Open voting*)."""
        typed = self._typed_rules()

        def plan() -> list[Event]:
            labels = self._new_options()
            return self.voting.new_round(
                self._new_id("R"), labels, self._budget(typed, len(labels)),
                [self._new_id("O") for _ in labels],
            )  # fmt: skip

        if self._apply(plan, "Round created. Explain the rules, then open voting."):
            self.status.show(
                f"{self._tie_said()}Round created. Explain the rules, then open voting."
            )

    def change_rules(self: VotingConsole) -> None:  # type: ignore[misc]
        """Apply the rule fields to the current round (while it is a draft or open)."""
        typed = self._typed_rules()  # as typed, before any refresh

        def plan() -> list[Event]:
            current = self.voting.current
            if current is None:
                raise VotingError("There is no round yet.")
            rules = self._budget(typed, len(self.voting.options(current.round_id)))
            return [self.voting.change_rules(current.round_id, rules)]

        self._apply(plan, "Rules changed.")

    def _typed_rules(self: VotingConsole) -> Rules:  # type: ignore[misc]
        """The rules in the fields (dots 0: to be worked out from the options)."""
        return Rules(
            dots=self.dots.value,
            cap=self.cap.value,
            stacking=self.stacking.value,
            min_spend=self.min_spend.value,
            facilitator_votes=self.facilitator_votes.value,
            shuffle=self.shuffle.value,
        )

    @staticmethod
    def _budget(rules: Rules, options: int) -> Rules:
        return rules if rules.dots else replace(rules, dots=default_dots(options))

    def _tie_said(self: VotingConsole) -> str:  # type: ignore[misc]
        """The tie the new round kept at its cut, as the start of a status line."""
        current = self.voting.current
        said = round_said(current.number, self._cut) if self._cut and current else ""
        return f"{said} " if said else ""

    def _new_options(self: VotingConsole) -> list[tuple[str, str]]:  # type: ignore[misc]
        """The new round's options (label, issue id). From the last round's top, every
        option tied at the cut is kept, and the cut is kept in `_cut` to be told."""
        self._cut = None
        board = self.state.board
        if self.source.value == "shortlist":
            return [(i.text, i.issue_id) for i in board.shortlist]
        if self.source.value == "typed":
            lines = [" ".join(line.split()) for line in self.typed.value.splitlines()]
            if any(len(line) > 300 for line in lines):
                raise VotingError("Keep each option under 300 characters.")
            return [(line, "") for line in lines if line]
        revealed = [r for r in self.voting.rounds if r.status == "revealed"]
        if not revealed:
            raise VotingError("No round has been revealed yet to take the top from.")
        last = revealed[-1]
        t = tally(
            self.voting,
            last.round_id,
            {g.id: g.name for g in self.groups},
            0,
        )
        self._cut = round_top(t, self.keep_top.value)
        options = {o.option_id: o for o in t.options}
        # an issue hidden since stays out: its option's label is no longer its words
        return [(options[o].label, options[o].issue_id) for o in self._cut.kept
                if not options[o].hidden]  # fmt: skip

    def _fill_rules(self: VotingConsole) -> None:  # type: ignore[misc]
        """The rule fields: the current round's while it is a draft or open, else the
        template's for the next round. Filled when that changes, not on every refresh,
        which would undo what the facilitator typed."""
        current = self.voting.current
        live = current is not None and current.status in ("draft", "open")
        if current is not None and live:
            key: tuple[Any, ...] = ("round", current.round_id, current.rules)
            r: Rules | VotingSettings = current.rules
            title = f"The rules of round {current.number}"
        else:
            number = len(self.voting.rounds) + 1
            key, r = ("next", number), self.defaults.for_round(number)
            title = f"The rules of the next round (round {number})"
        if key == self._rules_for:
            return
        self._rules_for = key
        self.rules_title.value = f"<h3>{title}</h3>"
        self.next_rules.value = (
            ""
            if live
            else f"<p class='toolkit-muted'>{escape(title)}: "
            f"{escape(_rules_words(r))} (<i>Rule details</i> below to change them).</p>"
        )
        self.dots.value, self.cap.value, self.min_spend.value = r.dots, r.cap, r.min_spend
        self.stacking.value, self.shuffle.value = r.stacking, r.shuffle
        self.facilitator_votes.value = r.facilitator_votes

    def _show_source_fields(self: VotingConsole) -> None:  # type: ignore[misc]
        """How many to keep for the last round's top; the box for options typed here."""
        self.keep_top.layout.display = "flex" if self.source.value == "top" else "none"
        self.typed.layout.display = "flex" if self.source.value == "typed" else "none"
