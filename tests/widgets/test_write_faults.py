"""A write that fails (a full disk, an I/O error) on each screen that writes, the phones' pages
included: the screen says so in words, shows nothing that was not saved, leaves the file as it
was, and the same action succeeds once the fault has cleared.

CI runs as root, where file modes cannot make a folder unwritable, so the fault is injected
where the disk would report it: `fsync` fails after the row was written, which also checks
that the recorder cuts the half-saved row off again."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import toolkit
from tests.phones import Phone
from tests.widgets.test_voting_view import OPTIONS, join, option_ids, ready
from tests.workshop import shortlist
from toolkit.apps.actions import actions_app
from toolkit.apps.console import console_app
from toolkit.apps.issues import issues_app
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.widgets.status import StatusLine

DISK_FULL = r"could not save to {}: No space left on device\. Nothing was saved; free disk space"


class Disk:
    """Makes every fsync fail with ENOSPC while `full` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        self.failures = 0
        real = os.fsync

        def fsync(fd: int) -> None:
            if self.full:
                self.failures += 1
                raise OSError(28, "No space left on device")
            real(fd)

        monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[Disk]:
    yield Disk(monkeypatch)


def shown(view: widgets.Widget) -> list[str]:
    """Everything a screen shows as HTML, except its status lines (which must change)."""
    out: list[str] = []
    stack = [view]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.HTML) and not isinstance(w, StatusLine):
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return out


def status_of(view: Any) -> StatusLine:
    return view.bar.status if hasattr(view, "bar") else view.status


# A phone's page: its status line, and the ids each drawing of a form gets afresh.
PHONE_STATUS = re.compile(r'<p class="status[^"]*" role="[a-z]+" id="status">(.*?)</p>')
FRESH_IDS = re.compile(r'name="(form_id|issue_id)" value="[^"]*"')


def phone_shown(phone: Phone) -> list[str]:
    """What a phone shows, except its status line and the fresh ids of its forms."""
    return [FRESH_IDS.sub("", PHONE_STATUS.sub("", phone.html()))]


@dataclass
class Said:
    """What a screen's status line says: its kind, its words and its HTML."""

    kind: str
    message: str
    html: str


def said_by(view: Any) -> Callable[[], Said]:
    if isinstance(view, Phone):

        def phone_said() -> Said:
            assert view.said is not None
            line = PHONE_STATUS.search(view.html())
            return Said(view.said.kind, view.said.text, line[0] if line else "")

        return phone_said
    return lambda: Said(status_of(view).kind, status_of(view).message, status_of(view).value)


@dataclass
class Case:
    """A screen, ready to make one change; `act` makes it, `check` looks at what was saved
    and shown after it succeeded."""

    view: Any
    act: Callable[[], object]
    table: str
    check: Callable[[], None]

    def said(self) -> Said:
        return said_by(self.view)()

    def shown(self) -> list[str]:
        return phone_shown(self.view) if isinstance(self.view, Phone) else shown(self.view)


def _phone_vote(folder: Path) -> Case:
    console = ready(folder)
    phone = join(folder, "tenants")
    first = option_ids(console)[0]

    def check() -> None:
        assert phone.said and phone.said.text == "Saved. 1 dot left."
        assert phone.dots == {first: 1} and "●○" in phone.html()

    return Case(phone, lambda: phone.vote(first, +1), "votes.csv", check)


def _phone_join(folder: Path) -> Case:
    phone = Phone.on(folder)

    def act() -> None:
        phone.join("tenants")

    def check() -> None:
        assert phone.person is not None and phone.said is not None
        assert phone.code in phone.said.text and phone.code in phone.html()
        assert toolkit.open_session(folder).participants["group_id"].tolist() == ["tenants"]

    return Case(phone, act, "participants.csv", check)


def _phone_sends_an_issue(folder: Path) -> Case:
    issues_app(folder).phone_step.value = "issues"
    phone = join(folder, "tenants")

    def check() -> None:
        assert phone.said and phone.said.text.startswith("Received, thank you.")  # held
        assert "<li>The lifts break down <span" in phone.html()  # in "Your issues" once saved

    return Case(phone, lambda: phone.send_issue("The lifts break down"), "issues.csv", check)


def _facilitator_adds_an_issue(folder: Path) -> Case:
    screen = issues_app(folder)
    screen.text.value = "Bins overflow"

    def check() -> None:
        assert [i.text for i in screen.board.active] == ["Bins overflow"]

    return Case(screen, screen.add_button.click, "issues.csv", check)


def _stakeholder_add(folder: Path) -> Case:
    screen = stakeholder_app(folder)
    screen.form.name.value = "Tenants' panel"

    def check() -> None:
        assert [s.name for s in screen.register.current] == ["Tenants' panel"]

    return Case(screen, screen.add_button.click, "stakeholders.csv", check)


def _action_add(folder: Path) -> Case:
    screen = actions_app(folder)
    screen.form.action.value = "Call back within two days"

    def check() -> None:
        assert [a.action for a in screen.plan.actions] == ["Call back within two days"]

    return Case(screen, screen.add_button.click, "actions.csv", check)


def _round_created(folder: Path) -> Case:
    shortlist(folder, OPTIONS)
    screen = voting_app(folder)

    def check() -> None:
        current = screen.voting.current
        assert current and len(screen.voting.options(current.round_id)) == len(OPTIONS)

    return Case(screen, screen.create_button.click, "options.csv", check)  # written first


def _round_opened(folder: Path) -> Case:
    shortlist(folder, OPTIONS)
    screen = voting_app(folder)
    screen.create_button.click()

    def check() -> None:
        assert screen.voting.current and screen.voting.current.status == "open"

    return Case(screen, screen.open_button.click, "rounds.csv", check)


def _paper_tally(folder: Path) -> Case:
    screen = ready(folder)
    screen.paper_group.value = "managers"
    boxes = screen.paper_counts.children

    def act() -> None:
        boxes[0].value = 4
        screen.paper_button.click()

    def check() -> None:
        votes = toolkit.open_session(folder).votes
        assert votes["dots"].sum() == 4 and set(votes["channel"]) == {"paper"}

    return Case(screen, act, "votes.csv", check)


def _next_step(folder: Path) -> Case:
    console = console_app(folder, 0)

    def check() -> None:
        assert "Who is involved?" in console.bar.title.value

    return Case(console, console.bar.next_button.click, "settings.csv", check)


CASES = [
    _phone_vote,
    _phone_join,
    _phone_sends_an_issue,
    _facilitator_adds_an_issue,
    _stakeholder_add,
    _action_add,
    _round_created,
    _round_opened,
    _paper_tally,
    _next_step,
]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__.strip("_") for c in CASES])
def test_a_failed_write_is_said_changes_nothing_and_the_next_write_succeeds(
    session_dir: Path, disk: Disk, make: Callable[[Path], Case]
) -> None:
    case = make(session_dir)
    path = session_dir / case.table
    before_bytes, before_screen = path.read_bytes(), case.shown()

    disk.full = True
    case.act()
    said = case.said()
    assert disk.failures == 1  # the first write failed, and nothing was tried after it
    assert said.kind == "error"
    assert re.search(DISK_FULL.format(re.escape(case.table)), said.message), said.message
    assert "Traceback" not in said.html
    assert "✗" in said.html or 'class="status error" role="alert"' in said.html
    assert path.read_bytes() == before_bytes  # the half-written row was cut off again
    assert case.shown() == before_screen  # nothing shown that was not saved
    assert not (session_dir / ".torn").exists()

    disk.full = False
    case.act()
    said = case.said()
    assert said.kind == "ok", said.message
    assert path.read_bytes().startswith(before_bytes) and len(path.read_bytes()) > len(before_bytes)
    case.check()
    toolkit.open_session(session_dir)  # the folder is whole


def test_a_round_whose_options_could_not_all_be_saved_leaves_no_round(
    session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shortlist(session_dir, OPTIONS)
    screen = voting_app(session_dir)
    real, calls = os.fsync, []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the round and one option saved, then the disk is full
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    screen.create_button.click()
    assert screen.status.kind == "error"
    assert screen.voting.current is None  # nothing shown that was not saved whole
    with pytest.warns(UserWarning, match=r"was never created \(saving it failed part-way\)"):
        assert toolkit.open_session(session_dir).rounds.empty
    monkeypatch.setattr(os, "fsync", real)  # the disk has room again
    screen.create_button.click()
    assert screen.status.kind == "ok", screen.status.message
    current = screen.voting.current
    assert current is not None and current.number == 1
    assert [o.label for o in screen.voting.options(current.round_id)] == OPTIONS
