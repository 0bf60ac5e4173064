"""With an organisation's shared phones' server (TOOLKIT_SHARED_PHONES_URL), the console opens
and closes the session for phones, recorded in settings.csv and shown as the folder says; the
projector then shows that server's address with this session's code, and only while open.
Without it (one laptop, `toolkit serve`) neither changes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import segno

from tests.widgets.test_write_faults import Disk
from toolkit.apps.console import console_app
from toolkit.apps.projector import projector_app
from toolkit.apps.serving import JOIN_URL_ENV
from toolkit.domain.room import PHONES_OPEN_KEY
from toolkit.records import Recorder, create_session
from toolkit.records.join_code import grouped, join_link, session_token, split_join_link
from toolkit.records.load import load_folder
from toolkit.records.phones_open import is_open_for_phones, open_for_phones
from toolkit.records.ports import SHARED_PHONES_ENV
from toolkit.records.templates import find_template
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.phones_switch import PhonesOpenSwitch
from toolkit.widgets.projector import ProjectorView

SHARED = "https://hub.example.org/services/phones/"


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(SHARED_PHONES_ENV, SHARED)
    monkeypatch.delenv(JOIN_URL_ENV, raising=False)
    return SHARED


def switch_of(folder: Path) -> tuple[ConsoleView, PhonesOpenSwitch]:
    console = console_app(folder, poll_seconds=0)
    assert isinstance(console, ConsoleView)
    switch = console.bar.phones
    assert isinstance(switch, PhonesOpenSwitch)
    assert switch in console.bar.controls.children  # in the agenda bar: always in view
    return console, switch


def phones_open_values(folder: Path) -> list[str]:
    rows = load_folder(folder).tables["settings"].rows()
    return [str(r["value"]) for r in rows if r["key"] == PHONES_OPEN_KEY]


def test_the_switch_opens_and_closes_the_session_for_phones(session_dir: Path, shared: str) -> None:
    console, switch = switch_of(session_dir)
    assert "Phones: closed" in switch.label.value
    assert switch.button.description == "Open for phones"
    assert phones_open_values(session_dir) == []

    switch.button.click()
    assert phones_open_values(session_dir) == ["true"] and is_open_for_phones(session_dir)
    code = session_token(session_dir)  # made when first opened
    assert f"Phones: open · code <b>{grouped(code)}</b>" in switch.label.value
    assert switch.button.description == "Close for phones"
    assert console.bar.status.kind == "ok"
    assert f"they join at {shared} with the code {grouped(code)}" in console.bar.status.message

    switch.button.click()
    assert phones_open_values(session_dir) == ["true", "false"]
    assert not is_open_for_phones(session_dir)
    assert "Phones: closed" in switch.label.value and "code" not in switch.label.value
    assert switch.button.description == "Open for phones"
    assert "nothing a phone sends is saved" in console.bar.status.message
    console.refresh()  # the console's poll agrees with what was recorded
    assert "Phones: closed" in switch.label.value


def test_the_switch_follows_the_folder_in_the_template_s_language(
    tmp_path: Path, shared: str
) -> None:
    folder = create_session(
        tmp_path / "es", find_template("prioridades-comunitarias"), "Prioridades"
    )
    console, switch = switch_of(folder)
    assert "Móviles: cerrados" in switch.label.value
    assert switch.button.description == "Abrir a los móviles"
    code = open_for_phones(folder, True)  # another screen opens it
    console.refresh()
    assert f"Móviles: abiertos · código <b>{grouped(code)}</b>" in switch.label.value
    assert switch.button.description == "Cerrar a los móviles"
    # a hand edit closes it, the value as a spreadsheet writes it
    Recorder(folder).append("settings", "set", key=PHONES_OPEN_KEY, value="FALSE")
    console.refresh()
    assert "Móviles: cerrados" in switch.label.value
    Recorder(folder).append("settings", "set", key=PHONES_OPEN_KEY, value="TRUE")
    console.refresh()
    assert "abiertos" in switch.label.value
    switch.button.click()
    assert "Cerrado a los móviles" in console.bar.status.message


def test_a_failed_write_says_what_to_do_and_changes_nothing(
    session_dir: Path, shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    console, switch = switch_of(session_dir)
    session_token(session_dir)  # the code exists: only the switch's own write fails
    before = (session_dir / "settings.csv").read_bytes()
    disk = Disk(monkeypatch)
    disk.full = True
    switch.button.click()
    assert disk.failures and (session_dir / "settings.csv").read_bytes() == before
    assert console.bar.status.kind == "error"
    assert re.match(
        r"Phones are still closed: the session could not be opened for phones \(could not "
        r"save to .*No space left on device.*\)\. Check that the session folder can be "
        r"written, then try again\.$",
        console.bar.status.message,
    ), console.bar.status.message
    assert "Phones: closed" in switch.label.value and switch.button.description == "Open for phones"
    disk.full = False  # the fault cleared: the same click works
    switch.button.click()
    assert is_open_for_phones(session_dir) and "Phones: open" in switch.label.value

    shutil.rmtree(session_dir)  # the folder gone (a drive unplugged): closing says so
    switch.button.click()
    assert console.bar.status.kind == "error"
    assert console.bar.status.message.startswith("Phones are still open: the session could not")
    assert "Phones: open" in switch.label.value


def test_without_a_shared_server_there_is_no_switch(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SHARED_PHONES_ENV, raising=False)
    console = console_app(session_dir, poll_seconds=0)
    assert isinstance(console, ConsoleView)
    assert console.bar.phones is None
    assert not any(isinstance(w, PhonesOpenSwitch) for w in console.bar.controls.children)
    assert "Open for phones" not in str(console.bar.controls.children)


def test_the_projector_shows_the_shared_address_and_code_only_while_open(
    session_dir: Path, shared: str
) -> None:
    projector = projector_app(session_dir, poll_seconds=0)
    assert isinstance(projector, ProjectorView)
    closed = projector.join.value
    assert "Phones are not open just now" in closed
    assert "<svg" not in closed and "hub.example.org" not in closed  # no door to knock on
    assert "toolkit-join-large" in projector._dom_classes  # the welcome: said large

    code = open_for_phones(session_dir, True)
    projector.refresh()
    shown = projector.join.value
    assert "<svg" in shown and "Phones are not open" not in shown
    assert f"<p class='toolkit-join-link'>{shared}</p>" in shown
    assert f"<p class='toolkit-join-code'>{grouped(code)}</p>" in shown
    assert "0 people have joined" in shown
    link = join_link(shared.rstrip("/"), code)  # the QR code: the address with the code
    assert link == f"https://hub.example.org/services/phones/?token={code}"
    assert split_join_link(link) == (shared, code)
    qr = segno.make(link, error="m").svg_inline(dark="#1a1a1a", light="#ffffff", border=3,
                                                omitsize=True)  # fmt: skip
    assert qr in shown

    open_for_phones(session_dir, False)
    projector.refresh()
    assert "Phones are not open just now" in projector.join.value


def test_the_projector_keeps_the_own_servers_link_when_toolkit_serve_gives_one(
    session_dir: Path, shared: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOIN_URL_ENV, "http://192.168.1.5:8867/?token=K7P2QX9M")
    projector = projector_app(session_dir, poll_seconds=0)
    assert isinstance(projector, ProjectorView)
    assert "<p class='toolkit-join-link'>http://192.168.1.5:8867</p>" in projector.join.value
    monkeypatch.delenv(SHARED_PHONES_ENV)
    monkeypatch.delenv(JOIN_URL_ENV)
    projector = projector_app(session_dir, poll_seconds=0)
    assert isinstance(projector, ProjectorView)
    assert projector.join.value == ""  # nothing to join, nothing said (as before)
