"""Broken templates: `toolkit template check` and `toolkit new` each say what is wrong in one
line naming the file and the setting, exit 1, and leave nothing behind."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.cli import main
from toolkit.records.templates import find_template

Break = Callable[[Path], None]


def edit(old: str, new: str, count: int = 1) -> Break:
    """Replace `old` (which must be there) in the copied template.toml."""

    def apply(folder: Path) -> None:
        settings = folder / "template.toml"
        text = settings.read_text(encoding="utf-8")
        assert old in text, old
        settings.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def append(extra: str) -> Break:
    def apply(folder: Path) -> None:
        with (folder / "template.toml").open("a", encoding="utf-8") as f:
            f.write("\n" + extra)

    return apply


def both(*breaks: Break) -> Break:
    def apply(folder: Path) -> None:
        for spoil in breaks:
            spoil(folder)

    return apply


def no_groups(folder: Path) -> None:
    settings = folder / "template.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"\[\[groups\]\]\n(?:\w+ = .*\n)+", "", text), encoding="utf-8")


def remove_logo(folder: Path) -> None:
    (folder / "logo.svg").unlink()


def broken_notebook(folder: Path) -> None:
    (folder / "notebooks").mkdir()
    (folder / "notebooks" / "console.ipynb").write_text("not a notebook", encoding="utf-8")


def syntax_error(folder: Path) -> None:
    edit("minutes = 20\n", "minutes = 20 min\n")(folder)


def _line_of(folder: Path, text: str) -> int:
    lines = (folder / "template.toml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


T = "{settings}: "  # every message starts with the settings file it is about
CASES: list[tuple[str, Break, str]] = [
    ("unknown key", edit('letter = "T"\n', 'letter = "T"\nshape = "circle"\n'),
     T + "groups[1].shape: unknown setting; allowed here: colour, id, letter, name"),
    ("a group without a name", edit('name = "Managers"\n', ''),
     T + "groups[3].name: is required and must be a non-empty text"),
    ("no groups at all", no_groups,
     T + "groups: a workshop needs at least one participant group"),
    ("agenda minutes not a number", edit("minutes = 20\n", 'minutes = "twenty"\n'),
     T + "agenda[2].minutes: must be a whole number of minutes 0-600, not 'twenty'"),
    ("a colour that is not a colour", edit('colour = "#E69F00"', 'colour = "orange"'),
     T + "groups[1].colour: 'orange' is not a colour; write it as #rrggbb, for example #0072B2"),
    ("duplicate letters", edit('letter = "F"', 'letter = "T"'),
     T + "groups.letter: each group needs its own letter; got ['T', 'T', 'M']"),
    ("a logo file that does not exist", remove_logo,
     T + "branding.logo: the file 'logo.svg' is not in {folder}; put the logo beside the "
     "settings file, or remove the setting"),
    ("a logo that is not an image", edit('logo = "logo.svg"', 'logo = "logo.gif"'),
     T + "branding.logo: 'logo.gif' is not an image this toolkit shows; use .jpeg, .jpg, "
     ".png, .svg"),
    ("a dot rule that cannot be satisfied",
     both(edit("dots = 0\n", "dots = 2\n"), edit("min_spend = 0 ", "min_spend = 3 ")),
     T + "voting.min_spend: 3 is more than the 2 dots each person has; lower min_spend or "
     "give more dots"),
    ("a round's dot rule that cannot be satisfied",
     append("[[voting.round]]\n[[voting.round]]\ndots = 2\nmin_spend = 3\n"),
     T + "voting.round[2].min_spend: 3 is more than the 2 dots each person has; lower "
     "min_spend or give more dots"),
    ("a [[voting.round]] with a bad key", append("[[voting.round]]\ndot = 3\n"),
     T + "voting.round[1].dot: unknown setting; allowed here: cap, dots, facilitator_votes, "
     "min_spend, shuffle, stacking"),
    ("an agenda step without a title", edit('title = "Dot-vote, round 1"\n', ''),
     T + "agenda[5].title: is required and must be a non-empty text"),
    ("an agenda step of no known kind", edit('kind = "close"', 'kind = "party"'),
     T + "agenda[8].kind: 'party' is not a step; use one of setup, stakeholders, issues, "
     "prioritise, vote, actions, close, other"),
    ('names = "maybe"', edit('names = "optional"', 'names = "maybe"'),
     T + "privacy.names: 'maybe' is not allowed; use 'optional' or 'off'"),
    ("a stakeholder field that is not one", edit("kinds = [", 'fields = ["kind", "colour"]\n'
                                                 "kinds = ["),
     T + "stakeholders.fields: 'colour' is not a stakeholder field; use any of kind, role, "
     "coproduction, concerns, notes"),
    ("stakeholder fields that are not a list", edit("kinds = [", 'fields = "kind"\nkinds = ['),
     T + 'stakeholders.fields: must be a list of field names, for example ["kind", '
     '"concerns"]; use any of kind, role, coproduction, concerns, notes'),
    ("suggested types with no Type field", edit("kinds = [", 'fields = ["concerns"]\nkinds = ['),
     T + 'stakeholders.kinds: suggests types, but "kind" (the Type) is not in '
     'stakeholders.fields; add "kind" to fields or remove kinds'),
    ("a TOML syntax error", syntax_error,
     T + "not valid TOML (Expected newline or end of document after a statement (at line "
     "{line}, column 14)); fix the line named"),
    ("a notebook that is not one", broken_notebook,
     "{folder}/notebooks/console.ipynb: not a notebook (Expecting value: line 1 column 1 "
     "(char 0)); save it again from Jupyter"),
]  # fmt: skip


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def broken(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the housing template with one mistake, and the message it must give."""
    _, spoil, message = request.param
    folder = tmp_path / "our-template"
    shutil.copytree(find_template("housing-coproduction"), folder)
    spoil(folder)
    line = _line_of(folder, "minutes = 20 min") if "{line}" in message else 0
    return folder, message.format(settings=folder / "template.toml", folder=folder, line=line)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_template_check_names_file_and_setting(
    broken: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, message = broken
    assert run(capsys, "template", "check", str(folder)) == (
        1, "", f"toolkit template check: {message}\n"
    )  # fmt: skip


def test_new_refuses_the_template_and_leaves_nothing(
    broken: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, message = broken
    session = tmp_path / "sessions" / "2026-11-28-estate"
    code, out, err = run(capsys, "new", str(session), "--template", str(folder), "--title", "T")
    assert (code, out, err) == (1, "", f"toolkit new: {message}\n")
    assert not session.parent.exists() or not any(session.parent.iterdir())


def test_there_are_at_least_ten_cases() -> None:
    assert len(CASES) >= 10
