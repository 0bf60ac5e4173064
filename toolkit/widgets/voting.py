"""The facilitator's dot-voting screen: rounds and rules, progress, the other channels, results
(a new round and its rule fields are in new_round.py, votes without a phone in
votes_without_a_phone.py: mixins of VotingConsole)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit import charts
from toolkit.charts.browser import browser_chart
from toolkit.domain.cuts import TopCut
from toolkit.domain.events import Row, latest_state
from toolkit.domain.projector import count_value, projector_count
from toolkit.domain.results import display, revealed_tallies, voters
from toolkit.domain.room import PHONE_STEP_KEY, PHONE_STEPS, check_step
from toolkit.domain.sheets import MOST_ON_A_SHEET
from toolkit.domain.state import SessionState
from toolkit.domain.tally import Tally, describe_tally
from toolkit.domain.template import GroupSpec
from toolkit.domain.template_settings import VotingSettings
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import Event, Voting
from toolkit.widgets.agreement import agreement_html
from toolkit.widgets.ballot import BallotView
from toolkit.widgets.display_groups import DisplayGroupsPanel
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.new_round import NewRound
from toolkit.widgets.phone_step import phone_step_toggle
from toolkit.widgets.status import StatusLine
from toolkit.widgets.votes_without_a_phone import VotesWithoutAPhone

Record = Callable[[str, str, Mapping[str, Any]], Row]


def results_chart(
    tallies: Sequence[Tally],
    groups: Sequence[GroupSpec],
    mode: str,
    width: int = 1000,
    texts: Texts = ENGLISH,
    wrap: int = 0,
    positions: range | None = None,
) -> str:
    """The revealed rounds side by side (drawn by the page), small groups folded into 'Other groups'
    (only the options at `positions` on the ballot, for a page of a long round)."""
    chart = charts.tally_results(
        tallies, groups, mode, width, texts=texts, wrap=wrap, positions=positions
    )
    return browser_chart(chart)


class VotingConsole(NewRound, VotesWithoutAPhone, FollowsSession, widgets.VBox):  # type: ignore[misc]
    """Rounds of dot-voting. The facilitator sees how many have finished, never who chose
    what, until the round is revealed."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        threshold: int,
        defaults: VotingSettings,
        record: Record,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        new_id: Callable[[str], str],
        names: bool = True,
    ) -> None:
        """`names`: whether a person added without a phone may be given a name (the
        template's privacy setting)."""
        self.names = names
        self.groups, self.threshold = list(groups), threshold
        self._record, self._read_new, self._new_id = record, read_new, new_id
        self.status = StatusLine()
        self._rules_for: tuple[Any, ...] = ()  # what the rule fields were last filled from
        self._cut: TopCut | None = None  # the last round's top a new round was made from
        style = {"description_width": "12em"}
        toggles = {"description_width": "12em", "button_width": "auto"}
        group_options = [(f"{g.letter} {g.name}", g.id) for g in groups]

        self.phone_step = phone_step_toggle(self.set_phone_step)

        # a new round
        self.source = widgets.ToggleButtons(options=[
            ("the shortlist", "shortlist"), ("the last round's top", "top"),
            ("options typed here", "typed")], value="shortlist", description="Vote on",
            style=toggles)  # fmt: skip
        self.typed = widgets.Textarea(
            placeholder="one option per line", layout=widgets.Layout(width="100%", height="6em")
        )
        self.keep_top = widgets.BoundedIntText(
            3, min=2, max=30, description="How many on top", style=style
        )
        # One set of rule fields: the current round's while it is a draft or open (then
        # *Change the rules* applies them), else the next round's, from the template.
        self.defaults = defaults  # the template's rules per round, changeable here
        self.rules_title = widgets.HTML()
        self.dots = widgets.BoundedIntText(
            0, min=0, max=100, style=style, description="Dots each (0: N/3)",
            tooltip="0: a third of the number of options, rounded up, at most 20",
        )  # fmt: skip
        self.cap = widgets.BoundedIntText(
            3, min=1, max=100, style=style, description="Most on one option"
        )
        self.stacking = widgets.Checkbox(True, description="Several dots on one option")
        self.min_spend = widgets.BoundedIntText(
            0, min=0, max=100, style=style, description="Dots to spend at least"
        )
        self.shuffle = widgets.Checkbox(False, description="Shuffle options per person")
        self.facilitator_votes = widgets.Checkbox(False, description="The facilitator votes too")
        self.start_button = widgets.Button(
            description="Create and open voting", button_style="primary", icon="play",
            tooltip="Creates the round with these rules, opens it and sets the phones to vote",
        )  # fmt: skip
        self.start_button.on_click(lambda _: self.start_round())
        self.create_button = widgets.Button(
            description="Create the round", tooltip="A draft round: open it later (Open voting)"
        )
        self.create_button.on_click(lambda _: self.create_round())

        # the current round
        self.round_info = widgets.HTML()
        self.open_button = widgets.Button(description="Open voting", button_style="success")
        self.close_button = widgets.Button(description="Close voting", button_style="warning")
        self.reveal_button = widgets.Button(description="Reveal results", button_style="info")
        self.open_button.on_click(lambda _: self.advance("open"))
        self.close_button.on_click(lambda _: self.advance("closed"))
        self.reveal_button.on_click(lambda _: self.advance("revealed"))
        self.rules_button = widgets.Button(description="Change the rules of this round")
        self.rules_button.on_click(lambda _: self.change_rules())

        # people without a device, and paper sheets
        self.proxy_group = widgets.Dropdown(options=group_options, description="Group", style=style)
        self.proxy_name = widgets.Text(description="Name (optional)", style=style)
        if not names:  # the template asks nobody for a name
            self.proxy_name.layout.display = "none"
        self.proxy_button = widgets.Button(description="Add a person without a device")
        self.proxy_button.on_click(lambda _: self.add_proxy())
        self.proxy = widgets.Dropdown(
            options=[("-", "")], value="", description="Vote for", style=style
        )
        self.proxy.observe(lambda _: self._draw_proxy_ballot(), "value")
        self.proxy_ballot = BallotView(self.vote_for_proxy)
        self.paper_group = widgets.Dropdown(
            options=group_options, description="Sheet of", style=style
        )
        self.paper_counts = widgets.VBox()
        # how many voted on the sheet: without it the sheet makes no group large enough to
        # be named in the results (toolkit.domain.sheets)
        self.paper_people = widgets.BoundedIntText(
            value=0, min=0, max=MOST_ON_A_SHEET, description="People on it", style=style,
            tooltip="How many people voted on this sheet (0 if not known)",
        )  # fmt: skip
        self.paper_button = widgets.Button(description="Save the paper tally")
        self.paper_button.on_click(lambda _: self.save_paper())

        # results
        self.mode = widgets.ToggleButtons(
            options=[("Raw dots", "raw"), ("Each group equal", "equal")],
            value="raw",
            description="Count",
            style=toggles,
            tooltip="Here and on the projector",
        )
        self.mode.observe(lambda _: self.set_count(self.mode.value), "value")
        self.results = widgets.HTML()
        self.results.add_class("toolkit-map")
        self.agreement = widgets.HTML()
        self.agreement.add_class("toolkit-map")
        self._agreement_key: tuple[object, ...] = ()
        self.results_words = widgets.HTML()
        self.shown_groups = DisplayGroupsPanel(groups, threshold, record, self.refresh)

        for b in (
            self.start_button,
            self.create_button,
            self.open_button,
            self.close_button,
            self.reveal_button,
            self.rules_button,
            self.proxy_button,
            self.paper_button,
        ):
            b.layout.width = "auto"
        for control in (self.keep_top, self.dots, self.cap, self.min_spend, self.proxy_group,
                        self.proxy_name, self.proxy, self.paper_group):  # fmt: skip
            control.layout.width = "26em"  # wide enough to read and type into
        self.paper_button.layout.width = "auto"
        row = widgets.HBox
        # In the order of a vote: a new round (what on, create and open), this round (its
        # progress, close, reveal), then what is used rarely, folded, then the results.
        rules = widgets.VBox([
            self.rules_title, row([self.dots, self.cap]), self.min_spend,
            row([self.stacking, self.shuffle, self.facilitator_votes]), row([self.rules_button]),
        ])  # fmt: skip
        rules.add_class("toolkit-voting-rules")
        self.next_rules = widgets.HTML()  # the next round's rules in words, above its button
        self.new_round = widgets.VBox([
            widgets.HTML("<h2>A new round</h2>"), self.source, self.keep_top, self.typed,
            self.next_rules, row([self.start_button, self.create_button]),
        ])  # fmt: skip
        self.source.observe(lambda _: self._show_source_fields(), "value")
        self._show_source_fields()
        this_round = widgets.VBox([
            widgets.HTML("<h2>This round</h2>"), self.round_info,
            row([self.open_button, self.close_button, self.reveal_button]),
        ])  # fmt: skip
        without_phone = widgets.VBox([
            row([self.proxy_group, self.proxy_name, self.proxy_button]), self.proxy,
            self.proxy_ballot,
        ])  # fmt: skip
        paper = widgets.VBox(
            [self.paper_group, self.paper_people, self.paper_counts, self.paper_button]
        )
        self.more = widgets.Accordion(
            [rules, self.shown_groups, without_phone, paper],
            titles=("Rule details", "Groups shown in the results", "Votes without a phone",
                    "Paper sheets"),
        )  # fmt: skip
        self.more.add_class("toolkit-folded")
        results = widgets.VBox([self.results, self.results_words, self.agreement])
        results.add_class("toolkit-results-box")
        super().__init__([
            row([widgets.HTML("<h1>Dot-voting</h1>"), self.phone_step],
                layout=widgets.Layout(align_items="center", flex_flow="row wrap",
                                      grid_gap="0 1.5em")),
            self.status, self.new_round, this_round, self.more,
            widgets.HTML("<h2>Results</h2>"), self.mode, results,
        ])  # fmt: skip
        self.add_class("toolkit-app")
        self.add_class("toolkit-voting")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    @property
    def voting(self) -> Voting:
        return self.state.voting

    # Public actions

    def set_phone_step(self, step: str) -> None:
        if step != self.state.room.phone_step:
            self._apply(
                lambda: [
                    Event("settings", "set", {"key": PHONE_STEP_KEY, "value": check_step(step)})
                ],
                f"Phones now show: {PHONE_STEPS.get(step, step)}.",
            )

    def set_count(self, count: str) -> None:
        """Raw dots or each group equal, here and on the projector (recorded)."""
        if count != projector_count(self.state.settings):
            self._apply(lambda: [Event("settings", "set", count_value(count))],
                        "The projector shows the same count.")  # fmt: skip
        self._draw_results()

    def advance(self, to: str) -> None:
        current = self.voting.current
        done = {
            "open": "Voting is open.",
            "closed": "Voting is closed; ballots are locked.",
            "revealed": "Results revealed.",
        }[to]
        self._apply(lambda: [self.voting.advance(current.round_id if current else "", to)], done)

    # Helpers

    def _apply(self, plan: Callable[[], list[Event]], done: str) -> bool:
        try:
            self.refresh()
            for e in plan():
                self._record(e.table, e.event, e.values)
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
            return False
        finally:
            self.refresh()
        self.status.show(done)
        return True

    # Drawing

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        if self.phone_step.value != self.state.room.phone_step:
            self.phone_step.value = self.state.room.phone_step
        if self.mode.value != projector_count(self.state.settings):
            self.mode.value = projector_count(self.state.settings)
        self._fill_rules()
        current = self.voting.current
        if current is None:
            self.round_info.value = "<p>No round yet: create one below.</p>"
        else:
            p = self.voting.progress(current.round_id, voters(self.state))
            items = "".join(f"<li>{escape(x)}</li>" for x in current.rules.sentences())
            self.round_info.value = (
                f"<p><b>Round {current.number}</b> is <b>{current.status}</b>. The rules, "
                f"to read out:</p><ul class='toolkit-say toolkit-rules'>{items}</ul>"
                "<div class='toolkit-counts'>"
                f"<div class='toolkit-count'><strong>{p.joined}</strong>joined</div>"
                f"<div class='toolkit-count'><strong>{p.finished}</strong>finished</div>"
                f"<div class='toolkit-count'><strong>{p.unspent}</strong>dots unspent</div>"
                "</div>")  # fmt: skip
        status = current.status if current else ""
        self.open_button.disabled = status != "draft"
        self.close_button.disabled = status != "open"
        self.reveal_button.disabled = status != "closed"
        self.rules_button.disabled = status not in ("draft", "open")
        self.start_button.disabled = self.create_button.disabled = status in ("draft", "open")
        # While a round is a draft or open, a new one cannot start: its box folds away.
        self.new_round.layout.display = "none" if status in ("draft", "open") else "flex"
        people = [
            p
            for p in latest_state(self.state.participants, ("participant_id",), ("left",))
            if p["channel"] == "facilitator"
        ]
        names = {g.id: g.name for g in self.groups}
        options = [("-", "")] + [(f"{p['display_name'] or p['participant_id']} "
                                  f"({names.get(p['group_id'], '?')})", p["participant_id"])
                                 for p in people]  # fmt: skip
        keep = self.proxy.value if self.proxy.value in {v for _, v in options} else ""
        self.proxy.options, self.proxy.value = options, keep
        self._draw_proxy_ballot()
        self._draw_paper_counts()
        self.shown_groups.show(self.state)
        self._draw_results()

    def _draw_results(self) -> None:
        tallies = revealed_tallies(self.state, self.groups, self.threshold)
        if not tallies:
            self.results.value = "<p>Results appear here when a round is revealed.</p>"
            self.results_words.value = self.agreement.value = ""
            return
        shown = display(self.state, self.groups, self.threshold).groups  # merged as set
        self.results.value = results_chart(tallies, shown, self.mode.value)
        self.results_words.value = (
            "<p class='toolkit-summary'>"
            + escape(" ".join(describe_tally(t, self.mode.value) for t in tallies))
            + "</p>"
        )
        voting = self.state.voting
        key = (len(tallies), len(voting.vote_rows), len(self.state.participants), voting.shown_as)
        if key != self._agreement_key:
            self._agreement_key = key
            self.agreement.value = agreement_html(self.state, self.groups, self.threshold)
