"""The agenda: which step the workshop is on, and each step's countdown timer.

Both live in settings.csv as events, so that a reloaded console or projector lands on the
same step with the same time left: key 'agenda_step' holds the step id; key 'timer' holds
'<step id> <running|paused> <seconds left> <as of: ISO 8601 UTC time>'. Moving to a step
also sets what the phones show on it (key 'phone_step', as the *Phones show* switch does)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from toolkit.domain.events import Row, latest_state
from toolkit.domain.room import PHONE_STEP_KEY, Room, phones_for
from toolkit.domain.texts import ENGLISH, Texts

STEP_KEY = "agenda_step"
TIMER_KEY = "timer"
WARN_SECONDS = 120  # the timer turns to a warning this long before the end


class AgendaError(ValueError):
    """A step or timer change that cannot be made."""


@dataclass(frozen=True)
class Step:
    step_id: str
    kind: str
    title: str
    minutes: int
    position: int


@dataclass(frozen=True)
class Clock:
    """A step's timer: seconds left as of `since`, and whether it is counting down."""

    step_id: str
    seconds: float
    running: bool
    since: datetime

    def left(self, now: datetime) -> float:
        """Seconds left now; negative once the step runs over."""
        if not self.running:
            return self.seconds
        return self.seconds - (now - self.since).total_seconds()


def steps(agenda: Iterable[Row]) -> list[Step]:
    rows = latest_state(agenda, ("step_id",), ("removed",))
    return sorted(
        (
            Step(
                r["step_id"],
                r["kind"] or "other",
                r["title"],
                r["minutes"] or 0,
                r["position"] or 0,
            )
            for r in rows
        ),
        key=lambda s: s.position,
    )


def parse_time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def current_step(settings: Iterable[Row], agenda: Sequence[Step]) -> Step | None:
    """The step the facilitator moved to last, or the first."""
    chosen = ""
    for row in settings:
        if row["key"] == STEP_KEY:
            chosen = row["value"]
    by_id = {s.step_id: s for s in agenda}
    return by_id.get(chosen) or (agenda[0] if agenda else None)


def clock(settings: Iterable[Row], step: Step, now: datetime) -> Clock:
    """The step's timer: its last timer event, or not started with its planned minutes."""
    latest: Clock | None = None
    for row in settings:
        if row["key"] != TIMER_KEY:
            continue
        parts = str(row["value"]).split()
        if len(parts) == 4 and parts[0] == step.step_id and parts[1] in ("running", "paused"):
            try:
                seconds, since = float(parts[2]), parse_time(parts[3])
            except ValueError:
                continue  # a hand-edited value that does not parse is ignored
            latest = Clock(step.step_id, seconds, parts[1] == "running", since)
    return latest or Clock(step.step_id, step.minutes * 60.0, False, now)


def timer_value(step_id: str, running: bool, seconds: float, at: datetime) -> str:
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{step_id} {'running' if running else 'paused'} {seconds:.0f} {stamp}"


def move(agenda: Sequence[Step], current: Step | None, by: int) -> Step:
    """The step `by` places after (or before) the current one."""
    if not agenda:
        raise AgendaError("The agenda is empty: add steps to the template.")
    index = agenda.index(current) if current in agenda else 0
    target = index + by
    if not 0 <= target < len(agenda):
        raise AgendaError("That is the last step." if by > 0 else "That is the first step.")
    return agenda[target]


def entering(step: Step, room: Room) -> list[dict[str, str]]:
    """The settings events that move the room onto `step`: the step, then what the phones
    show on it (unless they show it already). One click moves the console, the projector
    and every phone; *Phones show* stays for exceptions."""
    events = [{"key": STEP_KEY, "value": step.step_id}]
    phones = phones_for(step.kind)
    if phones != room.phone_step:
        events.append({"key": PHONE_STEP_KEY, "value": phones})
    return events


def show_time(seconds: float, planned_minutes: int, texts: Texts = ENGLISH) -> tuple[str, str]:
    """The countdown as text and its level: 'ok', 'warning' near the end, 'over' after it;
    the level is written into the text too, so colour is never the only cue."""
    if seconds < 0:
        over = int(-seconds)
        return texts.say("timer.over", time=f"{over // 60:d}:{over % 60:02d}"), "over"
    whole = int(seconds + 0.999)
    time = f"{whole // 60:d}:{whole % 60:02d}"
    near = min(WARN_SECONDS, planned_minutes * 60 * 0.2) if planned_minutes else WARN_SECONDS
    if seconds <= near:
        return texts.say("timer.nearly", time=time), "warning"
    return texts.say("timer.left", time=time), "ok"
