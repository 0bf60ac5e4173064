"""The join poster: the projector's join panel on paper, for the address phones will open."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit, urlunsplit

from toolkit.outputs.join_panel import join_panel
from toolkit.outputs.paper.layout import _band, _document, _page, _text
from toolkit.outputs.paper.sheets import PaperError
from toolkit.records.base_paths import BasePathError, base_path
from toolkit.records.network import lan_address
from toolkit.records.ports import PHONE_PORT
from toolkit.records.session import Session

# `toolkit serve` puts the participants' page on the LAN address at this port by default
# (its --participant-port); a poster for another set-up is made with --address.


def check_address(address: str) -> str:
    """The participants' page address as `http://HOST:PORT`, or `http://HOST:PORT/PREFIX`
    when it is served under a prefix (`toolkit serve --phones-prefix`), or PaperError."""
    how = (
        f"--address {address!r} is not an address like http://192.168.1.20:{PHONE_PORT}; "
        "give http://, the host and the port of the participants' page, and its prefix if "
        "it is served under one (/services/phones/), nothing after"
    )
    parts = urlsplit(address.strip())
    try:
        path = base_path(parts.path).rstrip("/")
    except BasePathError:
        raise PaperError(how) from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise PaperError(how)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number 0-65535
    except ValueError:
        raise PaperError(how) from None
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def default_address() -> str:
    """Where `toolkit serve` would put the participants' page: this laptop's address on the
    local network (found from its own interfaces, nothing is sent), else 127.0.0.1."""
    return f"http://{lan_address() or '127.0.0.1'}:{PHONE_PORT}"


def join_poster(session: Session, link: str) -> str:
    """A poster with the join link as a QR code (drawn here, offline), and the address and the
    code to type for phones that cannot scan: the projector's join panel, on paper."""
    texts = session.template.texts
    body = (
        f"<header class='sheet-head'><h1>{_text(session.title)}</h1></header>"
        f"{join_panel(link, texts)}"
        f"<p class='no-phone'>{escape(texts.say('paper.no_phone'))}</p>"
    )
    title = texts.say("paper.poster", title=session.title)
    return _document(title, [_page(_band(session), body, "poster fixed")], texts)
