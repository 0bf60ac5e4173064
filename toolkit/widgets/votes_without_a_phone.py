"""The dot-voting console's votes without a phone: a person added and their dots placed by
the facilitator, and a paper sheet's counts with the people on it (a mixin of VotingConsole)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets

from toolkit.domain.events import Row, latest_state
from toolkit.domain.voting import Event, VotingError

if TYPE_CHECKING:
    from toolkit.widgets.voting import VotingConsole


class VotesWithoutAPhone:
    """What VotingConsole does for people without a phone; its widgets are built there.
    (Each method's `self` is the console; mypy cannot see that VotingConsole, whose bases
    are untyped ipywidgets, is a subclass of this mixin, hence the ignores.)"""

    def add_proxy(self: VotingConsole) -> None:  # type: ignore[misc]
        name = " ".join(self.proxy_name.value.split())[:80] if self.names else ""
        pid = self._new_id("P")
        if self._apply(lambda: [Event("participants", "joined", {
                "participant_id": pid, "group_id": self.proxy_group.value,
                "display_name": name, "channel": "facilitator"})],
                "Added. Choose them under 'Vote for' and place their dots."):  # fmt: skip
            self.proxy.value = pid
            self.proxy_name.value = ""

    def vote_for_proxy(self: VotingConsole, option_id: str, step: int) -> None:  # type: ignore[misc]
        person = self._proxy_row()

        def plan() -> list[Event]:
            current = self.voting.current
            if current is None or person is None:
                raise VotingError("Choose the person you are voting for.")
            ballot = self.voting.ballot(
                current.round_id, person["participant_id"], person["group_id"], "facilitator"
            )
            return [ballot.add(option_id) if step > 0 else ballot.remove(option_id)]

        self._apply(plan, "Saved their dot.")

    def save_paper(self: VotingConsole) -> None:  # type: ignore[misc]
        current = self.voting.current

        def plan() -> list[Event]:
            if current is None:
                raise VotingError("There is no round yet.")
            counts = {box.option_id: box.value for box in self.paper_counts.children}
            return self.voting.paper_tally(
                current.round_id, self.paper_group.value, counts, people=self.paper_people.value
            )

        if self._apply(plan, "Paper tally saved."):
            for box in self.paper_counts.children:
                box.value = 0
            self.paper_people.value = 0

    def _proxy_row(self: VotingConsole) -> Row | None:  # type: ignore[misc]
        people = latest_state(self.state.participants, ("participant_id",), ("left",))
        return next((p for p in people if p["participant_id"] == self.proxy.value), None)

    def _draw_proxy_ballot(self: VotingConsole) -> None:  # type: ignore[misc]
        person, current = self._proxy_row(), self.voting.current
        self.proxy_ballot.ballot = (self.voting.ballot(
            current.round_id, person["participant_id"], person["group_id"], "facilitator")
            if person and current else None)  # fmt: skip

    def _draw_paper_counts(self: VotingConsole) -> None:  # type: ignore[misc]
        """One box per option, numbered as on the paper sheet."""
        current = self.voting.current
        numbered = self.voting.numbered(current.round_id) if current else []
        shown = [(b.option_id, b.description) for b in self.paper_counts.children]
        if shown != [(o.option_id, f"{n}. {o.label}") for n, o in numbered]:
            boxes = []
            for n, o in numbered:
                box = widgets.BoundedIntText(
                    0,
                    min=0,
                    max=1000,
                    description=f"{n}. {o.label}",
                    style={"description_width": "initial"},
                    layout=widgets.Layout(width="40em"),
                )
                box.option_id = o.option_id
                boxes.append(box)
            self.paper_counts.children = boxes
