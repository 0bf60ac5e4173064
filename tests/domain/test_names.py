"""Names that become paths."""

from __future__ import annotations

import pytest

from toolkit.domain.names import UnsafeNameError, check_safe_name


@pytest.mark.parametrize("name", ["demo", "2026-11-28-estate", "a.b_c-d", "X" * 80])
def test_safe_names_pass(name: str) -> None:
    assert check_safe_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "..",
        "../x",
        "a/b",
        "a\\b",
        ".hidden",
        "-rf",
        "a..b",
        "x" * 81,
        "naïve",
        "a b",
        "a\x00b",
        "con:",
    ],
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(UnsafeNameError, match=r"is not allowed: use 1-80 letters"):
        check_safe_name(name, "session")
