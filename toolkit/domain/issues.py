"""Issues raised in the room: raising, moderation, edits, merges with their trace, tags.

An issue sent from a phone while the facilitator holds phones' issues is recorded at once
with the event 'held' instead of 'raised': it is on no projector and no other phone until a
'shown' event (or a merge into an issue on the board: the facilitator read it). Held is not
a column of issues.csv: it follows from the events, as `after_event` reads them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.domain.events import Row, latest_state
from toolkit.domain.texts import TextError

CHANNELS = ("device", "facilitator", "paper")
MOSCOW = ("must", "should", "could", "wont")
MOSCOW_LABELS = {"must": "Must", "should": "Should", "could": "Could", "wont": "Won't this time"}
TEXT_LIMIT = 300  # about what fits on a card
RELEASING = ("shown", "merged")  # the events that end a hold: the facilitator has read it


class IssueError(TextError):
    """An issue change that cannot be made; the message says what to do instead."""


class DuplicateIssueWarning(IssueError):
    """The same text is already on the board; the facilitator may add it anyway."""


@dataclass(frozen=True)
class Issue:
    issue_id: str
    text: str
    category: str = ""
    participant_id: str = ""
    group_id: str = ""
    channel: str = "facilitator"
    hidden: bool = False
    merged_into: str = ""
    moscow: str = ""
    shortlisted: bool = False
    held: bool = False  # from the events, never a cell: see `after_event`

    def values(self) -> dict[str, Any]:
        return {
            "issue_id": self.issue_id, "text": self.text, "category": self.category,
            "participant_id": self.participant_id, "group_id": self.group_id,
            "channel": self.channel, "hidden": self.hidden, "merged_into": self.merged_into,
            "moscow": self.moscow, "shortlisted": self.shortlisted,
        }  # fmt: skip

    @classmethod
    def from_row(cls, row: Row) -> Issue:
        return cls(
            issue_id=row["issue_id"], text=row["text"], category=row["category"] or "",
            participant_id=row["participant_id"] or "", group_id=row["group_id"] or "",
            channel=row["channel"] or "facilitator", hidden=bool(row["hidden"]),
            merged_into=row["merged_into"] or "", moscow=row["moscow"] or "",
            shortlisted=bool(row["shortlisted"]),
        )  # fmt: skip

    @property
    def active(self) -> bool:
        """On the board: neither hidden, nor merged into another issue, nor held for a check."""
        return not self.hidden and not self.merged_into and not self.held

    @property
    def waiting(self) -> bool:
        """Held for the facilitator's check and not hidden since: in the console's queue."""
        return self.held and not self.hidden


@dataclass(frozen=True)
class IssueChange:
    event: str
    issue: Issue

    def values(self) -> dict[str, Any]:
        return self.issue.values()


def tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


@dataclass(frozen=True)
class IssueBoard:
    """Every issue raised, derived from the events of issues.csv, in the order raised."""

    events: tuple[Row, ...] = ()
    _by_id: dict[str, Issue] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_events(cls, rows: Iterable[Row]) -> IssueBoard:
        events = tuple(rows)
        by_id: dict[str, Issue] = {}
        for row in events:
            by_id[row["issue_id"]] = after_event(by_id.get(row["issue_id"]), row)
        return cls(events, by_id)

    def with_events(self, rows: Sequence[Row]) -> IssueBoard:
        return IssueBoard.from_events(self.events + tuple(rows)) if rows else self

    @property
    def all(self) -> tuple[Issue, ...]:
        return tuple(self._by_id.values())

    @property
    def active(self) -> tuple[Issue, ...]:
        return tuple(i for i in self._by_id.values() if i.active)

    @property
    def waiting(self) -> tuple[Issue, ...]:
        """Issues from phones held for the facilitator's check, in the order raised."""
        return tuple(i for i in self._by_id.values() if i.waiting)

    def raised_at(self, issue_id: str) -> str:
        """The timestamp of the issue's first event (when it reached the record)."""
        return next((str(r["timestamp"] or "") for r in self.events
                     if r["issue_id"] == issue_id), "")  # fmt: skip

    @property
    def shortlist(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.active if i.shortlisted)

    @property
    def backlog(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.active if not i.shortlisted)

    def number(self, issue_id: str) -> int:
        """The issue's number as said in the room: its place in the order raised."""
        return list(self._by_id).index(issue_id) + 1

    def numbers(self) -> dict[str, int]:
        """Every issue's `number` (issue id -> number), hidden and merged ones included."""
        return {issue_id: n for n, issue_id in enumerate(self._by_id, 1)}

    def hidden_ids(self) -> frozenset[str]:
        """The issues hidden now: their words are on no surface, options of rounds included."""
        return frozenset(i.issue_id for i in self._by_id.values() if i.hidden)

    def get(self, issue_id: str) -> Issue:
        try:
            return self._by_id[issue_id]
        except KeyError:
            raise IssueError("That issue is not on the board; pick one from the list.") from None

    def sources(self, issue_id: str) -> tuple[Issue, ...]:
        """Every issue merged into this one, directly or through another merge."""
        direct = [i for i in self._by_id.values() if i.merged_into == issue_id]
        return tuple(x for i in direct for x in (i, *self.sources(i.issue_id)))

    def groups(self, issue_id: str) -> tuple[str, ...]:
        """The groups of everyone who raised this issue or one merged into it."""
        raisers = (self.get(issue_id), *self.sources(issue_id))
        return tuple(dict.fromkeys(i.group_id for i in raisers if i.group_id))

    def duplicate_of(self, text: str, except_id: str = "") -> Issue | None:
        key = _key(text)
        return next((i for i in self.active if _key(i.text) == key
                     and i.issue_id != except_id), None)  # fmt: skip

    # Each method returns the change to record; the board changes when it is read back.

    def raise_issue(
        self,
        issue: Issue,
        categories: Sequence[str] = (),
        is_open: bool = True,
        allow_duplicate: bool = False,
        held: bool = False,
    ) -> IssueChange:
        """The issue raised, or with `held` raised and held for the facilitator's check."""
        if not is_open:
            raise IssueError(
                "Raising issues is closed for now: the facilitator will say when "
                "it opens again. Nothing was saved.",
                "issue.closed",
            )
        issue = replace(
            issue,
            text=_checked_text(issue.text),
            hidden=False,
            merged_into="",
            moscow="",
            shortlisted=False,
            held=held,
        )
        _check_category(issue.category, categories)
        if issue.channel not in CHANNELS:
            raise IssueError(f"Unknown channel {issue.channel!r}; use {', '.join(CHANNELS)}.")
        if issue.issue_id in self._by_id:
            raise IssueError("That issue id is taken; try again.")
        twin = self.duplicate_of(issue.text)
        if twin and not allow_duplicate:
            raise DuplicateIssueWarning(
                f"Issue {self.number(twin.issue_id)} already says this: '{twin.text}'. "
                "Add it anyway only if it is a different issue, or merge them later."
            )
        return IssueChange("held" if held else "raised", issue)

    def edit(
        self, issue_id: str, text: str, category: str, categories: Sequence[str] = ()
    ) -> IssueChange:
        before = self.get(issue_id)
        after = replace(before, text=_checked_text(text), category=category)
        _check_category(category, categories)
        if after == before:
            raise IssueError("Nothing changed: edit the wording or the category first.")
        return IssueChange("edited", after)

    def hide(self, issue_id: str) -> IssueChange:
        issue = self.get(issue_id)
        if issue.hidden:
            raise IssueError(f"Issue {self.number(issue_id)} is already hidden.")
        return IssueChange("hidden", replace(issue, hidden=True, shortlisted=False))

    def show(self, issue_id: str) -> IssueChange:
        """The facilitator has checked a held issue: it goes on the board for the room."""
        issue = self.get(issue_id)
        n = self.number(issue_id)
        if not issue.held:
            raise IssueError(f"Issue {n} is not waiting for a check; it is shown already.")
        if issue.hidden:
            raise IssueError(f"Issue {n} is hidden; unhide it first (it goes back to the queue).")
        return IssueChange("shown", replace(issue, held=False))

    def show_edited(
        self, issue_id: str, text: str, category: str, categories: Sequence[str] = ()
    ) -> list[IssueChange]:
        """A held issue reworded (its personal details taken out, say), then shown: the
        changes to record, in order; unchanged words are only shown."""
        self.show(issue_id)  # refused before anything is recorded if it cannot be shown
        try:
            edit = self.edit(issue_id, text, category, categories)
        except IssueError as exc:
            if not str(exc).startswith("Nothing changed"):
                raise
            return [self.show(issue_id)]
        return [edit, IssueChange("shown", replace(edit.issue, held=False))]

    def unhide(self, issue_id: str) -> IssueChange:
        issue = self.get(issue_id)
        if not issue.hidden:
            raise IssueError(f"Issue {self.number(issue_id)} is not hidden.")
        return IssueChange("unhidden", replace(issue, hidden=False))

    def merge(self, source_id: str, target_id: str) -> IssueChange:
        """Fold a duplicate into another issue; the duplicate is kept, pointing at it."""
        source, target = self.get(source_id), self.get(target_id)
        n, m = self.number(source_id), self.number(target_id)
        if source_id == target_id:
            raise IssueError(f"Issue {n} cannot be merged into itself; pick another issue.")
        if source.merged_into:
            raise IssueError(
                f"Issue {n} is already merged into issue "
                f"{self.number(source.merged_into)}; undo that merge first."
            )
        if target.hidden or source.hidden:
            raise IssueError("Hidden issues cannot be merged; unhide them first.")
        if target.held:
            raise IssueError(
                f"Issue {m} is waiting for a check; show it first, or merge into an issue "
                "on the board."
            )
        if target.merged_into:
            raise IssueError(
                f"Issue {m} is itself merged into issue "
                f"{self.number(target.merged_into)}; merge into that one instead."
            )
        # merging a held issue is the facilitator's check: it counts for the issue it joins
        merged = replace(source, merged_into=target_id, shortlisted=False, held=False)
        return IssueChange("merged", merged)

    def unmerge(self, source_id: str) -> IssueChange:
        source = self.get(source_id)
        if not source.merged_into:
            raise IssueError(f"Issue {self.number(source_id)} is not merged into another.")
        return IssueChange("unmerged", replace(source, merged_into=""))

    def tag(self, issue_id: str, moscow: str) -> IssueChange:
        if moscow not in ("", *MOSCOW):
            raise IssueError(f"MoSCoW tag must be one of {', '.join(MOSCOW)} (or none).")
        return IssueChange("tagged", replace(self._active(issue_id), moscow=moscow))

    def set_shortlist(self, issue_ids: Iterable[str]) -> list[IssueChange]:
        """The changes that make exactly these issues the shortlist; the rest is backlog."""
        wanted = list(dict.fromkeys(issue_ids))
        for issue_id in wanted:
            self._active(issue_id)
        if len(wanted) == 1 and len(self.active) > 1:
            raise IssueError(
                "Keep at least two issues on the shortlist: a vote is never "
                "reduced to a single item."
            )
        changes = [
            self.shortlisting(i.issue_id, True)
            for i in self.active
            if i.issue_id in wanted and not i.shortlisted
        ]
        changes += [
            self.shortlisting(i.issue_id, False)
            for i in self.active
            if i.issue_id not in wanted and i.shortlisted
        ]
        if not changes:
            raise IssueError("The shortlist is already exactly these issues.")
        return changes

    def shortlisting(self, issue_id: str, on: bool) -> IssueChange:
        """One issue put on the shortlist (or taken off it): only an issue on the board."""
        issue = replace(self._active(issue_id), shortlisted=on)
        return IssueChange("shortlisted" if on else "unshortlisted", issue)

    def _active(self, issue_id: str) -> Issue:
        issue = self.get(issue_id)
        if not issue.active:
            state = ("hidden" if issue.hidden else "merged into another issue"
                     if issue.merged_into else "waiting for a check")  # fmt: skip
            raise IssueError(
                f"Issue {self.number(issue_id)} is {state}; it cannot be tagged or shortlisted."
            )
        return issue


def _checked_text(text: str) -> str:
    text = tidy(text)
    if not text:
        raise IssueError("Write the issue first: what should improve?", "issue.empty")
    if len(text) > TEXT_LIMIT:
        raise IssueError(
            f"That is {len(text)} characters; keep an issue under "
            f"{TEXT_LIMIT + 1} so it fits on a card and on the screen.",
            "issue.too_long",
            length=len(text),
            limit=TEXT_LIMIT + 1,
        )
    return text


def _check_category(category: str, categories: Sequence[str]) -> None:
    if category and categories and category not in categories:
        raise IssueError(f"Unknown category {category!r}; choose one of the list or none.")


def after_event(before: Issue | None, row: Row) -> Issue:
    """An issue as one event of issues.csv leaves it. Each row carries the issue's whole
    state, but a hidden issue stays hidden until an 'unhidden' event, whatever a later row
    says: a hand-edited file can never show what the facilitator hid. Likewise a held issue
    stays held until a 'shown' or 'merged' event (no cell says held: only events do)."""
    issue = Issue.from_row(row)
    event = row["event"]
    held = event == "held" or (before is not None and before.held and event not in RELEASING)
    if event == "hidden" or (before is not None and before.hidden and event != "unhidden"):
        return replace(issue, hidden=True, held=held)
    return replace(issue, held=held) if held else issue


def current_rows(rows: Sequence[Row]) -> list[Row]:
    """Each issue's last row, in the order raised, with `hidden` as the board has it."""
    board = IssueBoard.from_events(rows)
    return [dict(r, hidden=board.get(r["issue_id"]).hidden)
            for r in latest_state(rows, ("issue_id",))]  # fmt: skip
