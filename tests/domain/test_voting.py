"""Dot-voting rules, by hand-worked examples."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest

from toolkit.domain.participants import ParticipantError, code_hash, find_by_code
from toolkit.domain.tally import tally
from toolkit.domain.voting import OTHER, Event, Rules, Voting, VotingError, default_dots

_ids = count(1)


def apply(voting: Voting, *events: Event) -> Voting:
    new: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        new.setdefault(e.table, []).append(
            {"event_id": f"e{next(_ids)}", "event": e.event, **e.values}
        )
    return voting.with_new(new)


def opened(n_options: int = 4, **rules: Any) -> Voting:
    labels = [(f"Option {i}", "") for i in range(1, n_options + 1)]
    v = Voting()
    v = apply(
        v,
        *v.new_round(
            "R1", labels, Rules(**{"dots": 3, **rules}), [f"O{i}" for i in range(1, n_options + 1)]
        ),
    )
    return apply(v, v.advance("R1", "open"))


def cast(v: Voting, who: str, group: str, *options: str) -> Voting:
    for option in options:
        v = apply(v, v.ballot("R1", who, group).add(option))
    return v


@pytest.mark.parametrize(
    ("options", "dots"),
    [(1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 2), (7, 3), (12, 4), (13, 5), (58, 20), (100, 20)],
)
def test_default_dots(options: int, dots: int) -> None:
    # A third, rounded up: floor(N / 3) gave one dot for 4 or 5 options (a show of hands).
    assert default_dots(options) == dots


def test_budget_cap_and_stacking() -> None:
    v = cast(opened(dots=3, cap=2), "p1", "t", "O1", "O1")
    with pytest.raises(VotingError, match=r"That is the most on one option \(2\)"):
        v.ballot("R1", "p1", "t").add("O1")
    v = cast(v, "p1", "t", "O2")
    with pytest.raises(VotingError, match="You have used all 3 dots"):
        v.ballot("R1", "p1", "t").add("O3")
    v = apply(v, v.ballot("R1", "p1", "t").remove("O1"))
    assert v.ballot("R1", "p1", "t").dots == {"O1": 1, "O2": 1}
    with pytest.raises(VotingError, match="no dot there to take back"):
        v.ballot("R1", "p1", "t").remove("O4")
    no_stack = cast(opened(dots=2, stacking=False), "p1", "t", "O1")
    with pytest.raises(VotingError, match=r"the most on one option \(1\)"):
        no_stack.ballot("R1", "p1", "t").add("O1")


def test_votes_outside_an_open_round_or_ballot_are_refused() -> None:
    v = Voting()
    v = apply(v, *v.new_round("R1", [("A", ""), ("B", "")], Rules(2), ["O1", "O2"]))
    with pytest.raises(VotingError, match="Round 1 has not opened yet; your ballot is locked"):
        v.ballot("R1", "p1", "t").add("O1")
    v = apply(v, v.advance("R1", "open"))
    with pytest.raises(VotingError, match="That option is not on this ballot"):
        v.ballot("R1", "p1", "t").add("O9")
    v = apply(v, v.advance("R1", "closed"))
    with pytest.raises(VotingError, match="Round 1 is closed; your ballot is locked"):
        v.ballot("R1", "p1", "t").add("O1")
    with pytest.raises(VotingError, match="That round does not exist"):
        v.ballot("R9", "p1", "t")


def test_a_round_moves_forward_only_and_every_round_is_kept() -> None:
    v = opened()
    with pytest.raises(VotingError, match="Round 1 is open; it cannot be revealed now"):
        v.advance("R1", "revealed")
    with pytest.raises(VotingError, match="Round 1 is still open; close it before"):
        v.new_round("R2", [("A", ""), ("B", "")], Rules(1), ["X", "Y"])
    v = apply(
        v,
        v.advance("R1", "closed"),
    )
    v = apply(v, v.advance("R1", "revealed"))
    v = apply(v, *v.new_round("R2", [("A", ""), ("B", "")], Rules(1), ["X", "Y"]))
    assert [(r.number, r.status) for r in v.rounds] == [(1, "revealed"), (2, "draft")]
    assert [e["event"] for e in v.round_rows] == [
        "created",
        "opened",
        "closed",
        "revealed",
        "created",
    ]


@pytest.mark.parametrize(("labels", "rules", "message"), [
    ([("A", "")], Rules(1), "at least two options"),
    ([("A", ""), ("a", "")], Rules(1), "same wording"),
    ([("A", "I1"), ("B", "I1")], Rules(1), "same issue; a round has one option per issue"),
    ([("A", ""), ("B", "")], Rules(0), "The dots must be a whole number from 1"),
    ([("A", ""), ("B", "")], Rules(3, stacking=False), "cannot all be spent on 2 options"),
    ([("A", ""), ("B", "")], Rules(2, min_spend=3), "minimum to spend must be a whole number"),
])  # fmt: skip
def test_bad_rounds_are_refused(labels: list[tuple[str, str]], rules: Rules, message: str) -> None:
    with pytest.raises(VotingError, match=message):
        Voting().new_round("R1", labels, rules, [f"O{i}" for i in range(len(labels))])


def test_rules_can_be_raised_but_not_below_what_was_spent() -> None:
    v = cast(opened(dots=3, cap=3), "p1", "t", "O1", "O1", "O2")
    with pytest.raises(
        VotingError, match="Someone has already placed 3 dots, so the budget cannot go below 3"
    ):
        v.change_rules("R1", Rules(2, cap=3))
    with pytest.raises(
        VotingError, match="already has 2 dots on one option, so the cap cannot go below 2"
    ):
        v.change_rules("R1", Rules(3, cap=1))
    v = apply(v, v.change_rules("R1", Rules(5, cap=3)))
    assert v.ballot("R1", "p1", "t").left == 2


def test_paper_tallies_are_checked() -> None:
    v = opened()
    events = v.paper_tally("R1", "t", {"O1": 7, "O2": 0})
    assert [(e.values["option_id"], e.values["dots"], e.values["channel"]) for e in events] == [
        ("O1", 7, "paper")
    ]
    for counts, message in (
        ({"O1": -1}, "from 0 to 1000"),
        ({"O1": 5000}, "from 0 to 1000"),
        ({"O9": 1}, "not in this round"),
        ({"O1": 0}, "at least one dot"),
    ):
        with pytest.raises(VotingError, match=message):
            v.paper_tally("R1", "t", counts)


def test_progress_counts_finished_never_choices() -> None:
    v = cast(opened(dots=2), "p1", "t", "O1", "O2")
    v = cast(v, "p2", "s", "O1")
    p = v.progress("R1", [("p1", "t"), ("p2", "s"), ("p3", "s")])
    assert (p.joined, p.finished, p.unspent) == (3, 1, 3)


def test_tally_equal_weight_and_small_groups_by_hand() -> None:
    # Tenants (4 people) put 4 dots on O1; staff (10 people) put 8 on O2 and 2 on O1.
    v = opened(n_options=2, dots=10, cap=10)
    v = cast(v, "t1", "tenants", "O1", "O1", "O1", "O1")
    v = cast(v, "s1", "staff", *(["O2"] * 8), "O1", "O1")
    names = {"tenants": "Tenants", "staff": "Staff", "managers": "Managers"}
    t = tally(v, "R1", names, threshold=1)
    assert (t.total("O1"), t.total("O2")) == (6, 8)
    # shares: tenants O1 1.0; staff O1 0.2, O2 0.8 -> equal weight O1 60 %, O2 40 %
    assert t.equal_weight() == pytest.approx({"O1": 60.0, "O2": 40.0})
    for who in ("t2", "t3"):
        v = cast(v, who, "tenants", "O2")
    v = cast(v, "s2", "staff", "O1")
    v = cast(v, "s3", "staff", "O1")
    v = cast(v, "m1", "managers", "O2")
    folded = tally(v, "R1", names, threshold=3)
    assert folded.groups == ("Tenants", "Staff", OTHER)
    assert folded.dots[("O2", OTHER)] == 1 and "Managers" not in folded.groups


HIDDEN = "Results stay hidden until everyone has voted and the facilitator reveals them."


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        (Rules(4, cap=3), "You each have 4 dots. You can put up to 3 on one option."),
        (Rules(2, cap=3), "You each have 2 dots. You can put up to 2 on one option."),
        (Rules(5, cap=1), "You each have 5 dots. Put at most one dot on each option."),
        (Rules(3, cap=3, stacking=False), "You each have 3 dots. Put at most one dot on each "
                                           "option."),
        (Rules(1), "You each have 1 dot."),
        (Rules(1, min_spend=1), "You each have 1 dot. Use your dot."),
        (Rules(6, min_spend=2), "You each have 6 dots. You can put up to 3 on one option. Use "
                                "at least 2 of them."),
        (Rules(4, min_spend=4), "You each have 4 dots. You can put up to 3 on one option. Use "
                                "all 4 of them."),
        (Rules(3, facilitator_votes=True), "You each have 3 dots. You can put up to 3 on one "
                                           "option. The facilitator votes too."),
    ],
)  # fmt: skip
def test_rules_explained_in_plain_words(rules: Rules, words: str) -> None:
    assert rules.explain() == f"{words} {HIDDEN}"  # results hidden until the reveal, always
    assert rules.sentences()[-1] == HIDDEN and " ".join(rules.sentences()) == rules.explain()


def test_personal_codes_find_only_their_own_participant() -> None:
    rows = [
        {"event": "joined", "participant_id": p, "code_hash": code_hash(p, c)}
        for p, c in (("P1", "K7M2QX"), ("P2", "ABCDEF"))
    ]
    assert find_by_code(rows, " k7m2qx ")["participant_id"] == "P1"
    with pytest.raises(ParticipantError, match="No one has that code"):
        find_by_code(rows, "K7M2QY")
    with pytest.raises(ParticipantError, match="is 6 letters and digits"):
        find_by_code(rows, "<script>")


def test_a_round_started_in_one_go_is_created_then_opened() -> None:
    labels = [("Repairs", "I1"), ("Damp", "I2"), ("Bins", "I3")]
    events = Voting().start_round("R1", labels, Rules(dots=2), ["O1", "O2", "O3"])
    assert [(e.table, e.event) for e in events] == [
        ("options", "added"), ("options", "added"), ("options", "added"),
        ("rounds", "created"), ("rounds", "opened")]  # fmt: skip
    v = Voting()
    for e in events:
        v = apply(v, e)
    current = v.current
    assert current is not None and current.status == "open" and current.rules.dots == 2
    with pytest.raises(VotingError, match="Round 1 is still open; close it"):
        v.start_round("R2", labels, Rules(dots=2), ["O4", "O5", "O6"])
