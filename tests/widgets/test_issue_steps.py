"""The issues screen arranged for the step it serves (raising or prioritising), and rating on
behalf of a table as one compact grid."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

import toolkit
from tests.widgets.test_issues_view import _session_with_method, add, console, ids
from toolkit.apps.console import console_app
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.issues import IssuesConsole
from toolkit.widgets.rating import RatingRow


def inside(root: widgets.Widget) -> Iterator[widgets.Widget]:
    """Every widget under `root`, depth first, in the order shown."""
    yield root
    for child in getattr(root, "children", ()):
        yield from inside(child)


def shown(view: IssuesConsole) -> list[widgets.Widget]:
    """What shows without opening a fold."""
    return [w for part in view.children if part is not view.folded for w in inside(part)]


def folded(view: IssuesConsole) -> list[widgets.Widget]:
    return list(inside(view.folded)) if view.folded in view.children else []


def test_at_the_issues_step_raising_comes_first_and_prioritising_is_folded(
    session_dir: Path,
) -> None:
    view = console(session_dir)
    view.show_for("issues")
    first = shown(view)
    used = (view.queue, view.text, view.add_button, view.status, view.board_table,
            view.chosen, view.merge_button)  # fmt: skip
    order = [first.index(w) for w in used]
    assert order == sorted(order)  # in the order they are used
    for part in (view.priority_map, view.rating_grid, view.top_button, view.results,
                 view.picked):  # fmt: skip
        assert part not in first and part in folded(view)
    assert view.folded.titles == ("Prioritise and shortlist",)
    assert view.folded.selected_index is None  # closed until the facilitator opens it
    assert "<h1>Issues</h1>" in view.title.value


def test_at_the_prioritise_step_prioritising_comes_first_and_raising_is_folded(
    session_dir: Path,
) -> None:
    view = console(session_dir)
    view.show_for("prioritise")
    first = shown(view)
    order = [first.index(w) for w in (view.priority_map, view.rate_for, view.rating_grid,
                                      view.rule, view.top_button, view.status,
                                      view.results, view.shortlist_box)]  # fmt: skip
    assert order == sorted(order)
    for part in (view.queue, view.text, view.add_button, view.board_table, view.chosen,
                 view.picked):  # fmt: skip
        assert part not in first and part in folded(view)
    assert view.folded.titles == ("Pick the shortlist by hand", "Raise, moderate and edit issues")
    assert "<h1>Prioritise</h1>" in view.title.value
    # the status line moved with the step: what the shortlist button says shows beside it
    add(view, "Repairs")
    view.top_button.click()
    assert view.status in first and "Shortlisted" in view.status.message


def test_on_its_own_the_screen_shows_everything_unfolded(session_dir: Path) -> None:
    view = console(session_dir)
    assert view.folded not in view.children
    first = shown(view)
    for part in (view.queue, view.add_button, view.board_table, view.chosen,
                 view.priority_map, view.rating_grid, view.top_button, view.picked):  # fmt: skip
        assert part in first
    view.show_for("prioritise")
    view.folded.selected_index = 1  # the facilitator opens raising...
    view.show_for("issues")  # ...and the next step opens with its fold closed
    assert view.folded.selected_index is None
    view.show_for("")
    assert view.folded not in view.children and view.add_button in shown(view)


def test_the_console_arranges_the_shared_screen_for_each_step(session_dir: Path) -> None:
    view = console_app(session_dir)
    assert isinstance(view, ConsoleView)
    for _ in range(2):  # on to raising issues
        view.bar.next_button.click()
    screen = view.screens["issues"]
    assert isinstance(screen, IssuesConsole) and screen.shown_for == "issues"
    assert screen.add_button in shown(screen)
    view.bar.next_button.click()  # prioritising: the same screen, the other way round
    assert view.screens["prioritise"] is screen and screen.shown_for == "prioritise"
    assert screen.rating_grid in shown(screen) and screen.add_button not in shown(screen)


def test_rating_for_a_table_is_one_row_per_issue_recorded_as_before(session_dir: Path) -> None:
    view = console(session_dir)
    for text in ("Repairs take too long", "Nobody calls back", "<b>Damp</b>"):
        add(view, text)
    a, b, c = ids(view)
    view.chosen.value = b
    view.hide_button.click()  # a hidden issue is not rated
    grid = view.rating_grid
    assert list(view.rating_rows) == [a, c]
    assert list(grid.body.children) == [view.rating_rows[a], view.rating_rows[c]]
    row = view.rating_rows[c]
    assert isinstance(row, RatingRow) and isinstance(row, widgets.HBox)  # one line
    assert list(row.children) == [row.title, row.importance, row.feasibility]
    assert "<b>3.</b> &lt;b&gt;Damp&lt;/b&gt;" in row.title.value  # typed text escaped
    assert row.importance.description == "Importance of issue 3"  # each choice named
    assert row.feasibility.description == "Feasibility of issue 3"
    heads = [h.value for h in grid.header.children]
    assert heads == ["Issue", "Importance (1-5)", "Feasibility (1-5)"]

    view.rate_for.value = "managers"
    view.rating_rows[a].importance.value = 4
    view.rating_rows[a].feasibility.value = 2
    assert view.status.message == "Saved for issue 1."
    # each choice is a row, as before: importance alone, then both
    first, saved = toolkit.open_session(session_dir).events["ratings"].to_dict("records")
    assert first["importance"] == 4 and pd.isna(first["feasibility"])
    assert (saved["issue_id"], saved["participant_id"], saved["group_id"], saved["channel"],
            saved["importance"], saved["feasibility"]) == (a, "", "managers", "facilitator",
                                                           4, 2)  # fmt: skip
    view.rate_for.value = "tenants"  # another table: its own, empty, rows
    assert view.rating_rows[a].importance.value is None
    view.rate_for.value = "managers"  # and back: what was saved shows
    assert (view.rating_rows[a].importance.value, view.rating_rows[a].feasibility.value) == (4, 2)


def test_a_rank_the_rules_refuse_is_not_kept_in_the_grid(tmp_path: Path) -> None:
    folder = _session_with_method(tmp_path, "ranking")
    view = console(folder)
    for text in ("A", "B"):
        add(view, text)
    a, b = ids(view)
    view.rate_for.value = "tenants"
    assert list(view.rating_rows[a].children) == [view.rating_rows[a].title,
                                                  view.rating_rows[a].rank]  # fmt: skip
    assert view.rating_grid.header.children[1].value == "Rank"
    view.rating_rows[a].rank.value = 1
    view.rating_rows[b].rank.value = 1  # already given to A
    assert view.status.kind == "error" and view.status.message.startswith("Rank 1 is already")
    assert view.rating_rows[b].rank.value is None  # the grid shows what is saved
    assert len(toolkit.open_session(folder).events["ratings"]) == 1
