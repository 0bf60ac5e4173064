"""A screen polls its session folder only in a kernel: a loop running in a test's thread
(Playwright's sync API runs one) would otherwise poll a finished test's folder for good."""

from __future__ import annotations

import asyncio
import threading

from toolkit.apps.live import poll_every


def test_no_polling_outside_a_kernel_even_with_a_loop_running() -> None:
    polled: list[int] = []
    made: list[object] = []

    async def with_a_loop() -> None:
        made.append(poll_every(0.01, lambda: polled.append(1)))
        await asyncio.sleep(0.1)

    # a thread of its own: another test's browser may hold this thread's loop
    thread = threading.Thread(target=lambda: asyncio.run(with_a_loop()))
    thread.start()
    thread.join(timeout=30)
    assert made == [None]
    assert polled == []
