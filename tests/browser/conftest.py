"""Chromium for the browser tests; every page may only talk to the server under test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from devtools.chromium import CHROMIUM, PROJECTOR, OfflinePage, launch, offline_page


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: 'make test' installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


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
