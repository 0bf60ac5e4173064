"""Stakeholder mapping: the register, its changes and undo, and the power/interest grid."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.domain.events import Row, latest_state
from toolkit.domain.texts import ENGLISH, Texts

POSITIONS = ("supportive", "neutral", "resisting")
FOUR_COS = ("co-commissioning", "co-design", "co-delivery", "co-assessment")
_CO_COLUMNS = {co: co.replace("-", "_") for co in FOUR_COS}
NAME_LIMIT = 120
TEXT_LIMITS = {"kind": 80, "role": 300, "concerns": 2000, "notes": 2000}
SCORES = range(1, 6)
HIGH_FROM = 3  # a score of 3-5 counts as high, 1-2 as low
REMOVED = "removed"


class StakeholderError(ValueError):
    """A stakeholder that cannot be saved; the message says what to change."""


class DuplicateNameWarning(StakeholderError):
    """Another stakeholder already has this name; the facilitator may add it anyway."""


@dataclass(frozen=True)
class Stakeholder:
    stakeholder_id: str
    name: str
    kind: str = ""
    role: str = ""
    power: int = 3
    interest: int = 3
    position: str = "neutral"
    desired_position: str = "neutral"
    coproduction: frozenset[str] = frozenset()
    concerns: str = ""
    notes: str = ""

    def values(self) -> dict[str, Any]:
        """The stakeholder as the columns of stakeholders.csv."""
        out: dict[str, Any] = {
            "stakeholder_id": self.stakeholder_id, "name": self.name, "kind": self.kind,
            "role": self.role, "power": self.power, "interest": self.interest,
            "position": self.position, "desired_position": self.desired_position,
            "concerns": self.concerns, "notes": self.notes,
        }  # fmt: skip
        for co, column in _CO_COLUMNS.items():
            out[column] = co in self.coproduction
        return out

    @classmethod
    def from_row(cls, row: Row) -> Stakeholder:
        return cls(
            stakeholder_id=row["stakeholder_id"], name=row["name"], kind=row["kind"] or "",
            role=row["role"] or "", power=row["power"] or 3, interest=row["interest"] or 3,
            position=row["position"] or "neutral",
            desired_position=row["desired_position"] or row["position"] or "neutral",
            coproduction=frozenset(co for co, c in _CO_COLUMNS.items() if row.get(c)),
            concerns=row["concerns"] or "", notes=row["notes"] or "",
        )  # fmt: skip

    @property
    def moving(self) -> bool:
        """The room wants this stakeholder's position to change."""
        return self.desired_position != self.position


def normalise_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def checked(s: Stakeholder) -> Stakeholder:
    """The stakeholder with its name tidied, or StakeholderError saying what to fix."""
    name = normalise_name(s.name)
    if not name:
        raise StakeholderError("Give the stakeholder a name: a group or a role is enough.")
    if len(name) > NAME_LIMIT:
        raise StakeholderError(
            f"The name is {len(name)} characters long; keep it under "
            f"{NAME_LIMIT + 1} so it fits on the map."
        )
    for attr, limit in TEXT_LIMITS.items():
        if len(getattr(s, attr)) > limit:
            raise StakeholderError(
                f"The {attr} field is too long ({len(getattr(s, attr))} "
                f"characters); shorten it to {limit} or fewer."
            )
    for attr in ("power", "interest"):
        value = getattr(s, attr)
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
            raise StakeholderError(
                f"{attr.capitalize()} must be a whole number from 1 to 5, not {value!r}."
            )
    for attr in ("position", "desired_position"):
        if getattr(s, attr) not in POSITIONS:
            raise StakeholderError(
                f"{attr.replace('_', ' ').capitalize()} must be one of {', '.join(POSITIONS)}."
            )
    unknown = set(s.coproduction) - set(FOUR_COS)
    if unknown:
        raise StakeholderError(
            f"Unknown co-production role {sorted(unknown)[0]!r}; use {', '.join(FOUR_COS)}."
        )
    return replace(s, name=name, kind=normalise_name(s.kind))


@dataclass(frozen=True)
class Change:
    """An event to record: what happened, the stakeholder's state after it, what it undoes."""

    event: str
    stakeholder: Stakeholder
    undoes: str = ""

    def values(self) -> dict[str, Any]:
        return {**self.stakeholder.values(), "undoes": self.undoes}


@dataclass(frozen=True)
class Register:
    """The stakeholder register, derived from the events of stakeholders.csv."""

    events: tuple[Row, ...] = ()
    _by_id: Mapping[str, Row] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_events(cls, rows: Iterable[Row]) -> Register:
        events = tuple(rows)
        return cls(
            events, {r["stakeholder_id"]: r for r in latest_state(events, ("stakeholder_id",))}
        )

    def with_events(self, rows: Sequence[Row]) -> Register:
        return Register.from_events(self.events + tuple(rows)) if rows else self

    @property
    def current(self) -> tuple[Stakeholder, ...]:
        return tuple(Stakeholder.from_row(r) for r in self._by_id.values() if r["event"] != REMOVED)

    @property
    def removed(self) -> tuple[Stakeholder, ...]:
        return tuple(Stakeholder.from_row(r) for r in self._by_id.values() if r["event"] == REMOVED)

    def get(self, stakeholder_id: str) -> Stakeholder:
        row = self._by_id.get(stakeholder_id)
        if row is None or row["event"] == REMOVED:
            raise StakeholderError(
                "That stakeholder is not on the map (was it removed?); pick one from the register."
            )
        return Stakeholder.from_row(row)

    def same_name(self, name: str, except_id: str = "") -> Stakeholder | None:
        key = normalise_name(name).casefold()
        return next(
            (s for s in self.current if s.name.casefold() == key and s.stakeholder_id != except_id),
            None,
        )

    # Each method below returns the Change to record; the register itself changes only
    # when the recorded events are read back (`with_events`).

    def add(self, s: Stakeholder, allow_duplicate: bool = False) -> Change:
        s = checked(s)
        if s.stakeholder_id in self._by_id:
            raise StakeholderError(f"Id {s.stakeholder_id!r} is taken; try again.")
        twin = self.same_name(s.name)
        if twin and not allow_duplicate:
            raise DuplicateNameWarning(
                f"'{twin.name}' is already on the map. Add it again "
                "only if it is a different stakeholder."
            )
        return Change("added", s)

    def edit(self, s: Stakeholder, allow_duplicate: bool = False) -> Change:
        before = self.get(s.stakeholder_id)
        s = checked(s)
        if s == before:
            raise StakeholderError("Nothing changed: edit a field first.")
        twin = self.same_name(s.name, except_id=s.stakeholder_id)
        if twin and not allow_duplicate:
            raise DuplicateNameWarning(
                f"'{twin.name}' is already on the map. Save anyway only "
                "if they are different stakeholders."
            )
        only_moved = replace(s, power=before.power, interest=before.interest) == before
        return Change("moved" if only_moved else "edited", s)

    def move(self, stakeholder_id: str, power: int, interest: int) -> Change:
        return self.edit(replace(self.get(stakeholder_id), power=power, interest=interest))

    def remove(self, stakeholder_id: str) -> Change:
        return Change(REMOVED, self.get(stakeholder_id))

    def restore(self, stakeholder_id: str) -> Change:
        row = self._by_id.get(stakeholder_id)
        if row is None or row["event"] != REMOVED:
            raise StakeholderError("Only a removed stakeholder can be restored.")
        return Change("restored", Stakeholder.from_row(row))

    def undo(self) -> Change:
        """The change that reverses the latest change not yet undone."""
        undone = {r["undoes"] for r in self.events if r.get("undoes")}
        for i in range(len(self.events) - 1, -1, -1):
            row = self.events[i]
            if row.get("undoes") or row["event_id"] in undone:
                continue
            sid = row["stakeholder_id"]
            earlier = [r for r in self.events[:i] if r["stakeholder_id"] == sid]
            if not earlier:  # it was added: undoing removes it
                return Change(REMOVED, Stakeholder.from_row(row), undoes=row["event_id"])
            previous = Stakeholder.from_row(earlier[-1])
            event = "restored" if row["event"] == REMOVED else "edited"
            if earlier[-1]["event"] == REMOVED:
                event = REMOVED
            return Change(event, previous, undoes=row["event_id"])
        raise StakeholderError("There is nothing to undo.")


def quadrant(power: int, interest: int, labels: Mapping[str, str]) -> str:
    """The grid quadrant of a stakeholder (Mendelow), named by the template's labels."""
    p = "high" if power >= HIGH_FROM else "low"
    i = "high" if interest >= HIGH_FROM else "low"
    return labels[f"{p}_power_{i}_interest"]


def spread(cells: Sequence[tuple[int, int]], height: float = 0.7) -> list[tuple[float, float]]:
    """Positions for points on a grid so that points sharing a cell do not overlap: the
    n points of one cell are stacked down a column `height` tall about the cell's centre,
    so the names written beside them stay on lines of their own."""
    members: dict[tuple[int, int], list[int]] = {}
    for i, cell in enumerate(cells):
        members.setdefault(cell, []).append(i)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(cells)
    for (x, y), idx in members.items():
        n = len(idx)
        step = height / (n - 1) if n > 1 else 0.0
        for k, i in enumerate(idx):
            out[i] = (float(x), y + (height / 2 if n > 1 else 0.0) - k * step)
    return out


GRID = range(1, 6)


def place_labels(
    cells: Sequence[tuple[int, int]], names: Sequence[str], chars_per_cell: float = 13.0
) -> list[tuple[str, str]]:
    """Where each point's name goes on the grid ('right', 'left' or 'below') and the name
    on one or two lines of the room it has there, so that names do not run over other
    points.

    A name runs into the empty cells of its row on the side with more room; a lone point
    hemmed in on both sides gets its name written under it instead."""
    occupied: dict[tuple[int, int], int] = {}
    for cell in cells:
        occupied[cell] = occupied.get(cell, 0) + 1

    def room(x: int, y: int, step: int) -> float:
        free = 0
        while x + step * (free + 1) in GRID and (x + step * (free + 1), y) not in occupied:
            free += 1
        if x + step * (free + 1) in GRID:  # a point across the gap may write into it too
            return free / 2 + 0.45
        return free + 0.45  # the rest of its own cell, less the point itself

    places = []
    for (x, y), name in zip(cells, names, strict=True):
        right, left = room(x, y, 1), room(x, y, -1)
        side, space = ("right", right) if right >= left else ("left", left)
        if space < 1 and occupied[(x, y)] == 1 and (x, y - 1) not in occupied:
            side, space = "below", 1.4  # centred: clear of the points either side
        places.append((side, "\n".join(wrap_lines(name, max(4, int(space * chars_per_cell)), 2))))
    return places


def wrap_lines(text: str, limit: int, most: int) -> list[str]:
    """The text on lines of at most `limit` characters, broken between words, `most` lines
    at the most; only what they cannot hold is shortened (a word longer than a line is
    shortened at once)."""
    lines: list[str] = []
    rest = text
    while len(rest) > limit and len(lines) < most - 1:
        cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            break
        lines.append(rest[:cut])
        rest = rest[cut + 1 :]
    return [*lines, shorten(rest, limit)]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def describe_map(
    stakeholders: Sequence[Stakeholder], labels: Mapping[str, str], texts: Texts = ENGLISH
) -> str:
    """The map in words, for screen readers and for the back of the room."""
    if not stakeholders:
        return texts.say("map.none")
    by_quadrant: dict[str, list[str]] = {label: [] for label in labels.values()}
    for s in stakeholders:
        by_quadrant[quadrant(s.power, s.interest, labels)].append(s.name)
    said = [texts.say("map.count", len(stakeholders), number=len(stakeholders))]
    said += [texts.say("map.quadrant", quadrant=label, names=", ".join(names))
             for label, names in by_quadrant.items() if names]  # fmt: skip
    moving = [
        texts.say("map.move", name=s.name, now=position_word(s.position, texts),
                  wanted=position_word(s.desired_position, texts))
        for s in stakeholders if s.moving
    ]  # fmt: skip
    if moving:
        said.append(texts.say("map.moving", moves="; ".join(moving)))
    return " ".join(said)


def position_word(position: str, texts: Texts = ENGLISH) -> str:
    """A stakeholder position (supportive, neutral, resisting) in the template's language."""
    return texts.say(f"position.{position}")
