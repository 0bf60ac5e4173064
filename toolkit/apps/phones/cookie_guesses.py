"""Codes sent in cookies count as guesses, as typed ones do: a script that tries join codes
or personal codes through the `toolkit_join` and `toolkit_me` cookies meets the same limit
as one typing them. Each wrong value counts once per place, so a phone still holding last
month's cookie is not locked out by its own page asking again."""

from __future__ import annotations

import hashlib
import time

from toolkit.domain.guesses import KEEP_AT_MOST, GuessLimit


class CookieGuesses:
    """Checks a code from a cookie against `limit`, counting each wrong value once."""

    def __init__(self, limit: GuessLimit) -> None:
        self.limit = limit
        self._counted: dict[bytes, None] = {}

    def allowed(self, place: str) -> bool:
        """Whether a code from `place` may be checked now (not while it must wait)."""
        return not self.limit.wait(place, time.monotonic())

    def wrong(self, place: str, value: str) -> None:
        """Count a wrong code from `place`, unless this value was counted already."""
        seen = hashlib.sha256(f"{place}\0{value}".encode()).digest()
        if seen in self._counted:
            return
        self._counted[seen] = None
        self.limit.missed(place, time.monotonic())
        while len(self._counted) > KEEP_AT_MOST:
            del self._counted[next(iter(self._counted))]
