"""How much one phone may do: joins from one network address in ten minutes (a family
sharing a phone joins several times; a script joining hundreds is refused) and issues one
participant may raise (one person's 200 issues would fill every phone's prioritising page).
Set in the template's `[phones]` table; they apply to every address, loopback included."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

JOIN_WINDOW_SECONDS = 600.0
_MOST = 100_000


@dataclass(frozen=True)
class PhoneLimits:
    joins_per_address: int = 30  # within JOIN_WINDOW_SECONDS
    issues_per_person: int = 20  # in the whole session


def parse_phone_limits(table: Any, fail: Callable[[str, str], Exception]) -> PhoneLimits:
    """The `[phones]` table of a template, checked; every key has a default."""
    if not isinstance(table, Mapping):
        raise fail("phones", "must be a table of settings")
    unknown = sorted(set(table) - {"joins_per_address", "issues_per_person"})
    if unknown:
        raise fail(f"phones.{unknown[0]}", "is not a setting; use joins_per_address or "
                   "issues_per_person")  # fmt: skip
    values = {}
    for key, default in (("joins_per_address", 30), ("issues_per_person", 20)):
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MOST:
            raise fail(f"phones.{key}", f"must be a whole number 1-{_MOST}, not {value!r}")
        values[key] = value
    return PhoneLimits(**values)


class JoinsByPlace:
    """Joins counted per network address over a sliding window; the clock is given."""

    def __init__(self, most: int, window: float = JOIN_WINDOW_SECONDS) -> None:
        self.most, self.window = most, window
        self._times: dict[str, list[float]] = {}

    def full(self, place: str, now: float) -> bool:
        """Whether `place` has joined `most` times within the window."""
        recent = [t for t in self._times.get(place, []) if now - t < self.window]
        self._times[place] = recent
        return len(recent) >= self.most

    def joined(self, place: str, now: float) -> None:
        self._times.setdefault(place, []).append(now)
        while len(self._times) > 10_000:  # the oldest places are forgotten
            del self._times[next(iter(self._times))]
