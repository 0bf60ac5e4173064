"""Work done ahead: the console builds the screens of the steps to come while the room works
on the current one, in agenda order, one piece at a time on the kernel's loop."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.apps import ahead
from toolkit.apps.console import console_app
from toolkit.records import Recorder
from toolkit.widgets.agenda import ConsoleView


def test_the_screens_to_come_are_built_ahead_in_agenda_order(session_dir: Path) -> None:
    Recorder(session_dir).append("settings", "set", key="agenda_step", value="step-3")
    console = console_app(session_dir, 0)
    assert isinstance(console, ConsoleView)
    assert console.current_kind == "issues"
    # after the issues step: prioritising (the same screen), the vote, the actions, the close;
    # then the steps before it
    assert console.kinds_ahead() == ["prioritise", "vote", "actions", "close", "setup",
                                     "stakeholders"]  # fmt: skip
    assert "vote" not in console.screens
    console.prepare("vote")
    built = console.screens["vote"]
    console.prepare("vote")
    assert console.screens["vote"] is built  # built once
    console.bar.next_button.click()
    console.bar.next_button.click()  # on to the vote: the screen built ahead is shown
    assert console.body.children == (built,)


def test_pieces_run_in_turn_on_the_loop_and_a_failure_does_not_stop_the_rest(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(ahead, "START_SECONDS", 0)
    monkeypatch.setattr(ahead, "PAUSE_SECONDS", 0)
    done: list[str] = []

    def fails() -> None:
        raise ValueError("a broken screen")

    async def run() -> None:
        task = ahead.do_ahead([lambda: done.append("one"), fails, lambda: done.append("two")])
        assert task is not None
        await task

    def in_a_thread_of_its_own(work: Callable[[], None]) -> None:
        """Another test's browser may hold this thread's loop: use a thread with none."""
        failed: list[BaseException] = []

        def run_it() -> None:
            try:
                work()
            except BaseException as exc:
                failed.append(exc)

        thread = threading.Thread(target=run_it)
        thread.start()
        thread.join(timeout=30)
        assert not failed, failed

    with caplog.at_level(logging.ERROR, logger="toolkit.apps.ahead"):
        in_a_thread_of_its_own(lambda: asyncio.run(run()))
    assert done == ["one", "two"]
    assert "work done ahead failed" in caplog.text

    def without_a_loop() -> None:
        assert ahead.do_ahead([lambda: done.append("never")]) is None  # nothing ahead

    in_a_thread_of_its_own(without_a_loop)
    assert done == ["one", "two"]
