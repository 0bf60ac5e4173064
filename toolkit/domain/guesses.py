"""A limit on guessing codes: after a number of wrong codes from one place within a while,
that place waits before it may try again. The clock is given, so the rule is pure."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

KEEP_AT_MOST = 10_000  # places remembered; the oldest are forgotten beyond this


@dataclass
class GuessLimit:
    """`misses` wrong codes within `window` seconds make that place (a phone's address, a
    page) wait `pause` seconds; a right code forgets its misses."""

    misses: int
    window: float
    pause: float
    _missed: dict[str, list[float]] = field(default_factory=dict)
    _until: dict[str, float] = field(default_factory=dict)

    def wait(self, place: str, now: float) -> int:
        """Whole seconds `place` must still wait before trying a code (0: it may try)."""
        until = self._until.get(place, 0.0)
        if until <= now:
            self._until.pop(place, None)
            return 0
        return math.ceil(until - now)

    def missed(self, place: str, now: float) -> None:
        """Count a wrong code from `place`."""
        recent = [t for t in self._missed.get(place, []) if now - t < self.window] + [now]
        if len(recent) >= self.misses:
            self._until[place] = now + self.pause
            self._missed.pop(place, None)
        else:
            self._missed[place] = recent
        for remembered in (self._missed, self._until):
            while len(remembered) > KEEP_AT_MOST:
                del remembered[next(iter(remembered))]

    def succeeded(self, place: str) -> None:
        """A right code: forget `place`'s misses."""
        self._missed.pop(place, None)
