"""The shared participants' server: one address for the phones of every session in a folder of
sessions that is open for phones, each phone taken into its own session by the join code it
types (`python -m toolkit.apps.phones --sessions DIR`). DIR's sessions are its folders with a
settings.csv and those one level down (`DIR/alice/SESSION`: a facilitator's own folder).

A session is open for phones while the last `phones_open` setting in its settings.csv says
`true` (records/phones_open.py); the console records it like any other switch. The shared
login page (`PREFIX`, `PREFIX?token=CODE`, `PREFIX login`) compares what was typed with the
join code of every open session and sends the phone to that session's own address,
`PREFIX s/KEY/`, KEY being a digest of the folder's path within DIR. Everything under it is
answered by the session's own PhoneApp, made the first time it is needed with that address as
its prefix: the same pages, rules and Recorder as a server of one session, so every later
request says which session it is for, and the join cookie is only sent there. Whether the
session is open is read again (only what was appended to settings.csv) before each of its
requests: a session closed, or whose folder is gone, refuses every request with the login
page saying so (its waiting phones are told), and nothing is saved; reopened, its phones are
back in with the cookies they hold.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from tornado import httpserver, httputil, routing, web

from toolkit.apps.phones.app import PhoneApp, join_guess_limit, page_policy
from toolkit.apps.phones.connections import IDLE_SECONDS, listen_capped
from toolkit.apps.phones.pages import PageFrame
from toolkit.apps.phones.server import (
    BODY_LIMIT,
    FRAGMENT_HEADER,
    JOIN_COOKIE,
    REFRESH_MS,
    guarded,
    to_root,
)
from toolkit.apps.phones.static_files import CachedStatic, app_settings
from toolkit.records import RecordError
from toolkit.records.base_paths import base_path
from toolkit.records.join_code import matches
from toolkit.records.phones_open import PhonesSwitch
from toolkit.records.templates import find_template, load_template, logo_data_uri

log = logging.getLogger(__name__)

LOBBY_TEMPLATE = "community-priorities"  # whose words the shared login page has, by default
SESSIONS_PATH = "s/"  # PREFIX s/KEY/: one session's addresses
SCAN_EVERY = 4  # refreshes (of REFRESH_MS) between two looks for new or removed folders


def session_key(folder: Path, sessions: Path | None = None) -> str:
    """The session's part of its phones' addresses: the same after a restart, and saying
    nothing of the folder's name (its path within `sessions`, by default its parent), which
    may name a place or a person."""
    where = folder.relative_to(sessions if sessions is not None else folder.parent)
    return hashlib.sha256(where.as_posix().encode()).hexdigest()[:12]


def session_folders(sessions: Path) -> list[Path]:
    """The sessions in `sessions`: its folders with a settings.csv, and those in its other
    folders (an organisation's server keeps each facilitator's sessions in a folder of their
    own, `SESSIONS/alice/SESSION`), hidden folders (`.ipynb_checkpoints`) passed over."""
    found = []
    for child in sessions.iterdir():
        if _is_session(child):
            found.append(child)
        elif child.is_dir() and not child.name.startswith("."):
            try:
                found += [p for p in child.iterdir() if _is_session(p)]
            except OSError as exc:  # one facilitator's folder unreadable: the others still
                log.warning("could not read %s: %s", child, exc)
    return found


def _is_session(folder: Path) -> bool:
    return not folder.name.startswith(".") and (folder / "settings.csv").is_file()


class SharedPhones:
    """Every session in `sessions` open for phones, each with its own PhoneApp, behind one
    login page under `prefix`; wrong join codes counted together, whichever session they
    were meant for."""

    def __init__(
        self, sessions: Path, prefix: str = "/", lobby_template: str = LOBBY_TEMPLATE
    ) -> None:
        self.sessions, self.root = sessions, base_path(prefix, "--prefix")
        self.join_guesses = join_guess_limit()
        self.switches: dict[str, PhonesSwitch] = {}
        self.apps: dict[str, PhoneApp] = {}
        self._unreadable: set[str] = set()  # said once in the log, not on every request
        self._ticks = 0
        at = re.escape(self.root)
        self._session_at = re.compile(rf"{at}{SESSIONS_PATH}([0-9a-f]{{12}})(?:/|$)")
        routes: list[Any] = [
            (at, LobbyHandler, {"shared": self}),
            (at + "login", LobbyHandler, {"shared": self}),
            *([(at[:-1], LobbyHandler, {"shared": self})] if at != "/" else []),
        ]
        self.lobby = web.Application(
            routes,
            default_handler_class=LobbyHandler,
            default_handler_args={"shared": self},
            **app_settings(self.root, self.root),
        )
        where = find_template(lobby_template)
        template = load_template(where)
        script = CachedStatic.make_static_url(self.lobby.settings, "phone.js")
        self.pages = PageFrame(template, logo_data_uri(where, template.branding), script,
                               self.root)  # fmt: skip
        self.policy = page_policy(self.pages)
        self.router = SessionRouter(self)
        self.scan()

    # Which sessions there are, and which are open

    def scan(self) -> None:
        """Follow every session folder in the sessions folder (and one level down): new ones,
        and gone ones."""
        try:
            found = {session_key(p, self.sessions): p for p in session_folders(self.sessions)}
        except OSError as exc:
            log.warning("could not read the sessions folder: %s", exc)
            found = {}
        for key in set(self.switches) - set(found):
            self.forget(key)
        for key, folder in found.items():
            if key not in self.switches:
                self.switches[key] = PhonesSwitch(folder)
            self.is_open(key)

    def forget(self, key: str) -> None:
        self.switches.pop(key, None)
        app = self.apps.pop(key, None)
        if app is not None:  # its phones ask again, and are told the session is gone
            app.room.announce()
        self._unreadable.discard(key)

    def is_open(self, key: str) -> bool:
        """Whether the session `key` is open for phones now (what was appended to its
        settings.csv is read first). A folder gone is forgotten; one that cannot be read
        is closed until it can. Closed since, its phones are told (they ask again, and hear)."""
        switch = self.switches.get(key)
        if switch is None:
            return False
        was_open = switch.open and bool(switch.code)
        try:
            is_open = switch.follow()
        except FileNotFoundError:
            self.forget(key)
            return False
        except (RecordError, OSError) as exc:
            if key not in self._unreadable:
                log.warning("%s is closed to phones: %s", switch.folder, exc)
                self._unreadable.add(key)
            return False
        self._unreadable.discard(key)
        if was_open and not is_open and key in self.apps:
            self.apps[key].room.announce()
        return is_open

    def open_app(self, key: str) -> PhoneApp | None:
        """The session's PhoneApp while it is open for phones (made now if need be)."""
        if not self.is_open(key):
            return None
        switch, app = self.switches[key], self.apps.get(key)
        if app is None:
            try:
                app = PhoneApp(switch.folder, switch.code, self.session_root(key),
                               self.join_guesses, self.root)  # fmt: skip
            except (ValueError, OSError) as exc:  # a template or a record that cannot be read
                log.warning("%s cannot be served: %s", switch.folder, exc)
                return None
            self.apps[key] = app
        app.token = switch.code  # a code made again (an older, long one) is the one to type
        return app

    def session_for(self, typed: str) -> str | None:
        """The open session whose join code was typed. Every code is compared, in constant
        time, so how long it takes says nothing; a code two open sessions share (a folder
        copied) lets nobody in: one of them must get a new code. The folders are looked at
        again only when no open session has the code (one opened since the last look)."""
        found = self._matching(typed)
        if not found:
            self.scan()
            found = self._matching(typed)
        if len(found) > 1:
            folders = ", ".join(str(self.switches[k].folder) for k in found)
            log.warning("open sessions share a join code; phones cannot tell them apart: %s",
                        folders)  # fmt: skip
        return found[0] if len(found) == 1 else None

    def _matching(self, typed: str) -> list[str]:
        """The sessions open by the last look whose code was typed, each confirmed still
        open (only its own settings.csv is read again)."""
        found = [key for key, switch in self.switches.items()
                 if switch.open and switch.code and matches(typed, switch.code)]  # fmt: skip
        return [key for key in found if self.is_open(key)]

    def session_root(self, key: str) -> str:
        return f"{self.root}{SESSIONS_PATH}{key}/"

    def session_in(self, path: str) -> str | None:
        """The session key an address is under, if any."""
        found = self._session_at.match(path)
        return found.group(1) if found else None

    # Running

    def refresh(self) -> None:
        """Each open session's room follows its folder; now and then, the folder of sessions
        is looked at again for new and removed sessions."""
        self._ticks += 1
        if self._ticks % SCAN_EVERY == 0:
            self.scan()
        for key, app in list(self.apps.items()):
            if self.switches[key].open:
                app.refresh()

    def listen(
        self, host: str, port: int, idle_seconds: float = IDLE_SECONDS
    ) -> httpserver.HTTPServer:
        return listen_capped(self.router, host, port, idle_seconds, self.refresh, REFRESH_MS)


class SessionRouter(routing.Router):
    """Sends a request under `PREFIX s/KEY/` to that session's own application while it is
    open for phones, to the refusal while not, and anything else to the login page's."""

    def __init__(self, shared: SharedPhones) -> None:
        self.shared = shared

    def find_handler(
        self, request: httputil.HTTPServerRequest, **kwargs: Any
    ) -> httputil.HTTPMessageDelegate | None:
        shared, path = self.shared, request.path or ""
        key = shared.session_in(path)
        if key is None:
            return shared.lobby.find_handler(request, **kwargs)
        app = shared.open_app(key)
        if app is not None:
            return app.application.find_handler(request, **kwargs)
        return shared.lobby.get_handler_delegate(request, ClosedHandler,
                                                 {"shared": shared})  # fmt: skip


class LobbyHandler(web.RequestHandler):
    """The shared login page: the join code, typed or in the QR code's link, takes the phone
    to its session's address; any other address is the plain 404."""

    def initialize(self, shared: SharedPhones) -> None:
        self.shared, self.pages = shared, shared.pages
        self.set_default_headers()

    def set_default_headers(self) -> None:
        shared = getattr(self, "shared", None)
        guarded(self, shared.policy if shared else "default-src 'none'")

    def prepare(self) -> None:
        root, path = self.shared.root, self.request.path
        if path not in (root, f"{root}login", root[:-1]):
            raise web.HTTPError(404)
        if path == root[:-1]:
            to_root(self, root)

    def get(self) -> None:
        if self.request.path != self.shared.root:
            raise web.HTTPError(405)
        typed = self.get_query_argument("token", "")
        if typed:
            return self.enter(typed)
        self.login()

    def post(self) -> None:
        if self.request.path != f"{self.shared.root}login":
            raise web.HTTPError(405)
        if len(self.request.body) > BODY_LIMIT:
            raise web.HTTPError(413)
        self.enter(self.get_body_argument("code", ""))

    def enter(self, typed: str) -> None:
        guesses, now = self.shared.join_guesses, time.monotonic()
        place = self.request.remote_ip or ""
        wait = guesses.wait(place, now)
        if wait:
            return self.login(wait=wait)
        key = self.shared.session_for(typed)
        if key is None:
            guesses.missed(place, now)
            return self.login(wrong=True)
        guesses.succeeded(place)
        at = self.shared.session_root(key)
        self.set_cookie(JOIN_COOKIE, self.shared.switches[key].code, path=at, httponly=True,
                        samesite="Lax", expires_days=2)  # fmt: skip
        self.redirect(at, status=303)

    def login(self, wrong: bool = False, wait: int = 0, closed: bool = False) -> None:
        if wait:
            self.set_status(429)
            self.set_header("Retry-After", str(wait))
        elif wrong:
            self.set_status(401)
        elif closed:
            self.set_status(403)
        whole = self.request.headers.get(FRAGMENT_HEADER) != "1"
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(self.pages.login(self.xsrf_token.decode(), wrong, wait, closed, whole))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Every refusal is a page in the login page's words, never a traceback."""
        key = {403: "phone.reload", 404: "phone.not_found",
               413: "phone.too_large"}.get(status_code, "phone.bad_request")  # fmt: skip
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(self.pages.notice(self.pages.texts.say(key)))


class ClosedHandler(LobbyHandler):
    """Any request of a session not open for phones (closed, or its folder gone): the login
    page saying so, with nothing saved."""

    def check_xsrf_cookie(self) -> None:
        """Nothing is done here, so there is nothing to forge."""

    def prepare(self) -> None:
        self.login(closed=True)


def run(
    sessions: Path,
    host: str,
    port: int,
    idle_seconds: float = IDLE_SECONDS,
    prefix: str = "/",
    lobby_template: str = LOBBY_TEMPLATE,
) -> Coroutine[Any, Any, None]:
    """Serve the phones of every open session in `sessions` until the process is stopped."""

    async def serve() -> None:
        shared = SharedPhones(sessions, prefix, lobby_template)
        shared.listen(host, port, idle_seconds)
        print(f"phones: serving the open sessions in {sessions} on http://{host}:{port}"
              f"{shared.root}", flush=True)  # fmt: skip
        await asyncio.Event().wait()

    return serve()
