"""Every CLI command in-process: output, exit codes, one-line errors."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from tests.records.sample import fill_every_table
from toolkit.cli import main
from toolkit.records.templates import shipped_templates


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # --help, --version
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_new_then_info_and_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "estate"
    code, out, err = run(
        capsys,
        "new",
        str(folder),
        "--template",
        "housing-coproduction",
        "--title",
        "Repairs <together>",
        "--date",
        "2026-11-28",
        "--facilitator",
        "Sam",
    )
    assert (code, err) == (0, "")
    assert out == f"created {folder} from template housing-coproduction\n"

    code, out, err = run(capsys, "info", str(folder))
    assert code == 0
    assert out.splitlines()[0] == "Repairs <together>"
    assert "groups: Tenants [T] (0), Front-line staff [F] (0), Managers [M] (0)" in out
    assert "agenda (125 min):" in out

    fill_every_table(folder)
    code, out, err = run(capsys, "validate", str(folder))
    assert (code, err) == (0, "")
    # the template's hold_phone_issues setting, the two seals, the sample's phone issue held
    # then shown, and its correction
    assert out == f"{folder}: valid, 13 tables, 39 events\n"


def test_validate_prints_every_problem_and_exits_1(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_every_table(session_dir)
    votes = session_dir / "votes.csv"
    votes.write_bytes(re.sub(rb",device,1,", b",device,x,", votes.read_bytes()))
    (session_dir / "options.csv").unlink()
    code, out, err = run(capsys, "validate", str(session_dir))
    assert code == 1
    assert "votes.csv, line 2, column 'dots': 'x' is not a whole number" in out
    assert "options.csv: is missing" in out
    assert err.strip().endswith(f"problem(s) in {session_dir}")


def test_validate_reports_a_torn_record_as_a_warning(
    session_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (session_dir / "votes.csv").open("ab") as f:
        f.write(b"abc,2026")
    code, out, _ = run(capsys, "validate", str(session_dir))
    assert code == 0
    assert out.startswith("warning: votes.csv, line 2: the last record is incomplete")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "{tmp}/x", "--template", "nope", "--title", "T"], "no template named 'nope'"),
        (
            ["new", "{tmp}/../..", "--template", "housing-coproduction", "--title", "T"],
            "is not allowed",
        ),
        (["info", "{tmp}/nowhere"], "is not a folder"),
        (["validate"], "the following arguments are required: folder"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["new", "{tmp}/x", "--title", "T"], "the following arguments are required: --template"),
    ],
)
def test_errors_are_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in argv])
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_existing_session_is_refused(session_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "new", str(session_dir), "--template", "housing-coproduction", "--title", "Again"
    )
    assert code == 1
    assert err == (
        f"toolkit new: {session_dir} already exists and is not empty; choose a new "
        "folder name (sessions are never overwritten)\n"
    )


@pytest.mark.parametrize(
    "command",
    [[], ["new"], ["validate"], ["info"], ["serve"], ["report"], ["templates"], ["template"],
     ["template", "copy"], ["template", "check"]],
)  # fmt: skip
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: toolkit")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, "toolkit 0.1.0")


def test_a_follow_up_session_carries_the_open_actions_forward(
    session_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from toolkit.records import Recorder

    rec = Recorder(session_dir)
    rec.append("issues", "raised", issue_id="I-1", text="Nobody calls back", channel="facilitator")
    for action_id, status in (("A-1", "agreed"), ("A-2", "done"), ("A-3", "in progress")):
        rec.append("actions", "proposed", action_id=action_id, issue_id="I-1",
                   action=f"Action {action_id}", status=status, owner="Repairs lead")  # fmt: skip
    later = tmp_path / "later"
    code, out, err = run(capsys, "new", str(later), "--template", "housing-coproduction",
                         "--title", "Six months on", "--follow-up", str(session_dir))  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == f"carried 2 open action(s) forward from {session_dir} to review"
    import toolkit

    actions = toolkit.open_session(later).events["actions"]
    assert actions["event"].tolist() == ["carried_forward"] * 2
    assert actions["action"].tolist() == ["Action A-1", "Action A-3"]
    assert actions["carried_from"].tolist() == [
        f"{session_dir.name}/A-1",
        f"{session_dir.name}/A-3",
    ]
    assert set(actions["carried_issue"]) == {"Nobody calls back"}
    assert actions["issue_id"].tolist() == ["", ""]  # its issue belongs to the earlier session

    code, out, err = run(capsys, "new", str(tmp_path / "x"), "--template", "housing-coproduction",
                         "--title", "T", "--follow-up", str(tmp_path / "nowhere"))  # fmt: skip
    assert code == 1 and "cannot follow up this session" in err and "is not a folder" in err
    assert not (tmp_path / "x").exists()


def test_templates_lists_the_shipped_ones_with_title_and_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "templates")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    names = [line.split(":")[0] for line in lines if not line.startswith(" ")]
    assert names == [*(name for name, _ in shipped_templates()), "Start your own"]
    assert {"community-priorities", "housing-coproduction", "service-design"} <= set(names)
    assert lines[0] == "community-priorities: Our neighbourhood's priorities"
    assert lines[1].startswith("    A larger room: residents, councillors and voluntary groups")
    assert "service-design: Redesigning our service together" in lines
    assert all(len(line) <= 90 for line in lines)
    between = [i for i, line in enumerate(lines) if not line.startswith(" ")]
    assert all(1 <= b - a - 1 <= 2 for a, b in pairwise(between))
    assert lines[-1] == (
        "Start your own: toolkit template copy NAME NEW_FOLDER (see docs/templates.md)"
    )


def test_template_copy_check_and_new_from_the_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = tmp_path / "templates" / "our-priorities"
    code, out, err = run(capsys, "template", "copy", "community-priorities", str(ours))
    assert (code, err) == (0, "")
    assert out == (
        f"copied community-priorities to {ours}\n"
        f"edit {ours / 'template.toml'}, then: toolkit template check {ours}\n"
    )
    assert sorted(p.name for p in ours.iterdir()) == ["logo.svg", "template.toml"]
    assert [p.name for p in (tmp_path / "templates").iterdir()] == ["our-priorities"]

    code, out, err = run(capsys, "template", "check", str(ours))
    assert (code, err) == (0, "")
    assert out == (
        f"{ours}: valid template 'Our neighbourhood's priorities' with 3 groups and 7 agenda "
        "steps\n"
    )
    code, out, _ = run(capsys, "template", "check", "service-design")
    assert out == (
        "service-design: valid template 'Redesigning our service together' with 4 groups and "
        "7 agenda steps\n"
    )

    before = (ours / "template.toml").read_text()
    for target in (ours, tmp_path):  # never over a folder, empty or not
        code, out, err = run(capsys, "template", "copy", "housing-coproduction", str(target))
        assert (code, out) == (1, "")
        assert err == (
            f"toolkit template copy: {target} already exists; choose a new folder name "
            "(nothing is overwritten)\n"
        )
    assert (ours / "template.toml").read_text() == before
    code, _, err = run(capsys, "template", "copy", str(ours), str(ours / "inner"))
    assert (code, err) == (
        1, f"toolkit template copy: {ours / 'inner'} is inside {ours}; copy the template beside "
        "it\n"
    )  # fmt: skip
    assert sorted(p.name for p in ours.iterdir()) == ["logo.svg", "template.toml"]

    session = tmp_path / "sessions" / "2026-11-28-ward"
    code, out, err = run(capsys, "new", str(session), "--template", str(ours), "--title", "W")
    assert (code, err) == (0, "")
    assert out == f"created {session} from template {ours}\n"
    assert (session / "template.toml").read_bytes() == (ours / "template.toml").read_bytes()


def test_template_copy_of_an_unknown_template_names_the_shipped_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "template", "copy", "nope", str(tmp_path / "x"))
    assert (code, out) == (1, "")
    shipped = ", ".join(name for name, _ in shipped_templates())
    assert err == (
        f"toolkit template copy: no template named 'nope'; shipped templates: {shipped}; or "
        "give the path of a template folder\n"
    )
    assert not (tmp_path / "x").exists()


def test_new_without_a_date_records_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from toolkit.records.overview import read_overview

    before = date.today().isoformat()
    folder = tmp_path / "today"
    code, _, err = run(capsys, "new", str(folder), "--template", "housing-coproduction",
                       "--title", "No date given")  # fmt: skip
    assert (code, err) == (0, "")
    recorded = read_overview(folder).date
    assert recorded in {before, date.today().isoformat()}  # a run across midnight
    code, out, _ = run(capsys, "info", str(folder))
    assert f"date: {recorded}" in out
