"""The participants' server: one Tornado process for every phone in the room, no kernel per phone.

Tornado because it comes with Jupyter already (no new dependency), runs on one asyncio loop,
streams Server-Sent Events, compresses responses, checks an anti-forgery token on every POST
and serves static files with cache headers, all built in. Only the phone routes exist: no
kernel, notebook or file of the session can be reached through it.

Who a phone is lives in two cookies that need no secret on the server, so a restarted server
knows every phone again: `toolkit_join` holds the join code (the room's key, shown on the
projector) and `toolkit_me` holds the participant's id and personal code, which is checked
against the code's hash in participants.csv on every request.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from tornado import web
from tornado.iostream import StreamClosedError

from toolkit.apps.phones.pages import ISSUE_FORM, PhonePages, Said, option_form, rating_form
from toolkit.apps.phones.room import Person, PhoneRoom
from toolkit.domain.guesses import GuessLimit
from toolkit.domain.texts import TextError
from toolkit.records import RecordError
from toolkit.records.errors import RecordWriteError
from toolkit.records.join_code import matches

if TYPE_CHECKING:  # the app builds the handlers: app.py
    from toolkit.apps.phones.app import PhoneApp

log = logging.getLogger(__name__)

JOIN_COOKIE, ME_COOKIE = "toolkit_join", "toolkit_me"
FRAGMENT_HEADER = "X-Toolkit-Fragment"  # phone.js asks for <main>'s contents only
BODY_LIMIT = 16 * 1024  # far more than any form here sends (an issue is at most 300 characters)
REFRESH_MS = 250  # how often the one tail reader looks for what other screens saved
KEEPALIVE_S = 20  # a comment on each event stream, so a phone's connection is not dropped
FORM = "application/x-www-form-urlencoded"


def guarded(handler: web.RequestHandler, policy: str) -> None:
    """The headers every answer carries."""
    handler.clear_header("Server")  # which server and version is no one's business
    # Only this server's own script, and the page's one inline style by its hash.
    handler.set_header("Content-Security-Policy", policy)
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.set_header("Referrer-Policy", "no-referrer")
    handler.set_header("X-Frame-Options", "DENY")
    handler.set_header("Cache-Control", "no-store")


class PhoneHandler(web.RequestHandler):
    """What every route shares: the room, the pages, who the phone is and how to answer."""

    app: PhoneApp
    room: PhoneRoom
    pages: PhonePages
    token: str
    join_guesses: GuessLimit

    def initialize(self, app: PhoneApp) -> None:
        self.app = app
        self.room, self.pages, self.token = app.room, app.pages, app.token
        self.join_guesses, self.flash = app.join_guesses, app.flash
        self.policy, self.follow_folder = app.policy, app.refresh
        self.root = app.root  # the path prefix every address of this server starts with
        self.set_default_headers()  # Tornado set them before there was a policy to set

    def set_default_headers(self) -> None:
        guarded(self, getattr(self, "policy", "default-src 'none'"))

    # Who is this phone?

    def has_joined_the_room(self) -> bool:
        cookie, place = self.get_cookie(JOIN_COOKIE) or "", self.request.remote_ip or ""
        if not (self.token and cookie) or not self.app.cookie_joins.allowed(place):
            return False
        if matches(cookie, self.token):
            return True
        self.app.cookie_joins.wrong(place, cookie)
        return False

    def person(self) -> Person | None:
        pid, _, code = (self.get_cookie(ME_COOKIE) or "").partition(":")
        place = self.request.remote_ip or ""
        if not (pid and code) or not self.app.cookie_people.allowed(place):
            return None
        person = self.room.person(pid, code)
        if person is None:
            self.app.cookie_people.wrong(place, f"{pid}:{code}")
        return person

    def remember(self, person: Person) -> None:
        self.set_cookie(ME_COOKIE, f"{person.participant_id}:{person.code}", path=self.root,
                        httponly=True, samesite="Lax", expires_days=2)  # fmt: skip

    def let_in(self) -> None:
        self.set_cookie(JOIN_COOKIE, self.token, path=self.root, httponly=True, samesite="Lax",
                        expires_days=2)  # fmt: skip

    # Answering

    def wants_fragment(self) -> bool:
        return self.request.headers.get(FRAGMENT_HEADER) == "1"

    def show(self, person: Person | None, said: Said | None = None, status: int = 200) -> None:
        """The phone's current screen: <main>'s contents for phone.js, else the whole page."""
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        if self.wants_fragment():
            self.finish(self.pages.main(person, self.xsrf_token.decode(), said))
        else:  # a phone without the script: a waiting page reloads itself
            self.finish(self.pages.screen(person, self.xsrf_token.decode(), said))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Every refusal is a page in the template's words, never a traceback."""
        key = {400: "phone.bad_request", 403: "phone.reload", 404: "phone.not_found",
               405: "phone.bad_request", 413: "phone.too_large",
               415: "phone.bad_request"}.get(status_code, "")  # fmt: skip
        message = self.pages.texts.say(key) if key else self.pages.texts.say("phone.broken")
        if status_code == 403 and self.has_joined_the_room() and self.request.method == "POST":
            self.clear_header("Content-Type")
            return self.show(self.person(), Said(message, "error"), 403)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(self.pages.notice(message))


class MainHandler(PhoneHandler):
    """`/` (under the prefix, as every route): the login form, or, once in, the phone's
    screen. The QR code's link carries the join code as `?token=`; it is turned into a cookie
    and taken off the address."""

    def get(self) -> None:
        if self.has_joined_the_room():
            if self.get_query_argument("token", ""):  # the QR link again: keep it off the bar
                return self.redirect(self.root, status=303)
            # A phone without the script learns of a new step only by loading the page: show
            # what is on disk now, not what the last tail read (up to REFRESH_MS ago) saw.
            self.follow_folder()
            person = self.person()
            said = self.flash.pop(person.participant_id, None) if person else None
            return self.show(person, said)
        if self.wants_fragment():  # phone.js redrawing a page whose cookie has gone
            raise web.HTTPError(403)
        typed = self.get_query_argument("token", "")
        if not typed:
            return self._login()
        wait = self.join_guesses.wait(self.request.remote_ip or "", time.monotonic())
        if wait:
            return self._login(wait=wait)
        if self._right_code(typed):
            self.let_in()
            return self.redirect(self.root, status=303)
        self._login(wrong=True)

    def _right_code(self, typed: str) -> bool:
        place, now = self.request.remote_ip or "", time.monotonic()
        if matches(typed, self.token):
            self.join_guesses.succeeded(place)
            return True
        self.join_guesses.missed(place, now)
        return False

    def _login(self, wrong: bool = False, wait: int = 0) -> None:
        if wait:
            self.set_status(429)
            self.set_header("Retry-After", str(wait))
        elif wrong:
            self.set_status(401)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(self.pages.login(self.xsrf_token.decode(), wrong=wrong, wait=wait))


class FormHandler(PhoneHandler):
    """A POST of a small url-encoded form with known fields, the anti-forgery token, and the
    join cookie; anything else is refused before it reaches the rules."""

    fields: ClassVar[frozenset[str]] = frozenset()
    needs_person: ClassVar[bool] = True

    def check_xsrf_cookie(self) -> None:
        # Shape first, so a wrong body is named for what it is, then Tornado's own check.
        length = int(self.request.headers.get("Content-Length") or len(self.request.body))
        if length > BODY_LIMIT:
            raise web.HTTPError(413)
        kind = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != FORM:
            raise web.HTTPError(415)
        super().check_xsrf_cookie()

    def form(self) -> dict[str, str] | None:
        """The form's fields, or None (and a refusal sent) when it has fields it should not."""
        args = self.request.body_arguments
        unknown = set(args) - self.fields - {"_xsrf"}
        repeated = [k for k, v in args.items() if len(v) > 1 and k != "_xsrf"]
        if unknown or repeated:
            if not self.has_joined_the_room():  # not let in yet: no page of the room, no form
                raise web.HTTPError(400)
            self.show(self.person(), Said(self.pages.texts.say("phone.bad_request"), "error"), 400)
            return None
        return {k: self.get_body_argument(k, "", strip=False) for k in self.fields if k in args}

    def post(self) -> None:
        if not self.has_joined_the_room():
            raise web.HTTPError(403)
        form = self.form()
        if form is None:
            return
        person = self.person()
        if self.needs_person and person is None:
            return self.show(None, Said(self.pages.texts.say("join.first"), "error"), 403)
        try:
            person, said = self.act(person, form)
        except TextError as exc:
            return self.refused(person, exc)
        except (RecordWriteError, RecordError, OSError) as exc:
            # The disk refused: the message says in plain words what was saved (nothing,
            # unless even taking a part-written row back failed).
            return self.show(person, Said(str(exc), "error"), 503)
        if self.wants_fragment():  # phone.js: the status line stays where it always is
            return self.show(person, replace(said, at=""))
        # Post, redirect, get: the page is loaded again at the form that was used (a
        # fragment in the address), with what was saved said in that form.
        self.flash[person.participant_id] = said
        self.redirect(f"{self.root}#{said.at}" if said.at else self.root, status=303)

    def refused(self, person: Person | None, exc: TextError) -> None:
        status = {"join.code_wait": 429, "join.too_many": 429,
                  "phone.bad_request": 400}.get(exc.key, 409)  # fmt: skip
        if status == 429:
            self.set_header("Retry-After", str(exc.values.get("seconds", 30)))
        self.show(person, Said(self.pages.texts.error(exc), "error"), status)

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        raise NotImplementedError

    def number(self, form: Mapping[str, str], name: str) -> int | None:
        """A whole number from the form ('' is none); anything else is refused."""
        text = form.get(name, "").strip()
        if not text:
            return None
        if not re.fullmatch(r"-?[0-9]{1,5}", text):
            raise TextError("That could not be read.", "phone.bad_request")
        return int(text)


class LoginHandler(MainHandler, FormHandler):
    """The join code typed on the login page."""

    fields = frozenset({"code"})
    needs_person = False

    def post(self) -> None:
        form = self.form()
        if form is None:
            return
        wait = self.join_guesses.wait(self.request.remote_ip or "", time.monotonic())
        if wait:
            return self._login(wait=wait)
        if not self._right_code(form.get("code", "")):
            return self._login(wrong=True)
        self.let_in()
        self.redirect(self.root, status=303)


class JoinHandler(FormHandler):
    fields = frozenset({"form_id", "group", "name"})
    needs_person = False

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        place, now = self.request.remote_ip or "", time.monotonic()
        if self.app.joins.full(place, now):
            raise TextError("Many people have joined from this address.", "join.too_many")
        joined = self.room.join(form.get("form_id", ""), form.get("group", ""),
                                form.get("name", ""))  # fmt: skip
        self.app.joins.joined(place, now)
        self.remember(joined)
        return joined, Said(self.pages.texts.say("join.joined", code=joined.code))


class ReturnHandler(FormHandler):
    fields = frozenset({"code"})
    needs_person = False

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        back = self.room.come_back(form.get("code", ""), self.request.remote_ip or "",
                                   time.monotonic())  # fmt: skip
        self.remember(back)
        return back, Said(self.pages.texts.say("join.welcome_back"))


class IssueHandler(FormHandler):
    fields = frozenset({"issue_id", "text", "category"})

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        assert person is not None
        held = self.room.send_issue(person, form.get("issue_id", ""), form.get("text", ""),
                                    form.get("category", ""))  # fmt: skip
        said = self.pages.texts.say("issue.sent_held" if held else "issue.sent")
        return person, Said(said, at=ISSUE_FORM)


class RateHandler(FormHandler):
    fields = frozenset({"issue_id", "importance", "feasibility", "rank", "points"})

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        assert person is not None
        method = self.room.template.priorities.method
        given = {"rating": ("importance", "feasibility"), "ranking": ("rank",),
                 "points": ("points",)}[method]  # fmt: skip
        # A radio left unticked is not sent: it keeps what was saved. A rank set to '-' clears.
        values = {k: self.number(form, k) for k in given if k in form}
        number = self.room.rate(person, form.get("issue_id", ""), values)
        return person, Said(self.pages.texts.say("rate.saved", number=number),
                            at=rating_form(number))  # fmt: skip


class VoteHandler(FormHandler):
    fields = frozenset({"round_id", "option_id", "step", "expected"})

    def act(self, person: Person | None, form: Mapping[str, str]) -> tuple[Person, Said]:
        assert person is not None
        step, expected = self.number(form, "step"), self.number(form, "expected")
        if step is None or expected is None:
            raise TextError("That could not be read.", "phone.bad_request")
        option_id = form.get("option_id", "")
        left = self.room.vote(person, form.get("round_id", ""), option_id, step,
                              expected)  # fmt: skip
        ballot = self.room.ballot(person)
        at = option_form(ballot, option_id) if ballot else ""
        return person, Said(self.pages.texts.say("ballot.saved", count=left, left=left), at=at)


class EventsHandler(PhoneHandler):
    """`/events`: a Server-Sent Events stream that says when every phone's screen changed
    (the step, the round, its rules); phone.js then fetches its own screen."""

    def prepare(self) -> None:
        self._transforms = []  # not compressed: each event must reach the phone at once

    async def get(self) -> None:
        if not self.has_joined_the_room():
            raise web.HTTPError(403)
        self.set_header("Content-Type", "text/event-stream; charset=UTF-8")
        wake = asyncio.Event()
        self._closed = False

        def changed(version: int) -> None:
            wake.set()

        self._wake = wake
        self.room.listeners.append(changed)
        try:
            seen = self.room.version
            self.write(f"retry: 3000\ndata: {seen}\n\n")
            await self.flush()
            while not self._closed:
                try:
                    await asyncio.wait_for(wake.wait(), KEEPALIVE_S)
                except TimeoutError:
                    self.write(": still here\n\n")
                else:
                    wake.clear()
                    if self.room.version != seen:
                        seen = self.room.version
                        self.write(f"data: {seen}\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            self.room.listeners.remove(changed)

    def on_connection_close(self) -> None:
        self._closed = True
        wake = getattr(self, "_wake", None)
        if wake is not None:
            wake.set()


def to_root(handler: web.RequestHandler, root: str) -> None:
    """The prefix typed without its last slash: sent to the prefix, with its query (a join
    link's ?token=CODE goes along)."""
    query = handler.request.query
    handler.redirect(root + (f"?{query}" if query else ""), permanent=True)


class PrefixHandler(PhoneHandler):
    """The prefix typed without its last slash."""

    def get(self) -> None:
        to_root(self, self.root)


class NotFoundHandler(PhoneHandler):
    def prepare(self) -> None:
        raise web.HTTPError(404)
