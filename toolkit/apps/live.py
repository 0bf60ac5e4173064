"""Keeping a screen current: poll the session folder from an asyncio task on the kernel's loop."""

from __future__ import annotations

import asyncio
import logging
import secrets
import sys
from collections.abc import Callable

from toolkit.domain.participants import CODE_ALPHABET, CODE_LENGTH

log = logging.getLogger(__name__)


def poll_every(seconds: float, refresh: Callable[[], None]) -> asyncio.Task[None] | None:
    """Call `refresh` every `seconds` on the kernel's running event loop; None outside a
    kernel (plain Python, tests: a loop running there may be a browser driver's, which
    would keep polling a test's folder long after the test). An error is logged and
    polling goes on."""
    ipython = sys.modules.get("IPython")  # a kernel has loaded it; the phones' server never
    if ipython is None or getattr(ipython.get_ipython(), "kernel", None) is None:
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                refresh()
            except Exception:  # keep the screen alive; the next poll may succeed
                log.exception("refreshing from the session folder failed")

    return loop.create_task(run())


def personal_code() -> str:
    """A participant's code to return to their ballot, e.g. 'K7M2QX'."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def short_id(prefix: str) -> str:
    """A new id such as 'S-7K2QXM': short enough to read aloud, random enough not to clash
    between kernels writing at once."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return prefix + "-" + "".join(secrets.choice(alphabet) for _ in range(6))
