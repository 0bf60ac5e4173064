"""The phones' server's static files (phone.js): cached for good, and one 404 for every path
that is not one of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tornado import web

STATIC = Path(__file__).resolve().parent / "static"


def app_settings(root: str, cookie_path: str) -> dict[str, Any]:
    """What every phones' application under `root` shares: phone.js served from there, the
    anti-forgery cookie (under `cookie_path`), compressed answers."""
    return {
        "static_path": str(STATIC),
        "static_url_prefix": f"{root}static/",
        "static_handler_class": CachedStatic,
        "xsrf_cookies": True,
        "xsrf_cookie_kwargs": {"httponly": True, "samesite": "Lax", "path": cookie_path},
        "compress_response": True,
    }


class CachedStatic(web.StaticFileHandler):
    """phone.js: versioned by its hash in the URL, so a phone keeps it for good."""

    def set_default_headers(self) -> None:
        self.clear_header("Server")

    def set_extra_headers(self, path: str) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")

    # Outside the folder (`/static/../settings.csv`), the folder itself, no such file, or a
    # name no file can have (a NUL byte): the same 404 for all, rather than Tornado's 403
    # that tells one kind of path from another, or a 500.
    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return super().get_absolute_path(root, path)
        except (web.HTTPError, ValueError) as exc:
            raise web.HTTPError(404) from exc

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        try:
            return super().validate_absolute_path(root, absolute_path)
        except (web.HTTPError, ValueError) as exc:
            raise web.HTTPError(404) from exc
