"""The overview's counts come from the events."""

from __future__ import annotations

from pathlib import Path

from tests.records.sample import fill_every_table
from toolkit.domain.colour import readable_ink
from toolkit.records.overview import read_overview


def test_overview_counts_current_state(session_dir: Path) -> None:
    fill_every_table(session_dir)
    o = read_overview(session_dir)
    assert o.title == "Repairs together"
    assert [g.participants for g in o.groups] == [1, 0, 0]
    assert dict(o.counts) == {
        "participants": 1,
        "stakeholders": 1,
        "issues raised": 1,
        "voting rounds": 1,
        "dots placed": 8,
        "actions": 1,
        "notes": 1,
    }
    assert o.planned_minutes == 127  # the sample edits step 1 from 10 to 12 minutes
    assert [s.position for s in o.agenda] == list(range(1, 9))


def test_readable_ink_contrasts_with_the_group_colour() -> None:
    assert readable_ink("#F0E442") == "#000000"  # yellow
    assert readable_ink("#000000") == "#ffffff"
    assert readable_ink("#0072B2") == "#ffffff"  # blue
    assert readable_ink("#E69F00") == "#000000"  # orange
