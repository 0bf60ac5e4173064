"""Kernels of reloaded or closed facilitator pages are released; an open page keeps its own.

Phones have no kernels any more (one participants' server for the room), but every
facilitator screen opened or reloaded on the laptop starts one. A page that unloads asks
Voila to shut its kernel down, which passes Jupyter's XSRF check because the toolkit's
Voila sets the `_xsrf` cookie that request carries (toolkit/apps/voila_app.py; voila issue
1458); a cross-origin request is still refused. A page that vanishes without unloading (a
browser killed, a laptop's battery) is covered by culling."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from devtools.chromium import OfflinePage, wait_for_app
from devtools.kernels import kernels_of
from toolkit.apps.serving import notebook, voila_server
from toolkit.records.templates import shipped_root

pytestmark = pytest.mark.browser
CULL_SECONDS = 6  # toolkit serve uses 600 s; short here to keep the test quick
PAGES = 3
SERVE_CULL_SECONDS = 600  # as `toolkit serve`: kernels released sooner were shut down
RELEASED_WITHIN = 10  # seconds


def _kernels(port: str) -> int:
    return len(kernels_of(port))


def _wait_for_kernels(port: str, expected: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while _kernels(port) != expected and time.monotonic() < deadline:
        time.sleep(0.5)
    return _kernels(port)


def test_reloaded_and_closed_pages_shut_their_kernels_down(
    session_dir: Path, offline: Callable[..., OfflinePage]
) -> None:
    with voila_server(
        shipped_root("notebooks"), session_dir, cull_seconds=SERVE_CULL_SECONDS
    ) as origin:
        port = origin.rsplit(":", 1)[1]
        baseline = _kernels(port)
        console, projector = offline(origin), offline(origin)
        console.page.goto(f"{origin}/voila/render/console.ipynb")
        wait_for_app(console.page, ".toolkit-console")
        projector.page.goto(f"{origin}/voila/render/projector.ipynb")
        wait_for_app(projector.page, ".toolkit-projector")
        assert _kernels(port) == baseline + 2
        for _ in range(2):
            console.page.reload()
            wait_for_app(console.page, ".toolkit-console")
        projector.page.close(run_before_unload=True)  # as closing its tab does
        # Only the open console's kernel is left, long before any culling.
        assert _wait_for_kernels(port, baseline + 1, RELEASED_WITHIN) == baseline + 1
        title = console.page.locator(".toolkit-bar-title")
        before = title.inner_text()
        console.page.locator(".toolkit-next-step").click()  # and its kernel answers
        expect(title).not_to_have_text(before)
        assert _kernels(port) == baseline + 1
        assert console.blocked == []


def _post(url: str, headers: dict[str, str], body: bytes = b"") -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_only_the_page_itself_can_shut_its_kernel_down(session_dir: Path) -> None:
    with voila_server(
        notebook("projector.ipynb"), session_dir, cull_seconds=SERVE_CULL_SECONDS
    ) as origin:
        port = origin.rsplit(":", 1)[1]
        baseline = _kernels(port)
        with urllib.request.urlopen(f"{origin}/?token={origin.token}", timeout=90) as page:
            html = page.read().decode()
            cookies = {
                part.split(";")[0].split("=", 1)[0]: part.split(";")[0].split("=", 1)[1]
                for part in page.headers.get_all("Set-Cookie")
            }
        config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', html, re.DOTALL)
        assert config
        shutdown = f"{origin}/voila/api/shutdown/{json.loads(config[1])['kernelId']}"
        xsrf = cookies["_xsrf"]  # the page set it: Voila's unload request sends it back
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        assert _kernels(port) == baseline + 1
        other = "2|00000000|" + "0" * 32 + "|1700000000"  # well formed, not this cookie's
        refused = [
            _post(shutdown, {"Cookie": cookie}),  # no token
            _post(shutdown, {"Cookie": cookie, "X-XSRFToken": other}),
            _post(shutdown, {"Cookie": cookie}, f"_xsrf={other}".encode()),
            # the right one, from another site's page (which could not read it anyway)
            _post(shutdown, {"Cookie": cookie, "X-XSRFToken": xsrf, "Origin": "http://evil.test"}),
        ]
        assert refused == [403, 403, 403, 404]
        assert _kernels(port) == baseline + 1
        form = {
            "Cookie": cookie,
            "Origin": origin,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        assert _post(shutdown, form, f"_xsrf={xsrf}".encode()) == 204  # as the page sends it
        assert _wait_for_kernels(port, baseline, RELEASED_WITHIN) == baseline


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
