"""What the console decides for the projector, so nobody ever clicks the projector: which
count it shows after a reveal, and whether it holds a page of a step that has several.

Both are settings events. Key 'projector_count', value 'raw' or 'equal'. Key
'projector_page', value '<step id> <action>': 'hold' keeps the page shown now, 'next' and
'back' turn one page and hold it, 'auto' lets the pages turn by themselves again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toolkit.domain.events import Row

COUNT_KEY = "projector_count"
COUNTS = ("raw", "equal")
PAGE_KEY = "projector_page"
PAGE_ACTIONS = ("hold", "next", "back", "auto")


class ProjectorError(ValueError):
    """A projector choice that does not exist."""


def projector_count(settings: Sequence[Row]) -> str:
    """The count the console last chose for the projector ('raw' until it chooses)."""
    chosen = next((str(r["value"]) for r in reversed(settings) if r["key"] == COUNT_KEY), "")
    return chosen if chosen in COUNTS else "raw"


def count_value(count: str) -> dict[str, str]:
    if count not in COUNTS:
        raise ProjectorError(f"Unknown count {count!r}; use raw or equal.")
    return {"key": COUNT_KEY, "value": count}


def page_value(step_id: str, action: str) -> dict[str, str]:
    if action not in PAGE_ACTIONS or not step_id or " " in step_id:
        raise ProjectorError(f"Unknown page action {action!r} for step {step_id!r}.")
    return {"key": PAGE_KEY, "value": f"{step_id} {action}"}


@dataclass(frozen=True)
class Paging:
    """Which page the projector shows: `held` (from 1) while the console holds one, else
    None and the pages turn by themselves from `page`."""

    page: int = 1
    held: bool = False


def follow_page(paging: Paging, rows: Iterable[Row], step_id: str, pages: int) -> Paging:
    """The paging after the console's new page choices for the current step (others are
    ignored: a choice belongs to the step it was made on)."""
    for row in rows:
        if row["key"] != PAGE_KEY:
            continue
        step, _, action = str(row["value"]).partition(" ")
        if step != step_id or action not in PAGE_ACTIONS:
            continue
        if action == "auto":
            paging = Paging(paging.page, False)
        elif action == "hold":
            paging = Paging(paging.page, True)
        else:
            by = 1 if action == "next" else -1
            paging = Paging((paging.page - 1 + by) % max(1, pages) + 1, True)
    return paging
