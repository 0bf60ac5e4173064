"""Choosing a paper page by name and writing it to a file."""

from __future__ import annotations

from pathlib import Path

from toolkit.outputs.paper.poster import check_address, default_address, join_poster
from toolkit.outputs.paper.sheets import PaperError, ballots, issue_cards, stakeholder_sheet
from toolkit.records.join_code import join_link, session_token
from toolkit.records.session import Session, open_session

KINDS = ("ballots", "issue-cards", "stakeholder-sheet", "join-poster")


def page(session: Session, what: str, round_number: int | None = None, link: str = "") -> str:
    """The page named `what` (one of KINDS)."""
    if what not in KINDS:
        raise PaperError(f"unknown paper {what!r}; choose one of {', '.join(KINDS)}")
    if round_number is not None and what != "ballots":
        raise PaperError("--round is for --what ballots only")
    if what == "ballots":
        return ballots(session, round_number)
    if what == "issue-cards":
        return issue_cards(session)
    if what == "stakeholder-sheet":
        return stakeholder_sheet(session)
    if not link:
        raise PaperError("a join poster needs the join link")
    return join_poster(session, link)


def write_page(
    folder: Path | str,
    what: str,
    out: Path | str | None = None,
    round_number: int | None = None,
    address: str | None = None,
) -> Path:
    """Write the page and return its path: `<what>.html` in the session folder unless `out`
    says otherwise. A join poster carries the session's stored join code (made and stored
    now if the session was never served, so the server will use the same one) and `address`
    (default: `default_address()`)."""
    if address is not None and what != "join-poster":
        raise PaperError("--address is for --what join-poster only")
    session = open_session(folder)
    link = ""
    if what == "join-poster":
        base = check_address(address) if address is not None else default_address()
        link = join_link(base, session_token(session.path))
    html = page(session, what, round_number, link)
    path = Path(out) if out is not None else session.path / f"{what}.html"
    if path.is_dir():
        raise PaperError(f"{path} is a folder; give a file name such as {path / (what + '.html')}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
