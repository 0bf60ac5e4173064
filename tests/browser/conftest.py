"""A real Voila server on a free loopback port, and Chromium that may only talk to it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from toolkit.apps.serving import voila_command, voila_env

CHROMIUM = "/usr/bin/chromium"
# Without the last three, Chromium keeps trying to reach the internet (NOTES.md).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def voila_server(notebook: Path, session: Path, timeout: float = 60) -> Iterator[str]:
    """Serve `notebook` for `session` on 127.0.0.1; stopped by process id (with its kernels)."""
    port = free_port()
    process = subprocess.Popen(
        voila_command(notebook, "127.0.0.1", port),
        env=voila_env(session),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError("voila exited: " + process.stderr.read().decode()[-2000:])  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"voila did not listen on port {port}") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: 'make test' installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class OfflinePage:
    """A page whose requests outside the allowed origins are aborted and recorded."""

    page: Page
    blocked: list[str] = field(default_factory=list)


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[Callable[..., OfflinePage]]:
    contexts = []

    def make(origin: str, width: int = 1920, height: int = 1080) -> OfflinePage:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        result = OfflinePage(context.new_page())

        def guard(route: Route) -> None:
            url = route.request.url
            if url.startswith(origin + "/") or url == origin or url.startswith("data:"):
                route.continue_()
            else:
                result.blocked.append(url)
                route.abort()

        context.route("**/*", guard)
        return result

    yield make
    for c in contexts:
        c.close()


def wait_for_app(page: Page, selector: str) -> None:
    """Voila renders progressively: wait for its spinner to go, then for our own widget."""
    page.wait_for_selector("#rendered_cells", state="visible", timeout=90_000)
    page.wait_for_selector("#loading", state="detached", timeout=90_000)
    page.wait_for_selector(selector, state="visible", timeout=90_000)
