"""The participants' server as a whole: its routes, the room it follows from the folder, its
pages and policy, and running it (handlers in server.py, connections in connections.py)."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from tornado import httpserver, web

from toolkit.apps.phones.connections import IDLE_SECONDS, listen_capped
from toolkit.apps.phones.cookie_guesses import CookieGuesses
from toolkit.apps.phones.pages import PageFrame, PhonePages, Said
from toolkit.apps.phones.room import PhoneRoom
from toolkit.apps.phones.server import (
    REFRESH_MS,
    EventsHandler,
    IssueHandler,
    JoinHandler,
    LoginHandler,
    MainHandler,
    NotFoundHandler,
    PrefixHandler,
    RateHandler,
    ReturnHandler,
    VoteHandler,
    log,
)
from toolkit.apps.phones.static_files import CachedStatic, app_settings
from toolkit.domain.guesses import GuessLimit
from toolkit.domain.phone_limits import JoinsByPlace
from toolkit.records import RecordError
from toolkit.records.base_paths import base_path
from toolkit.records.folder import session_template
from toolkit.records.templates import logo_data_uri


def join_guess_limit() -> GuessLimit:
    """Ten wrong join codes in ten minutes from one place make it wait a minute."""
    return GuessLimit(misses=10, window=600, pause=60)


def page_policy(pages: PageFrame) -> str:
    """The Content-Security-Policy of the pages: only the server's own script, and their one
    inline style by its hash."""
    style = base64.b64encode(pages.style_hash).decode("ascii")
    return (
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        f"style-src 'sha256-{style}'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    )


class PhoneApp:
    """The server's parts: the room followed from the folder, its pages, the join code, and
    the path prefix (`root`) it answers under, alone: `/services/phones/` behind a proxy that
    keeps the path; anything outside it is the plain 404."""

    def __init__(
        self,
        folder: Path,
        token: str,
        prefix: str = "/",
        join_guesses: GuessLimit | None = None,
        shared_root: str = "",
    ) -> None:
        """`join_guesses` and `shared_root` for one session of the shared server (shared.py):
        wrong join codes counted with every other session's, and the anti-forgery cookie and
        the join-code form at the shared server's own root."""
        template = session_template(folder)
        self.folder, self.token, self.root = folder, token, base_path(prefix, "--prefix")
        at = re.escape(self.root)
        self.room = PhoneRoom(folder, template)
        self.join_guesses = join_guesses or join_guess_limit()
        self.joins = JoinsByPlace(template.phone_limits.joins_per_address)
        # codes in cookies meet the same limits as typed ones: the join code's, the /return's
        self.cookie_joins = CookieGuesses(self.join_guesses)
        self.cookie_people = CookieGuesses(self.room.guesses)
        self.flash: dict[str, Said] = {}  # what the last form did, for a phone without script
        self.application = web.Application(
            [
                (at, MainHandler, {"app": self}),
                (at + "login", LoginHandler, {"app": self}),
                (at + "join", JoinHandler, {"app": self}),
                (at + "return", ReturnHandler, {"app": self}),
                (at + "issue", IssueHandler, {"app": self}),
                (at + "rate", RateHandler, {"app": self}),
                (at + "vote", VoteHandler, {"app": self}),
                (at + "events", EventsHandler, {"app": self}),
                # the address typed without its last slash
                *([(at[:-1], PrefixHandler, {"app": self})] if at != "/" else []),
            ],
            default_handler_class=NotFoundHandler,
            default_handler_args={"app": self},
            **app_settings(self.root, shared_root or self.root),
        )
        # static_url needs a handler's settings; the application's are the same.
        script = CachedStatic.make_static_url(self.application.settings, "phone.js")
        self.pages = PhonePages(self.room, logo_data_uri(folder, template.branding), script,
                                self.root)  # fmt: skip
        if shared_root:
            self.pages.login_at = f"{shared_root}login"
        self.policy = page_policy(self.pages)

    def refresh(self) -> None:
        try:
            self.room.refresh()
        except (RecordError, OSError) as exc:  # a hand-edited file: keep serving what we have
            log.warning("could not read the session folder: %s", exc)

    def listen(
        self, host: str, port: int, idle_seconds: float = IDLE_SECONDS
    ) -> httpserver.HTTPServer:
        return listen_capped(self.application, host, port, idle_seconds, self.refresh, REFRESH_MS)


def run(
    folder: Path,
    host: str,
    port: int,
    token: str,
    idle_seconds: float = IDLE_SECONDS,
    prefix: str = "/",
) -> Coroutine[Any, Any, None]:
    """Serve the phones until the process is stopped."""

    async def serve() -> None:
        app = PhoneApp(folder, token, prefix)
        app.listen(host, port, idle_seconds)
        print(f"phones: serving {folder} on http://{host}:{port}{app.root}", flush=True)
        await asyncio.Event().wait()

    return serve()
