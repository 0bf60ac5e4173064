"""Joining from a phone that cannot scan: a short code on the projector, typed on the phones'
server's login page instead of scanning the QR link (tests/test_phone_server.py drives that
page on the real server)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import segno

from toolkit.apps.projector import projector_app
from toolkit.apps.serving import JOIN_URL_ENV
from toolkit.outputs.join_panel import join_panel
from toolkit.records import Recorder
from toolkit.records.join_code import (
    ALPHABET,
    LENGTH,
    TOKEN_KEY,
    grouped,
    is_code,
    join_link,
    matches,
    new_code,
    normalise,
    session_token,
    split_join_link,
)
from toolkit.records.load import load_folder

# --- the code ------------------------------------------------------------------------------


def test_a_code_is_eight_characters_that_cannot_be_misread() -> None:
    assert set(ALPHABET).isdisjoint("01OIL") and len(set(ALPHABET)) == len(ALPHABET) == 31
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200  # random, not a counter
    for code in codes:
        assert len(code) == LENGTH == 8 and set(code) <= set(ALPHABET) and is_code(code)
    assert set("".join(codes)) == set(ALPHABET)  # every character is used
    for not_a_code in ("", "K7P2QX9", "K7P2QX9MM", "k7p2qx9m", "K7P2 QX9", "K0P2QX9M",
                       "abcdefghijklmnopqrstuv"):  # fmt: skip
        assert not is_code(not_a_code)


def test_what_was_typed_is_compared_ignoring_case_spaces_and_dashes() -> None:
    for typed in ("K7P2QX9M", "k7p2-qx9m ", " K7P2 QX9M", "k7p2\u2013qx9m", "k 7 p 2 q x 9 m\n"):
        assert normalise(typed) == "K7P2QX9M" and matches(typed, "K7P2QX9M"), typed
    for typed in ("", "K7P2QX9", "K7P2QX9MM", "K7P2_QX9M", "K7P2QX9N", "K7P2QX9M\u00e9", "ß"):
        assert not matches(typed, "K7P2QX9M"), typed
    assert not matches("", "") and not matches("anything", "")  # no code, no way in
    assert matches("Zq3vN9_kX2m-PpQ7rT5wYg", "Zq3vN9_kX2m-PpQ7rT5wYg")  # any other token too


def test_the_code_is_shown_in_two_groups_and_travels_in_the_join_link() -> None:
    assert grouped("K7P2QX9M") == "K7P2 QX9M"
    link = join_link("http://192.168.1.5:8867", "K7P2QX9M")
    assert link == "http://192.168.1.5:8867/?token=K7P2QX9M"
    assert split_join_link(link) == ("http://192.168.1.5:8867", "K7P2QX9M")
    assert split_join_link("http://192.168.1.5:8867/") == ("http://192.168.1.5:8867", "")


def _stored_tokens(folder: Path) -> list[str]:
    rows = load_folder(folder).tables["settings"].rows()
    return [r["value"] for r in rows if r["key"] == TOKEN_KEY]


def test_an_old_long_token_is_replaced_by_a_code_and_a_code_is_kept(session_dir: Path) -> None:
    old = "Zq3vN9_kX2m-PpQ7rT5wYg"  # what secrets.token_urlsafe(16) used to make
    Recorder(session_dir).append("settings", "set", key=TOKEN_KEY, value=old)
    code = session_token(session_dir)
    assert is_code(code) and code != old
    assert session_token(session_dir) == code  # a restarted server keeps the same code
    assert _stored_tokens(session_dir) == [old, code]  # recorded once, in settings.csv


def test_a_new_session_gets_a_code_when_first_served(session_dir: Path) -> None:
    assert _stored_tokens(session_dir) == []
    code = session_token(session_dir)
    assert is_code(code) and _stored_tokens(session_dir) == [code]


# --- the projector's panel -----------------------------------------------------------------


def _visible_text(html: str) -> str:
    return re.sub(r"<svg.*?</svg>", "", html, flags=re.S)


def test_the_join_panel_shows_the_address_and_the_grouped_code_beside_the_qr() -> None:
    html = join_panel("http://192.168.1.5:8867/?token=K7P2QX9M")
    assert html.count("<svg") == 1 and "<path" in html and "viewBox" in html  # QR, inline
    text = _visible_text(html)
    assert "Scan the code, or open" in text and "then type the code" in text
    assert "<p class='toolkit-join-link'>http://192.168.1.5:8867</p>" in text
    assert "<p class='toolkit-join-code'>K7P2 QX9M</p>" in text
    assert "token" not in text and "K7P2QX9M" not in text  # only the QR carries the link
    assert join_panel("") == ""


def test_under_a_prefix_the_qr_code_and_the_address_carry_it(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`toolkit serve --phones-prefix /services/phones/`: the link the QR code holds and the
    address people type both open the phones' server under its prefix."""
    link = join_link("http://10.0.0.7:8867/services/phones", "ABCD2345")
    assert link == "http://10.0.0.7:8867/services/phones/?token=ABCD2345"
    assert split_join_link(link) == ("http://10.0.0.7:8867/services/phones/", "ABCD2345")
    monkeypatch.setenv(JOIN_URL_ENV, link)
    panel = projector_app(session_dir, 0).join.value
    assert "<p class='toolkit-join-link'>http://10.0.0.7:8867/services/phones/</p>" in panel
    qr = segno.make(link, error="m").svg_inline(dark="#1a1a1a", light="#ffffff", border=3,
                                                omitsize=True)  # fmt: skip
    assert qr in panel and "ABCD 2345" in panel


def test_the_projector_takes_address_and_code_from_the_join_link(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOIN_URL_ENV, "http://10.0.0.7:8867/?token=ABCD2345")
    panel = projector_app(session_dir, 0).join.value
    assert "http://10.0.0.7:8867<" in panel and "ABCD 2345" in panel
    monkeypatch.delenv(JOIN_URL_ENV)
    assert projector_app(session_dir, 0).join.value == ""
