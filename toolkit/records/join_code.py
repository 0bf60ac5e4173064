"""The join code: the phones' server token, short enough to read off the projector and type,
kept in the session's settings."""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from toolkit.domain.events import latest_state
from toolkit.records.append import Recorder
from toolkit.records.load import load_folder

# No 0/O and no 1/I/L, so nothing on the screen can be read as something else. Eight of
# these 31 characters give 31**8 ~ 8.5e11 codes (~40 bits). That is enough here: the server
# is only reachable on the room's local network for the few hours of a workshop, and each
# guess is an HTTP request; at a thousand guesses a second, finding the code would take
# over ten years on average. The login form compares in constant time (hmac.compare_digest),
# so response times say nothing about how close a guess was.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_IGNORED = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # spaces, hyphens and dashes phones insert


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def is_code(text: str) -> bool:
    """Whether `text` already has the join code's format (an older, long token has not)."""
    return len(text) == LENGTH and all(c in ALPHABET for c in text)


def normalise(typed: str) -> str:
    """What someone typed, as a code: case, spaces and dashes do not matter."""
    return _IGNORED.sub("", typed).upper()


def matches(typed: str, code: str) -> bool:
    """Whether `typed` is `code`, compared in constant time (as bytes: compare_digest refuses
    non-ASCII text, which a phone keyboard may well send). `code` is normalised too, so that
    a server given some other token still lets that token in."""
    wanted = normalise(code)
    return bool(wanted) and hmac.compare_digest(normalise(typed).encode(), wanted.encode())


def grouped(code: str) -> str:
    """The code as shown on the projector: two groups of four, easier to read and type."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}" if len(code) == LENGTH else code


def join_link(address: str, code: str) -> str:
    """The link in the QR code: the phones' address carrying the code."""
    return f"{address}/?{urlencode({'token': code})}"


def split_join_link(link: str) -> tuple[str, str]:
    """The address to type (no token) and the code, from a join link."""
    parts = urlsplit(link)
    path = "" if parts.path in ("", "/") else parts.path
    code = parse_qs(parts.query).get("token", [""])[0]
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")), code


TOKEN_KEY = "join_token"


def session_token(folder: Path) -> str:
    """The join code, which the join link carries and people may type instead: kept in
    settings.csv so that a restarted server keeps the same code, made the first time the
    session is served (or again if the stored one is an older, long token nobody could type)."""
    loaded = load_folder(folder)
    if loaded.problems:
        raise ValueError(str(loaded.problems[0]))
    rows = latest_state(loaded.tables["settings"].rows(), ("key",))
    token = next((r["value"] for r in rows if r["key"] == TOKEN_KEY and r["value"]), "")
    if not is_code(token):
        token = new_code()
        Recorder(folder).append("settings", "set", key=TOKEN_KEY, value=token)
    return token
