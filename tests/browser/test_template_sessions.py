"""Voila serves a new session's own console, for every shipped template, to a real Chromium."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devtools.chromium import OfflinePage, wait_for_app
from toolkit.apps.serving import session_notebooks, voila_server
from toolkit.cli import main
from toolkit.records.folder import session_template
from toolkit.records.templates import shipped_templates

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", [name for name, _ in shipped_templates()])
def test_the_sessions_own_console_is_served_in_the_templates_words(
    name: str,
    tmp_path: Path,
    offline: Callable[..., OfflinePage],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / name
    assert main(["new", str(folder), "--template", name, "--title", "Served"]) == 0
    capsys.readouterr()
    template = session_template(folder)
    assert session_notebooks(folder) == folder / "notebooks"
    with voila_server(session_notebooks(folder), folder) as origin:
        view = offline(origin)
        view.page.goto(f"{origin}/voila/render/console.ipynb")
        wait_for_app(view.page, ".toolkit-console")
        text = view.page.inner_text(".toolkit-console")
        first = template.agenda[0]
        assert first.title in text
        if template.texts.language == "en":
            assert f"Step 1 of {len(template.agenda)}: {first.title}" in text
        assert template.branding.organisation in text  # the band of the template's branding
        assert "cannot be opened" not in text
        assert view.blocked == []
