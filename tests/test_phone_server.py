"""The participants' server as phones meet it: the real process on 127.0.0.1, set up through the
facilitator's real screens, each answer and each CSV row checked."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

import toolkit
from tests.phones import holding, show_held
from tests.workshop import shortlist, template_with
from toolkit.apps.phones.static_files import STATIC
from toolkit.apps.serving import phone_server, session_token
from toolkit.apps.voting import voting_app
from toolkit.domain.participants import CODE_ALPHABET
from toolkit.domain.phone import ballot_order
from toolkit.domain.voting import Ballot
from toolkit.records import create_session
from toolkit.records.join_code import normalise
from toolkit.records.templates import find_template
from toolkit.widgets.voting import VotingConsole

FORM = "application/x-www-form-urlencoded"
DEADLINE = 20.0  # seconds to wait for the server to show what another screen saved
TITLE = "Estate repairs, spring"
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats"]

# What the phones say, in the housing template's (English) words.
NOT_FOUND = "There is no such page here. Open the join link again."
RELOAD = "This page is out of date. Reload it, or open the join link again."
BAD_REQUEST = "That could not be read, so nothing was saved. Reload the page and try again."
TOO_LARGE = "That was too long to send, so nothing was saved. Send something shorter."
JOIN_FIRST = "Join first: choose your group above."
WRONG_CODE = "That code is not right. Check the code on the screen and try again."
STALE_VOTE = (
    "Your ballot changed since this page was drawn; here it is as saved. Nothing else was changed."
)
WELCOME_BACK = "Welcome back: this is your own ballot."


# --- a phone's browser, reduced ------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    raw: bytes

    @property
    def text(self) -> str:
        if self.headers.get("Content-Encoding") == "gzip":
            return gzip.decompress(self.raw).decode()
        return self.raw.decode()

    @property
    def said(self) -> tuple[str, str]:
        """The page's status line: its kind ('ok', 'error' or '' when empty) and its text."""
        found = re.search(r'<p class="status ?(\w*)"[^>]*>(.*?)</p>', self.text, re.S)
        return (found.group(1), unescape(found.group(2))) if found else ("", "")


class Phone:
    """A phone's browser reduced to what the tests need: it keeps cookies, follows no redirect
    (each answer is checked as sent) and only ever talks to 127.0.0.1."""

    def __init__(self, origin: str) -> None:
        where = urlsplit(origin)
        assert where.hostname == "127.0.0.1" and where.port
        self.origin, self.port = origin, where.port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body, sent)
            response = connection.getresponse()
            raw = response.read()
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
        return Answer(response.status, response.headers, raw)

    def get(self, path: str = "/", fragment: bool = False, **headers: str) -> Answer:
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        if fragment:
            sent["X-Toolkit-Fragment"] = "1"
        return self.request("GET", path, None, sent)

    def post(
        self,
        path: str,
        fields: Mapping[str, str] | Sequence[tuple[str, str]],
        fragment: bool = True,
        xsrf: bool = True,
    ) -> Answer:
        pairs = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
        if xsrf:
            pairs.append(("_xsrf", self.cookies["_xsrf"]))
        headers = {"Content-Type": FORM}
        if fragment:
            headers["X-Toolkit-Fragment"] = "1"
        return self.request("POST", path, urlencode(pairs).encode(), headers)

    # Steps every phone takes

    def enter(self, code: str) -> Phone:
        """Type the join code on the login page."""
        assert self.get().status == 200 and "_xsrf" in self.cookies
        answer = self.post("/login", {"code": code}, fragment=False)
        assert answer.status == 303 and answer.headers["Location"] == "/", answer.text
        return self

    def join_fields(self, group: str, name: str = "") -> dict[str, str]:
        page = self.get(fragment=True).text
        form_id = re.search(r'name="form_id" value="([^"]+)"', page)
        assert form_id, page
        return {"form_id": form_id.group(1), "group": group, "name": name}

    def join(self, group: str = "tenants", name: str = "") -> Answer:
        answer = self.post("/join", self.join_fields(group, name))
        assert answer.status == 200 and answer.said[0] == "ok", answer.text
        return answer

    @property
    def me(self) -> tuple[str, str]:
        """The participant id and personal code this phone holds."""
        pid, _, code = self.cookies["toolkit_me"].partition(":")
        return pid, code

    def ballot(self, page: str | None = None) -> list[dict[str, str]]:
        """The ballot as drawn, option by option, in the order shown."""
        page = self.get(fragment=True).text if page is None else page
        rows = []
        for block in re.findall(r'<form method="post" action="/vote".*?</form>', page, re.S):
            label = re.search(r'<div class="label"><b>\w+\.</b> (.*?)</div>', block)
            minus = re.search(r'id="o\d+-minus"[^>]*>', block)
            plus = re.search(r'id="o\d+-plus"[^>]*>', block)
            assert label and minus and plus, block
            rows.append(
                {
                    "label": unescape(label.group(1)),
                    **dict(
                        re.findall(r'name="(round_id|option_id|expected)" value="([^"]*)"', block)
                    ),
                    "minus": "off" if minus.group(0).endswith(" disabled>") else "on",
                    "plus": "off" if plus.group(0).endswith(" disabled>") else "on",
                }
            )
        return rows

    def vote_fields(self, label: str, step: int, page: str | None = None) -> dict[str, str]:
        """The fields the ballot's button for `label` sends, as the page now shows it."""
        row = next(r for r in self.ballot(page) if r["label"] == label)
        return {
            "round_id": row["round_id"],
            "option_id": row["option_id"],
            "step": str(step),
            "expected": row["expected"],
        }

    def vote(self, label: str, step: int = 1) -> Answer:
        return self.post("/vote", self.vote_fields(label, step))

    def wait_for(self, shows: str, deadline: float = DEADLINE) -> str:
        """GET `/` until the screen shows `shows` (what another screen saved a moment ago)."""
        end = time.monotonic() + deadline
        while True:
            page = self.get(fragment=True).text
            if shows in page:
                return page
            if time.monotonic() > end:
                raise AssertionError(f"{shows!r} never showed; the phone shows:\n{page}")
            time.sleep(0.05)


# --- sessions and servers ------------------------------------------------------------------


@dataclass
class Served:
    """A session folder and the participants' server following it."""

    folder: Path
    origin: str
    code: str
    port: int = field(init=False)

    def __post_init__(self) -> None:
        self.port = int(urlsplit(self.origin).port or 0)

    def phone(self) -> Phone:
        return Phone(self.origin)

    def joined(self, group: str = "tenants", name: str = "") -> Phone:
        phone = Phone(self.origin).enter(self.code)
        phone.join(group, name)
        return phone


def serve(stack: ExitStack, folder: Path, port: int | None = None) -> Served:
    code = session_token(folder)
    return Served(folder, stack.enter_context(phone_server(folder, port=port, token=code)), code)


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    """Servers of one test's own (a session whose state the test changes)."""
    with ExitStack() as servers:
        yield servers


def new_folder(root: Path, template: str | Path = "housing-coproduction") -> Path:
    where = find_template(template) if isinstance(template, str) else template
    return create_session(root / f"session-{len(list(root.iterdir()))}", where, TITLE)


def open_round(
    folder: Path,
    typed: Sequence[str] = (),
    dots: int = 3,
    cap: int = 2,
    stacking: bool = True,
    shuffle: bool = False,
) -> VotingConsole:
    """The facilitator creates a round (on the shortlist, or on options typed in), opens it,
    and sets the phones to the vote."""
    console = voting_app(folder)
    assert isinstance(console, VotingConsole)
    if typed:
        console.source.value = "typed"
        console.typed.value = "\n".join(typed)
    console.dots.value, console.cap.value = dots, cap
    console.stacking.value, console.shuffle.value = stacking, shuffle
    console.create_button.click()
    assert console.status.kind == "ok", console.status.message
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    return console


def phones_show(folder: Path, step: str) -> VotingConsole:
    """The facilitator sets what every phone shows. Every console has the same switch; the
    voting screen's is the one used here as it draws no chart (the issues screen redraws its
    priority map on every change, which only slows these tests down)."""
    console = voting_app(folder)
    assert isinstance(console, VotingConsole)
    console.phone_step.value = step
    assert console.status.kind == "ok", console.status.message
    return console


def records(folder: Path) -> dict[str, bytes]:
    """Every CSV of the session, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def votes_of(folder: Path, pid: str) -> list[tuple[str, str, int]]:
    """The person's rows in votes.csv, in order: (event, option label, dots)."""
    session = toolkit.open_session(folder)
    labels = dict(zip(session.options["option_id"], session.options["label"], strict=True))
    votes = session.events["votes"]
    mine = votes[votes["participant_id"] == pid]
    return [
        (e, labels[o], int(d))
        for e, o, d in zip(mine["event"], mine["option_id"], mine["dots"], strict=True)
    ]


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A shortlist of three issues in an open round (3 dots each, at most 2 on one option) and
    the phones on the vote, served for the whole module: each test joins phones of its own."""
    folder = new_folder(tmp_path_factory.mktemp("room"))
    shortlist(folder, OPTIONS)
    open_round(folder, dots=3, cap=2)
    with ExitStack() as servers:
        yield serve(servers, folder)


# --- getting in ----------------------------------------------------------------------------


def test_the_bare_address_shows_the_login_page_and_gives_nothing_away(room: Served) -> None:
    phone = room.phone()
    answer = phone.get()
    page = answer.text
    assert answer.status == 200 and answer.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert '<html lang="en"' in page and "<title>Join the workshop</title>" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<form method="post" action="/login" class="card" data-plain>' in page
    assert '<label for="code">Code shown on the screen</label>' in page
    code_field = re.search(r'<input id="code"[^>]*>', page)
    assert code_field, page
    for attribute in (
        'autocapitalize="characters"',
        'autocomplete="off"',
        'spellcheck="false"',
        'name="code"',
        "required",
    ):
        assert attribute in code_field.group(0)
    assert '<button type="submit" class="primary">Join</button>' in page
    assert answer.said == ("", "") and "aria-invalid" not in page
    assert room.code not in page and TITLE not in page and OPTIONS[0] not in page
    assert set(phone.cookies) == {"_xsrf"}  # not let in


def test_a_wrong_code_is_refused_without_being_echoed(room: Served) -> None:
    phone = room.phone()
    phone.get()
    wrong = "WXYZ-2345" if normalise("WXYZ-2345") != room.code else "WXYZ-2346"
    answer = phone.post("/login", {"code": wrong}, fragment=False)
    assert answer.status == 401 and answer.said == ("error", WRONG_CODE)
    assert 'aria-invalid="true" aria-describedby="code-error"' in answer.text
    assert "WXYZ" not in answer.text and "2345" not in answer.text
    assert "toolkit_join" not in phone.cookies
    assert '<form method="post" action="/login"' in phone.get().text  # still outside


@pytest.mark.parametrize("typed", ["lower", " spaced ", "da-shed", "Mixed Case"])
def test_the_right_code_typed_loosely_lets_the_phone_in(room: Served, typed: str) -> None:
    code = room.code
    loose = {
        "lower": code.lower(),
        " spaced ": f"  {code[:4]} {code[4:]} ",
        "da-shed": f"{code[:4]}-{code[4:]}",
        "Mixed Case": f"{code[:4].lower()} {code[4:]}",
    }[typed]
    phone = room.phone()
    phone.get()
    answer = phone.post("/login", {"code": loose}, fragment=False)
    assert answer.status == 303 and answer.headers["Location"] == "/" and answer.raw == b""
    assert phone.cookies["toolkit_join"] == code
    cookie = next(c for c in answer.headers.get_all("Set-Cookie") if "toolkit_join" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = phone.get().text
    assert '<form method="post" action="/join" class="card"><h2>Welcome</h2>' in page
    assert code not in page


def test_the_qr_link_sets_the_cookie_and_takes_the_code_off_the_address(room: Served) -> None:
    phone = room.phone()
    answer = phone.get(f"/?token={room.code}")
    assert answer.status == 303 and answer.headers["Location"] == "/"
    assert phone.cookies["toolkit_join"] == room.code
    page = phone.get().text
    assert 'action="/join"' in page and room.code not in page
    assert room.phone().get("/?token=").said == ("", "")  # an empty link: the form, no error
    for forged in ("wrong", room.code + "X", room.code[:-1], "%00" + room.code[1:]):
        stranger = room.phone()
        answer = stranger.get(f"/?token={forged}")
        assert answer.status == 401 and answer.said == ("error", WRONG_CODE), forged
        assert "toolkit_join" not in stranger.cookies and "wrong" not in answer.text


def test_a_login_without_the_anti_forgery_token_is_refused(room: Served) -> None:
    phone = room.phone()
    phone.get()
    answer = phone.post("/login", {"code": room.code}, fragment=False, xsrf=False)
    assert answer.status == 403 and answer.said == ("error", RELOAD)
    assert "toolkit_join" not in phone.cookies
    cookieless = room.phone()  # the field, but no cookie to match it
    answer = cookieless.post("/login", {"code": room.code, "_xsrf": "2|00|00|1"}, xsrf=False)
    assert answer.status == 403 and "toolkit_join" not in cookieless.cookies


def test_ten_wrong_codes_make_the_phone_wait_even_for_the_right_one(
    tmp_path: Path, stack: ExitStack
) -> None:
    """A server of its own: the wait would stop every other test's phone (all on 127.0.0.1)."""
    served = serve(stack, new_folder(tmp_path))
    phone = served.phone()
    phone.get()
    wrongs = [
        w
        for w in (f"WXYZ{a}{b}{b}{b}" for a in "2345" for b in "6789")
        if normalise(w) != served.code
    ][:10]
    for wrong in wrongs[:5]:
        answer = phone.post("/login", {"code": wrong}, fragment=False)
        assert answer.status == 401 and answer.said == ("error", WRONG_CODE)
    for wrong in wrongs[5:]:  # a link with a wrong code counts too
        answer = phone.get(f"/?token={wrong}")
        assert answer.status == 401 and answer.said == ("error", WRONG_CODE)
    for attempt in (
        lambda: phone.post("/login", {"code": served.code}, fragment=False),
        lambda: phone.get(f"/?token={served.code}"),  # the QR link waits too
    ):
        answer = attempt()
        wait = int(answer.headers["Retry-After"])
        assert answer.status == 429 and 0 < wait <= 60
        assert answer.said == (
            "error",
            f"Too many wrong codes from this phone. Wait {wait} "
            "seconds, then type the code on the screen again.",
        )
        assert "toolkit_join" not in phone.cookies


# --- nothing but the phones' routes --------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/voting.ipynb",
        "/voila/files/votes.csv",
        "/voila/tree",
        "/api/kernels",
        "/api/contents",
        "/tree",
        "/notebooks/voting.ipynb",
        "/static/../settings.csv",
        "/static/..%2Fsettings.csv",
        "/static/",
        "/static/room.py",
        "/settings.csv",
        "/votes.csv",
        "/files/settings.csv",
        "/logout",
        "//settings.csv",
    ],
)
def test_only_the_phones_routes_exist(room: Served, path: str) -> None:
    inside = room.joined()
    for phone in (room.phone(), inside):
        answer = phone.get(path)
        assert answer.status == 404, (path, answer.text)
        page = answer.text
        assert NOT_FOUND in page or page.endswith("<body>404: Not Found</body></html>"), page
        for secret in (
            room.code,
            TITLE,
            OPTIONS[0],
            "join_token",
            "participant_id",
            "Jupyter",
            "Traceback",
            str(room.folder),
        ):
            assert secret not in page, (path, secret)


# --- refusals change nothing ---------------------------------------------------------------


def test_refused_posts_change_nothing_and_say_why(room: Served) -> None:
    alice, bob = room.joined("tenants"), room.joined("managers")
    alice.vote(OPTIONS[0])
    before = records(room.folder)
    vote = alice.vote_fields(OPTIONS[1], +1)
    body = urlencode({**vote, "_xsrf": alice.cookies["_xsrf"]}).encode()
    fragment = {"X-Toolkit-Fragment": "1"}

    def as_form(text: bytes = body, kind: str = FORM) -> Answer:
        return alice.request("POST", "/vote", text, {**fragment, "Content-Type": kind})

    multipart = (
        "".join(
            f'--x\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in {**vote, "_xsrf": alice.cookies["_xsrf"]}.items()
        ).encode()
        + b"--x--\r\n"
    )  # a well-formed one, as a browser would send it

    no_join = Phone(room.origin)
    no_join.cookies = {k: v for k, v in alice.cookies.items() if k != "toolkit_join"}
    no_xsrf_cookie = Phone(room.origin)
    no_xsrf_cookie.cookies = {k: v for k, v in alice.cookies.items() if k != "_xsrf"}
    forged = Phone(room.origin)  # Bob's id, a code that is not his
    bob_id, bob_code = bob.me
    guess = next(c * 6 for c in CODE_ALPHABET if c * 6 != bob_code)
    forged.cookies = {**alice.cookies, "toolkit_me": f"{bob_id}:{guess}"}
    refusals: list[tuple[str, Callable[[], Answer], int, str]] = [
        ("no xsrf field", lambda: alice.post("/vote", vote, xsrf=False), 403, RELOAD),
        (
            "no xsrf cookie",
            lambda: no_xsrf_cookie.post(
                "/vote", {**vote, "_xsrf": alice.cookies["_xsrf"]}, xsrf=False
            ),
            403,
            RELOAD,
        ),
        ("no join cookie", lambda: no_join.post("/vote", vote), 403, RELOAD),
        ("json", lambda: as_form(b'{"step": 1}', "application/json"), 415, BAD_REQUEST),
        (
            "multipart",
            lambda: as_form(multipart, "multipart/form-data; boundary=x"),
            415,
            BAD_REQUEST,
        ),
        ("20 kB", lambda: as_form(body + b"&text=" + b"x" * 20_000), 413, TOO_LARGE),
        (
            "unknown field",
            lambda: alice.post("/vote", {**vote, "participant_id": bob_id}),
            400,
            BAD_REQUEST,
        ),
        (
            "repeated field",
            lambda: alice.post("/vote", [*vote.items(), ("option_id", vote["option_id"])]),
            400,
            BAD_REQUEST,
        ),
        ("two dots at once", lambda: alice.post("/vote", {**vote, "step": "2"}), 400, BAD_REQUEST),
        (
            "not a number",
            lambda: alice.post("/vote", {**vote, "expected": "one"}),
            400,
            BAD_REQUEST,
        ),
        ("two minus signs", lambda: alice.post("/vote", {**vote, "step": "--1"}), 400, BAD_REQUEST),
        (
            "another script's digit",
            lambda: alice.post("/vote", {**vote, "expected": "\u0663"}),
            400,
            BAD_REQUEST,
        ),
        (
            "a huge number",
            lambda: alice.post("/vote", {**vote, "expected": "9" * 50}),
            400,
            BAD_REQUEST,
        ),
        ("forged person", lambda: forged.post("/vote", vote), 403, JOIN_FIRST),
        (
            "no such option",
            lambda: alice.post("/vote", {**vote, "option_id": "O-NOPE"}),
            409,
            "That option is not on this ballot.",
        ),
        (
            "old round",
            lambda: alice.post("/vote", {**vote, "round_id": "R-OLD"}),
            409,
            "This page was out of date; here it is as it is now. Nothing was saved.",
        ),
    ]
    for why, send, status, message in refusals:
        answer = send()
        assert answer.status == status, (why, answer.status, answer.text)
        assert answer.said == ("error", message), why
        assert records(room.folder) == before, why
    # the forged cookie shows the join form, not Bob's ballot
    assert 'action="/join"' in forged.get().text and not forged.ballot()


def test_the_voter_is_whoever_the_cookie_says_and_no_one_else(room: Served) -> None:
    alice, bob = room.joined("tenants"), room.joined("managers")
    answer = bob.post("/vote", {**bob.vote_fields(OPTIONS[2], +1), "participant_id": alice.me[0]})
    assert answer.status == 400
    answer = bob.vote(OPTIONS[2])
    assert answer.status == 200 and answer.said == ("ok", "Saved. 2 dots left.")
    assert votes_of(room.folder, bob.me[0]) == [("cast", OPTIONS[2], 1)]
    assert votes_of(room.folder, alice.me[0]) == []
    assert [r["expected"] for r in alice.ballot()] == ["0", "0", "0"]


def test_a_replayed_vote_places_one_dot(room: Served) -> None:
    phone = room.joined()
    fields = phone.vote_fields(OPTIONS[1], +1)
    first, again = phone.post("/vote", fields), phone.post("/vote", fields)
    assert first.status == 200 and first.said == ("ok", "Saved. 2 dots left.")
    assert again.status == 409 and again.said == ("error", STALE_VOTE)
    assert votes_of(room.folder, phone.me[0]) == [("cast", OPTIONS[1], 1)]
    assert phone.ballot(again.text)[1]["expected"] == "1"  # the refusal shows the saved ballot


def test_a_replayed_join_joins_once(room: Served) -> None:
    phone = room.phone().enter(room.code)
    fields = phone.join_fields("front-line-staff", "Sam")
    cookies = dict(phone.cookies)  # the request as first sent, cookies and all
    first = phone.post("/join", fields)
    assert first.status == 200
    pid, code = phone.me
    assert first.said == ("ok", f"You have joined. Your code is {code}: keep it to come back.")
    replay = Phone(room.origin)
    replay.cookies = cookies
    again = replay.post("/join", fields)
    assert again.status == 409
    assert again.said == ("error", "You have joined already: this is your page.")
    assert "toolkit_me" not in replay.cookies  # and it did not become Sam
    assert phone.post("/join", fields).status == 409  # nor from Sam's own phone
    people = toolkit.open_session(room.folder).events["participants"]
    assert people[people["participant_id"] == pid][
        ["event", "group_id", "display_name", "channel"]
    ].values.tolist() == [["joined", "front-line-staff", "Sam", "device"]]


# --- the rules -----------------------------------------------------------------------------


def test_the_budget_and_the_cap_and_taking_back(room: Served) -> None:
    phone = room.joined()
    steps = [
        (OPTIONS[0], +1, 200, ("ok", "Saved. 2 dots left.")),
        (OPTIONS[0], +1, 200, ("ok", "Saved. 1 dot left.")),
        (
            OPTIONS[0],
            +1,
            409,
            ("error", "That is the most on one option (2). Put your next dot on another."),
        ),
        (OPTIONS[1], +1, 200, ("ok", "Saved. 0 dots left.")),
        (OPTIONS[2], +1, 409, ("error", "You have used all 3 dots. Take one back to move it.")),
        (OPTIONS[2], -1, 409, ("error", "There is no dot there to take back.")),
        (OPTIONS[0], -1, 200, ("ok", "Saved. 1 dot left.")),
    ]
    for label, step, status, said in steps:
        answer = phone.vote(label, step)
        assert (answer.status, answer.said) == (status, said), (label, step)
    page = phone.get(fragment=True).text
    assert "<p class='left'><b>1</b> of 3 dots left</p>" in page
    assert "You each have 3 dots. You can put up to 2 on one option." in page
    assert [(r["expected"], r["minus"], r["plus"]) for r in phone.ballot(page)] == [
        ("1", "on", "on"),
        ("1", "on", "on"),
        ("0", "off", "on"),
    ]
    assert votes_of(room.folder, phone.me[0]) == [
        ("cast", OPTIONS[0], 1),
        ("cast", OPTIONS[0], 1),
        ("cast", OPTIONS[1], 1),
        ("withdrawn", OPTIONS[0], 1),
    ]
    phone.vote(OPTIONS[2])
    page = phone.get(fragment=True).text
    assert "All your dots are placed. You can still move them until voting closes." in page
    assert [r["plus"] for r in phone.ballot(page)] == ["off", "off", "off"]


def test_one_dot_per_option_a_shuffled_order_rules_changed_and_the_ballot_locked(
    tmp_path: Path, stack: ExitStack
) -> None:
    labels = ["Lifts break down", "Bins overflow", "Noise at night", "Parking", "Repairs"]
    folder = new_folder(tmp_path)
    console = open_round(folder, labels, dots=3, stacking=False, shuffle=True)
    served = serve(stack, folder)
    voting = toolkit.open_session(folder).state.voting
    current = voting.current
    assert current is not None

    def expected_order(phone: Phone) -> list[str]:
        pid, _ = phone.me  # every phone here joins as a tenant
        ballot = Ballot(current, voting.options(current.round_id), pid, "tenants", "device", {})
        return [o.label for o in ballot_order(ballot)]

    phones = [served.joined()]
    while expected_order(phones[-1]) == labels:  # someone whose order is not the plain one
        assert len(phones) < 12, "every phone showed the options in the plain order"
        phones.append(served.joined())
    for phone in phones:
        shown = [r["label"] for r in phone.ballot()]
        assert shown == expected_order(phone) and sorted(shown) == sorted(labels)
        assert [r["label"] for r in phone.ballot()] == shown  # the same on a reload
    phone = phones[-1]
    back = served.phone().enter(served.code)  # the same person on another phone
    assert back.post("/return", {"code": phone.me[1]}).said == ("ok", WELCOME_BACK)
    assert [r["label"] for r in back.ballot()] == expected_order(phone)

    first = expected_order(phone)[0]
    assert phone.vote(first).said == ("ok", "Saved. 2 dots left.")
    answer = phone.vote(first)
    assert answer.status == 409
    assert answer.said == (
        "error",
        "That is the most on one option (1). Put your next dot on another.",
    )
    page = phone.get(fragment=True).text
    assert "You each have 3 dots. Put at most one dot on each option." in page

    console.dots.value, console.cap.value = 4, 1  # raised mid-round
    console.rules_button.click()
    assert console.status.message == "Rules changed.", console.status.message
    page = phone.get(fragment=True).text  # a page reads the folder before it is drawn
    assert "<b>3</b> of 4 dots left" in page
    assert "You each have 4 dots. Put at most one dot on each option." in page
    assert phone.vote(expected_order(phone)[1]).said == ("ok", "Saved. 2 dots left.")

    stale = phone.vote_fields(expected_order(phone)[2], +1)
    console.close_button.click()
    assert console.status.kind == "ok", console.status.message
    page = phone.wait_for("Voting is closed.")
    assert (
        "<p class='locked'><b>Voting is closed.</b> Your ballot is locked; thank you.</p>" in page
    )
    assert all((r["minus"], r["plus"]) == ("off", "off") for r in phone.ballot(page))
    before = records(folder)
    answer = phone.post("/vote", stale)
    assert answer.status == 409
    assert answer.said == ("error", "Round 1 is closed; your ballot is locked.")
    assert records(folder) == before
    console.reveal_button.click()
    assert console.status.kind == "ok", console.status.message
    before = records(folder)
    answer = phone.post("/vote", stale)  # a vote reads what was saved before it checks
    assert answer.status == 409
    assert answer.said == ("error", "Round 1 is closed and revealed; your ballot is locked.")
    assert records(folder) == before
    assert votes_of(folder, phone.me[0]) == [
        ("cast", first, 1),
        ("cast", expected_order(phone)[1], 1),
    ]


# --- prioritising, raising issues, names, words --------------------------------------------


def test_issues_are_saved_once_and_rated_while_prioritising_is_open(
    tmp_path: Path, stack: ExitStack
) -> None:
    folder = new_folder(tmp_path)
    issues = phones_show(folder, "issues")
    served = serve(stack, folder)
    phone = served.joined()
    page = phone.get(fragment=True).text
    assert "<h1>Raise issues</h1>" in page and '<option value="Other">Other</option>' in page
    issue_id = re.search(r'name="issue_id" value="([^"]+)"', page)
    assert issue_id
    fields = {
        "issue_id": issue_id.group(1),
        "text": "Lifts <b>break</b> down",
        "category": "Maintaining building safety",
    }
    first, again = phone.post("/issue", fields), phone.post("/issue", fields)
    assert first.status == 200 and first.said == ("ok", HELD)  # the template holds them
    assert f"<li>Lifts &lt;b&gt;break&lt;/b&gt; down{WAITING}</li>" in first.text
    assert again.status == 409 and again.said == ("error", "That issue was sent already.")
    other = re.search(r'name="issue_id" value="([^"]+)"', first.text)
    assert other and other.group(1) != fields["issue_id"]  # the next form is a new issue
    second = {"issue_id": other.group(1), "text": "Bins overflow", "category": ""}
    assert phone.post("/issue", second).status == 200
    answer = phone.post("/issue", {**second, "issue_id": "I-NEW", "category": "Gardening"})
    assert answer.status == 409 and answer.said[0] == "error"
    saved = toolkit.open_session(folder).issues
    pid, _ = phone.me
    assert saved[
        ["issue_id", "text", "category", "participant_id", "group_id", "channel"]
    ].values.tolist() == [
        [
            fields["issue_id"],
            "Lifts <b>break</b> down",
            "Maintaining building safety",
            pid,
            "tenants",
            "device",
        ],
        [second["issue_id"], "Bins overflow", "", pid, "tenants", "device"],
    ]

    lifts, bins = fields["issue_id"], second["issue_id"]
    assert show_held(folder) == [lifts, bins]
    issues.phone_step.value = "rating"
    assert issues.status.kind == "ok", issues.status.message
    page = phone.wait_for("<h1>Prioritise issues</h1>")
    assert "How important is each issue, and how feasible to fix?" in page
    assert '<h2 class="issue-title">1. Lifts &lt;b&gt;break&lt;/b&gt; down</h2>' in page
    answer = phone.post("/rate", {"issue_id": lifts, "importance": "4", "feasibility": "2"})
    assert answer.status == 200 and answer.said == ("ok", "Saved your view of issue 1.")
    assert 'name="importance" value="4" checked' in answer.text
    answer = phone.post("/rate", {"issue_id": lifts, "importance": "5"})  # feasibility kept
    assert answer.status == 200
    for bad, message in (
        (
            {"issue_id": bins, "importance": "7"},
            "Importance must be a whole number from 1 to 5, not 7.",
        ),
        ({"issue_id": "I-GONE", "importance": "3"}, "That issue is no longer on the board."),
    ):
        answer = phone.post("/rate", bad)
        assert answer.status == 409 and answer.said == ("error", message)
    rows = toolkit.open_session(folder).ratings
    assert rows[["issue_id", "participant_id", "importance", "feasibility"]].values.tolist() == [
        [lifts, pid, 5, 2]
    ]

    issues.phone_step.value = "wait"
    phone.wait_for("<h1>Wait for the facilitator</h1>")
    before = records(folder)
    answer = phone.post("/rate", {"issue_id": bins, "importance": "3"})
    assert answer.status == 409
    assert answer.said == ("error", "Prioritising is closed for now. Nothing was saved.")
    answer = phone.post("/issue", {"issue_id": "I-LATE", "text": "Late", "category": ""})
    assert answer.status == 409 and answer.said == (
        "error",
        "Raising issues is closed for now: "
        "the facilitator will say when it opens again. Nothing was saved.",
    )
    assert records(folder) == before


HELD = (
    "Received, thank you. The facilitator checks each issue before the room sees it. "
    "You can send another."
)
WAITING = ' <span class="waiting">(waiting for the facilitator&#x27;s check)</span>'


def test_a_held_issue_is_on_no_other_phone_until_the_facilitator_shows_it(
    tmp_path: Path, stack: ExitStack
) -> None:
    """Holding on (the housing template's default): phone A's issue is recorded at once as
    held; A sees it marked as waiting, B's prioritising page lists only what was shown."""
    folder = new_folder(tmp_path)
    console = phones_show(folder, "issues")
    served = serve(stack, folder)
    a, b = served.joined(), served.joined("managers")
    page = a.get(fragment=True).text
    form = re.search(r'name="issue_id" value="([^"]+)"', page)
    assert form
    text = "Mrs Jones at flat 12 owes rent, call 07700 900123"
    sent = a.post("/issue", {"issue_id": form.group(1), "text": text, "category": ""})
    assert sent.status == 200 and sent.said == ("ok", HELD)
    assert f"owes rent, call 07700 900123{WAITING}</li>" in sent.text
    events = toolkit.open_session(folder).events["issues"]
    assert events[["event", "issue_id"]].values.tolist() == [["held", form.group(1)]]
    console.phone_step.value = "rating"
    for phone in (a, b):
        page = phone.wait_for("<h1>Prioritise issues</h1>")
        assert "Jones" not in page and 'class="issue-title"' not in page
    assert show_held(folder) == [form.group(1)]
    for phone in (a, b):
        page = phone.wait_for("07700 900123</h2>")
        assert '<h2 class="issue-title">1. Mrs Jones at flat 12 owes rent' in page
    holding(folder, False)  # the switch off: the next issue goes straight to the board
    console.phone_step.value = "issues"
    page = a.wait_for("<h1>Raise issues</h1>")
    form = re.search(r'name="issue_id" value="([^"]+)"', page)
    assert form
    sent = a.post("/issue", {"issue_id": form.group(1), "text": "Bins overflow", "category": ""})
    assert sent.said == ("ok", "Sent. Thank you! You can send another.")
    assert "<li>Bins overflow</li>" in sent.text
    assert toolkit.open_session(folder).events["issues"]["event"].tolist()[-1] == "raised"


def _rating_session(
    tmp_path: Path, stack: ExitStack, method: str
) -> tuple[Served, Phone, list[str]]:
    """A session of the housing template prioritised by `method`: two issues raised from a
    phone, then the phones set to prioritising."""
    template = template_with(tmp_path, 'method = "rating"', f'method = "{method}"')
    folder = new_folder(tmp_path, template)
    holding(folder, False)  # the issues go straight to the board
    issues = phones_show(folder, "issues")
    served = serve(stack, folder)
    phone = served.joined()
    ids = []
    for text in ("Repairs take too long", "Nobody calls back"):
        page = phone.get(fragment=True).text
        issue_id = re.search(r'name="issue_id" value="([^"]+)"', page)
        assert issue_id
        answer = phone.post("/issue", {"issue_id": issue_id.group(1), "text": text, "category": ""})
        assert answer.status == 200, answer.text
        ids.append(issue_id.group(1))
    issues.phone_step.value = "rating"
    assert issues.status.kind == "ok", issues.status.message
    phone.wait_for("<h1>Prioritise issues</h1>")
    return served, phone, ids


def test_ranking_from_a_phone(tmp_path: Path, stack: ExitStack) -> None:
    served, phone, (first, second) = _rating_session(tmp_path, stack, "ranking")
    page = phone.get(fragment=True).text
    assert "Rank the issues: 1 is the most important." in page
    assert 'name="importance"' not in page and '<select id="r1-rank" name="rank">' in page
    steps = [
        ({"issue_id": first, "rank": "1"}, 200, ("ok", "Saved your view of issue 1.")),
        (
            {"issue_id": second, "rank": "1"},
            409,
            (
                "error",
                "Rank 1 is already given to another "
                "issue; clear that one first or choose "
                "another rank.",
            ),
        ),
        ({"issue_id": second, "rank": "3"}, 409, ("error", "Rank must be from 1 to 2, not 3.")),
        ({"issue_id": first, "rank": ""}, 200, ("ok", "Saved your view of issue 1.")),
        ({"issue_id": second, "rank": "1"}, 200, ("ok", "Saved your view of issue 2.")),
    ]
    for fields, status, said in steps:
        answer = phone.post("/rate", fields)
        assert (answer.status, answer.said) == (status, said), fields
    assert '<option value="1" selected>1</option>' in phone.get(fragment=True).text
    rows = toolkit.open_session(served.folder).events["ratings"].astype(object)
    ranks = [
        (i, None if r is None or r != r else int(r))
        for i, r in zip(
            rows["issue_id"], rows["rank"].where(rows["rank"].notna(), None), strict=True
        )
    ]
    assert ranks == [(first, 1), (first, None), (second, 1)]


def test_points_from_a_phone(tmp_path: Path, stack: ExitStack) -> None:
    served, phone, (first, second) = _rating_session(tmp_path, stack, "points")
    page = phone.get(fragment=True).text
    assert "Spread 100 points over the issues that matter most to you." in page
    assert 'name="points" type="number" inputmode="numeric" min="0" max="100"' in page
    steps = [
        ({"issue_id": first, "points": "60"}, 200, ("ok", "Saved your view of issue 1.")),
        (
            {"issue_id": second, "points": "50"},
            409,
            ("error", "That makes 110 points; you have 100 to spread, so at most 40 can go here."),
        ),
        ({"issue_id": second, "points": "40"}, 200, ("ok", "Saved your view of issue 2.")),
        ({"issue_id": second, "points": "4.5"}, 400, ("error", BAD_REQUEST)),
    ]
    for fields, status, said in steps:
        answer = phone.post("/rate", fields)
        assert (answer.status, answer.said) == (status, said), fields
    rows = toolkit.open_session(served.folder).ratings
    assert rows[["issue_id", "points"]].values.tolist() == [[first, 60], [second, 40]]


def test_names_off_asks_for_no_name_and_saves_none(tmp_path: Path, stack: ExitStack) -> None:
    template = template_with(tmp_path, 'names = "optional"', 'names = "off"')
    served = serve(stack, new_folder(tmp_path, template))
    phone = served.phone().enter(served.code)
    page = phone.get().text
    assert "Choose your group to take part. Nobody is asked for a name." in page
    assert 'name="name"' not in page and "Name (optional)" not in page
    answer = phone.post("/join", phone.join_fields("managers", "Alice Smith"))  # sent anyway
    assert answer.status == 200 and answer.said[0] == "ok"
    people = toolkit.open_session(served.folder).participants
    assert people[["participant_id", "group_id", "display_name"]].values.tolist() == [
        [phone.me[0], "managers", ""]
    ]
    assert "Alice" not in (served.folder / "participants.csv").read_text()


def test_a_spanish_template_speaks_spanish_on_the_phone(tmp_path: Path, stack: ExitStack) -> None:
    folder = new_folder(tmp_path, "prioridades-comunitarias")
    open_round(
        folder, ["Más bancos en la plaza", "Aceras más anchas", "Un mercado semanal"], dots=2, cap=2
    )
    served = serve(stack, folder)
    phone = served.phone()
    page = phone.get().text
    assert '<html lang="es"' in page and "<title>Únase al taller</title>" in page
    assert '<label for="code">Código de la pantalla</label>' in page
    wrong = phone.post("/login", {"code": "WXYZ2345"}, fragment=False)
    assert wrong.status == 401 and wrong.said == (
        "error",
        "Ese código no es correcto. Compruebe el código de la pantalla e inténtelo de nuevo.",
    )
    phone.enter(served.code)
    page = phone.get().text
    assert "<h2>Bienvenida</h2>" in page and "Vecindario" in page and "Volver a mi papeleta" in page
    answer = phone.join("vecindario", "Lucía")
    assert answer.said == ("ok", f"Se ha unido. Su código es {phone.me[1]}: guárdelo para volver.")
    assert "<h1>Vote con sus puntos</h1>" in answer.text and "Ronda 1" in answer.text
    assert "<p class='left'>Le quedan <b>2</b> de 2 puntos</p>" in answer.text
    assert phone.vote("Aceras más anchas").said == ("ok", "Guardado. Le queda 1 punto.")
    assert phone.vote("Aceras más anchas").said == ("ok", "Guardado. Le quedan 0 puntos.")
    answer = phone.vote("Un mercado semanal")
    assert answer.status == 409
    assert answer.said == ("error", "Ya ha usado sus 2 puntos. Quite uno para moverlo.")
    assert "Aquí no hay ninguna página así." in phone.get("/tree").text
    people = toolkit.open_session(folder).participants
    assert people["display_name"].tolist() == ["Lucía"]
    assert votes_of(folder, phone.me[0]) == [("cast", "Aceras más anchas", 1)] * 2


# --- coming back ---------------------------------------------------------------------------


def test_a_reload_or_another_phone_with_the_code_finds_ones_own_ballot(room: Served) -> None:
    mine, theirs = room.joined("tenants"), room.joined("tenants")
    mine.vote(OPTIONS[2])
    theirs.vote(OPTIONS[0])
    pid, code = mine.me
    page = mine.get().text  # a reload: the cookie says who it is
    assert f'group-1">T</span> Tenants · your code <b>{code}</b></p>' in page
    assert [r["expected"] for r in mine.ballot(page)] == ["0", "0", "1"]

    other = room.phone().enter(room.code)  # a new phone, or the cookie lost
    assert 'action="/return"' in other.get().text and not other.ballot()
    for typed, said in (
        (
            "ABC",
            "A personal code is 6 letters and digits, as shown when you joined. Check it, "
            "or join again as someone new.",
        ),
        (
            next(c * 6 for c in CODE_ALPHABET if c * 6 != code),
            "No one has that code in this session. Check it, or join again as someone new.",
        ),
    ):
        answer = other.post("/return", {"code": typed})
        assert answer.status == 409 and answer.said == ("error", said)
        assert "toolkit_me" not in other.cookies
    answer = other.post("/return", {"code": f" {code[:3].lower()} {code[3:]} "})
    assert answer.status == 200 and answer.said == ("ok", WELCOME_BACK)
    assert other.me == (pid, code)
    assert [r["expected"] for r in other.ballot(answer.text)] == ["0", "0", "1"]
    assert other.vote(OPTIONS[1]).said == ("ok", "Saved. 1 dot left.")
    assert votes_of(room.folder, pid) == [("cast", OPTIONS[2], 1), ("cast", OPTIONS[1], 1)]
    assert [r["expected"] for r in mine.ballot()] == ["0", "1", "1"]  # one ballot, two phones


def test_five_wrong_personal_codes_make_the_phone_wait(tmp_path: Path, stack: ExitStack) -> None:
    served = serve(stack, new_folder(tmp_path))
    code = served.joined().me[1]
    guesser = served.phone().enter(served.code)
    before = records(served.folder)
    wrong = [c * 6 for c in CODE_ALPHABET if c * 6 != code][:5]
    for guess in wrong:
        answer = guesser.post("/return", {"code": guess})
        assert answer.status == 409 and answer.said[1].startswith("No one has that code")
    answer = guesser.post("/return", {"code": code})  # even the right code waits
    wait = int(answer.headers["Retry-After"])
    assert answer.status == 429 and 0 < wait <= 30
    assert answer.said == (
        "error",
        f"Too many wrong codes. Wait {wait} seconds and try again, or join again as someone new.",
    )
    assert "toolkit_me" not in guesser.cookies and records(served.folder) == before


# --- phones without JavaScript -------------------------------------------------------------


def test_without_javascript_a_post_redirects_and_the_next_page_says_it_once(room: Served) -> None:
    phone = room.phone().enter(room.code)
    answer = phone.post("/join", phone.join_fields("managers"), fragment=False)
    assert answer.status == 303 and answer.headers["Location"] == "/" and answer.raw == b""
    page = phone.get()
    assert page.text.startswith("<!DOCTYPE html>")
    assert page.said == (
        "ok",
        f"You have joined. Your code is {phone.me[1]}: keep it to come back.",
    )
    answer = phone.post("/vote", phone.vote_fields(OPTIONS[0], +1), fragment=False)
    assert answer.status == 303 and answer.headers["Location"] == "/#o1"  # back at its form
    page = phone.get()
    assert page.said == ("ok", "Saved. 2 dots left.")
    assert re.search(r'<form [^>]*id="o1"><p class="status ok"', page.text)  # said there
    assert phone.get().said == ("", "")  # said once
    refused = phone.post("/vote", phone.vote_fields(OPTIONS[2], -1), fragment=False)
    assert refused.status == 409 and refused.text.startswith("<!DOCTYPE html>")  # a whole page
    assert refused.said == ("error", "There is no dot there to take back.")
    assert votes_of(room.folder, phone.me[0]) == [("cast", OPTIONS[0], 1)]


def test_without_javascript_a_waiting_page_reloads_itself_and_a_form_page_never_does(
    tmp_path: Path, stack: ExitStack
) -> None:
    folder = new_folder(tmp_path)
    holding(folder, False)  # the issue sent below is rated at once, not held for a check
    served = serve(stack, folder)
    phone = served.joined()
    refresh = '<noscript><meta http-equiv="refresh" content="5; url=/"></noscript>'
    waiting = phone.get()
    assert "Wait for the facilitator" in waiting.text and refresh in waiting.text
    # the policy lets the page load itself (no directive governs a meta refresh) and runs
    # no inline script
    policy = waiting.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "http-equiv" not in phone.get(fragment=True).text  # phone.js redraws <main> only
    phones_show(folder, "issues")
    phone.wait_for("issue-text")
    assert "http-equiv" not in phone.get().text
    answer = phone.post("/issue", {"issue_id": "I-NOJS1", "text": "Lifts break down"},
                        fragment=False)  # fmt: skip
    assert answer.status == 303 and answer.headers["Location"] == "/#issue-form"
    page = phone.get().text
    assert re.search(r'<form [^>]*id="issue-form"><p class="status ok"[^>]*>Sent.', page)
    phones_show(folder, "rating")
    phone.wait_for('id="r1"')
    assert "http-equiv" not in phone.get().text
    answer = phone.post("/rate", {"issue_id": "I-NOJS1", "importance": "4"}, fragment=False)
    assert answer.status == 303 and answer.headers["Location"] == "/#r1"
    refused = phone.post("/rate", {"issue_id": "I-NOJS1", "importance": "9"}, fragment=False)
    assert refused.status == 409 and refused.said[0] == "error"  # at the top, as before
    assert not re.search(r'id="r1"><p class="status', refused.text)
    phones_show(folder, "wait")
    phone.wait_for("Wait for the facilitator")
    assert refresh in phone.get().text


# --- what travels over the network ---------------------------------------------------------


def test_compressed_cached_and_nothing_from_outside(room: Served) -> None:
    phone = room.joined()
    for page in (room.phone().get(), phone.get()):  # the login page, a ballot
        html = page.text
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Referrer-Policy"] == "no-referrer"
        style = re.search(r"<style>(.*?)</style>", html, re.S)
        assert style
        digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
        assert page.headers["Content-Security-Policy"] == (
            "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
            f"style-src 'sha256-{digest}'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        )
        links = re.findall(r'(?:src|href|action)="([^"]*)"', html)
        assert links and all(
            (link.startswith("/") and not link.startswith("//")) or link.startswith("data:")
            for link in links
        ), links
        assert not re.search(r"https?:|//[a-z]", html, re.I) and "@import" not in html
    zipped = phone.get(Accept_Encoding="gzip")
    assert zipped.headers["Content-Encoding"] == "gzip" and len(zipped.raw) < len(zipped.text) / 2
    plain = phone.get()
    masked = re.compile(r'name="_xsrf" value="[^"]+"')  # masked afresh on every page
    assert masked.sub("", zipped.text) == masked.sub("", plain.text)
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert phone.get().headers.get("Content-Encoding") is None

    script = re.search(
        r'<script src="(/static/phone\.js\?v=\w+)" defer></script>', phone.get().text
    )
    assert script
    answer = phone.get(script.group(1), Accept_Encoding="gzip")
    assert answer.status == 200 and answer.headers["Content-Encoding"] == "gzip"
    assert answer.raw and gzip.decompress(answer.raw) == (STATIC / "phone.js").read_bytes()
    assert answer.headers["Content-Type"] == "text/javascript"
    age = re.fullmatch(r"max-age=(\d+)", answer.headers["Cache-Control"] or "")
    assert age and int(age.group(1)) >= 365 * 24 * 3600
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


# --- pushed updates ------------------------------------------------------------------------


def event_stream(port: int, phone: Phone, path: str = "/events") -> socket.socket:
    """The phone's pushed updates (phone.js's EventSource), on a connection of their own."""
    events = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    cookies = "; ".join(f"{k}={v}" for k, v in phone.cookies.items())
    events.sendall(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\n"
        "Accept: text/event-stream\r\nAccept-Encoding: gzip\r\n\r\n".encode()
    )
    return events


def read_until(events: socket.socket, pattern: str, seen: bytes = b"") -> tuple[bytes, str]:
    """Read the stream until `pattern` shows; returns what was read and the first group."""
    end = time.monotonic() + DEADLINE
    while not (found := re.search(pattern.encode(), seen, re.S)):
        assert time.monotonic() < end, seen
        chunk = events.recv(4096)  # a socket timeout fails the test rather than hanging it
        assert chunk, seen
        seen += chunk
    return seen, found.group(1).decode()


def test_events_tell_the_phones_when_the_facilitator_moves_on(
    tmp_path: Path, stack: ExitStack
) -> None:
    folder = new_folder(tmp_path)
    issues = phones_show(folder, "issues")
    served = serve(stack, folder)
    stranger = served.phone()
    stranger.get()
    refused = stranger.get("/events")
    assert refused.status == 403
    phone = served.joined()
    events = event_stream(served.port, phone)
    try:
        seen, first = read_until(events, r"\r\n\r\n.*?data: (\d+)\n\n")
        head = seen.split(b"\r\n\r\n")[0].decode()
        assert head.startswith("HTTP/1.1 200 ")
        assert "Content-Type: text/event-stream; charset=UTF-8" in head
        assert "Content-Encoding" not in head  # each event reaches the phone at once
        assert b"retry: 3000\n" in seen
        assert f'data-version="{first}"' in phone.get().text
        issues.phone_step.value = "rating"
        assert issues.status.kind == "ok", issues.status.message
        seen, second = read_until(events, rf"data: {first}\n\n.*?data: (\d+)\n\n", seen)
        assert int(second) > int(first)
        assert "<h1>Prioritise issues</h1>" in phone.get(fragment=True).text
        issues.phone_step.value = "vote"
        seen, third = read_until(events, rf"data: {second}\n\n.*?data: (\d+)\n\n", seen)
        assert int(third) > int(second)
    finally:
        events.close()


# --- the process ---------------------------------------------------------------------------

HEAVY = (
    "pandas",
    "numpy",
    "altair",
    "scipy",
    "ipywidgets",
    "traitlets",
    "IPython",
    "ipykernel",
    "vl_convert",
    "matplotlib",
    "nbformat",
    "voila",
    "jupyter_server",
    "jsonschema",
)


def test_the_phones_server_imports_nothing_heavy(room: Served) -> None:
    """The process `phone_server` runs, imported as it runs: no data, chart or widget library
    (its memory per phone is what lets one laptop serve a hall)."""
    listing = "import sys, toolkit.apps.phones.__main__; print(*sorted(sys.modules), sep=chr(10))"
    run = subprocess.run(
        [sys.executable, "-c", listing], capture_output=True, text=True, timeout=120, check=True
    )
    imported = set(run.stdout.split())
    assert {"tornado.web", "toolkit.apps.phones.server", "toolkit.apps.phones.room"} <= imported
    roots = {name.split(".")[0] for name in imported}
    assert roots.isdisjoint(HEAVY), sorted(roots & set(HEAVY))
    pid = phones_pid(room.port)
    maps = Path(f"/proc/{pid}/maps")
    if maps.exists():  # Linux: the running server has loaded no library of theirs either
        loaded = maps.read_text()
        for heavy in HEAVY:
            assert f"/{heavy}/" not in loaded, heavy


def phones_pid(port: int) -> int:
    """The id of this test's participants' server process on `port` (Linux's /proc)."""
    if not Path("/proc/self").exists():
        pytest.skip("needs /proc to find the server's process")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"toolkit.apps.phones" in args and str(port).encode() in args:
            return int(proc.name)
    raise AssertionError(f"no participants' server on port {port}")


@dataclass
class Voter:
    """A phone tapping + and - on one option as fast as the server answers."""

    phone: Phone
    label: str
    acked: list[tuple[str, str, int]] = field(default_factory=list)
    unanswered: dict[str, str] | None = None
    refused: Answer | None = None

    def run(self) -> None:
        fields = self.phone.vote_fields(self.label, +1)
        for _ in range(5000):
            try:
                answer = self.phone.post("/vote", fields)
            except (OSError, http.client.HTTPException):
                self.unanswered = fields  # sent, or not, when the server was killed
                return
            if answer.status != 200:
                self.refused = answer
                return
            self.acked.append(("cast" if fields["step"] == "1" else "withdrawn", self.label, 1))
            fields = self.phone.vote_fields(self.label, 1, answer.text)  # as the answer shows
            if fields["expected"] != "0":
                fields["step"] = "-1"  # take it back, then place it again, and so on


def test_a_killed_server_loses_no_acknowledged_dot_and_phones_carry_on(
    tmp_path: Path,
) -> None:
    folder = new_folder(tmp_path)
    open_round(folder, ["Lifts", "Bins", "Noise"], dots=2, cap=2)
    first = ExitStack()
    served = serve(first, folder)
    try:
        voters = [
            Voter(served.joined(g), label)
            for g, label in (("tenants", "Lifts"), ("managers", "Bins"), ("tenants", "Noise"))
        ]
        threads = [threading.Thread(target=v.run, daemon=True) for v in voters]
        for thread in threads:
            thread.start()
        end = time.monotonic() + DEADLINE  # every phone well into voting, then the kill
        while min(len(v.acked) for v in voters) < 5 and time.monotonic() < end:
            time.sleep(0.01)
        assert all(v.refused is None for v in voters), [v.refused.text for v in voters if v.refused]
        os.kill(phones_pid(served.port), signal.SIGKILL)  # mid-vote
        for thread in threads:
            thread.join(DEADLINE)
            assert not thread.is_alive()
    finally:
        first.close()
    assert all(v.unanswered is not None and v.acked for v in voters)

    with phone_server(folder, port=served.port, token=served.code):  # the same address again
        for voter in voters:
            assert voter.unanswered is not None
            retry = voter.phone.post("/vote", voter.unanswered)  # the phone sends it again
            step = "cast" if voter.unanswered["step"] == "1" else "withdrawn"
            # saved before the kill (the page is stale now), or saved now: either way once
            assert (retry.status, retry.said[0]) in ((200, "ok"), (409, "error"))
            if retry.status == 409:
                assert retry.said[1] == STALE_VOTE
            pid, _ = voter.phone.me
            rows = votes_of(folder, pid)
            assert rows == [*voter.acked, (step, voter.label, 1)]
            page = voter.phone.get().text  # the same cookies: no rejoining
            assert 'action="/join"' not in page and voter.phone.ballot(page)
            answer = voter.phone.vote(voter.label, -1 if step == "cast" else 1)
            assert answer.status == 200 and answer.said[0] == "ok", answer.text
            assert len(votes_of(folder, pid)) == len(rows) + 1
    assert toolkit.open_session(folder).warnings == []
