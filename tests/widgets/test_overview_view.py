"""The overview view and app without a browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.records.sample import fill_every_table
from toolkit.apps.overview import overview_app
from toolkit.records.ports import SESSION_ENV
from toolkit.widgets.overview import OverviewView


def test_app_shows_the_session_with_text_escaped(new_session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = new_session(title="<script>alert(1)</script> & =1+1", facilitator="Sam")
    fill_every_table(folder)
    monkeypatch.setenv(SESSION_ENV, str(folder))
    view = overview_app()
    assert isinstance(view, OverviewView)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; =1+1" in view.heading.value
    assert "<script>" not in view.heading.value
    assert "Sam" in view.heading.value
    assert "Front-line staff" in view.groups.value and ">F<" in view.groups.value
    assert "<strong>8</strong>dots placed" in view.counts.value
    assert view.agenda.value.count("<li>") == 8


def test_assigning_a_new_overview_redraws(session_dir: Path) -> None:
    view = overview_app(session_dir)
    assert isinstance(view, OverviewView)
    fill_every_table(session_dir)
    from toolkit.records.overview import read_overview

    view.overview = read_overview(session_dir)
    assert "<strong>1</strong>participants" in view.counts.value


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "datapackage.json").unlink(), "is missing, so this is not a session"),
        (lambda f: (f / "votes.csv").write_bytes(b""), "votes.csv, line 1: is empty"),
    ],
)
def test_a_broken_session_shows_a_message_not_a_traceback(session_dir, damage, message) -> None:  # type: ignore[no-untyped-def]
    damage(session_dir)
    view = overview_app(session_dir)
    assert "This session cannot be opened" in view.value
    assert message in view.value


def test_no_session_given_says_how_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SESSION_ENV, raising=False)
    view = overview_app()
    assert "toolkit serve FOLDER" in view.value
