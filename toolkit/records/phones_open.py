"""Whether a session is open for phones on the shared participants' server: the settings
event `phones_open` (`true` or `false`, the last one counts, never recorded: closed), recorded
through the Recorder like every other switch of the console, so it is chained and dated."""

from __future__ import annotations

from pathlib import Path

from toolkit.domain.room import PHONES_OPEN_KEY, opens_phones
from toolkit.records.append import Recorder
from toolkit.records.csvfile import TailReader
from toolkit.records.join_code import TOKEN_KEY, session_token
from toolkit.records.schema import TABLE_BY_NAME


def open_for_phones(folder: Path, open_: bool = True, holder: str = "the console") -> str:
    """Record that the session in `folder` is open (or closed) for phones; returns its join
    code, made now if it has none, so that an open session always has one to type."""
    code = session_token(folder)
    value = "true" if open_ else "false"
    Recorder(folder, holder=holder).append("settings", "set", key=PHONES_OPEN_KEY, value=value)
    return code


class PhonesSwitch:
    """Follows one session's settings.csv, reading only what was appended since the last
    `follow()`: whether it is open for phones, and its join code."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tail = TailReader(folder, TABLE_BY_NAME["settings"])
        self.open, self.code = False, ""

    def follow(self) -> bool:
        """Take in new settings; whether the session is open for phones now. Raises
        RecordError or OSError (such as FileNotFoundError once the folder is gone)."""
        for row in self._tail.read_new():
            if row["key"] == PHONES_OPEN_KEY:
                self.open = opens_phones(row["value"])
            elif row["key"] == TOKEN_KEY:
                self.code = str(row["value"] or "")
        return self.open and bool(self.code)


def is_open_for_phones(folder: Path) -> bool:
    """Whether the session in `folder` is open for phones now, as the shared server reads it."""
    return PhonesSwitch(folder).follow()
