"""The participant's phone screen: join a group, raise issues, rate them. Kept light: no
pandas or altair, since every phone starts a kernel of its own."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from toolkit.domain.events import Row
from toolkit.domain.guesses import GuessLimit
from toolkit.domain.issues import Issue, IssueError
from toolkit.domain.participants import ParticipantError, code_hash, find_by_code, normalise_code
from toolkit.domain.priorities import PriorityError, check_points, check_rank, check_score
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec, PrioritySettings
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import VotingError
from toolkit.widgets.ballot import BallotView
from toolkit.widgets.follow import FollowsSession
from toolkit.widgets.rating import RatingRow
from toolkit.widgets.status import StatusLine

Record = Callable[[str, str, Mapping[str, Any]], Row]  # (table, event, values) -> saved row


class ParticipantView(FollowsSession, widgets.VBox):  # type: ignore[misc]
    """One phone. Its state is one SessionState, read back from the session's records."""

    state = traitlets.Instance(SessionState)

    def __init__(
        self,
        groups: Sequence[GroupSpec],
        categories: Sequence[str],
        priorities: PrioritySettings,
        record: Record,
        read_new: Callable[[], Mapping[str, Sequence[Row]]],
        new_id: Callable[[str], str],
        new_code: Callable[[], str],
        texts: Texts = ENGLISH,
        names: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`texts`: what the page says, in the template's language; `names`: whether
        people may give a name (the template's privacy setting); `clock`: seconds, for the
        pause after too many wrong personal codes."""
        self.texts, self.names = (say := texts), names
        self.groups, self.categories, self.priorities = groups, tuple(categories), priorities
        self._record, self._read_new, self._new_id = record, read_new, new_id
        self._new_code = new_code
        self._clock, self._guesses = clock, GuessLimit(misses=5, window=600, pause=30)
        self.code = ""
        self.status = StatusLine()
        self.step_title = widgets.HTML()
        # joining
        self.group = widgets.ToggleButtons(
            options=[(f"{g.letter}  {g.name}", g.id) for g in groups],
            value=None,
            description=say.say("join.group"),
            style={"description_width": "initial", "button_width": "auto"},
        )
        self.display_name = widgets.Text(
            description=say.say("join.name"),
            placeholder=say.say("join.name_hint"),
            style={"description_width": "initial"},
        )
        self.join_button = widgets.Button(description=say.say("join.button"),
                                          button_style="primary")  # fmt: skip
        self.join_button.on_click(lambda _: self.join())
        self.code_text = widgets.Text(
            description=say.say("join.code"),
            placeholder=say.say("join.code_hint"),
            style={"description_width": "initial"},
        )
        self.return_button = widgets.Button(
            description=say.say("join.return"), layout=widgets.Layout(width="auto")
        )
        self.return_button.on_click(lambda _: self.come_back())
        self.join_panel = widgets.VBox([
            widgets.HTML(f"<h2>{escape(say.say('join.welcome'))}</h2><p>"
                         + escape(say.say("join.intro" if names else "join.intro_no_names"))
                         + "</p>"),
            self.group, *([self.display_name] if names else []), self.join_button,
            widgets.HTML(f"<h3>{escape(say.say('join.again'))}</h3>"
                         f"<p>{escape(say.say('join.again_intro'))}</p>"),
            self.code_text, self.return_button])  # fmt: skip
        self.code_banner = widgets.HTML()
        self.ballot = BallotView(self.vote, texts)
        # raising issues
        self.issue_text = widgets.Textarea(
            placeholder=say.say("issue.hint"), layout=widgets.Layout(width="100%", height="6em")
        )
        self.category = widgets.Dropdown(
            options=[(say.say("issue.no_category"), "")] + [(c, c) for c in categories],
            value="",
            description=say.say("issue.category"),
        )
        self.send_button = widgets.Button(description=say.say("issue.send"),
                                          button_style="primary")  # fmt: skip
        self.send_button.on_click(lambda _: self.send_issue())
        self.my_issues = widgets.HTML()
        self.issues_panel = widgets.VBox(
            [self.issue_text, self.category, self.send_button, self.my_issues]
        )
        # rating
        self.rows: dict[str, RatingRow] = {}
        self.rating_panel = widgets.VBox()
        self.wait_panel = widgets.HTML(f"<p>{escape(say.say('phone.wait'))}</p>")
        self.body = widgets.VBox([self.join_panel])
        super().__init__([self.step_title, self.body, self.status])
        self.add_class("toolkit-app")
        self.add_class("toolkit-participant")
        self.observe(self._redraw_on_state_change, "state")
        self.state = SessionState()

    # Public actions

    def join(self) -> None:
        group_id = self.group.value
        if group_id not in {g.id for g in self.groups}:
            self.status.show(self.texts.say("join.choose_group"), "error")
            return
        pid, code = self._new_id("P"), self._new_code()
        name = " ".join(self.display_name.value.split())[:80] if self.names else ""
        values = {"participant_id": pid, "group_id": group_id, "display_name": name,
                  "channel": "device", "code_hash": code_hash(pid, code)}  # fmt: skip
        if self._save("participants", "joined", values):
            self.code = code
            self.state = replace(self.state, participant_id=pid, group_id=group_id)
            self.status.show(self.texts.say("join.joined", code=code))

    def come_back(self) -> None:
        """Return to one's own ballot after a reload, with the personal code. Five wrong codes
        in ten minutes make this page wait half a minute (a new page costs a new kernel)."""
        now = self._clock()
        wait = self._guesses.wait("", now)
        if wait:
            self.status.show(self.texts.say("join.code_wait", seconds=wait), "error")
            return
        try:
            self.refresh()
            row = find_by_code(self.state.participants, self.code_text.value)
        except ParticipantError as exc:
            if exc.key == "join.code_unknown":
                self._guesses.missed("", now)
            self.status.show(self.texts.error(exc), "error")
            return
        self._guesses.succeeded("")
        self.code = normalise_code(self.code_text.value)
        self.code_text.value = ""
        self.state = replace(self.state, participant_id=row["participant_id"],
                             group_id=row["group_id"])  # fmt: skip
        self.status.show(self.texts.say("join.welcome_back"))

    def vote(self, option_id: str, step: int) -> None:
        """Place (+1) or take back (-1) one dot; each dot is saved as it is placed."""
        if not self._joined():
            return
        self.refresh()
        phone, current = self.state, self.state.voting.current
        try:
            if current is None:
                raise VotingError("No vote is open yet.", "vote.no_round")
            ballot = phone.voting.ballot(current.round_id, phone.participant_id, phone.group_id)
            event = ballot.add(option_id) if step > 0 else ballot.remove(option_id)
        except VotingError as exc:
            self.status.show(self.texts.error(exc), "error")
            return
        if self._save(event.table, event.event, event.values):
            left = self.ballot.ballot.left if self.ballot.ballot else 0
            self.status.show(self.texts.say("ballot.saved", count=left, left=left))

    def send_issue(self) -> None:
        if not self._joined():
            return
        try:
            self.refresh()
            change = self.state.board.raise_issue(
                Issue(
                    self._new_id("I"),
                    self.issue_text.value,
                    self.category.value,
                    self.state.participant_id,
                    self.state.group_id,
                    "device",
                ),
                self.categories,
                is_open=self.state.room.raising_open,
                allow_duplicate=True,
            )
        except IssueError as exc:
            self.status.show(self.texts.error(exc), "error")
            return
        if self._save("issues", change.event, change.values()):
            self.issue_text.value = ""
            self.status.show(self.texts.say("issue.sent"))

    def rate(self, issue_id: str, values: dict[str, Any]) -> None:
        """Save this participant's rating, rank or points for one issue as they change it."""
        if not self._joined():
            return
        self.refresh()  # the facilitator may have closed prioritising a moment ago
        phone = self.state
        rater = (phone.participant_id, phone.group_id)
        mine = list(phone.my_ratings().values())
        try:
            if not phone.room.rating_open:
                raise PriorityError("Prioritising is closed for now. Nothing was saved.",
                                    "rate.closed")  # fmt: skip
            issue = phone.board.get(issue_id)
            if not issue.active:
                raise PriorityError("That issue is no longer on the board.", "rate.gone")
            check_score(values.get("importance"), "importance")
            check_score(values.get("feasibility"), "feasibility")
            check_rank(mine, rater, issue_id, values.get("rank"), len(phone.board.active))
            check_points(mine, rater, issue_id, values.get("points"), self.priorities.points_budget)
        except (PriorityError, IssueError) as exc:
            self.status.show(self.texts.error(exc), "error")
            if issue_id in self.rows:  # a stale page may send for a row no longer drawn
                self.rows[issue_id].load(phone.my_ratings().get(issue_id))  # back to saved
            return
        saved = {**(phone.my_ratings().get(issue_id) or {}), **values}
        row = {
            "issue_id": issue_id,
            "participant_id": rater[0],
            "group_id": rater[1],
            "channel": "device",
            **{k: saved.get(k) for k in ("importance", "feasibility", "rank", "points")},
        }
        if self._save("ratings", "rated", row):
            self.status.show(self.texts.say("rate.saved", number=phone.board.number(issue_id)))

    def _joined(self) -> bool:
        """Only someone who has joined can send issues, rate or vote."""
        if not self.state.joined:
            self.status.show(self.texts.say("join.first"), "error")
        return self.state.joined

    def _save(self, table: str, event: str, values: Mapping[str, Any]) -> bool:
        try:
            self._record(table, event, values)
        except (ValueError, OSError) as exc:
            self.status.show(str(exc), "error")
            return False
        self.refresh()
        return True

    # Drawing

    def _redraw_on_state_change(self, change: dict[str, Any]) -> None:
        phone = self.state
        if not phone.joined:
            self.step_title.value = f"<h1>{escape(self.texts.say('join.title'))}</h1>"
            return
        step = phone.room.phone_step
        self.step_title.value = f"<h1>{escape(self.texts.say(f'step.{step}'))}</h1>"
        panel = {"issues": self.issues_panel, "rating": self.rating_panel,
                 "vote": self.ballot}.get(step, self.wait_panel)  # fmt: skip
        if step == "rating":
            self._sync_rating_rows()
        current = phone.voting.current
        self.ballot.ballot = (
            phone.voting.ballot(current.round_id, phone.participant_id, phone.group_id)
            if current
            else None
        )
        mine = "".join(f"<li>{escape(text)}</li>" for text in phone.my_issues())
        # h2: it sits under the step's h1 (axe: heading-order)
        yours = escape(self.texts.say("issue.yours"))
        self.my_issues.value = f"<h2>{yours}</h2><ul>{mine}</ul>" if mine else ""
        group = next((g.name for g in self.groups if g.id == phone.group_id), "")
        banner = self.texts.markup(
            "phone.code_banner", group=escape(group), code=f"<b>{escape(self.code)}</b>"
        )
        self.code_banner.value = f"<p class='toolkit-code'>{banner}</p>" if self.code else ""
        if self.body.children != (self.code_banner, panel):
            self.body.children = (self.code_banner, panel)

    def _sync_rating_rows(self) -> None:
        board, method = self.state.board, self.priorities.method
        active = board.active
        ids = [i.issue_id for i in active]
        if list(self.rows) != ids:
            labels = (self.texts.say("rate.importance"), self.texts.say("rate.feasibility"))
            self.rows = {i.issue_id: self.rows.get(i.issue_id) or RatingRow(
                i.issue_id, f"{board.number(i.issue_id)}. {i.text}", method, len(active),
                self.priorities.points_budget, labels, self.rate) for i in active}  # fmt: skip
            intro = self.texts.say(f"rate.intro_{method}", points=self.priorities.points_budget)
            self.rating_panel.children = [
                widgets.HTML(f"<p>{escape(intro)}</p>"),
                *self.rows.values(),
            ]
        mine = self.state.my_ratings()
        for issue_id, row in self.rows.items():
            row.load(mine.get(issue_id))
