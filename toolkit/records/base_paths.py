"""Path prefixes the servers answer under: `toolkit serve --base-url` for the facilitator's
screens and `--phones-prefix` for the phones' server (behind a proxy that keeps the path,
such as JupyterHub's `/user/NAME/` and `/services/NAME/`)."""

from __future__ import annotations

import re

# Only characters that need no escaping anywhere the prefix goes: a URL, an HTML attribute,
# a cookie's Path, a route's pattern, a QR code. "@" too, which JupyterHub leaves as it is
# in /user/NAME/: organisations that sign in by e-mail address have names such as
# alice@council.example.
_SEGMENT = re.compile(r"[A-Za-z0-9._~@-]+")


class BasePathError(ValueError):
    """A prefix that is not a plain path."""


def base_path(text: str, option: str = "") -> str:
    """`text` as a prefix with a slash at each end (`/` for none): `services/phones` gives
    `/services/phones/`. Refused, saying how (naming `option`), if a part needs escaping or
    is `.` or `..`."""
    parts = [p for p in text.strip().split("/") if p]
    if any(not _SEGMENT.fullmatch(p) or p in (".", "..") for p in parts):
        named = f"{option} {text!r}" if option else repr(text)
        raise BasePathError(
            f"{named} is not a plain path such as /user/alice/ or /services/phones/: use only "
            "letters, digits and - . _ ~ @ between the slashes (no spaces, %-escapes, . or ..)"
        )
    return "/" + "".join(f"{p}/" for p in parts)
