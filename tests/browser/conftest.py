"""Pages for the browser tests that may only talk to the server under test (Chromium itself,
the `browser` fixture, is tests/conftest.py's, shared with the JupyterHub tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser

from devtools.chromium import PROJECTOR, OfflinePage, offline_page


@pytest.fixture
def offline(browser: Browser) -> Iterator[Callable[..., OfflinePage]]:
    """Makes pages that may only reach the given origins; closed after the test."""
    made: list[OfflinePage] = []

    def make(
        *origins: str, size: tuple[int, int] = PROJECTOR, javascript: bool = True
    ) -> OfflinePage:
        made.append(offline_page(browser, *origins, size=size, javascript=javascript))
        return made[-1]

    yield make
    for page in made:
        page.context.close()
