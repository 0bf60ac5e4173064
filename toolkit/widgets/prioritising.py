"""The issues screen's prioritising: rating on behalf of a group (a table without phones),
the priority map and the scores under each rule, and the shortlist for the vote, the top N
or picked by hand (a mixin of IssuesConsole)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from toolkit.domain.cuts import shortlist_said
from toolkit.domain.events import Row
from toolkit.domain.priorities import (
    RULES,
    RULES_FOR,
    check_points,
    check_rank,
    check_score,
    current_ratings,
    sensitivity,
    top,
)
from toolkit.widgets.issue_tables import results_table
from toolkit.widgets.issues_shared import ROOM, issue_events, issue_title
from toolkit.widgets.priority_map import priority_picture
from toolkit.widgets.rating import RatingRow

if TYPE_CHECKING:
    from toolkit.widgets.issues import IssuesConsole


class Prioritising:
    """What IssuesConsole does to prioritise its issues and shortlist them; the widgets are
    built there. (Each method's `self` is the console, hence the ignores: see EditingIssues.)"""

    def rate(self: IssuesConsole, issue_id: str, values: dict[str, Any]) -> None:  # type: ignore[misc]
        """Save a rating on behalf of the chosen group (a table without phones)."""
        rater = (ROOM, self.rate_for.value)
        mine = [r for r in self.ratings() if (r["participant_id"], r["group_id"]) == rater]
        current = next((r for r in mine if r["issue_id"] == issue_id), {})

        def plan() -> list[tuple[str, str, dict[str, Any]]]:
            check_score(values.get("importance"), "importance")
            check_score(values.get("feasibility"), "feasibility")
            check_rank(mine, rater, issue_id, values.get("rank"), len(self.board.active))
            check_points(mine, rater, issue_id, values.get("points"), self.priorities.points_budget)
            merged = {**current, **values}
            return [("ratings", "rated", {
                "issue_id": issue_id, "participant_id": ROOM, "group_id": rater[1],
                "channel": "facilitator", **{k: merged.get(k) for k in (
                    "importance", "feasibility", "rank", "points")}})]  # fmt: skip

        if not self._apply(plan, f"Saved for issue {self.board.number(issue_id)}."):
            self._draw_rating_rows(force=True)

    def shortlist_top(self: IssuesConsole) -> None:  # type: ignore[misc]
        ids = [i.issue_id for i in self.board.active]
        cut = top(self.rule.value, self.ratings(), ids, self.top_n.value)  # ties kept
        self._apply(
            lambda: issue_events(*self.board.set_shortlist(cut.kept)),
            shortlist_said(cut, RULES[self.rule.value][0]),
        )

    def shortlist_picked(self: IssuesConsole) -> None:  # type: ignore[misc]
        picked = list(self.picked.value)
        self._apply(
            lambda: issue_events(*self.board.set_shortlist(picked)),
            f"Shortlisted {len(picked)} issues; the rest stays in the backlog.",
        )

    def ratings(self: IssuesConsole) -> list[Row]:  # type: ignore[misc]
        """Current ratings of every rater (the last per issue and rater)."""
        return current_ratings(self.state.ratings)

    def _draw_rating_rows(self: IssuesConsole, force: bool = False) -> None:  # type: ignore[misc]
        board = self.board
        saved = {
            r["issue_id"]: r
            for r in self.ratings()
            if (r["participant_id"], r["group_id"]) == (ROOM, self.rate_for.value)
        }
        issues = [(i.issue_id, board.number(i.issue_id), i.text) for i in board.active]
        self.rating_grid.draw(issues, saved, force)

    @property
    def rating_rows(self: IssuesConsole) -> dict[str, RatingRow]:  # type: ignore[misc]
        """The grid's row for each active issue, for the chosen group."""
        return self.rating_grid.rows

    def _draw_results(self: IssuesConsole) -> None:  # type: ignore[misc]
        board, settings = self.board, self.priorities
        active = [i.issue_id for i in board.active]
        numbers = {i: board.number(i) for i in active}
        current = self.ratings()
        if settings.method == "rating":
            svg, words = priority_picture(board, current, self.groups, settings)
            self.priority_map.value = svg
            self.priority_words.value = f"<p class='toolkit-summary'>{escape(words)}</p>"
        rules = RULES_FOR[settings.method]
        table = results_table(board, current, active, rules)
        n = min(self.top_n.value, len(active))
        words = (
            sensitivity(
                current,
                active,
                n,
                [self.rule.value, *[r for r in rules if r != self.rule.value]],
                {i: f"issue {numbers[i]}" for i in active},
            )
            if n
            else ""
        )
        self.results.value = table + (
            f"<p class='toolkit-summary'>{escape(words)}</p>" if words else ""
        )
        shortlist = "".join(f"<li>{escape(issue_title(board, i))}</li>" for i in board.shortlist)
        backlog = "".join(f"<li>{escape(issue_title(board, i))}</li>" for i in board.backlog)
        self.shortlist_box.value = (
            f"<h3>Shortlist ({len(board.shortlist)})</h3>"
            f"<ol>{shortlist or '<li>none yet</li>'}</ol>"
            f"<h3>Backlog ({len(board.backlog)})</h3><ul>{backlog}</ul>"
        )
