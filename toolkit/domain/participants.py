"""Participants: pseudonymous ids, and personal codes to return to one's own ballot."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from toolkit.domain.events import Row, latest_state
from toolkit.domain.texts import TextError

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L to misread
CODE_LENGTH = 6


class ParticipantError(TextError):
    """A join or return that cannot be done; the message says what to do."""


def code_hash(participant_id: str, code: str) -> str:
    return hashlib.sha256(f"{participant_id}:{normalise_code(code)}".encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def find_by_code(participants: Iterable[Row], code: str) -> Row:
    """The participant whose personal code this is; the same message for any wrong code, so
    a guess learns nothing."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        raise ParticipantError(
            f"A personal code is {CODE_LENGTH} letters and digits, as shown "
            "when you joined. Check it, or join again as someone new.",
            "join.code_shape",
            length=CODE_LENGTH,
        )
    for row in latest_state(participants, ("participant_id",), ("left",)):
        if row["code_hash"] and hmac.compare_digest(
            row["code_hash"], code_hash(row["participant_id"], code)
        ):
            return row
    raise ParticipantError(
        "No one has that code in this session. Check it, or join again as someone new.",
        "join.code_unknown",
    )
