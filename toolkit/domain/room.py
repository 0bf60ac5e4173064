"""What the phones in the room are asked to do now, set by the facilitator in settings.csv."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from toolkit.domain.events import Row

PHONE_STEP_KEY = "phone_step"
# "true" or "false": whether issues sent from phones wait for the facilitator's check before
# the room sees them. Recorded from the template when the session is made; the issues
# screen's switch records it again. Never recorded (an older session): the template says.
HOLD_KEY = "hold_phone_issues"
# When `toolkit serve` last started the participants' server again after it stopped (a UTC
# time stamp): the console says so, since phones may have missed a few seconds.
RESTARTED_KEY = "phones_restarted"
# "true" or "false": whether the shared participants' server (one address for the phones of
# every session in a folder of sessions) lets phones into this session. The last value
# counts; never recorded, the session is closed. A server of one session ignores it.
PHONES_OPEN_KEY = "phones_open"
PHONE_STEPS = {
    "wait": "Wait for the facilitator",
    "issues": "Raise issues",
    "rating": "Prioritise issues",
    "vote": "Vote with your dots",
    "done": "The workshop is over",
}

# What the phones show on entering an agenda step of each kind. The other steps (welcome,
# stakeholder map, actions) ask them to wait: a room that has moved on should not still be
# raising issues or voting. The close thanks them: the workshop is over.
PHONES_ON_STEP = {"issues": "issues", "prioritise": "rating", "vote": "vote", "close": "done"}


class RoomError(ValueError):
    """A step that does not exist."""


@dataclass(frozen=True)
class Room:
    phone_step: str = "wait"
    hold: str = ""  # HOLD_KEY's last value: "true", "false", or "" when never recorded

    def holds(self, default: bool) -> bool:
        """Whether phones' issues are held for a check now; `default` is the template's."""
        return self.hold == "true" if self.hold in ("true", "false") else default

    @property
    def raising_open(self) -> bool:
        return self.phone_step == "issues"

    @property
    def rating_open(self) -> bool:
        return self.phone_step == "rating"

    @property
    def voting_shown(self) -> bool:
        return self.phone_step == "vote"


def room_state(settings: Iterable[Row]) -> Room:
    """The room's state from the settings events (the last value of each key counts)."""
    step, hold = "wait", ""
    for row in settings:
        if row["key"] == PHONE_STEP_KEY and row["value"] in PHONE_STEPS:
            step = row["value"]
        elif row["key"] == HOLD_KEY and str(row["value"]).casefold() in ("true", "false"):
            hold = str(row["value"]).casefold()  # TRUE as a spreadsheet saves it, too
    return Room(step, hold)


def opens_phones(value: object) -> bool:
    """Whether a `phones_open` value opens the session: `true` in any case (as a spreadsheet
    may save it); anything else closes it."""
    return str(value).strip().casefold() == "true"


def check_step(step: str) -> str:
    if step not in PHONE_STEPS:
        raise RoomError(f"Unknown step {step!r}; use one of {', '.join(PHONE_STEPS)}.")
    return step


def phones_for(kind: str) -> str:
    """What the phones show by default on an agenda step of this kind."""
    return PHONES_ON_STEP.get(kind, "wait")
