"""The agenda's current step and the countdown, from settings events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from toolkit.domain.agenda import (
    AgendaError,
    Step,
    clock,
    current_step,
    entering,
    move,
    show_time,
    timer_value,
)
from toolkit.domain.room import Room, phones_for

T0 = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
STEPS = [Step("a", "setup", "Welcome", 10, 1), Step("b", "vote", "Vote", 5, 2)]


def setting(key: str, value: str, at: datetime = T0) -> dict[str, str]:
    return {"key": key, "value": value, "timestamp": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}


def test_current_step_and_moving() -> None:
    assert current_step([], STEPS) == STEPS[0]
    assert current_step([setting("agenda_step", "b")], STEPS) == STEPS[1]
    assert current_step([setting("agenda_step", "gone")], STEPS) == STEPS[0]
    assert move(STEPS, STEPS[0], +1) == STEPS[1]
    with pytest.raises(AgendaError, match="That is the last step"):
        move(STEPS, STEPS[1], +1)
    with pytest.raises(AgendaError, match="That is the first step"):
        move(STEPS, STEPS[0], -1)


def test_the_clock_counts_down_while_running_and_holds_while_paused() -> None:
    assert clock([], STEPS[0], T0).left(T0 + timedelta(minutes=3)) == 600  # not started
    running = [setting("timer", timer_value("a", True, 600, T0))]
    assert clock(running, STEPS[0], T0).left(T0 + timedelta(seconds=90)) == 510
    paused = [*running, setting("timer", timer_value("a", False, 500, T0 + timedelta(100)))]
    assert clock(paused, STEPS[0], T0).left(T0 + timedelta(days=1)) == 500
    assert clock([setting("timer", "a running ten o'clock")], STEPS[0], T0).seconds == 600
    other_step = [setting("timer", timer_value("b", True, 10, T0))]
    assert clock(other_step, STEPS[0], T0).seconds == 600


@pytest.mark.parametrize(("seconds", "minutes", "text", "level"), [
    (600, 10, "10:00 left", "ok"),
    (61.2, 10, "1:02 left (nearly time)", "warning"),
    (100, 5, "1:40 left", "ok"),  # a short step warns at 20 % of it: one minute
    (0.4, 5, "0:01 left (nearly time)", "warning"),
    (-75, 5, "1:15 over time", "over"),
])  # fmt: skip
def test_time_shown_in_words_with_its_level(
    seconds: float, minutes: int, text: str, level: str
) -> None:
    assert show_time(seconds, minutes) == (text, level)


@pytest.mark.parametrize(
    ("kind", "phones"),
    [("issues", "issues"), ("prioritise", "rating"), ("vote", "vote"), ("stakeholders", "wait"),
     ("actions", "wait"), ("setup", "wait"), ("close", "done"), ("other", "wait")],
)  # fmt: skip
def test_each_kind_of_step_sets_what_the_phones_show(kind: str, phones: str) -> None:
    assert phones_for(kind) == phones


def test_entering_a_step_moves_the_phones_only_when_they_show_something_else() -> None:
    vote = Step("v", "vote", "Vote", 10, 3)
    assert entering(vote, Room("wait")) == [
        {"key": "agenda_step", "value": "v"}, {"key": "phone_step", "value": "vote"}]  # fmt: skip
    assert entering(vote, Room("vote")) == [{"key": "agenda_step", "value": "v"}]
    assert entering(STEPS[0], Room("rating"))[1] == {"key": "phone_step", "value": "wait"}
