"""`toolkit serve --team`: a co-facilitator's or note-taker's laptop opens the facilitator's
screens from the printed address with the same token, in a browser of its own; without the
token it gets the login page. (On 127.0.0.1: tests never reach the LAN address.)"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from devtools.chromium import OfflinePage, wait_for_app
from toolkit.apps.serving import free_port


def test_a_second_laptop_opens_the_notes_from_the_team_address(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "serve", str(session_dir), "--team",
         "--host", "127.0.0.1", "--port", str(port), "--no-participants"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        printed = ""
        while "    Discussion notes: http" not in printed:  # the team's lines come last
            line = process.stdout.readline()
            assert line, printed
            printed += line
        threading.Thread(target=process.stdout.read, daemon=True).start()
        console = re.search(r"Facilitator console: (\S+\?token=(\S+))\n", printed)
        notes = re.search(r"    Discussion notes: (\S+)\n", printed)
        assert console and notes, printed
        assert notes.group(1) == (
            f"http://127.0.0.1:{port}/voila/render/notes.ipynb?token={console.group(2)}"
        )
        origin = f"http://127.0.0.1:{port}"
        second = offline(origin, size=(1366, 768))  # a browser of its own: no cookie, no header
        second.page.goto(notes.group(1))
        wait_for_app(second.page, ".toolkit-notes")
        stranger = offline(origin, size=(1366, 768))
        stranger.page.goto(f"{origin}/voila/render/notes.ipynb")
        stranger.page.wait_for_selector("input[type=password], input[name=password]")
        assert stranger.page.locator(".toolkit-notes").count() == 0
        assert second.blocked == [] and stranger.blocked == []
    finally:
        process.terminate()
        process.wait(timeout=30)
