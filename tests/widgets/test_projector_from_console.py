"""The projector shows what the room works on and is driven from the console alone: a
round's options while it runs, the shortlist before it, how many joined, the close; the
count (raw or equal) and the page chosen on the console."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.drawn_charts import chart_specs
from tests.widgets.test_agreement_view import vote_round
from tests.widgets.test_voting_view import join
from tests.workshop import shortlist
from toolkit.apps.console import console_app
from toolkit.apps.link import SessionLink
from toolkit.apps.voting import voting_app
from toolkit.domain.projector import COUNT_KEY, PAGE_KEY, Paging, follow_page
from toolkit.records import Recorder
from toolkit.records.folder import session_template
from toolkit.widgets.agenda import ConsoleView
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.slides import PAGE_SECONDS
from toolkit.widgets.voting import VotingConsole

LONG = "Repairs take far too long to be booked, " * 6 + "and nobody says when they will come"
TABLES = ("settings", "agenda", "participants", "issues", "rounds", "options", "votes",
          "actions", "stakeholders", "ratings")  # fmt: skip


def at_step(folder: Path, kind: str) -> None:
    template = session_template(folder)
    n = next(n for n, s in enumerate(template.agenda, 1) if s.kind == kind)
    Recorder(folder).append("settings", "set", key="agenda_step", value=f"step-{n}")


def projector(folder: Path, clock: list[datetime] | None = None, join: str = "") -> ProjectorView:
    now = (lambda: clock[0]) if clock else (lambda: datetime.now(UTC))
    view = ProjectorView(session_template(folder), SessionLink(folder, TABLES).read_new, join,
                         now=now)  # fmt: skip
    view.refresh()
    return view


def test_the_room_sees_the_shortlist_then_the_options_of_the_open_round(session_dir: Path) -> None:
    shortlist(session_dir, [LONG, "Nobody calls back", "Damp in flats"])
    at_step(session_dir, "vote")
    before = projector(session_dir)
    assert "The shortlist: 3 issues for the vote" in before.activity.value
    assert re.findall(r"<b>(\d)\.</b>", before.activity.value) == ["1", "2", "3"]
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    console.start_button.click()
    assert console.status.kind == "ok", console.status.message
    running = projector(session_dir)
    assert "Round 1: what we vote on" in running.activity.value
    assert LONG in running.activity.value  # the whole text, never cut
    assert "Round 1 is open" in running.progress.value  # with its rules and progress


def test_while_round_two_runs_no_result_of_round_one_is_on_the_slide(session_dir: Path) -> None:
    shortlist(session_dir, ["Repairs", "Nobody calls back", "Damp in flats", "Bins"])
    at_step(session_dir, "vote")
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    console.start_button.click()
    vote_round(console, session_dir, {"tenants": [[0, 1]] * 3, "managers": [[2, 3]] * 3})
    revealed = projector(session_dir)
    assert chart_specs(revealed.chart.value)  # round 1's results
    console.source.value = "top"
    console.start_button.click()
    assert console.status.kind == "ok", console.status.message
    running = projector(session_dir)
    assert running.chart.value == "" and running.agreement.value == ""
    assert "Round 2: what we vote on" in running.activity.value


def test_the_welcome_says_how_many_joined(session_dir: Path) -> None:
    panel = "<div class='toolkit-join-panel'><div>QR</div><div><p>code</p></div></div>"
    view = projector(session_dir, join=panel)
    assert "0 people have joined" in view.join.value
    join(session_dir, "tenants")
    view.refresh()
    assert "1 person has joined" in view.join.value
    assert view.join.value.endswith("</div></div>")  # inside the panel's own markup


def test_the_close_thanks_the_room_and_lists_the_agreed_actions(session_dir: Path) -> None:
    rec = Recorder(session_dir)
    for n, (words, owner, status) in enumerate([("Call back within two days", "Repairs lead",
            "agreed"), ("A <b>survey</b>", "Asset manager", "in progress"),
            ("Only an idea", "Nobody", "proposed")]):  # fmt: skip
        rec.append("actions", "proposed", action_id=f"A{n}", action=words, owner=owner,
                   status=status)  # fmt: skip
    phone = join(session_dir, "tenants")
    console = console_app(session_dir, 0)
    assert isinstance(console, ConsoleView)
    while console.bar.next_button.disabled is False:
        console.bar.next_button.click()  # on to the last step: the close
    assert console.bar.status.kind == "ok", console.bar.status.message
    view = projector(session_dir)
    assert "Thank you for taking part" in view.activity.value
    assert "2 actions agreed" in view.activity.value
    assert (
        "Call back within two days" in view.activity.value and "Repairs lead" in view.activity.value
    )
    assert "A &lt;b&gt;survey&lt;/b&gt;" in view.activity.value
    assert "Only an idea" not in view.activity.value  # proposed, not agreed
    assert "Everyone receives the report" in view.activity.value
    phone.refresh()
    assert "The workshop is over" in phone.html()


def test_raw_or_equal_is_chosen_on_the_console_and_the_projector_follows(session_dir: Path) -> None:
    shortlist(session_dir, ["Repairs", "Nobody calls back", "Damp in flats"])
    at_step(session_dir, "vote")
    console = voting_app(session_dir)
    assert isinstance(console, VotingConsole)
    console.start_button.click()
    vote_round(console, session_dir, {"tenants": [[0]] * 3, "managers": [[1]] * 5})
    view = projector(session_dir)
    assert view.mode.value == "raw" and view.mode.layout.display == "none"  # not clicked there
    console.mode.value = "equal"
    assert console.status.kind == "ok", console.status.message
    with (session_dir / "settings.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["key"] == COUNT_KEY]
    assert [r["value"] for r in rows] == ["equal"]  # recorded, so a reloaded projector keeps it
    view.refresh()
    assert view.mode.value == "equal"


def test_the_console_holds_turns_and_releases_the_projectors_page(session_dir: Path) -> None:
    rec = Recorder(session_dir)
    for n in range(1, 41):
        rec.append("issues", "raised", issue_id=f"I{n}", text=f"Issue {n} " + "words " * 12,
                   group_id="tenants")  # fmt: skip
    at_step(session_dir, "issues")
    clock = [datetime(2026, 12, 5, 10, tzinfo=UTC)]
    view = projector(session_dir, clock)
    pages = view.activity.value.count("class='toolkit-page'")
    assert pages >= 3
    console = console_app(session_dir, 0)
    assert isinstance(console, ConsoleView)
    clock[0] += timedelta(seconds=PAGE_SECONDS)  # page 2 shows by itself
    view.tick()
    console.bar.turn_page("hold")
    view.refresh()
    clock[0] += timedelta(seconds=PAGE_SECONDS * 3)
    view.tick()
    assert f"2 of {pages} (held)" in view.pager.value  # time passes, the page stays
    console.bar.turn_page("next")
    view.refresh()
    assert f"3 of {pages} (held)" in view.pager.value
    console.bar.turn_page("back")
    console.bar.turn_page("back")
    view.refresh()
    assert f"1 of {pages} (held)" in view.pager.value
    console.bar.turn_page("auto")
    view.refresh()
    clock[0] += timedelta(seconds=PAGE_SECONDS)
    view.tick()
    assert f"2 of {pages}" in view.pager.value and "held" not in view.pager.value
    assert console.bar.status.kind == "ok", console.bar.status.message


def test_a_page_choice_belongs_to_its_step_and_wraps_round() -> None:
    rows = [{"key": PAGE_KEY, "value": "step-2 next"}, {"key": PAGE_KEY, "value": "step-3 next"},
            {"key": "other", "value": "step-3 back"}]  # fmt: skip
    assert follow_page(Paging(3), rows, "step-3", 3) == Paging(1, True)  # past the last
    assert follow_page(Paging(1), rows, "step-9", 3) == Paging(1, False)  # another step's


def test_the_projectors_priorities_fold_a_group_too_small_to_be_named(session_dir: Path) -> None:
    rec = Recorder(session_dir)
    rec.append("issues", "raised", issue_id="I1", text="Repairs take too long", group_id="tenants")
    rec.append("issues", "raised", issue_id="I2", text="Nobody calls back", group_id="tenants")
    raters = [("P1", "tenants"), ("P2", "tenants"), ("P3", "tenants"), ("P4", "managers")]
    for pid, gid in raters:
        rec.append("participants", "joined", participant_id=pid, group_id=gid, channel="device")
        for issue in ("I1", "I2"):
            rec.append("ratings", "rated", issue_id=issue, participant_id=pid, group_id=gid,
                       channel="device", importance=5 if gid == "managers" else 2,
                       feasibility=4)  # fmt: skip
    at_step(session_dir, "prioritise")
    chart = projector(session_dir).activity.value
    assert "Tenants" in chart and "Other groups" in chart
    assert "Managers" not in chart  # one manager's ratings could be picked out by name
