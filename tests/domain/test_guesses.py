"""The limit on guessing codes: a pause after too many wrong ones, counted over a window."""

from __future__ import annotations

from toolkit.domain.guesses import KEEP_AT_MOST, GuessLimit


def test_too_many_wrong_codes_in_the_window_make_that_place_wait() -> None:
    limit = GuessLimit(misses=3, window=600, pause=60)
    limit.missed("a", 0)
    limit.missed("a", 10)
    assert limit.wait("a", 10) == 0  # two wrong: still free to try
    limit.missed("b", 11)  # another phone's misses are its own
    limit.missed("a", 20)
    assert limit.wait("a", 20) == 60 and limit.wait("a", 79.5) == 1
    assert limit.wait("b", 20) == 0
    assert limit.wait("a", 80) == 0  # the pause is over, and the count starts again
    limit.missed("a", 81)
    limit.missed("a", 82)
    assert limit.wait("a", 82) == 0


def test_misses_older_than_the_window_are_forgotten_and_a_right_code_forgets_them() -> None:
    limit = GuessLimit(misses=3, window=600, pause=60)
    limit.missed("a", 0)
    limit.missed("a", 1)
    limit.missed("a", 601)  # the first two are more than ten minutes old
    assert limit.wait("a", 601) == 0
    limit.missed("a", 602)
    limit.succeeded("a")
    limit.missed("a", 603)
    assert limit.wait("a", 603) == 0


def test_only_so_many_places_are_remembered() -> None:
    limit = GuessLimit(misses=2, window=600, pause=60)
    for n in range(KEEP_AT_MOST + 50):
        limit.missed(f"phone-{n}", 0)
    assert len(limit._missed) == KEEP_AT_MOST
