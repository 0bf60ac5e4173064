"""Groups shown in the results, on the dot-voting screen: the warning while people join, a
merge for display and a lowered threshold, each recorded, shown on the projector and
refused once dots are cast."""

from __future__ import annotations

import json
from pathlib import Path

import toolkit
from tests.phones import Phone
from tests.widgets.test_voting_view import OPTIONS, option_ids
from tests.workshop import shortlist
from toolkit.apps.projector import projector_app
from toolkit.apps.voting import voting_app
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.voting import VotingConsole

SIX = ["tenants", "tenants", "front-line-staff", "front-line-staff", "managers", "managers"]


def six_people(folder: Path) -> tuple[VotingConsole, list[Phone]]:
    """A housing workshop of six (threshold 3): 2 tenants, 2 front-line staff, 2 managers,
    joined, with a round created and not yet open."""
    shortlist(folder, OPTIONS)
    console = voting_app(folder)
    assert isinstance(console, VotingConsole)
    console.create_button.click()
    phones = [Phone.on(folder).join(g) for g in SIX]
    console.refresh()
    return console, phones


def settings(folder: Path, key: str) -> list[str]:
    rows = toolkit.open_session(folder).events["settings"]
    return [str(v) if v == v else "" for v in rows[rows["key"] == key]["value"]]


def test_the_screen_warns_of_small_groups_while_people_join(session_dir: Path) -> None:
    console, _ = six_people(session_dir)
    panel = console.shown_groups
    text = panel.summary.value
    assert "Tenants: 2 joined, <b>counted in Other groups</b>" in text
    assert "Managers: 2 joined, <b>counted in Other groups</b>" in text
    assert "Below the threshold of 3 so far (Tenants: 2 people; Front-line staff: 2 people;" in (
        text
    )
    assert "left out of &#x27;Where we agree&#x27;" in text
    assert "fewer than two groups shown by name" in text
    assert not panel.merge_button.disabled and panel.restore_button.disabled


def test_merging_for_display_is_recorded_shown_and_undone(session_dir: Path) -> None:
    console, _ = six_people(session_dir)
    panel = console.shown_groups
    panel.merge_groups.value = ("front-line-staff", "managers")
    panel.merge_name.value = "  Staff "
    panel.merge_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert json.loads(settings(session_dir, "display_merges")[-1]) == [
        {"name": "Staff", "groups": ["front-line-staff", "managers"]}
    ]
    assert "Staff: 4 joined, shown by name" in panel.summary.value
    assert "Staff is Front-line staff + Managers counted together" in panel.summary.value
    assert panel.merges.options == ("Staff",)
    panel.merges.value = "Staff"
    panel.undo_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert settings(session_dir, "display_merges")[-1] == "[]"
    assert "Front-line staff: 2 joined, <b>counted in" in panel.summary.value
    assert panel.undo_button.disabled


def test_a_bad_merge_or_threshold_says_what_to_do(session_dir: Path) -> None:
    console, _ = six_people(session_dir)
    panel = console.shown_groups
    panel.merge_groups.value = ("managers",)
    panel.merge_name.value = "Staff"
    panel.merge_button.click()
    assert panel.status.kind == "error"
    assert panel.status.message == "Pick at least two groups to show together."
    panel.merge_groups.value = ("front-line-staff", "managers")
    panel.merge_name.value = "tenants"
    panel.merge_button.click()
    assert panel.status.message == "'Tenants' already names a group in the results: choose another."
    panel.new_threshold.value = 1
    panel.lower_button.click()
    assert panel.status.kind == "error"
    assert panel.status.message.startswith("The threshold cannot go below 2")
    assert settings(session_dir, "display_merges") == []
    assert settings(session_dir, "display_threshold") == []


def test_lowering_the_threshold_is_recorded_and_restored(session_dir: Path) -> None:
    console, _ = six_people(session_dir)
    panel = console.shown_groups
    panel.new_threshold.value = 2
    panel.lower_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert settings(session_dir, "display_threshold") == ["2"]
    assert "shown by name from 2 members (the template&#x27;s is 3)" in panel.summary.value
    assert "<b>counted in" not in panel.summary.value
    assert not panel.restore_button.disabled
    panel.restore_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert settings(session_dir, "display_threshold") == ["2", ""]
    assert "Tenants: 2 joined, <b>counted in" in panel.summary.value


def test_after_the_first_dot_the_groups_shown_are_fixed(session_dir: Path) -> None:
    console, phones = six_people(session_dir)
    panel = console.shown_groups
    console.open_button.click()
    phones[0].vote(option_ids(console)[0], +1)
    console.refresh()
    assert panel.merge_button.disabled and panel.lower_button.disabled
    assert "Voting has started, so the groups shown are fixed" in panel.summary.value
    # a screen reloaded before the dot still offers it: the records refuse it
    panel.merge_groups.value = ("front-line-staff", "managers")
    panel.merge_name.value = "Staff"
    panel.merge()
    assert panel.status.kind == "error"
    assert panel.status.message.startswith("Dots have been cast, so the groups shown")
    assert settings(session_dir, "display_merges") == []


def merged_and_revealed(folder: Path) -> VotingConsole:
    """The six people's workshop with the staff merged as "Staff" and the threshold lowered
    to 2 before the vote (the two tenants agreed), voted and revealed: 3 of the 4 staff and
    both tenants put a dot on option 1; 3 staff and no tenant on option 4."""
    console, phones = six_people(folder)
    panel = console.shown_groups
    panel.merge_groups.value = ("front-line-staff", "managers")
    panel.merge_name.value = "Staff"
    panel.merge_button.click()
    assert "Below the threshold of 3 so far (Tenants: 2 people)" in panel.summary.value
    panel.new_threshold.value = 2
    panel.lower_button.click()
    assert "Below the threshold" not in panel.summary.value
    console.open_button.click()
    console.phone_step.value = "vote"
    o = option_ids(console)
    for phone, picks in zip(phones, [(0, 1), (0, 2), (0, 3), (0, 3), (0, 4), (5, 3)], strict=True):
        for n in picks:
            assert phone.vote(o[n], +1).kind == "ok"
    console.close_button.click()
    console.reveal_button.click()
    assert console.status.kind == "ok", console.status.message
    return console


def test_the_projector_shows_the_merged_groups_and_compares_them(session_dir: Path) -> None:
    console = merged_and_revealed(session_dir)
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    projector.refresh()
    for chart in (console.results.value, projector.chart.value):
        assert "Staff" in chart and "Tenants" in chart and "Other groups" not in chart
    agreement = projector.agreement.value  # the projector's pages; the console on one screen
    for said in ("Staff is Front-line staff + Managers", "Staff 75%", "Where we differ"):
        assert said in agreement and said in console.agreement.value
    assert "Staff is Front-line staff + Managers counted together" in agreement
    assert "In this session a group is shown by name from 2 members (the template says 3)" in (
        agreement
    )
    agree, differ = (
        agreement.split(f"Where we {w}")[1].split("</ul>")[0] for w in ("agree", "differ")
    )
    assert f"{OPTIONS[0]}" in agree and "Staff 75%" in agree  # 3 of the 4 staff
    assert f"{OPTIONS[3]}" in differ  # 3 of the 4 staff, no tenant
    assert "Other groups" not in agree + differ and "bucket" not in agreement  # none left out
    votes = toolkit.open_session(session_dir).events["votes"]
    assert set(votes["group_id"]) == set(SIX)  # the merge is for display only


def test_a_merge_name_is_saved_as_typed_and_shown_as_text(session_dir: Path) -> None:
    console, _ = six_people(session_dir)
    panel = console.shown_groups
    name = "=1+1 <img src=x onerror=alert(1)>"
    panel.merge_groups.value = ("front-line-staff", "managers")
    panel.merge_name.value = name
    panel.merge_button.click()
    assert panel.status.kind == "ok", panel.status.message
    assert json.loads(settings(session_dir, "display_merges")[-1])[0]["name"] == name
    assert "<img" not in panel.summary.value and "&lt;img src=x" in panel.summary.value
    # the cell is JSON, so a name that looks like a formula never starts it
    assert settings(session_dir, "display_merges")[-1].startswith('[{"name": "=1+1')
