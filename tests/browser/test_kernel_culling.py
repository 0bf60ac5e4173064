"""Kernels of closed facilitator pages are released; a page still open keeps its kernel.

Phones have no kernels any more (one participants' server for the room), but every
facilitator screen opened or reloaded on the laptop starts one, and a closed tab does not
shut its kernel down (voila issue 1458): culling is what gives that memory back."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from devtools.chromium import OfflinePage, wait_for_app
from toolkit.apps.serving import notebook, voila_server

pytestmark = pytest.mark.browser
CULL_SECONDS = 6  # toolkit serve uses 600 s; short here to keep the test quick
PAGES = 3


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


def test_closed_facilitator_pages_release_their_kernels(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    with voila_server(notebook("overview.ipynb"), session_dir, cull_seconds=CULL_SECONDS) as origin:
        port = origin.rsplit(":", 1)[1]
        baseline = _kernels(port)
        pages = [offline(origin) for _ in range(PAGES)]
        for view in pages:
            view.page.goto(origin + "/")
            wait_for_app(view.page, ".toolkit-overview")
        assert _kernels(port) == baseline + PAGES
        for view in pages[1:]:
            view.context.close()
        deadline = time.monotonic() + CULL_SECONDS * 6
        while _kernels(port) > baseline + 1 and time.monotonic() < deadline:
            time.sleep(1)
        assert _kernels(port) == baseline + 1  # the closed ones released, the open one kept
        time.sleep(CULL_SECONDS + 2)  # idle longer than the timeout, yet connected: kept
        assert _kernels(port) == baseline + 1
        still_open = pages[0].page
        still_open.reload()  # and the screen still works: a new kernel for the reload
        wait_for_app(still_open, ".toolkit-overview")
        assert pages[0].blocked == []
