"""Shared fixtures: real session folders on disk, a guard against swallowed widget errors, and
one Chromium per test worker."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from toolkit.records import create_session
from toolkit.records.templates import find_template

HOUSING = "housing-coproduction"


class SwallowedCallbackErrors(logging.Handler):
    """Collects the 'Exception in callback' warnings that ipywidgets logs instead of raising."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Exception in callback"):
            self.errors.append(self.format(record))


@pytest.fixture(autouse=True)
def swallowed_widget_errors() -> Iterator[SwallowedCallbackErrors]:
    """Fails any test in which a widget callback raised and ipywidgets only logged it."""
    handler = SwallowedCallbackErrors()
    logger = logging.getLogger("traitlets")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
    if handler.errors:
        pytest.fail("a widget callback raised and ipywidgets swallowed it:\n" + handler.errors[0])


@pytest.fixture
def new_session(tmp_path: Path) -> Callable[..., Path]:
    """Makes a real session folder from the housing template under tmp_path."""
    counter = iter(range(1, 1000))

    def make(title: str = "Repairs together", **options: str) -> Path:
        folder = tmp_path / f"session-{next(counter)}"
        return create_session(folder, find_template(HOUSING), title, **options)

    return make


@pytest.fixture
def session_dir(new_session: Callable[..., Path]) -> Path:
    return new_session()


@pytest.fixture(scope="session")
def workshops(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two whole workshops written through the domain rules (devtools/sample_session.py): 60
    people in four groups (Councillors, 2 people, too few to be named), 40 issues, two
    revealed rounds, actions; the second session follows up the first's open actions.
    Shared by many tests: copy a folder before writing into it."""
    from devtools.sample_session import FOURTH_GROUP, GROUP_ANCHOR, build_workshop
    from tests.workshop import template_with

    root = tmp_path_factory.mktemp("workshops")
    template = template_with(root, GROUP_ANCHOR, FOURTH_GROUP + GROUP_ANCHOR)
    first = build_workshop(
        root / "2026-09-12-estate",
        template,
        title="Repairs: where we start",
        date="2026-09-12",
        seed=3,
    )
    return first, build_workshop(root / "2026-11-28-estate", template, follow_up=first)


@pytest.fixture(scope="session")
def workshop(workshops: tuple[Path, Path]) -> Path:
    """The generated 60-people, 4-group, 40-issue, 2-round session (read only)."""
    return workshops[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test of this worker. Only one: while Playwright's sync
    API is in use, this thread counts as running an asyncio loop, so a second
    `sync_playwright()` (or `asyncio.run`) in the same worker would be refused."""
    from playwright.sync_api import sync_playwright

    from devtools.chromium import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: 'make test' installs it (apt-get install chromium)")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
