"""Kernels of closed pages are released; a page still open keeps its kernel."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from devtools.chromium import PHONE, OfflinePage, wait_for_app
from toolkit.apps.serving import notebook, voila_server

pytestmark = pytest.mark.browser
CULL_SECONDS = 6  # toolkit serve uses 120 s for phones; short here to keep the test quick


def _kernels(port: str) -> int:
    """Live kernel processes of the Voila listening on `port` (exited ones not counted)."""
    count = 0
    for server in psutil.process_iter(["cmdline"]):
        if f"--port={port}" not in " ".join(server.info["cmdline"] or []):
            continue
        for child in server.children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(
                    child.cmdline()
                ):
                    count += 1
            except psutil.Error:  # it exited while being looked at
                continue
    return count


def test_ten_phone_pages_closed_release_their_kernels(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    with voila_server(
        notebook("participant.ipynb"), session_dir, cull_seconds=CULL_SECONDS
    ) as origin:
        port = origin.rsplit(":", 1)[1]
        baseline = _kernels(port)
        pages = [offline(origin, size=PHONE) for _ in range(10)]
        for view in pages:
            view.page.goto(origin + "/")
            wait_for_app(view.page, ".toolkit-participant")
        assert _kernels(port) == baseline + 10
        for view in pages[1:]:
            view.context.close()
        deadline = time.monotonic() + CULL_SECONDS * 6
        while _kernels(port) > baseline + 1 and time.monotonic() < deadline:
            time.sleep(1)
        assert _kernels(port) == baseline + 1  # nine released, the open page's kept
        time.sleep(CULL_SECONDS + 2)
        still_open = pages[0].page  # idle longer than the timeout, yet connected: kept
        still_open.get_by_role("button", name="T  Tenants").click()
        still_open.get_by_role("button", name="Join").click()
        still_open.get_by_text("You have joined").wait_for(timeout=15_000)
        assert _kernels(port) == baseline + 1
