"""The phones' login: a page where a participant types the join code, replacing Jupyter's.

Voila loads `JoinCodeIdentityProvider` by name (`--Voila.identity_provider_class=...`, set by
`serving.voila_command` when there is a token), so this module runs in the Voila server, never
in a kernel. The provider keeps Jupyter's machinery (signed login cookie, xsrf check, safe
`next` redirect) and changes four things: the token is compared as a join code (case, spaces
and dashes ignored; constant time), the login page is ours, there is no logout page, and a
phone that sends ten wrong codes in ten minutes (typed, or in a link) waits a minute.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from functools import lru_cache
from html import escape
from pathlib import Path

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import IdentityProvider, User
from jupyter_server.auth.login import LoginFormHandler
from tornado import web

from toolkit.apps.join_code import matches
from toolkit.apps.ports import SESSION_ENV
from toolkit.domain.guesses import GuessLimit
from toolkit.domain.texts import DEFAULT_TEXTS, ENGLISH, Texts


@lru_cache(maxsize=4)
def session_texts(folder: str) -> Texts:
    """The served session's texts (its frozen template's), English if it cannot be read."""
    from toolkit.records.folder import session_template

    try:
        return session_template(Path(folder)).texts if folder else ENGLISH
    except (ValueError, OSError):
        return ENGLISH


# The English words; a session whose template is in another language shows its own.
TITLE = DEFAULT_TEXTS["login.title"]
LABEL = DEFAULT_TEXTS["login.label"]
WRONG_CODE = DEFAULT_TEXTS["login.wrong"]
CODE_FIELD = "code"  # not "token": a "token" argument would make the POST token-authenticated
# Wrong codes per phone (its address on the network); the server is one process, so one count.
GUESSES = GuessLimit(misses=10, window=600, pause=60)

# Self-contained on purpose: no template lookup, no stylesheet, font or script to fetch, so the
# page shows on a phone that has no internet and reveals nothing about the server behind it.
_PAGE = """<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
  :root {{ --ink: #1a1a1a; --paper: #f7f5ef; --accent: #0072b2; --error: #8a0000; }}
  * {{ box-sizing: border-box; }}
  body {{
    margin: 0; background: var(--paper); color: var(--ink);
    font: 20px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  }}
  main {{ max-width: 28rem; margin: 0 auto; padding: 2rem 1.25rem; }}
  h1 {{ font-size: 2rem; line-height: 1.15; margin: 0 0 0.5rem; }}
  p {{ margin: 0 0 1.5rem; }}
  label {{ display: block; font-weight: 700; font-size: 1.1rem; margin-bottom: 0.4rem; }}
  input[name="{field}"] {{
    display: block; width: 100%; padding: 0.4rem 0.6rem; font-size: 2rem;
    font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
    letter-spacing: 0.15em; text-transform: uppercase; color: var(--ink); background: #fff;
    border: 3px solid var(--ink); border-radius: 0.5rem;
  }}
  input[name="{field}"]:focus {{ outline: 4px solid var(--accent); outline-offset: 2px; }}
  input[aria-invalid="true"] {{ border-color: var(--error); }}
  .error {{
    color: var(--error); background: #fbe3e3; border-left: 6px solid var(--error);
    padding: 0.5rem 0.75rem; margin: 0.75rem 0 0;
  }}
  button {{
    display: block; width: 100%; margin-top: 1.25rem; min-height: 3.5rem; font-size: 1.5rem;
    font-weight: 700; color: #fff; background: var(--accent); border: 0; border-radius: 0.5rem;
    cursor: pointer;
  }}
  button:focus {{ outline: 4px solid var(--ink); outline-offset: 2px; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{intro}</p>
<form method="post" action="{action}">
<label for="{field}">{label}</label>
<input id="{field}" name="{field}" type="text" required autofocus maxlength="32"
 autocapitalize="characters" autocomplete="off" autocorrect="off" spellcheck="false"
 enterkeyhint="go"{invalid}>
{error}
{xsrf}
<input type="hidden" name="next" value="{next}">
<button type="submit">{button}</button>
</form>
</main>
</body>
</html>
"""


class JoinLoginHandler(LoginFormHandler):
    """GET shows the join form; POST checks the code, sets Jupyter's login cookie and
    redirects to `next` (same-origin paths only, by Jupyter's own check)."""

    @allow_unauthenticated
    def get(self) -> None:
        if self.current_user:
            self._redirect_safe(self.get_argument("next", default=self.base_url))  # type: ignore[no-untyped-call]
        else:
            self._render()

    @allow_unauthenticated
    def post(self) -> None:
        wait = GUESSES.wait(self.request.remote_ip or "", time.monotonic())
        if wait:
            self.set_status(429)
            self.set_header("Retry-After", str(wait))
            self._render(wait=wait)
            return
        user = self.identity_provider.process_login_form(self)
        if user is None:
            self.set_status(401)
            self._render(message=True)
            return
        self.current_user = user
        self.identity_provider.set_login_cookie(self, user)
        self._redirect_safe(self.get_argument("next", default=self.base_url))  # type: ignore[no-untyped-call]

    def _render(self, message: object = None, wait: int = 0) -> None:
        """The form; what was typed is never written back into the page."""
        texts = session_texts(os.environ.get(SESSION_ENV, ""))
        said = texts.say("login.wait", seconds=wait) if wait else texts.say("login.wrong")
        error = f'<p class="error" id="{CODE_FIELD}-error" role="alert">{escape(said)}</p>'
        message = message or wait
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.write(
            _PAGE.format(
                language=escape(texts.language),
                title=escape(texts.say("login.title")),
                intro=escape(texts.say("login.intro")),
                button=escape(texts.say("login.button")),
                label=escape(texts.say("login.label")),
                field=CODE_FIELD,
                action=escape(self.request.path),
                next=escape(self.get_argument("next", default=self.base_url)),
                xsrf=self.xsrf_form_html(),
                error=error if message else "",
                invalid=f' aria-invalid="true" aria-describedby="{CODE_FIELD}-error"'
                if message
                else "",
            )
        )


class JoinCodeIdentityProvider(IdentityProvider):
    """Jupyter's token login with the token as a join code, typed on our own page."""

    @property
    def auth_enabled(self) -> bool:
        return bool(self.token)  # as Voila's own provider: no token, no login

    @property
    def logout_available(self) -> bool:
        return False  # Jupyter's logout page is not for participants

    def get_handlers(self) -> list[tuple[str, object]]:
        # Voila passes its own login_handler_class when it makes the provider: serve ours.
        return [(r"/login", JoinLoginHandler)] if self.login_available else []

    def get_token(self, handler: web.RequestHandler) -> str | None:
        """The server's token if the request carries the code (the QR link's ?token=...),
        else nothing: Jupyter then compares our answer with its token by plain equality,
        so the comparison that depends on what was sent is the constant-time one here."""
        carried = super().get_token(handler) or ""
        if not carried:
            return ""
        return self.token if _checked(handler, lambda: matches(carried, self.token)) else ""

    def process_login_form(self, handler: web.RequestHandler) -> User | None:
        typed = handler.get_argument(CODE_FIELD, default="")
        if _checked(handler, lambda: bool(self.token) and matches(typed, self.token)):
            return self.generate_anonymous_user(handler)
        return None


def _checked(handler: web.RequestHandler, right: Callable[[], bool]) -> bool:
    """Whether a code sent by this phone is right, counting its wrong ones: a phone that has
    sent too many is not checked at all until its pause is over."""
    place, now = handler.request.remote_ip or "", time.monotonic()
    if GUESSES.wait(place, now):
        return False
    if right():
        GUESSES.succeeded(place)
        return True
    GUESSES.missed(place, now)
    return False
