"""After a reveal the room sees where the groups agree and differ, and how they moved."""

from __future__ import annotations

from pathlib import Path

from tests.widgets.test_voting_view import join, option_ids, ready
from toolkit.apps.projector import projector_app
from toolkit.widgets.projector import ProjectorView
from toolkit.widgets.voting import VotingConsole


def vote_round(console: VotingConsole, folder: Path, ballots: dict[str, list[list[int]]]) -> None:
    """Each group's members vote (option indexes), then the round is closed and revealed."""
    o = option_ids(console)
    for group, people in ballots.items():
        for picks in people:
            phone = join(folder, group)
            for i in picks:
                said = phone.vote(o[i], +1)
                assert said.kind == "ok", said.text
    console.close_button.click()
    console.reveal_button.click()


def test_agreement_and_difference_are_shown_after_the_reveal_only(session_dir: Path) -> None:
    console = ready(session_dir)
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    projector.refresh()
    assert projector.agreement.value == ""
    # Everyone wants option 0 ("Repairs take too long"); only tenants want option 1.
    vote_round(console, session_dir, {
        "tenants": [[0, 1], [0, 1], [0, 1]],
        "managers": [[0, 2], [0, 3], [0, 4]],
    })  # fmt: skip
    projector.refresh()
    shown = projector.agreement.value
    assert "Where we agree" in shown and "Where we differ" in shown
    # (3+1)/(3+2) each
    assert "Repairs take too long: Tenants 100%, Managers 100% (consensus 0.80)." in shown
    assert "Nobody calls back: 100% of Tenants gave it a dot, against 0% of Managers." in shown
    assert "Common ground means at least 60% of every group" in shown
    assert "How each group ranks the options (round 1)" in shown and "<svg" in shown
    assert "Tenants and Managers rank the options" in shown and "Kendall&#x27;s tau-b" in shown
    assert "How priorities moved" not in shown
    # The facilitator sees the same, on one screen rather than on the projector's pages.
    for said in ("Where we agree", "(consensus 0.80)", "100% of Tenants gave it a dot",
                 "Tenants and Managers rank the options", "Common ground means"):  # fmt: skip
        assert said in shown and said in console.agreement.value
    assert "toolkit-page" not in console.agreement.value
    assert "toolkit-sr-only" in shown and "toolkit-sr-only" not in console.agreement.value


def test_from_the_second_round_the_shift_is_shown(session_dir: Path) -> None:
    console = ready(session_dir)
    vote_round(console, session_dir, {"tenants": [[0, 1]] * 3, "managers": [[2, 3]] * 3})
    console.source.value = "top"
    console.keep_top.value = 4
    console.create_button.click()
    console.open_button.click()
    vote_round(console, session_dir, {"tenants": [[0]] * 3, "managers": [[0]] * 3})
    projector = projector_app(session_dir)
    assert isinstance(projector, ProjectorView)
    shown = projector.agreement.value
    assert "How priorities moved from round 1 to 2" in shown
    assert "The groups&#x27; rankings moved closer" in shown
