"""The projector's slides: what does not fit one screen (40 issues, a long action plan, the
results and then where the groups agree) is cut into pages that the projector shows in
turn, so the room never has to scroll."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from typing import TypeVar

from toolkit.domain.actions import ActionPlan, describe_plan
from toolkit.domain.colour import readable_ink
from toolkit.domain.issues import IssueBoard
from toolkit.domain.state import SessionState
from toolkit.domain.template import GroupSpec
from toolkit.domain.texts import ENGLISH, Texts
from toolkit.domain.voting import Round, Voting

T = TypeVar("T")
PAGE_SECONDS = 12.0  # long enough to read a page aloud, short enough to come round again
# What a page holds, in lines of the projector's type (3.2% of the screen's height): the
# issue list sets two columns of about 50 characters; the plan's table six narrow ones.
ISSUE_LINES, ISSUE_CHARS = 30, 44
PLAN_LINES, PLAN_CHARS = 12, 17
LONGEST_ISSUE = 300  # as long as an issue may be; only a hand-edited record is longer


def sections(pages: Sequence[str], first: int) -> str:
    """The pages as sections numbered from `first`; the stylesheet hides all but the one
    `page_style` names."""
    return "".join(
        f"<section class='toolkit-page' data-page='{first + n}'>{page}</section>"
        for n, page in enumerate(pages)
    )


def page_style(page: int) -> str:
    """The stylesheet that shows page `page` and gives its part of the stage all the room."""
    shown = f".toolkit-page[data-page='{page}']"
    return (
        f"<style>.toolkit-stage {shown} {{display: flex}} "
        f".toolkit-stage > .toolkit-paged:not(:has({shown})) {{display: none !important}}</style>"
    )


def page_at(seconds: float, pages: int) -> int:
    """Which page (from 1) is shown `seconds` after the step's pages first appeared."""
    return int(max(0.0, seconds) // PAGE_SECONDS) % max(1, pages) + 1


def by_lines(items: Sequence[tuple[T, int]], budget: int) -> list[list[T]]:
    """Items (an item, the lines it takes) in order, put on pages of at most `budget` lines;
    an item longer than a page has a page of its own."""
    pages: list[list[T]] = []
    used = budget
    for markup, lines in items:
        if used + lines > budget:
            pages.append([])
            used = 0
        pages[-1].append(markup)
        used += lines
    return pages


def lines(text: str, chars: int) -> int:
    return max(1, math.ceil(len(text) / chars))


def shortened(text: str, limit: int = LONGEST_ISSUE) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def chip(group: GroupSpec, count: int) -> str:
    """A group's colour and letter (colour is never the only cue) and a count; the group's
    name for screen readers."""
    return (
        f"<span class='toolkit-chip' style='--chip-colour:{group.colour};"
        f"--chip-ink:{readable_ink(group.colour)}'><b>{escape(group.letter)}</b>"
        f"<span class='toolkit-sr-only'>{escape(group.name)}: </span>{count}</span>"
    )


def issue_pages(
    board: IssueBoard, groups: Sequence[GroupSpec], texts: Texts = ENGLISH
) -> list[str]:
    """The live issues by their own numbers, each with how many of each group raised it
    (merged issues counted) and how many were merged into it; hidden ones never."""
    by_id = {g.id: g for g in groups}
    items = []
    for issue in board.active:
        sources = board.sources(issue.issue_id)
        raised: dict[str, int] = {}
        for i in (issue, *sources):
            if i.group_id in by_id:
                raised[i.group_id] = raised.get(i.group_id, 0) + 1
        chips = "".join(chip(by_id[g], n) for g, n in raised.items())
        n = len(sources)
        merged = (
            f" <span class='toolkit-merged'>{escape(texts.say('projector.merged', n, merged=n))}"
            "</span>" if sources else ""
        )  # fmt: skip
        words = shortened(issue.text)
        items.append((
            f"<li value='{board.number(issue.issue_id)}'><span class='toolkit-issue-words'>"
            f"{escape(words)}</span> {chips}{merged}</li>",
            lines(words + "x" * (5 * len(raised) + (16 if sources else 0)), ISSUE_CHARS),
        ))  # fmt: skip
    if not items:
        return [f"<p>{escape(texts.say('projector.no_issues'))}</p>"]
    return [
        f"<ol class='toolkit-issue-list'>{''.join(page)}</ol>"
        for page in by_lines(items, ISSUE_LINES)
    ]


def plan_pages(plan: ActionPlan, board: IssueBoard, texts: Texts = ENGLISH) -> list[str]:
    """The action plan, 'you said, we will', a table a page; every cell escaped."""
    from toolkit.widgets.actions import plan_rows, plan_table_of

    title = f"<h2>{escape(texts.say('projector.plan'))}</h2>"
    heads, rows = plan_rows(plan, board, True, texts)
    if not rows:
        return [title + f"<p>{escape(texts.say('plan.none'))}</p>"]
    title += f"<p class='toolkit-summary'>{escape(describe_plan(plan, texts))}</p>"
    sized = [(row, max(lines(c, PLAN_CHARS) for c in row)) for row in rows]
    return [title + plan_table_of(heads, page) for page in by_lines(sized, PLAN_LINES)]


def _numbered_pages(items: Sequence[tuple[str, str]], title: str) -> list[str]:
    """(number, words) as a numbered list under a title, paged by lines; words escaped."""
    sized = [
        (f"<li><b>{escape(n)}.</b> <span class='toolkit-issue-words'>"
         f"{escape(shortened(words))}</span></li>", lines(shortened(words), ISSUE_CHARS))
        for n, words in items
    ]  # fmt: skip
    head = f"<h2>{escape(title)}</h2>"
    return [
        f"{head}<ul class='toolkit-issue-list toolkit-numbered'>{''.join(page)}</ul>"
        for page in by_lines(sized, ISSUE_LINES - 2)
    ]


def option_pages(voting: Voting, current: Round, texts: Texts = ENGLISH) -> list[str]:
    """What the room votes on while a round runs: each option's number and whole words."""
    title = texts.say("projector.options", number=current.number)
    numbered = voting.numbered(current.round_id)
    return _numbered_pages([(n, o.label) for n, o in numbered], title)


def shortlist_pages(board: IssueBoard, texts: Texts = ENGLISH) -> list[str]:
    """The shortlist for the vote, by the issues' numbers; nothing before there is one."""
    if not board.shortlist:
        return []
    items = [(str(board.number(i.issue_id)), i.text) for i in board.shortlist]
    return _numbered_pages(items, texts.say("projector.shortlist", len(items), n=len(items)))


def closing_pages(state: SessionState, texts: Texts = ENGLISH) -> list[str]:
    """The close: thanks, the actions agreed with their owners, when people hear back."""
    agreed = [a for a in state.plan.actions if a.status in ("agreed", "in progress", "done")]
    rows = "".join(
        f"<li>{escape(shortened(a.action))}"
        + (f" <span class='toolkit-muted'>({escape(a.owner)})</span>" if a.owner else "")
        + "</li>"
        for a in agreed[:8]
    )
    more = len(agreed) - 8
    rest = f"<p>{escape(texts.say('projector.more_actions', more, n=more))}</p>" if more > 0 else ""
    actions = (
        f"<h2>{escape(texts.say('projector.agreed', len(agreed), n=len(agreed)))}</h2>"
        f"<ul class='toolkit-closing-actions'>{rows}</ul>{rest}"
        if agreed
        else ""
    )
    return [
        f"<div class='toolkit-closing'><h1>{escape(texts.say('projector.thanks'))}</h1>"
        f"{actions}<p class='toolkit-hear-back'>{escape(texts.say('projector.hear_back'))}</p>"
        "</div>"
    ]
