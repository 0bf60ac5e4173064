"""A session with events in every table, consistent ids, and the given text in text fields;
its events follow the workshop's rules, as the screens would have written them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.records import Recorder


def paper_tally(rec: Recorder, dots: int, event: str = "cast") -> dict[str, Any]:
    """A paper tally for the tenants on option O1 of round R1."""
    return rec.append("votes", event, round_id="R1", option_id="O1", participant_id="",
                      group_id="tenants", channel="paper", dots=dots)  # fmt: skip


def fill_every_table(
    folder: Path, text: str = "Damp in the flats"
) -> dict[str, list[dict[str, Any]]]:
    """Append at least one event to every table; returns what each append gave back."""
    rec = Recorder(folder)
    short = text[:200]
    out: dict[str, list[dict[str, Any]]] = {}

    def add(table: str, event: str, **values: Any) -> None:
        out.setdefault(table, []).append(rec.append(table, event, **values))

    add("settings", "set", key="note", value=text)
    add("groups", "edited", group_id="tenants", name=short, colour="#E69F00", letter="T")
    add("agenda", "edited", step_id="step-1", kind="setup", title=short, minutes=12, position=1)
    add(
        "participants",
        "joined",
        participant_id="P1",
        group_id="tenants",
        display_name=short,
        channel="device",
    )
    add(
        "stakeholders",
        "added",
        stakeholder_id="S1",
        name=short,
        kind=short,
        role=short,
        power=5,
        interest=1,
        position="resisting",
        desired_position="supportive",
        co_commissioning=False,
        co_design=True,
        co_delivery=None,
        co_assessment=True,
        concerns=text,
        notes=text,
    )
    issue = dict(category=short, participant_id="P1", group_id="tenants", channel="device",
                 hidden=False, merged_into="", moscow="", shortlisted=False)  # fmt: skip
    # sent from a phone while the template holds phones' issues: held, then shown
    add("issues", "held", issue_id="I1", text=text, **issue)
    add("issues", "shown", issue_id="I1", text=text, **issue)
    add("issues", "tagged", issue_id="I1", text=text, **dict(issue, moscow="must"))
    add("issues", "shortlisted", issue_id="I1", text=text,
        **dict(issue, moscow="must", shortlisted=True))  # fmt: skip
    paper = dict(issue, category="", participant_id="", group_id="", channel="paper")
    add("issues", "raised", issue_id="I2", text="Repairs take too long", **paper)
    add("issues", "merged", issue_id="I2", text="Repairs take too long",
        **dict(paper, merged_into="I1"))  # fmt: skip
    add(
        "ratings",
        "rated",
        issue_id="I1",
        participant_id="P1",
        group_id="tenants",
        channel="device",
        importance=5,
        feasibility=2,
        rank=1,
        points=40,
    )
    add("options", "added", option_id="O1", round_id="R1", label=text, issue_id="I1", position=1)
    add("options", "added", option_id="O2", round_id="R1", label="More benches", position=2)
    rules = dict(round_id="R1", number=1, dots_per_participant=4, cap_per_option=3,
                 stacking=True, min_spend=0, facilitator_votes=False, shuffle=True)  # fmt: skip
    add("rounds", "created", status="draft", **rules)
    add("rounds", "opened", status="open", **rules)
    add(
        "votes",
        "cast",
        round_id="R1",
        option_id="O1",
        participant_id="P1",
        group_id="tenants",
        channel="device",
        dots=1,
    )
    out["votes"].append(paper_tally(rec, 7))
    add(
        "actions",
        "proposed",
        action_id="A1",
        issue_id="I1",
        action=text,
        users_contribute=text,
        provider_contributes=text,
        four_co="co-delivery",
        owner=short,
        due="2027-01-31",
        status="in progress",
        review="2027-03-01",
    )
    add(
        "notes",
        "added",
        note_id="N1",
        step_id="step-1",
        text=text,
        about_kind="issue",
        about_id="I1",
        groups="tenants",
    )
    add("corrections", "corrected", file="votes.csv", about_event_id="", change="cut",
        fingerprint="0" * 32, by=short, why=text)  # fmt: skip
    return out
