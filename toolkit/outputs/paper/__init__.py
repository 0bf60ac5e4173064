"""Paper materials that map one to one onto the screens: dot-voting sheets, issue cards, a
stakeholder mapping sheet and a join poster, each one self-contained HTML page to print on A4.

The builders are pure (a reopened session in, HTML out); `write_page` does the file work.
Nothing in a page is fetched: no fonts, no images but data: URIs, the QR code drawn inline.
Every text a participant or a template typed is escaped, and isolated with <bdi> so a
right-to-left override in one label cannot reorder what follows it."""

from toolkit.outputs.paper.files import KINDS, page, write_page
from toolkit.outputs.paper.poster import check_address, default_address, join_poster
from toolkit.outputs.paper.sheets import (
    PaperError,
    ballot_rows,
    ballots,
    issue_cards,
    pick_round,
    stakeholder_sheet,
)

__all__ = [
    "KINDS",
    "PaperError",
    "ballot_rows",
    "ballots",
    "check_address",
    "default_address",
    "issue_cards",
    "join_poster",
    "page",
    "pick_round",
    "stakeholder_sheet",
    "write_page",
]
