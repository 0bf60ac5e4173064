"""The analysts' figures of a whole generated workshop: pinned, and checked against the raw
records computed another way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from tests.drawn_charts import chart_specs
from toolkit import analysis, charts
from toolkit.domain.results import revealed_tallies
from toolkit.records.ports import SESSION_ENV
from toolkit.widgets.voting import results_chart


def test_every_issue_has_one_fate_by_the_documented_rules(workshop: Path) -> None:
    fates = analysis.issue_fates(workshop)
    assert len(fates) == 40 and list(fates["number"]) == list(range(1, 41))
    assert fates["fate"].value_counts().to_dict() == {
        "backlog": 26, "voted": 5, "merged": 4, "action": 3, "hidden": 2,
    }  # fmt: skip
    by = fates.set_index("number")
    assert by.loc[12, "outcome"] == "Merged into issue 1." and by.loc[12, "merged_into"] == 1
    assert by.loc[17, "fate"] == "hidden" and by.loc[38, "fate"] == "hidden"
    one = by.loc[1]
    assert (one["fate"], one["round"], one["dots"], one["equal_weight"], one["rank"]) == (
        "action", 2, 55, 24.2, 1,
    )  # fmt: skip
    assert one["actions"] == "A-01 (agreed)"
    # Issue 2 was dropped after round 1: its figures are round 1's.
    assert by.loc[2, "outcome"] == (
        "Voted on in round 1: 23 dots, 7.7% with each group counted once (rank 6)."
    )
    # The small group raised issue 4: it is named as the projector names it.
    assert by.loc[4, "group"] == "Other groups"
    assert "Councillors" not in set(fates["group"])


def test_scores_match_the_raw_votes_computed_another_way(workshop: Path) -> None:
    s = toolkit.open_session(workshop)
    votes = s.votes.copy()
    votes["group"] = votes["group_id"].replace({"councillors": "Other groups"})
    dots = votes.groupby(["round_id", "option_id", "group"])["dots"].sum()
    shares = dots / dots.groupby(["round_id", "group"]).transform("sum")
    groups = votes.groupby("round_id")["group"].nunique()
    by_hand = (shares.groupby(["round_id", "option_id"]).sum() / groups * 100).round(1)
    scores = analysis.vote_scores(s)
    options = s.options.set_index("option_id")
    for (round_id, option_id), expected in by_hand.items():
        number = int(s.rounds.set_index("round_id").loc[round_id, "number"])
        row = scores[(scores["round"] == number) & (scores["option"] == options.loc[option_id,
                     "label"])]  # fmt: skip
        assert float(row["equal_weight"].iloc[0]) == pytest.approx(expected, abs=0.051)
    assert scores.groupby("round")["equal_weight"].sum().round(0).tolist() == [100, 100]
    assert scores[scores["round"] == 1]["dots"].sum() == 60 * 3  # everyone spent 3 dots
    first = scores[scores["round"] == 1].set_index("position")
    assert first.loc[1, ["dots", "equal_weight", "rank"]].tolist() == [53, 26.4, 1]
    assert first.loc[7, ["dots", "equal_weight", "rank"]].tolist() == [22, 19.4, 2]


def test_vote_results_fold_the_small_group_and_add_up(workshop: Path) -> None:
    results = analysis.vote_results(workshop)
    assert list(dict.fromkeys(results["group"])) == [
        "Tenants", "Front-line staff", "Managers", "Other groups",
    ]  # fmt: skip
    voters = results[results["position"] == 1].groupby("round")["voters"].sum()
    assert voters.tolist() == [60, 60]
    summed = results.groupby(["round", "position"])["equal_weight"].sum().round(1)
    scores = analysis.vote_scores(workshop).set_index(["round", "position"])["equal_weight"]
    assert (summed - scores).abs().max() <= 0.1  # parts of a bar make the bar


def test_the_analysts_chart_is_the_projectors(workshop: Path) -> None:
    s = toolkit.open_session(workshop)
    tallies = revealed_tallies(s.state, s.template.groups, s.template.small_group_threshold)
    for mode in ("raw", "equal"):
        analysts = analysis.vote_chart(s, mode).to_dict()
        del analysts["$schema"]  # (a web address the page does not need)
        assert chart_specs(results_chart(tallies, s.template.groups, mode)) == [analysts]


def test_agreement_and_shift_figures(workshop: Path) -> None:
    pairs = analysis.agreement_table(workshop).round(3)
    second = pairs[pairs["round"] == 2].set_index(["first", "second"])
    assert second.loc[("Tenants", "Front-line staff"), "tau_b"] == 1.0
    assert second.loc[("Tenants", "Managers"), ["tau_b", "rho", "top_overlap"]].tolist() == [
        0.2, 0.3, 0.667,
    ]  # fmt: skip
    first = pairs[pairs["round"] == 1].set_index(["first", "second"])
    assert first.loc[("Front-line staff", "Managers"), "js_distance"] == 0.248
    consensus = analysis.consensus_table(workshop)
    common = consensus[consensus["common_ground"]]
    assert common[["round", "option"]].values.tolist() == [
        [1, "Repairs take too long to be booked"], [2, "Repairs take too long to be booked"],
    ]  # fmt: skip
    contested = consensus[consensus["contested"]]
    assert contested["option"].tolist() == ["Nobody calls back after reporting a repair"]
    assert "p Other groups" not in consensus.columns  # never compared, never named
    w = analysis.concordance_table(workshop).round(3)
    assert w[w["round"] == 1]["w"].tolist() == [0.178, 0.215, 0.18]
    shift = analysis.shift_table(workshop).round(3)
    assert shift["tau_b"].tolist() == [0.12, 0.4, -0.2]
    # Between groups each round keeps its own figures (the agreement table's): one figure
    # per pair per round wherever it is stated.
    means = [pairs[pairs["round"] == n]["tau_b"].mean() for n in (1, 2)]
    before_after = shift[["between_groups_before", "between_groups_after"]].iloc[0].tolist()
    assert before_after == pytest.approx(means, abs=1e-3)
    assert before_after == [0.177, 0.467]
    assert shift["converged"].iloc[0]
    words = analysis.shift_words(analysis.shift(workshop)[0])
    assert words[-1] == (
        "The groups' rankings moved closer: the mean Kendall's tau-b between groups went "
        "from 0.18 to 0.47."
    )


def test_summary_groups_agenda_and_plan(workshop: Path) -> None:
    assert analysis.summary(workshop) == {
        "title": "Improving repairs together", "date": "2026-11-28",
        "facilitator": "Sam Okafor", "organisation": "Example Homes",
        "template": "Improving our housing service together",
    }  # fmt: skip
    groups = analysis.groups(workshop)
    assert groups[["group", "people"]].values.tolist() == [
        ["Tenants", 30], ["Front-line staff", 18], ["Managers", 10], ["Other groups", 2],
    ]  # fmt: skip
    agenda = analysis.agenda(workshop)
    assert agenda["planned_minutes"].tolist() == [10, 20, 20, 20, 10, 15, 25, 5]
    assert agenda["minutes_spent"].tolist()[1:7] == [23.0, 23.0, 22.0, 13.0, 19.0, 30.0]
    assert pd.isna(agenda["minutes_spent"].iloc[-1])  # the last step has no end
    plan = analysis.action_plan(workshop)
    assert plan["from_last_time"].tolist() == [True] * 3 + [False] * 4
    assert plan["carried_from"].tolist()[:3] == [
        "2026-09-12-estate/A-01", "2026-09-12-estate/A-02", "2026-09-12-estate/A-03",
    ]  # fmt: skip
    assert plan[["you_said", "status"]].values.tolist()[3:] == [
        ["Repairs take too long to be booked", "agreed"],
        ["Complaints are not answered in time", "in progress"],
        ["Contractors miss appointments", "proposed"],
        ["(general)", "done"],
    ]
    assert (
        analysis.plan_words(workshop) == "7 actions: 2 proposed, 1 agreed, 2 in progress, 2 done."
    )


def test_a_fresh_session_gives_empty_figures_and_charts_that_say_why(session_dir: Path) -> None:
    assert analysis.issue_fates(session_dir).empty
    assert analysis.vote_scores(session_dir).empty and analysis.agreement(session_dir) == []
    assert analysis.shift_table(session_dir).empty and analysis.action_plan(session_dir).empty
    assert "No round of dot-voting has been revealed yet" in charts.to_svg(
        analysis.vote_chart(session_dir)
    )
    assert "<svg" in charts.to_svg(analysis.ranks_chart(session_dir))
    assert "<svg" in charts.to_svg(analysis.shift_chart(session_dir))


def test_open_sessions_follows_actions_from_one_session_to_the_next(
    workshops: tuple[Path, Path], tmp_path: Path
) -> None:
    earlier, later = workshops
    root = tmp_path / "sessions"
    root.mkdir()
    for folder in (later, earlier):
        shutil.copytree(folder, root / folder.name)
    (root / "notes").mkdir()  # not a session: a glob leaves it out
    sessions = toolkit.open_sessions(str(root / "*"))
    assert [s.path.name for s in sessions] == ["2026-09-12-estate", "2026-11-28-estate"]
    overview = sessions.overview()[["people", "issues", "rounds_revealed", "actions"]]
    assert overview.values.tolist() == [[60, 40, 2, 4], [60, 40, 2, 7]]
    follow = sessions.follow_up()
    assert follow[["carried_from", "status_before", "status", "first_raised"]].values.tolist() == [
        ["2026-09-12-estate/A-01", "agreed", "done", "2026-09-12-estate"],
        ["2026-09-12-estate/A-02", "in progress", "in progress", "2026-09-12-estate"],
        ["2026-09-12-estate/A-03", "proposed", "proposed", "2026-09-12-estate"],
    ]
    assert follow["action"].iloc[0] == "Publish lift repair times and fix the worst lifts first"
    every = sessions.actions()
    assert len(every) == 11 and every["status_before"].tolist()[:4] == [""] * 4
    priorities = sessions.priorities()
    tops = priorities[priorities["rank"] == 1][["date", "option", "equal_weight"]]
    assert tops.values.tolist() == [
        ["2026-09-12", "Repairs take too long to be booked", 24.6],
        ["2026-11-28", "Repairs take too long to be booked", 24.2],
    ]
    assert "<svg" in charts.to_svg(sessions.priorities_chart())
    listed = toolkit.open_sessions([later, earlier])  # a list works too, ordered by date
    assert [s.settings["date"] for s in listed] == ["2026-09-12", "2026-11-28"]


def test_open_sessions_says_when_nothing_matches(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no session folders match"):
        toolkit.open_sessions(str(tmp_path / "*"))


def test_notebooks_find_their_session_like_the_apps(
    workshop: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert analysis.SESSION_ENV == SESSION_ENV
    monkeypatch.setenv(SESSION_ENV, str(workshop))
    assert analysis.chosen_session("nowhere").path == workshop
    monkeypatch.delenv(SESSION_ENV)
    assert analysis.chosen_session(workshop).title == "Improving repairs together"


def test_the_methods_analysts_read_are_the_reports_english_words() -> None:
    """`analysis.METHODS` (for notebooks) and the report's method texts are one source."""
    from toolkit.domain.texts import ENGLISH

    for key in analysis.METHOD_KEYS:
        assert analysis.method(key, ENGLISH) == analysis.METHODS[key], key
