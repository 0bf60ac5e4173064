"""Phones for tests: in-process over the same PhoneRoom and pages the participants' server uses
(no HTTP), and `WebPhone`, a plain-HTTP client of the real server (cookies, `_xsrf`, forms)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import weakref
from collections.abc import Mapping
from email.message import Message
from html import unescape
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from toolkit.apps.phones.pages import PhonePages, Said
from toolkit.apps.phones.room import Person, PhoneRoom
from toolkit.domain.issues import IssueBoard
from toolkit.domain.room import HOLD_KEY
from toolkit.domain.texts import TextError
from toolkit.domain.voting import Ballot
from toolkit.records import Recorder, RecordError
from toolkit.records.errors import RecordWriteError
from toolkit.records.folder import session_template
from toolkit.records.load import load_folder
from toolkit.records.templates import logo_data_uri

# One room per session folder, as one server holds one room for every phone in the hall.
_ROOMS: weakref.WeakValueDictionary[Path, PhoneRoom] = weakref.WeakValueDictionary()


def phone_room(folder: Path) -> PhoneRoom:
    """The room every in-process phone of `folder` shares (a new one once none is left)."""
    key = folder.resolve()
    room = _ROOMS.get(key)
    if room is None:
        room = PhoneRoom(folder, session_template(folder))
        _ROOMS[key] = room
    return room


def holding(folder: Path, on: bool) -> None:
    """The facilitator's switch: issues from phones held for a check, or not (recorded as the
    issues screen records it, overriding the template's hold_phone_issues)."""
    Recorder(folder).append("settings", "set", key=HOLD_KEY, value="true" if on else "false")


def show_held(folder: Path) -> list[str]:
    """The facilitator shows every issue waiting for a check; returns their ids."""
    rows = load_folder(folder).tables["issues"].rows()
    board, recorder = IssueBoard.from_events(rows), Recorder(folder)
    for issue in board.waiting:
        change = board.show(issue.issue_id)
        recorder.append("issues", change.event, **change.values())
    return [i.issue_id for i in board.waiting]


def phone_pages(room: PhoneRoom) -> PhonePages:
    """The pages as the server draws them, the session's logo included."""
    logo = logo_data_uri(room.folder, room.template.branding)
    return PhonePages(room, logo, "/static/phone.js")


class Phone:
    """One participant's phone on a shared room. Each action returns what the phone would
    say (`said`, in the template's words, as the server's handlers say it); a refusal is said
    too, with kind 'error', and so is a disk that refused the write."""

    def __init__(self, room: PhoneRoom) -> None:
        self.room = room
        self.pages = phone_pages(room)
        self.person: Person | None = None
        self.said: Said | None = None

    @classmethod
    def on(cls, folder: Path) -> Phone:
        return cls(phone_room(folder))

    def _say(self, key: str, **values: Any) -> Said:
        return Said(self.room.template.texts.say(key, **values))

    def _do(self, action: Any, *args: Any) -> Said:
        try:
            self.said = action(*args)
        except TextError as exc:
            self.said = Said(self.room.template.texts.error(exc), "error")
        except (RecordWriteError, RecordError, OSError) as exc:  # as the server: said, not lost
            self.said = Said(str(exc), "error")
        assert self.said is not None
        return self.said

    def _refused_unjoined(self) -> Said:
        """What the server says to a phone that has not joined (and saves nothing)."""
        self.said = Said(self.room.template.texts.say("join.first"), "error")
        return self.said

    def join(self, group: str, name: str = "", form_id: str | None = None) -> Phone:
        """Join `group` from a fresh join form (or the one given); see `said`."""
        form = self.room.join_form_id() if form_id is None else form_id

        def joined() -> Said:
            self.person = self.room.join(form, group, name)
            return self._say("join.joined", code=self.person.code)

        self._do(joined)
        return self

    def come_back(self, code: str, place: str = "127.0.0.1", now: float = 0.0) -> Said:
        def back() -> Said:
            self.person = self.room.come_back(code, place, now)
            return self._say("join.welcome_back")

        return self._do(back)

    def vote(
        self, option_id: str, step: int = 1, round_id: str | None = None,
        expected: int | None = None,
    ) -> Said:  # fmt: skip
        """Press + (1) or - (-1) on an option of the ballot as the page shows it now; a form
        drawn earlier, or forged, gives its own `round_id` and `expected` count."""
        if self.person is None:
            return self._refused_unjoined()
        person, ballot = self.person, self.ballot
        shown = ballot.dots.get(option_id, 0) if ballot else 0
        count = shown if expected is None else expected
        page_round = round_id if round_id is not None else ballot.round.round_id if ballot else ""

        def voted() -> Said:
            left = self.room.vote(person, page_round, option_id, step, count)
            return Said(self.room.template.texts.say("ballot.saved", count=left, left=left))

        return self._do(voted)

    def send_issue(self, text: str, category: str = "", issue_id: str | None = None) -> Said:
        if self.person is None:
            return self._refused_unjoined()
        person, sent = self.person, issue_id or self.room.new_issue_id()

        def send() -> Said:
            held = self.room.send_issue(person, sent, text, category)
            return self._say("issue.sent_held" if held else "issue.sent")

        return self._do(send)

    def rate(self, issue_id: str, **values: Any) -> Said:
        if self.person is None:
            return self._refused_unjoined()
        person = self.person

        def rated() -> Said:
            return self._say("rate.saved", number=self.room.rate(person, issue_id, values))

        return self._do(rated)

    def refresh(self) -> None:
        self.room.refresh()

    @property
    def code(self) -> str:
        assert self.person is not None, "join first"
        return self.person.code

    @property
    def ballot(self) -> Ballot | None:
        self.room.refresh()
        return self.room.ballot(self.person) if self.person else None

    @property
    def dots(self) -> dict[str, int]:
        ballot = self.ballot
        return dict(ballot.dots) if ballot else {}

    def html(self) -> str:
        """What the phone shows now (<main>'s contents)."""
        self.room.refresh()
        return self.pages.main(self.person, "xsrf", self.said)

    def page(self) -> str:
        """The whole page, as a phone without script gets it."""
        self.room.refresh()
        return self.pages.screen(self.person, "xsrf", self.said)

    def text(self) -> str:
        """The screen's words, tags left out, entities read back, spaces squeezed."""
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", self.html())).split())


# --- the real server, over HTTP --------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebPhone:
    """A phone's browser without script: a cookie jar and plain HTTP to the real server.
    Redirects are not followed, so each answer can be looked at; `follow()` does that."""

    def __init__(self, origin: str) -> None:
        self.origin, self.cookies = origin, CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(
        self,
        method: str,
        path: str,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Message, str]:
        """(status, headers, body) of one request; a form is sent url-encoded."""
        data = urlencode(form).encode() if form is not None else None
        req = urllib.request.Request(self.origin + path, data=data, method=method,
                                     headers=dict(headers or {}))  # fmt: skip
        if data is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode()

    def get(self, path: str = "/") -> tuple[int, str]:
        status, _, body = self.request("GET", path)
        return status, body

    def follow(self, status: int, headers: Message, body: str) -> tuple[int, str]:
        """Where a 30x answer leads (a GET), else the answer itself."""
        if status in (301, 302, 303):
            return self.get(headers["Location"])
        return status, body

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.cookies if c.name == name), "")

    def enter(self, code: str) -> str:
        """Open the join link (`/?token=CODE`) and come to the page; returns its HTML."""
        status, headers, body = self.request("GET", f"/?token={code}")
        assert status == 303 and self.cookie("toolkit_join"), (status, body[:300])
        status, page = self.follow(status, headers, body)
        assert status == 200, page[:300]
        return page

    def post(self, path: str, page: str, **fields: str) -> tuple[int, str]:
        """Send a form as a phone without script does: the `_xsrf` token from `page` (or, for
        a page without a form, its cookie's) and its cookie; returns the status and the page
        it ends on."""
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page)
        assert self.cookie("_xsrf"), "no anti-forgery cookie"
        token = unescape(xsrf[1]) if xsrf else self.cookie("_xsrf")
        status, headers, body = self.request("POST", path, {"_xsrf": token, **fields})
        return self.follow(status, headers, body)

    def join(self, code: str, group: str, name: str = "") -> str:
        """Enter with the join code and join `group`; returns the page after joining."""
        page = self.enter(code)
        form_id = re.search(r'name="form_id" value="([^"]+)"', page)
        assert form_id, page[:300]
        status, page = self.post("/join", page, form_id=unescape(form_id[1]), group=group,
                                 name=name)  # fmt: skip
        assert status == 200 and self.cookie("toolkit_me"), (status, page[:300])
        return page
