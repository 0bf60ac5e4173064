"""One number per issue: an option is numbered as its issue on the board, a typed-in option
by a letter (`option_numbers`), and the numbers never move."""

from __future__ import annotations

from itertools import count
from typing import Any

from toolkit.domain.issues import Issue
from toolkit.domain.options import Option, option_numbers, without_hidden_words
from toolkit.domain.state import SessionState
from toolkit.domain.tally import describe_tally, result_rows, tally
from toolkit.domain.texts import Texts
from toolkit.domain.voting import Event, Rules

_ids = count(1)


def rows(*events: Event) -> dict[str, list[dict[str, Any]]]:
    new: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        new.setdefault(e.table, []).append(
            {"event_id": f"e{next(_ids)}", "event": e.event, **e.values}
        )
    return new


def raised(*texts: str, first: int = 1) -> dict[str, list[dict[str, Any]]]:
    """issues.csv rows raising these issues, I<first>, I<first + 1>, ..."""
    return rows(
        *(
            Event("issues", "raised", Issue(f"I{n}", text).values())
            for n, text in enumerate(texts, first)
        )
    )


def new_round(
    state: SessionState, round_id: str, options: list[tuple[str, str]]
) -> dict[str, list[dict[str, Any]]]:
    ids = [f"{round_id}-O{n}" for n in range(1, len(options) + 1)]
    return rows(*state.voting.new_round(round_id, options, Rules(dots=2), ids))


def closed(state: SessionState, round_id: str) -> SessionState:
    """The round opened and closed, so that another can be made."""
    for to in ("open", "closed"):
        state = state.with_new(rows(state.voting.advance(round_id, to)))
    return state


def shown(state: SessionState, round_id: str) -> list[str]:
    return [o.named for o in state.voting.options(round_id)]


def test_an_option_has_its_issues_number_and_a_typed_in_one_a_letter() -> None:
    options = [
        Option("O1", "R1", "Lifts", "I7", 1),
        Option("O2", "R1", "Noise", "I2", 2),
        Option("O3", "R1", "More benches", "", 3),
        Option("O4", "R1", "Damp", "I5", 4),
        Option("O5", "R1", "Parking", "", 5),
    ]
    numbers = option_numbers([options], {"I2": 2, "I5": 5, "I7": 7})
    assert numbers == {"O1": "7", "O2": "2", "O3": "A", "O4": "5", "O5": "B"}


def test_a_typed_in_option_keeps_its_letter_in_later_rounds_and_new_ones_follow() -> None:
    first = [Option("O1", "R1", "More benches", "", 1), Option("O2", "R1", "Parking", "", 2)]
    second = [
        Option("P1", "R2", "Parking", "", 1),  # carried from round 1's top
        Option("P2", "R2", "  more  BENCHES ", "", 2),  # the same words, typed again
        Option("P3", "R2", "Street lights", "", 3),
    ]
    numbers = option_numbers([first, second], {})
    assert [numbers[o.option_id] for o in second] == ["B", "A", "C"]


def test_letters_go_on_past_z_as_spreadsheet_columns_do() -> None:
    options = [Option(f"O{n}", "R1", f"Option {n}", "", n) for n in range(1, 30)]
    numbers = option_numbers([options], {})
    assert [numbers[f"O{n}"] for n in (1, 26, 27, 28, 29)] == ["A", "Z", "AA", "AB", "AC"]


def test_an_option_whose_issue_is_not_on_the_board_is_lettered() -> None:
    # a round recorded by hand, or an issue row not yet read: never a number of its own
    numbers = option_numbers([[Option("O1", "R1", "Lifts", "I9", 1)]], {"I1": 1})
    assert numbers == {"O1": "A"}


def test_issues_raised_after_the_round_renumber_nothing_and_clash_with_nothing() -> None:
    state = SessionState().with_new(raised("Repairs", "Noise", "Damp"))
    state = state.with_new(new_round(state, "R1", [("Damp", "I3"), ("Repairs", "I1"),
                                                   ("Parking", "")]))  # fmt: skip
    assert shown(state, "R1") == ["3. Damp", "1. Repairs", "A. Parking"]
    state = closed(state.with_new(raised("Lifts", "Bins", first=4)), "R1")  # issues 4, 5
    assert shown(state, "R1") == ["3. Damp", "1. Repairs", "A. Parking"]
    state = state.with_new(new_round(state, "R2", [("Bins", "I5"), ("Parking", ""),
                                                   ("Benches", ""), ("Damp", "I3")]))  # fmt: skip
    assert shown(state, "R2") == ["5. Bins", "A. Parking", "B. Benches", "3. Damp"]
    assert shown(state, "R1") == ["3. Damp", "1. Repairs", "A. Parking"]
    # The paper sheets and the tally boxes read the same numbers.
    assert [n for n, _ in state.voting.numbered("R2")] == ["5", "A", "B", "3"]


def test_options_read_before_their_issues_take_the_issues_numbers_once_read() -> None:
    # A screen's tail reader may bring options.csv's new rows before issues.csv's.
    board = SessionState().with_new(raised("Repairs", "Noise"))
    options = new_round(board, "R1", [("Noise", "I2"), ("Repairs", "I1")])
    state = SessionState().with_new(options)
    assert shown(state, "R1") == ["A. Noise", "B. Repairs"]
    state = state.with_new(raised("Repairs", "Noise"))
    assert shown(state, "R1") == ["2. Noise", "1. Repairs"]


def test_the_chart_rows_and_the_words_use_the_options_own_numbers() -> None:
    state = SessionState().with_new(raised("Repairs", "Noise", "Damp", "Lifts", "Bins"))
    state = state.with_new(new_round(state, "R1", [("Bins", "I5"), ("Noise", "I2"),
                                                   ("Benches", "")]))  # fmt: skip
    votes = [
        {"event_id": f"v{n}", "event": "cast", "round_id": "R1", "option_id": option,
         "participant_id": "", "group_id": "t", "channel": "paper", "dots": dots}
        for n, (option, dots) in enumerate((("R1-O1", 3), ("R1-O2", 5), ("R1-O3", 1)))
    ]  # fmt: skip
    state = state.with_new({"votes": votes})
    t = tally(state.voting, "R1", {"t": "Tenants"}, 0)
    bars = result_rows(t, "raw", {"Tenants": "T"})
    assert [(r["option"], r["number"], r["position"]) for r in bars] == [
        ("5. Bins", "5", 1),
        ("2. Noise", "2", 2),
        ("A. Benches", "A", 3),
    ]
    assert describe_tally(t, "raw") == (
        "Round 1, top options in dots: 2. Noise: 5; 5. Bins: 3; A. Benches: 1."
    )


def test_an_option_of_an_issue_hidden_later_shows_a_neutral_label_in_the_templates_words() -> None:
    spanish = Texts("es", {"option.hidden": "una opción oculta"})
    for start, label in ((SessionState(), "a hidden option"),
                         (SessionState.said_in(spanish), "una opción oculta")):  # fmt: skip
        state = start.with_new(raised("Repairs", "Mr Jones at no. 4", "Noise"))
        options = [("Mr Jones at no. 4", "I2"), ("Noise", "I3"), ("Benches", "")]
        state = state.with_new(new_round(state, "R1", options))
        hidden = state.board.hide("I2")
        state = state.with_new(rows(Event("issues", hidden.event, hidden.values())))
        assert shown(state, "R1") == [f"2. {label}", "3. Noise", "A. Benches"]
        assert [o.hidden for o in state.voting.options("R1")] == [True, False, False]
        # the record keeps its words; unhiding brings them back
        unhidden = state.board.unhide("I2")
        state = state.with_new(rows(Event("issues", unhidden.event, unhidden.values())))
        assert shown(state, "R1")[0] == "2. Mr Jones at no. 4"


def test_without_hidden_words_replaces_only_the_options_of_hidden_issues() -> None:
    options = [Option("O1", "R1", "Secret", "I1"), Option("O2", "R1", "Open", "I2"),
               Option("O3", "R1", "Typed in")]  # fmt: skip
    out = without_hidden_words(options, {"I1", ""}, "hidden")
    assert [(o.label, o.hidden) for o in out] == [("hidden", True), ("Open", False),
                                                  ("Typed in", False)]  # fmt: skip
    assert without_hidden_words(options, {"I1"})[0].label == "a hidden option"
