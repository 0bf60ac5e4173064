"""The phones' server under a path prefix (`--prefix /services/phones/`, behind a proxy that
keeps the path): every address a phone meets carries it, followed as a phone without script
follows them, and nothing answers outside it."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack
from html import unescape
from http.cookies import SimpleCookie

import pytest

from tests.phones import phone_room
from tests.test_phone_server import (
    DEADLINE,
    NOT_FOUND,
    OPTIONS,
    Answer,
    Phone,
    Served,
    new_folder,
    open_round,
    votes_of,
)
from toolkit.apps.phones.__main__ import main as phones_main
from toolkit.apps.phones.pages import PhonePages
from toolkit.apps.phones.static_files import STATIC
from toolkit.apps.serving import phone_server, serve, session_token
from toolkit.cli import main as toolkit_main
from toolkit.records.base_paths import BasePathError, base_path

PREFIX = "/services/phones/"


@pytest.fixture(scope="module")
def under(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A round open on three typed options, the phones on the vote, served under PREFIX
    (given untidy, as someone may type it)."""
    folder = new_folder(tmp_path_factory.mktemp("prefix"))
    open_round(folder, typed=OPTIONS, dots=3, cap=2)
    code = session_token(folder)
    with ExitStack() as servers:
        origin = servers.enter_context(phone_server(folder, token=code, prefix="services/phones"))
        yield Served(folder, origin, code)


def addresses(html: str) -> list[str]:
    """Every address on a page: form actions, links, scripts, a reload's target."""
    found = re.findall(r'(?:action|href|src)="([^"]*)"', html)
    found += re.findall(r'http-equiv="refresh" content="\d+; url=([^"]*)"', html)
    return [unescape(a) for a in found if not a.startswith("data:")]


def cookie_paths(answer: Answer) -> dict[str, str]:
    """The path of each cookie the answer sets."""
    paths = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        paths.update({name: morsel["path"] for name, morsel in cookie.items()})
    return paths


def form(page: str, action_ends: str) -> tuple[str, dict[str, str]]:
    """The first form whose action ends with `action_ends`: its action and hidden fields."""
    found = re.search(rf'<form method="post" action="([^"]*{action_ends})"[^>]*>(.*?)</form>',
                      page, re.S)  # fmt: skip
    assert found, page
    hidden = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', found.group(2))
    return unescape(found.group(1)), {k: unescape(v) for k, v in hidden if k != "_xsrf"}


def let_in(served: Served) -> Phone:
    """A phone that opened the QR code's link: in the room, not yet joined."""
    phone = Phone(served.origin)
    assert phone.get(f"{PREFIX}?token={served.code}").status == 303
    return phone


def test_a_phone_joins_and_votes_through_addresses_all_under_the_prefix(under: Served) -> None:
    assert under.origin.endswith(f":{under.port}/services/phones")
    phone = Phone(under.origin)
    # typed without its last slash: sent to the prefix
    bare = phone.get(PREFIX.rstrip("/"))
    assert bare.status == 301 and bare.headers["Location"] == PREFIX
    assert "Server" not in bare.headers
    linked = phone.get(f"{PREFIX.rstrip('/')}?token={under.code}")  # a link's code goes along
    assert linked.status == 301 and linked.headers["Location"] == f"{PREFIX}?token={under.code}"

    login = phone.get(PREFIX)
    assert login.status == 200 and f'data-root="{PREFIX}"' in login.text
    assert cookie_paths(login) == {"_xsrf": PREFIX}
    shown = addresses(login.text)
    assert shown and all(a.startswith(PREFIX) for a in shown), shown
    script = next(a for a in shown if "phone.js" in a)
    assert script.startswith(f"{PREFIX}static/phone.js?v=")
    loaded = phone.get(script)
    assert loaded.status == 200 and loaded.raw == (STATIC / "phone.js").read_bytes()

    # the join code typed on the login page's own form
    action, _ = form(login.text, "login")
    entered = phone.post(action, {"code": under.code}, fragment=False)
    assert entered.status == 303 and entered.headers["Location"] == PREFIX
    assert cookie_paths(entered) == {"toolkit_join": PREFIX}
    page = phone.get(entered.headers["Location"]).text
    shown = addresses(page)
    assert {f"{PREFIX}join", f"{PREFIX}return"} <= set(shown)
    assert all(a.startswith(PREFIX) for a in shown), shown

    action, fields = form(page, "join")
    joined = phone.post(action, {**fields, "group": "tenants", "name": ""}, fragment=False)
    assert joined.status == 303 and joined.headers["Location"] == PREFIX
    assert cookie_paths(joined) == {"toolkit_me": PREFIX}
    ballot = phone.get(PREFIX).text
    shown = addresses(ballot)
    assert shown.count(f"{PREFIX}vote") == len(OPTIONS)
    assert all(a.startswith(PREFIX) for a in shown), shown

    action, fields = form(ballot, "vote")  # the first option on the ballot, its + button
    voted = phone.post(action, {**fields, "step": "1"}, fragment=False)
    assert voted.status == 303 and voted.headers["Location"] == f"{PREFIX}#o1"
    assert phone.get(voted.headers["Location"].split("#")[0]).said == ("ok", "Saved. 2 dots left.")
    pid = phone.me[0]
    label = next(o for o in OPTIONS if f"{o}</div>" in ballot.split("</form>")[0])
    assert votes_of(under.folder, pid) == [("cast", label, 1)]

    # the QR code's link lets a phone in at the prefix too
    scanned = Phone(under.origin)
    opened = scanned.get(f"{PREFIX}?token={under.code}")
    assert opened.status == 303 and opened.headers["Location"] == PREFIX
    assert cookie_paths(opened)["toolkit_join"] == PREFIX


def test_the_event_stream_is_under_the_prefix(under: Served) -> None:
    phone = let_in(under)
    cookies = "; ".join(f"{k}={v}" for k, v in phone.cookies.items())
    with socket.create_connection(("127.0.0.1", under.port), timeout=DEADLINE) as events:
        events.sendall(f"GET {PREFIX}events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}"
                       "\r\nAccept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        seen, end = b"", time.monotonic() + DEADLINE
        while not re.search(rb"\r\n\r\n.*data: \d+\n\n", seen, re.S):
            assert time.monotonic() < end, seen
            chunk = events.recv(4096)
            assert chunk, seen
            seen += chunk
    assert seen.startswith(b"HTTP/1.1 200 ") and b"text/event-stream" in seen


@pytest.mark.parametrize(
    "path",
    ["/", "/?token={code}", "/login", "/join", "/events", "/static/phone.js", "/services/",
     "/services/phones2/", "/services/phones/../", "/services/phones2/static/phone.js",
     "/services/phones/voila/render/console.ipynb", "/services/phones/services/phones/"],
)  # fmt: skip
def test_outside_the_prefix_is_the_plain_not_found_page(under: Served, path: str) -> None:
    phone = let_in(under)  # even with the room's cookie
    answer = phone.get(path.format(code=under.code))
    assert answer.status == 404 and NOT_FOUND in answer.text, path
    assert "toolkit_join" not in cookie_paths(answer)


def test_a_page_reloads_itself_and_the_script_asks_only_under_the_prefix(under: Served) -> None:
    pages = PhonePages(phone_room(under.folder), "", f"{PREFIX}static/phone.js", PREFIX)
    assert f'content="5; url={PREFIX}"' in pages.page("", refresh=5)
    script = (STATIC / "phone.js").read_text()
    # every address the script asks for is built from the page's data-root
    assert 'getAttribute("data-root")' in script
    assert not re.search(r"""(fetch|EventSource)\(\s*["']""", script)
    assert not re.search(r"""["']/\w""", script)


def test_a_prefix_is_tidied_or_refused_saying_how(capsys: pytest.CaptureFixture[str]) -> None:
    odd = "/user/a.b-c_d~e@council.example/"  # (JupyterHub keeps an e-mail name's @)
    for given, tidy in (("/", "/"), ("", "/"), ("services/phones", PREFIX),
                        (" /services//phones/ ", PREFIX), (odd, odd)):  # fmt: skip
        assert base_path(given) == tidy, given
    for bad in ("/a b/", "/caf\u00e9/", "/a%20b/", "/a/../b/", "/./", "/a?b", "/a#b", "/a;b/"):
        with pytest.raises(BasePathError, match="not a plain path such as /user/alice/ or /s"):
            base_path(bad)
    with pytest.raises(BasePathError, match=r"^--base-url '/a b/' is not a plain path"):
        serve("nowhere", base_url="/a b/")  # before anything is started
    with pytest.raises(SystemExit):
        phones_main(["nowhere", "--port", "1", "--token", "X", "--prefix", "/a b/"])
    assert "argument --prefix: '/a b/' is not a plain path" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:
        toolkit_main(["serve", "nowhere", "--phones-prefix", "/a%20b/"])
    assert refused.value.code == 1
    err = capsys.readouterr().err
    assert "argument --phones-prefix: '/a%20b/' is not a plain path" in err
    assert len(err.splitlines()) == 1
