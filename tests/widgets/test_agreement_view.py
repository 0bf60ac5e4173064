"""After a reveal the room sees where the groups agree and differ, and how they moved."""

from __future__ import annotations

import re
from pathlib import Path

from tests.drawn_charts import chart_specs, without_charts
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
    # The room reads words: the shares, no consensus figure (that is (3+1)/(3+2) = 0.80)
    assert "Repairs take too long: Tenants 100%, Managers 100%." in shown
    assert "Nobody calls back: 100% of Tenants gave it a dot, against 0% of Managers." in shown
    assert "Common ground means at least 60% of every group" in shown
    assert "How each group ranks the options (round 1)" in shown and chart_specs(shown)
    # Tenants [3, 3, 0, 0, 0, 0] against Managers [3, 0, 1, 1, 1, 0]: of 15 pairs 4
    # concordant, 3 discordant, 7 tied for Tenants, 4 for Managers: tau-b 1 / sqrt(8 * 11)
    said = "Tenants and Managers rank the options slightly in the same order."
    assert visible_sentences(shown) == [said]  # on the slide, not only for screen readers
    assert "How priorities moved" not in shown
    assert no_figures_or_methods(shown)
    # The facilitator sees the same with the figures and the methods named, on one screen
    # rather than on the projector's pages.
    console_said = console.agreement.value
    for words in (
        "Where we agree",
        "Repairs take too long: Tenants 100%, Managers 100% (consensus 0.80).",
        "100% of Tenants gave it a dot",
        "Tenants and Managers rank the options slightly in the same order "
        "(Kendall&#x27;s tau-b 0.11).",
        "Common ground means",
        "Methods: Kendall",
    ):
        assert words in console_said
    assert "toolkit-page" not in console_said
    assert "toolkit-sr-only" in shown and "toolkit-sr-only" not in console_said


def visible_sentences(html: str) -> list[str]:
    """The projector's ranking sentences drawn on the slide (a list of its own, large), not
    inside anything kept for screen readers."""
    found = re.findall(r"<ul class='toolkit-said toolkit-ranking'>(.*?)</ul>", html, re.S)
    assert all("toolkit-sr-only" not in f for f in found)
    return [escape_back(li) for f in found for li in re.findall(r"<li>(.*?)</li>", f)]


def escape_back(text: str) -> str:
    return text.replace("&#x27;", "'").replace("&amp;", "&")


def no_figures_or_methods(html: str) -> bool:
    """No method's name and no coefficient in the projector's agreement pages: outside the
    charts (whose data carry ranks such as 2.5), no 'tau', 'Kendall' or 'consensus' and no
    digit after a decimal point."""
    words = without_charts(html)
    words = re.sub(r"<[^>]+>", " ", words)
    for bad in ("tau", "Kendall", "consensus", "Spearman", "Jensen"):
        assert bad not in words, (bad, words)
    assert re.search(r"\d[.,]\d", words) is None, words
    return True


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
    # Round 1: Tenants [3, 3, 0, 0, 0, 0], Managers [0, 0, 3, 3, 0, 0]: tau-b -0.5; round 2,
    # everyone on option 0 of the top 4: tau-b 1. The same pair in the same round has one
    # figure: the console states both rounds' figures as each round's results did.
    assert "The groups&#x27; rankings moved closer." in shown
    assert no_figures_or_methods(shown)
    assert ("The groups&#x27; rankings moved closer: the mean Kendall&#x27;s tau-b between "
            "groups went from -0.50 to 1.00.") in console.agreement.value  # fmt: skip
    assert ("Tenants and Managers rank the options exactly in the same order "
            "(Kendall&#x27;s tau-b 1.00)") in console.agreement.value  # fmt: skip
    assert visible_sentences(shown) == [
        "Tenants and Managers rank the options exactly in the same order."
    ]
