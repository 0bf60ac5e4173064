"""Validation of names and ids that may become file or folder names."""

from __future__ import annotations

import re

_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")


class UnsafeNameError(ValueError):
    """A name or id that could escape its folder or is not portable."""


def check_safe_name(value: str, what: str = "name") -> str:
    """Return `value` if it is a safe single path component, else raise UnsafeNameError."""
    if not isinstance(value, str) or not _SAFE.fullmatch(value) or ".." in value:
        raise UnsafeNameError(
            f"{what} {value!r} is not allowed: use 1-80 letters, digits, '-', '_' or '.', "
            "starting with a letter or digit, with no '..' and no slashes"
        )
    return value
