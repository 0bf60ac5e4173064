"""The mapping screen without a browser: real session folders, real clicks, real CSV events."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

import toolkit
from tests.drawn_charts import chart_specs, chart_text
from tests.workshop import template_with
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.records import RecordWriteError, create_session
from toolkit.records.templates import find_template
from toolkit.widgets.stakeholders import StakeholderMapping


def app(folder: Path) -> StakeholderMapping:
    view = stakeholder_app(folder)
    assert isinstance(view, StakeholderMapping), getattr(view, "value", view)
    return view


def add(view: StakeholderMapping, name: str, **fields: Any) -> None:
    view.new()
    view.form.name.value = name
    for key, value in fields.items():
        getattr(view.form, key).value = value
    view.add_button.click()


def events(folder: Path) -> list[tuple[str, str]]:
    frame = toolkit.open_session(folder).events["stakeholders"]
    return list(zip(frame["event"], frame["name"], strict=True))


def test_add_edit_move_remove_undo_are_events_in_the_csv(session_dir: Path) -> None:
    view = app(session_dir)
    add(view, "Tenants' panel", kind="Tenants", power=2, interest=5)
    add(view, "Repairs contractor", kind="Contractor", power=4, interest=2, position="resisting")
    assert view.status.kind == "ok" and "Added 'Repairs contractor'" in view.status.message
    [contractor] = [s for s in view.register.current if s.kind == "Contractor"]
    view.chooser.value = contractor.stakeholder_id
    assert view.form.name.value == "Repairs contractor" and not view.save_button.disabled
    view.form.role.value = "Does the repairs"
    view.save_button.click()
    view.form.power.value = 5
    view.save_button.click()
    assert "Moved 'Repairs contractor'" in view.status.message
    view.remove_button.click()
    assert [s.name for s in view.register.current] == ["Tenants' panel"]
    assert "Repairs contractor (removed)" in view.table.value
    view.undo_button.click()
    assert "is back on the map" in view.status.message
    assert events(session_dir) == [
        ("added", "Tenants' panel"), ("added", "Repairs contractor"),
        ("edited", "Repairs contractor"), ("moved", "Repairs contractor"),
        ("removed", "Repairs contractor"), ("restored", "Repairs contractor"),
    ]  # fmt: skip
    state = toolkit.open_session(session_dir).stakeholders.set_index("name")
    assert state.loc["Repairs contractor", "power"] == 5
    assert state.loc["Repairs contractor", "role"] == "Does the repairs"


def test_the_map_shows_every_stakeholder_and_describes_it(session_dir: Path) -> None:
    view = app(session_dir)
    add(view, "Tenants' panel", kind="Tenants", power=2, interest=5)
    add(view, "Councillors", kind="Council", power=5, interest=4, desired="supportive")
    assert len(chart_specs(view.map.value)) == 1
    drawn = chart_text(view.map.value)
    assert "Tenants' panel" in drawn
    assert "Councillors" in drawn and "Keep informed" in drawn
    assert "Manage closely: Councillors" in view.summary.value
    assert "To move: Councillors (neutral → supportive)" in view.summary.value


@pytest.mark.parametrize(("name", "message"), [
    ("", "Give the stakeholder a name"),
    ("   ", "Give the stakeholder a name"),
    ("x" * 500, "The name is 500 characters long"),
    ("lone \ud800 surrogate", "broken character"),
    ("nul \x00 byte", "NUL character"),
])  # fmt: skip
def test_bad_input_shows_a_message_and_saves_nothing(
    session_dir: Path, name: str, message: str
) -> None:
    view = app(session_dir)
    add(view, "Kept", power=4)
    before = (session_dir / "stakeholders.csv").read_bytes()
    add(view, name)
    assert view.status.kind == "error" and message in view.status.message
    assert (session_dir / "stakeholders.csv").read_bytes() == before
    assert [s.name for s in view.register.current] == ["Kept"]


def test_a_duplicate_name_warns_first_and_adds_on_confirmation(session_dir: Path) -> None:
    view = app(session_dir)
    add(view, "Council")
    add(view, "  COUNCIL ")
    assert view.status.kind == "warning" and "already on the map" in view.status.message
    assert view.add_button.description == "Add anyway"
    assert len(view.register.current) == 1
    view.add_button.click()
    assert [s.name for s in view.register.current] == ["Council", "COUNCIL"]
    assert view.add_button.description == "Add to map"


def test_hostile_text_is_shown_literally_and_round_trips(session_dir: Path) -> None:
    view = app(session_dir)
    name = '<img src=x onerror=alert(1)> =HYPERLINK("x")'
    add(view, name, concerns="+1 then\nnew line", role="@role")
    assert "&lt;img src=x onerror=alert(1)&gt;" in view.table.value
    assert "<img" not in view.table.value + view.map.value + view.summary.value
    row = toolkit.open_session(session_dir).stakeholders.iloc[0]
    assert (row["name"], row["concerns"], row["role"]) == (name, "+1 then\nnew line", "@role")


def test_a_failed_write_shows_why_and_changes_nothing(session_dir: Path) -> None:
    view = app(session_dir)
    add(view, "Kept")

    def disk_full(event: str, values: object) -> dict[str, object]:
        raise RecordWriteError(
            "could not save to stakeholders.csv: No space left on device. "
            "Nothing was saved; free disk space"
        )

    view._record = disk_full
    add(view, "Lost")
    assert view.status.kind == "error" and "No space left on device" in view.status.message
    assert [s.name for s in view.register.current] == ["Kept"]
    assert view.form.name.value == "Lost"  # what was typed is still there to retry


def test_reopening_shows_exactly_the_same_register_and_map(session_dir: Path) -> None:
    first = app(session_dir)
    add(first, "Tenants' panel", kind="Tenants", power=2, interest=5)
    add(first, "Councillors", kind="Council", power=5, interest=4, position="resisting")
    add(first, "Housing officers", kind="Housing staff", power=4, interest=5)
    first.sort.value = "Power (high first)"
    again = app(session_dir)
    again.sort.value = "Power (high first)"
    assert again.table.value == first.table.value
    assert again.map.value == first.map.value
    assert again.summary.value == first.summary.value


def test_a_second_screen_sees_changes_on_refresh(session_dir: Path) -> None:
    console, projector = app(session_dir), app(session_dir)
    add(console, "Tenants' panel")
    assert projector.register.current == ()
    projector.refresh()
    assert [s.name for s in projector.register.current] == ["Tenants' panel"]


def test_an_edit_from_a_stale_screen_is_based_on_the_latest_records(session_dir: Path) -> None:
    one, two = app(session_dir), app(session_dir)
    add(one, "Council")
    add(two, "Council")  # two had not seen it yet: it refreshes before checking
    assert two.status.kind == "warning"


def test_sorting_the_register(session_dir: Path) -> None:
    view = app(session_dir)
    add(view, "b low", power=1)
    add(view, "a high", power=5)
    view.sort.value = "Name"
    assert view.table.value.index("a high") < view.table.value.index("b low")
    view.sort.value = "Power (high first)"
    assert view.table.value.index("a high") < view.table.value.index("b low")
    view.sort.value = "Interest (high first)"
    assert "a high" in view.table.value


def test_an_edit_in_progress_survives_changes_from_another_screen(session_dir: Path) -> None:
    view, other = app(session_dir), app(session_dir)
    add(view, "Council")
    view.chooser.value = view.register.current[0].stakeholder_id
    view.form.role.value = "Landlord (typing...)"
    add(other, "Tenants' panel")
    view.refresh()  # what the poller does every second
    assert view.form.role.value == "Landlord (typing...)"
    view.save_button.click()
    assert (
        toolkit.open_session(session_dir).stakeholders.set_index("name").loc["Council", "role"]
        == "Landlord (typing...)"
    )


def saved_rows(folder: Path) -> list[dict[str, str]]:
    """stakeholders.csv as written, every column as text."""
    with (folder / "stakeholders.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_form_asks_only_for_the_templates_fields(tmp_path: Path) -> None:
    """community-priorities keeps a large room light: fields = ["kind", "concerns"]."""
    folder = create_session(tmp_path / "s", find_template("community-priorities"), "Light")
    view = app(folder)
    form = view.form
    assert form.children == (form.name, form.kind, form.power, form.interest, form.position,
                             form.desired, form.concerns)  # fmt: skip
    add(view, "Residents' forum", kind="Residents", power=2, interest=5, concerns="Bins")
    assert view.status.kind == "ok", view.status.message
    [row] = saved_rows(folder)
    assert (row["name"], row["kind"], row["concerns"], row["power"]) == (
        "Residents' forum", "Residents", "Bins", "2"
    )  # fmt: skip
    assert (row["role"], row["notes"]) == ("", "")  # every column is kept; these stay empty
    cos = [row[f"co_{co}"] for co in ("commissioning", "design", "delivery", "assessment")]
    assert cos == ["false"] * 4  # and no Four Co's ticked
    view.chooser.value = view.register.current[0].stakeholder_id  # load, edit, read back
    assert (form.kind.value, form.concerns.value) == ("Residents", "Bins")
    form.concerns.value = "Bins and parking"
    view.save_button.click()
    assert saved_rows(folder)[-1]["concerns"] == "Bins and parking"
    head = view.table.value[: view.table.value.index("</thead>")]
    assert "<th>Type</th>" in head and "<th>Concerns</th>" in head
    assert "<th>Role</th>" not in head and "<th>Co-production</th>" not in head
    assert "Type" in view.sort.options


def test_the_register_leaves_out_the_columns_of_fields_not_asked_for(tmp_path: Path) -> None:
    every = app(create_session(tmp_path / "every", find_template("housing-coproduction"), "E"))
    assert every.form.children[1:3] == (every.form.kind, every.form.role)  # the default: all
    assert "<th>Co-production</th><th>Concerns</th>" in every.table.value
    kinds = ('kinds = ["Tenants", "Housing staff", "Council", "Contractor", "Voluntary group", '
             '"Regulator"]')  # fmt: skip
    template = template_with(tmp_path, kinds, 'fields = ["notes"]')  # no Type: no kinds either
    folder = create_session(tmp_path / "s", template, "Bare")
    view = app(folder)
    assert view.form.children[-1] is view.form.notes and len(view.form.children) == 6
    assert "colspan='5'>No stakeholders yet" in view.table.value
    add(view, "Council", power=5, interest=4, notes="Meets monthly")
    head = view.table.value[: view.table.value.index("</thead>")]
    assert head == (
        "<table class='toolkit-table'><thead><tr><th>Name</th><th>Power</th><th>Interest</th>"
        "<th>Quadrant</th><th>Position</th></tr>"
    )
    assert "<td>Council</td><td>5</td><td>4</td><td>Manage closely</td>" in view.table.value
    assert list(view.sort.options) == [
        "Name", "Power (high first)", "Interest (high first)", "Position"
    ]  # fmt: skip
    [row] = saved_rows(folder)
    assert [row[f] for f in ("kind", "role", "concerns", "notes")] == ["", "", "", "Meets monthly"]
