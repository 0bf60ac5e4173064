"""Joining from a phone that cannot scan: a short code on the projector, typed on our own login
page of the phones' server (a real Voila on 127.0.0.1), and the QR link still working."""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from toolkit.apps.join import join_panel
from toolkit.apps.join_code import (
    ALPHABET,
    LENGTH,
    grouped,
    is_code,
    join_link,
    matches,
    new_code,
    normalise,
    split_join_link,
)
from toolkit.apps.join_login import LABEL, TITLE, WRONG_CODE
from toolkit.apps.projector import projector_app
from toolkit.apps.serving import JOIN_URL_ENV, TOKEN_KEY, notebook, session_token, voila_server
from toolkit.records import Recorder, create_session
from toolkit.records.load import load_folder
from toolkit.records.templates import find_template

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


def test_the_projector_takes_address_and_code_from_the_join_link(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(JOIN_URL_ENV, "http://10.0.0.7:8867/?token=ABCD2345")
    panel = projector_app(session_dir, 0).join.value
    assert "http://10.0.0.7:8867<" in panel and "ABCD 2345" in panel
    monkeypatch.delenv(JOIN_URL_ENV)
    assert projector_app(session_dir, 0).join.value == ""


# --- the phones' server --------------------------------------------------------------------


@dataclass
class Phone:
    """A phone's browser reduced to what logging in needs: it keeps cookies and follows no
    redirect, so each answer can be checked. It only ever talks to 127.0.0.1."""

    origin: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPResponse, str]:
        where = urlsplit(self.origin)
        assert where.hostname == "127.0.0.1"
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", where.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response, text

    def login_form(self) -> str:
        """The login page, as reached from the bare address; returns its xsrf value."""
        status, response, _ = self.request("GET", "/")
        assert status == 302 and response.headers["Location"] == "/login?next=%2F"
        status, _, html = self.request("GET", "/login?next=%2F")
        assert status == 200
        found = re.search(r'name="_xsrf" value="([^"]+)"', html)
        assert found, html
        return found.group(1)

    @property
    def logged_in(self) -> bool:
        return any(name.startswith("username-") for name in self.cookies)


@pytest.fixture(scope="module")
def phones(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The participants' Voila behind a join code, as `toolkit serve` starts it (one server
    for this module: starting Voila is the slow part)."""
    folder = create_session(
        tmp_path_factory.mktemp("join") / "session",
        find_template("housing-coproduction"),
        "Repairs",
    )
    code = session_token(folder)
    with voila_server(notebook("participant.ipynb"), folder, token=code) as origin:
        yield origin, code


def test_the_bare_address_leads_to_our_login_page(phones: tuple[str, str]) -> None:
    origin, code = phones
    phone = Phone(origin)
    phone.login_form()
    status, response, html = phone.request("GET", "/login?next=%2F")
    assert status == 200 and response.headers["Content-Type"].startswith("text/html")
    assert f"<title>{TITLE}</title>" in html and '<html lang="en">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert f'<label for="code">{LABEL}</label>' in html
    field = re.search(r"<input id=\"code\"[^>]*>", html, re.S)
    assert field, html
    for attribute in ('autocapitalize="characters"', 'autocomplete="off"', 'spellcheck="false"'):
        assert attribute in field.group(0)
    assert '<button type="submit">Join</button>' in html
    assert '<input type="hidden" name="next" value="/">' in html
    # nothing of Jupyter's page, nothing fetched from anywhere, the code not given away
    for jupyter in ("Jupyter Server", "jupyter server list", "Password or token", "bootstrap"):
        assert jupyter.lower() not in html.lower()
    assert not re.search(r"https?://", html) and "<link" not in html and "<script" not in html
    assert code not in html and WRONG_CODE not in html
    assert not phone.logged_in


def test_a_wrong_code_shows_the_form_again_without_echoing_it(phones: tuple[str, str]) -> None:
    origin, code = phones
    phone = Phone(origin)
    xsrf = phone.login_form()
    wrong = "WXYZ-2345" if normalise("WXYZ-2345") != code else "WXYZ-2346"
    status, _, html = phone.request("POST", "/login", {"_xsrf": xsrf, "code": wrong, "next": "/"})
    assert status == 401 and WRONG_CODE in html and TITLE in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert "WXYZ" not in html and not phone.logged_in
    status, response, _ = phone.request("GET", "/")
    assert status == 302 and response.headers["Location"].startswith("/login")


def test_the_right_code_typed_loosely_opens_the_participants_page(
    phones: tuple[str, str],
) -> None:
    origin, code = phones
    phone = Phone(origin)
    xsrf = phone.login_form()
    typed = f"{code[:4].lower()} {code[4:].lower()} "
    status, response, _ = phone.request(
        "POST", "/login", {"_xsrf": xsrf, "code": typed, "next": "/"}
    )
    assert status == 302 and response.headers["Location"] == "/" and phone.logged_in
    status, _, html = phone.request("GET", "/")
    assert status == 200 and "rendered_cells" in html and "participant" in html
    status, response, _ = phone.request("GET", "/login?next=%2F")  # already in: sent on
    assert status == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/?from=login", "/?from=login"),
        ("http://example.org/", "/"),
        ("//example.org/", "/"),
        ("/\\example.org/", "/%5Cexample.org/"),  # a path of ours, not another host
    ],
)
def test_after_login_only_a_path_of_this_server_is_followed(
    phones: tuple[str, str], next_url: str, lands_on: str
) -> None:
    origin, code = phones
    phone = Phone(origin)
    xsrf = phone.login_form()
    status, response, _ = phone.request(
        "POST", "/login", {"_xsrf": xsrf, "code": code, "next": next_url}
    )
    assert status == 302 and response.headers["Location"] == lands_on


def test_a_login_without_the_xsrf_field_is_refused(phones: tuple[str, str]) -> None:
    origin, code = phones
    phone = Phone(origin)
    phone.login_form()  # the xsrf cookie is set, but the form field is left out
    status, _, _ = phone.request("POST", "/login", {"code": code, "next": "/"})
    assert status == 403 and not phone.logged_in
    status, _, _ = Phone(origin).request("POST", "/login", {"code": code})  # no cookie either
    assert status == 403


def test_the_qr_link_still_opens_the_page_directly(phones: tuple[str, str]) -> None:
    origin, code = phones
    phone = Phone(origin)
    status, _, html = phone.request(
        "GET", urlsplit(join_link(origin, code)).path + f"?token={code}"
    )
    assert status == 200 and "rendered_cells" in html and phone.logged_in
    status, _, html = phone.request("GET", "/")  # the cookie keeps it
    assert status == 200 and "rendered_cells" in html
    for forged in ("", "wrong", code + "X", code[:-1], code.replace(code[0], "%00", 1)):
        status, response, _ = Phone(origin).request("GET", f"/?token={forged}")
        assert status == 302 and response.headers["Location"].startswith("/login"), forged


def test_a_phone_that_guesses_waits_a_minute(tmp_path: Path) -> None:
    """Ten wrong codes in ten minutes, typed or in a link, and that phone waits a minute: even
    the right code is not checked until then. A server of its own: the wait would stop the
    other tests' phones, which all come from 127.0.0.1."""
    folder = create_session(tmp_path / "s", find_template("housing-coproduction"), "Guess")
    code = session_token(folder)
    with voila_server(notebook("participant.ipynb"), folder, token=code) as origin:
        phone = Phone(origin)
        xsrf = phone.login_form()
        wrongs = [w for w in (f"WXYZ{a}{b}{b}{b}" for a in "2345" for b in "6789")
                  if normalise(w) != code]  # fmt: skip
        for wrong in wrongs[:5]:
            form = {"_xsrf": xsrf, "code": wrong, "next": "/"}
            status, _, html = phone.request("POST", "/login", form)
            assert status == 401 and WRONG_CODE in html
        for wrong in wrongs[5:10]:  # a link with a wrong code counts too
            status, response, _ = phone.request("GET", f"/?token={wrong}")
            assert status == 302 and response.headers["Location"].startswith("/login")
        status, response, html = phone.request(
            "POST", "/login", {"_xsrf": xsrf, "code": code, "next": "/"}
        )
        assert status == 429 and 0 < int(response.headers["Retry-After"]) <= 60
        assert re.search(r"Too many wrong codes from this phone\. Wait \d+ seconds", html)
        assert 'role="alert"' in html and not phone.logged_in
        status, response, _ = phone.request("GET", f"/?token={code}")  # the QR link waits too
        assert status == 302 and response.headers["Location"].startswith("/login")
        assert not phone.logged_in


def test_no_jupyter_logout_page_and_no_facilitator_screens(phones: tuple[str, str]) -> None:
    origin, code = phones
    phone = Phone(origin)
    status, _, _ = phone.request("GET", f"/?token={code}")
    assert status == 200
    for path in ("/logout", "/voila/render/voting.ipynb", "/voila/tree", "/tree",
                 "/voila/files/votes.csv", "/files/votes.csv", "/api/contents"):  # fmt: skip
        status, response, html = phone.request("GET", path)
        if status == 302:  # Voila sends unknown paths to its file handler, which refuses
            status, _, html = phone.request("GET", response.headers["Location"])
        assert status in (403, 404), path
        assert "Jupyter Server" not in html and phone.logged_in
