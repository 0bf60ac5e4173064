"""The projector's pages: what does not fit one slide is paged, in turn, never scrolled."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.domain.test_issues import apply, board_of
from tests.drawn_charts import chart_text
from toolkit.apps.link import SessionLink
from toolkit.domain.guidance import JOIN_LARGE_KEY, join_large
from toolkit.domain.issues import Issue
from toolkit.domain.template import GroupSpec
from toolkit.records import Recorder
from toolkit.records.folder import session_template
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.slides import (
    PAGE_SECONDS,
    by_lines,
    issue_pages,
    page_at,
    page_style,
    sections,
)

GROUPS = [
    GroupSpec("tenants", "Tenants", "#E69F00", "T"),
    GroupSpec("staff", "Staff", "#56B4E9", "S"),
]


def test_pages_come_round_in_turn() -> None:
    assert [page_at(s, 3) for s in (0, PAGE_SECONDS - 0.1, PAGE_SECONDS, 2 * PAGE_SECONDS)] == [
        1, 1, 2, 3
    ]  # fmt: skip
    assert page_at(3 * PAGE_SECONDS, 3) == 1
    assert page_at(99, 1) == page_at(99, 0) == 1


def test_items_fill_pages_up_to_the_budget_and_a_long_one_has_its_own() -> None:
    items = [("a", 4), ("b", 4), ("c", 3), ("long", 20), ("d", 1)]
    assert by_lines(items, 10) == [["a", "b"], ["c"], ["long"], ["d"]]
    assert by_lines([], 10) == []


def test_sections_are_numbered_in_one_series_and_one_is_shown() -> None:
    made = sections(["one", "two"], 3)
    assert re.findall(r"data-page='(\d)'", made) == ["3", "4"]
    style = page_style(4)
    assert ".toolkit-page[data-page='4'] {display: flex}" in style
    assert ":not(:has(.toolkit-page[data-page='4']))" in style  # other parts take no room


def test_issues_keep_their_numbers_groups_and_merges_and_hidden_ones_never_show() -> None:
    board = board_of(
        "Repairs take too long", "Repairs are slow", "Damp <b>everywhere</b>", "Mrs X owes rent",
        groups=("tenants", "staff", "tenants", "tenants"),
    )  # fmt: skip
    board = apply(board, board.merge("I2", "I1"))
    board = apply(board, board.hide("I4"))
    (page,) = issue_pages(board, GROUPS)
    assert re.findall(r"<li value='(\d+)'>", page) == ["1", "3"]  # own numbers, not positions
    first = page.split("<li")[1]
    assert "<b>T</b><span class='toolkit-sr-only'>Tenants: </span>1" in first
    assert "<b>S</b><span class='toolkit-sr-only'>Staff: </span>1" in first  # the merged one's
    assert "1 merged into it" in first
    assert "Damp &lt;b&gt;everywhere&lt;/b&gt;" in page  # typed text is text
    assert "owes rent" not in page


def test_forty_issues_are_paged_within_the_budget() -> None:
    board = board_of(*(f"Issue number {n} " + "with words " * (n % 9) for n in range(1, 41)),
                     groups=tuple("tenants" for _ in range(40)))  # fmt: skip
    pages = issue_pages(board, GROUPS)
    assert len(pages) >= 2
    numbers = [int(n) for p in pages for n in re.findall(r"<li value='(\d+)'>", p)]
    assert numbers == list(range(1, 41))  # every issue once, in order


def test_the_join_code_is_large_while_the_step_shows_nothing_else_unless_asked() -> None:
    assert join_large([], busy=False)
    assert not join_large([], busy=True)
    asked = [{"key": JOIN_LARGE_KEY, "value": "true"}]
    assert join_large(asked, busy=True)
    assert not join_large([*asked, {"key": JOIN_LARGE_KEY, "value": "false"}], busy=False)


def test_the_projector_turns_its_pages_by_itself(session_dir: Path) -> None:
    template = session_template(session_dir)
    recorder = Recorder(session_dir)
    for n in range(1, 41):
        issue = Issue(f"I{n}", f"Issue {n} " + "and more words " * 6, group_id="tenants")
        recorder.append("issues", "raised", **issue.values())
    at = next(n for n, s in enumerate(template.agenda, 1) if s.kind == "issues")
    recorder.append("settings", "set", key="agenda_step", value=f"step-{at}")
    clock = [datetime(2026, 12, 5, 10, tzinfo=UTC)]
    link = SessionLink(session_dir, ("settings", "agenda", "participants", "issues"))
    view = ProjectorView(template, link.read_new, now=lambda: clock[0])
    view.refresh()
    pages = view.activity.value.count("class='toolkit-page'")
    assert pages >= 2 and all(len(p) for p in view.activity.value.split("<section")[1:])
    assert "data-page='1'] {display: flex}" in view.pager.value
    assert f"1 of {pages}" in view.pager.value
    clock[0] += timedelta(seconds=PAGE_SECONDS)
    view.tick()
    assert (
        "data-page='2'] {display: flex}" in view.pager.value and f"2 of {pages}" in view.pager.value
    )
    clock[0] += timedelta(seconds=PAGE_SECONDS * (pages - 1))
    view.tick()
    assert "data-page='1'] {display: flex}" in view.pager.value  # round again


def test_a_round_of_twelve_options_is_shown_eight_a_page_on_one_scale(session_dir: Path) -> None:
    from tests.widgets.test_agreement_view import vote_round
    from tests.widgets.test_voting_view import VotingConsole, shortlist, voting_app
    from toolkit.apps.projector import projector_app

    texts = [f"Issue {n} about the estate" for n in range(1, 13)]
    shortlist(session_dir, texts)
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    console.start_button.click()  # twelve options, four dots each
    assert console.status.kind == "ok", console.status.message
    vote_round(console, session_dir, {"tenants": [[0, 1, 11, 11]] * 3, "managers": [[5]] * 3})
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    projector.refresh()
    pages = projector.chart.value.split("<section class='toolkit-page'")[1:]
    assert len(pages) == 2
    drawn = [chart_text(page) for page in pages]
    labels = [list(dict.fromkeys(re.findall(r"(\d+)\. Issue \d+ about", d))) for d in drawn]
    assert labels == [[str(n) for n in range(1, 9)], [str(n) for n in range(9, 13)]]
    ticks = [re.findall(r'"values": \[[\d, ]+\]', d) for d in drawn]
    assert ticks[0] and ticks[0] == ticks[1]  # the same scale on both pages: option 12's 6 dots
