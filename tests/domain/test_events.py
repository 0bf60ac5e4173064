"""Current state from events."""

from __future__ import annotations

from toolkit.domain.events import VOTE_KEY, as_columns, latest_state, net_dots


def test_latest_state_keeps_the_last_row_per_key_and_drops_removed() -> None:
    rows = [
        {"event": "added", "id": "a", "v": 1},
        {"event": "added", "id": "b", "v": 1},
        {"event": "edited", "id": "a", "v": 2},
        {"event": "removed", "id": "b", "v": 1},
        {"event": "added", "id": "c", "v": 1},
        {"event": "removed", "id": "c", "v": 1},
        {"event": "restored", "id": "c", "v": 3},
    ]
    state = latest_state(rows, ("id",), ("removed",))
    assert [(r["id"], r["v"]) for r in state] == [("a", 2), ("c", 3)]


def test_net_dots_adds_casts_and_subtracts_withdrawals() -> None:
    def vote(event: str, who: str, dots: int, option: str = "O1") -> dict[str, object]:
        return {
            "event": event,
            "round_id": "R1",
            "option_id": option,
            "participant_id": who,
            "group_id": "g",
            "channel": "device",
            "dots": dots,
        }

    rows = [
        vote("cast", "p1", 1),
        vote("cast", "p1", 1),
        vote("withdrawn", "p1", 1),
        vote("cast", "p2", 1, "O2"),
        vote("withdrawn", "p2", 1, "O2"),
        vote("cast", "", 9),
    ]
    assert [
        (v["participant_id"], v["dots"])
        for v in net_dots(as_columns(rows, (*VOTE_KEY, "event", "dots")))
    ] == [("p1", 1), ("", 9)]
