"""Digests that chain each table's rows, so any later edit of a file shows.

A row's digest is 64 hex digits in two halves:
- its own part: the first 32 hex digits of SHA-256 over the row's cells in the table's
  column order (docs/records.md), joined by U+001F, each cell as written but for what a
  spreadsheet changes without changing the value: a cell's leading apostrophe (the formula
  guard) is dropped, and a cell TRUE, True, FALSE or False is written in lower case;
- its chain part: the first 32 of SHA-256 over the previous row's whole digest (nothing for
  the first row) and this row's own part.
"Previous" is in time order, which timestamps give (the toolkit makes each row of a table
later than the one before), so a file sorted by a spreadsheet still verifies. A changed cell
breaks the row's own part; a deleted row breaks the chain part of the row after it; an added
row has no digest that fits. Anyone with this page can recompute digests: they show edits,
they do not stop someone who sets out to hide one.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

from toolkit.records.fields import DIGEST

HALF = 32
SEP = "\x1f"
LOOKAHEAD = 200  # rows searched for where the chain picks up again after added rows
MOST_EDITS = 50  # per table: the first ones are named
# what a spreadsheet rewrites at the start of a cell (U+001F before it, and after a word)
_REWRITTEN = re.compile(r"\x1f(?:'|(TRUE|True)(?=\x1f)|(FALSE|False)(?=\x1f))")


def _as_written(match: re.Match[str]) -> str:
    return SEP + ("true" if match[1] else "false" if match[2] else "")


def own_part(cells: Iterable[str]) -> str:
    joined = SEP + SEP.join(cells) + SEP
    if _REWRITTEN.search(joined):
        joined = _REWRITTEN.sub(_as_written, joined)
    return hashlib.sha256(joined[1:-1].encode("utf-8", "replace")).hexdigest()[:HALF]


def chain_part(previous: str, own: str) -> str:
    return hashlib.sha256((previous + own).encode("ascii", "replace")).hexdigest()[:HALF]


def digest(previous: str, cells: Iterable[str]) -> str:
    """The digest of a row whose cells are `cells`, after a row whose digest is `previous`."""
    own = own_part(cells)
    return own + chain_part(previous, own)


@dataclass(frozen=True)
class Edit:
    """One place where a table's file differs from what was recorded. `fingerprint` ties a
    correction to this very edit: a further edit at the same place shows again."""

    change: str  # "changed", "added", "deleted" (rows before this one), "cut" (at the end)
    line: int | None
    event_id: str
    fingerprint: str


class _Chain:
    """A table's rows in time order: line, event id, stored digest and own part of each."""

    def __init__(self, header: Sequence[str], rows: list[Sequence[str]], lines: list[int],
                 names: Sequence[str]) -> None:  # fmt: skip
        cells = itemgetter(*(header.index(n) for n in names))
        at = header.index("timestamp")
        stamps = [r[at] for r in rows]
        if any(a > b for a, b in itertools.pairwise(stamps)):  # rows of a moment keep order
            order = sorted(range(len(rows)), key=stamps.__getitem__)
            rows, lines = [rows[i] for i in order], [lines[i] for i in order]
        self.lines = lines
        at = header.index("event_id")
        self.ids = [r[at] for r in rows]
        at = header.index(DIGEST)
        self.stored = [r[at] for r in rows]
        self.own = [own_part(cells(r)) for r in rows]

    def links(self, previous: str, i: int) -> bool:
        return self.stored[i] == self.own[i] + chain_part(previous, self.own[i])

    def follows(self, previous: str, i: int) -> bool:
        """Whether row i was recorded right after a row whose digest is `previous`."""
        stored = self.stored[i]
        return stored[HALF:] == chain_part(previous, stored[:HALF])

    def edit(self, change: str, i: int, previous: str) -> Edit:
        own = self.stored[i] if change == "deleted" else self.own[i]
        return Edit(change, self.lines[i], self.ids[i], chain_part(previous, own))


def chain_edits(
    header: Sequence[str], rows: Sequence[Sequence[str]], lines: Sequence[int],
    names: Sequence[str],
) -> tuple[list[Edit], str]:  # fmt: skip
    """The edits of one table's rows (header and rows as parsed from the file; `names`, the
    table's columns in order), and the digest of its last row in time."""
    width = len(header)
    kept = [i for i, row in enumerate(rows) if len(row) == width]
    if not kept:
        return [], ""
    if len(kept) < len(rows):  # rows of another width are problems of their own
        rows, lines = [rows[i] for i in kept], [lines[i] for i in kept]
    chain = _Chain(header, list(rows), list(lines), names)
    i, previous = _whole_up_to(chain)
    edits: list[Edit] = []
    seen = set(chain.stored[:i])
    n = len(chain.own)
    while i < n and len(edits) < MOST_EDITS:
        if chain.links(previous, i):
            previous, i = chain.stored[i], i + 1
            seen.add(previous)
            continue
        if not chain.stored[i] or chain.stored[i] in seen:  # no digest, or a copied row's
            edits.append(chain.edit("added", i, previous))
            i += 1
            continue
        picks_up = _picks_up(chain, previous, i)
        if picks_up > i:  # rows i.. were put in; the chain goes on after them
            edits += [chain.edit("added", j, previous) for j in range(i, picks_up)]
            i = picks_up
            continue
        change = "deleted" if chain.stored[i][:HALF] == chain.own[i] else "changed"
        edits.append(chain.edit(change, i, previous))
        previous, i = chain.stored[i], i + 1
        seen.add(previous)
    return edits, previous


def _whole_up_to(chain: _Chain) -> tuple[int, str]:
    """How many rows in time order link whole (all, for a folder no one edited), and the
    digest of the last of them: a tight loop, since every row of every table passes here."""
    sha = hashlib.sha256
    previous = ""
    for i, (own, stored) in enumerate(zip(chain.own, chain.stored, strict=True)):
        if stored != own + sha((previous + own).encode()).hexdigest()[:HALF]:
            return i, previous
        previous = stored
    return len(chain.own), previous


def _picks_up(chain: _Chain, previous: str, start: int) -> int:
    """The first row after `start` recorded right after `previous` (by its stored digest), or
    `start` if none is near: then the row at `start` is the one that changed."""
    n = len(chain.own)
    if start + 1 < n and chain.follows(chain.stored[start], start + 1):
        return start  # the next row follows this one: this one changed, or lost its before
    for j in range(start + 1, min(n, start + 1 + LOOKAHEAD)):
        if chain.follows(previous, j):
            return j
    return start


def edit_message(edit: Edit) -> str:
    return {
        "changed": "this row was changed after it was recorded (its cells no longer match "
        "its digest)",
        "added": "this row was added by hand: the toolkit did not record it here",
        "deleted": "a row recorded just before this one (in time) was deleted",
        "cut": "the last row(s) the toolkit recorded were deleted from the file",
    }[edit.change]
