"""Setting up a session part-way through a workshop, through the real screens."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import toolkit
from toolkit.apps.issues import issues_app
from toolkit.domain.issues import Issue
from toolkit.domain.voting import Event, Rules, Voting
from toolkit.records import Recorder
from toolkit.records.templates import find_template

# The accessible name of a ballot's + button (its tooltip, which names the option).
ADD_A_DOT = re.compile(r"^Add a dot to ")


def template_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the housing template with one setting changed."""
    text = (find_template("housing-coproduction") / "template.toml").read_text()
    assert old in text
    folder = tmp_path / f"template-{len(list(tmp_path.glob('template-*')))}"
    shutil.copytree(find_template("housing-coproduction"), folder)
    (folder / "template.toml").write_text(text.replace(old, new))
    return folder


def shortlist(folder: Path, texts: Sequence[str]) -> None:
    """Raise these issues on the facilitator's screen and shortlist them all."""
    issues = issues_app(folder)
    for text in texts:
        issues.text.value = text
        issues.add_button.click()
    issues.picked.value = tuple(i.issue_id for i in issues.board.active)
    issues.pick_button.click()
    assert issues.status.kind == "ok", issues.status.message


ISSUES = ["Repairs take too long", "Nobody calls back", "Damp in flats", "Bins overflow",
          "Lifts break down", "Noise at night", "Parking is a mess"]  # fmt: skip
# A round on issues 7, 2 and 5, in that ballot order, and one option typed in: shown as
# 7, 2, A and 5 everywhere, never 1, 2, 3 and 4.
ROUND_2_5_7 = [("Parking is a mess", "I-7"), ("Nobody calls back", "I-2"),
               ("More benches", ""), ("Lifts break down", "I-5")]  # fmt: skip
NUMBERS_2_5_7 = ["7", "2", "A", "5"]


def round_on_issues_2_5_7(folder: Path, reveal: bool = True) -> None:
    """Seven issues raised, a round on issues 7, 2 and 5 and an option typed in (ROUND_2_5_7),
    open; with `reveal`, paper sheets from two groups (of 5 and 4 people), closed and
    revealed. Then an eighth issue is raised, which must renumber nothing."""
    rec = Recorder(folder)

    def save(events: Sequence[Event]) -> None:
        for e in events:
            rec.append(e.table, e.event, **e.values)

    def voting() -> Voting:
        return toolkit.open_session(folder).state.voting

    for n, text in enumerate(ISSUES, 1):
        rec.append("issues", "raised", **Issue(f"I-{n}", text, group_id="tenants").values())
    ids = [f"O-{n}" for n in range(1, 5)]
    save(Voting().new_round("R-1", ROUND_2_5_7, Rules(dots=3), ids))
    save([voting().advance("R-1", "open")])
    if reveal:
        save(
            voting().paper_tally(
                "R-1", "tenants", {"O-1": 9, "O-2": 4, "O-3": 1, "O-4": 2}, people=5
            )
        )
        save(voting().paper_tally("R-1", "managers", {"O-1": 1, "O-2": 6, "O-4": 5}, people=4))
        save([voting().advance("R-1", "closed")])
        save([voting().advance("R-1", "revealed")])
    rec.append("issues", "raised", **Issue("I-8", "Raised after the round").values())
