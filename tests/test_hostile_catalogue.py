"""The catalogue of hostile input: what a participant, a facilitator, a hand-edited template or
a crafted URL might send, and what the toolkit does with it. One table per kind of input, so
the catalogue reads as a list. Every case checks, as it applies:

- a clear message, pinned here word for word where it matters;
- nothing saved that should not be (the session's files are byte for byte as before);
- nothing lost (what was recorded earlier is still there, unchanged);
- nothing executed (formulas are guarded in the CSV, code is stored as text, no file made);
- text shown literally: escaped wherever it is put into HTML.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
import traitlets

import toolkit
from tests.phones import Phone, WebPhone
from tests.workshop import shortlist, template_with
from toolkit.apps.actions import actions_app
from toolkit.apps.issues import issues_app
from toolkit.apps.overview import session_folder
from toolkit.apps.phones.pages import Said
from toolkit.apps.projector import projector_app
from toolkit.apps.serving import SESSION_ENV, phone_server, session_token
from toolkit.apps.stakeholders import stakeholder_app
from toolkit.apps.voting import voting_app
from toolkit.cli import main as cli
from toolkit.domain.stakeholders import Register, Stakeholder
from toolkit.domain.template import TemplateError
from toolkit.domain.voting import Rules, VotingError
from toolkit.records import Recorder, create_session
from toolkit.records.templates import find_template, load_template
from toolkit.widgets.brand import brand_html
from toolkit.widgets.status import StatusLine

MARKER = "hostile-ran.txt"  # what a payload that ran would leave behind
OPTIONS = ["Repairs take too long", "Nobody calls back", "Damp in the flats",
           "Bins overflow", "Lifts break down", "Noise at night"]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@")


# --- helpers ---------------------------------------------------------------------------------


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def earlier(folder: Path) -> None:
    """Records made before the hostile input, which must come through it unchanged."""
    rec = Recorder(folder)
    rec.append("stakeholders", "added", stakeholder_id="S-EARLY", name="Earlier stakeholder",
               power=3, interest=3, position="neutral", desired_position="neutral")  # fmt: skip
    rec.append("issues", "raised", issue_id="I-EARLY", text="Earlier issue", channel="paper",
               hidden=False, shortlisted=False)  # fmt: skip
    rec.append("actions", "proposed", action_id="A-EARLY", action="Earlier action",
               status="proposed")  # fmt: skip


def nothing_lost(folder: Path, before: dict[str, bytes]) -> None:
    after = files(folder)
    assert set(after) == set(before)
    for name, old in before.items():
        assert after[name].startswith(old), f"{name} was rewritten, not appended to"
    session = toolkit.open_session(folder)
    assert "Earlier stakeholder" in session.stakeholders["name"].tolist()
    assert "Earlier issue" in session.issues["text"].tolist()
    assert "Earlier action" in session.actions["action"].tolist()


def nothing_ran(folder: Path) -> None:
    assert not (folder / MARKER).exists() and not Path(MARKER).exists()


# The one script a phone's page loads: the server's own file, never anything typed.
PHONE_SCRIPT = '<script src="/static/phone.js" defer></script>'


def html_of(*views: Any) -> str:
    """Every piece of HTML the views put on screen; for a phone, its whole page."""
    out, stack = [], list(views)
    while stack:
        w = stack.pop()
        if isinstance(w, Phone):
            page = w.page()
            assert page.count("<script") == 1 and PHONE_SCRIPT in page
            out.append(page.replace(PHONE_SCRIPT, ""))
        if isinstance(w, widgets.HTML):
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


@dataclass(frozen=True)
class Status:
    """What a screen's status line says: its kind, its words, and its HTML."""

    kind: str
    message: str
    value: str


def status_of(line: StatusLine) -> Status:
    return Status(line.kind, line.message, line.value)


def phone_status(phone: Phone) -> Status:
    """The phone's status line as its page shows it."""
    said = phone.said or Said("")
    line = re.search(r'<p class="status[^"]*" role="[a-z]+" id="status">.*?</p>', phone.html())
    assert line, "the phone's page has no status line"
    return Status(said.kind, said.text, line[0])


def shown_literally(text: str, page: str, shown: bool = True) -> None:
    """Markup in `text` is on the page as text (escaped), never as markup."""
    if "<" in text:
        assert text not in page, f"{text!r} is in the page unescaped"
        escaped = html.escape(text) in page or html.escape(text, quote=False) in page
        assert escaped or not shown, f"{text!r} is not on the page at all"


def guarded_in_csv(folder: Path, file: str, text: str) -> None:
    """A cell a spreadsheet would run as a formula is written with a leading apostrophe."""
    if text.startswith(FORMULA_START):
        data = (folder / file).read_text(encoding="utf-8")
        cells = [c for row in csv.reader(io.StringIO(data, newline="")) for c in row]
        assert "'" + text in cells and text not in cells


# --- 1. text fields --------------------------------------------------------------------------


@dataclass
class Entry:
    """One text field on one screen: how to type into it, where the answer shows, where the
    text is saved and what it reads back as."""

    file: str
    enter: Callable[[str], object]
    status: Callable[[], Status]
    saved: Callable[[], list[str]]
    screens: Callable[[], list[Any]]
    in_html: bool = True  # False: shown only as a widget's plain-text label (a dropdown)


def _column(folder: Path, table: str, column: str) -> Callable[[], list[str]]:
    return lambda: [str(v) for v in getattr(toolkit.open_session(folder), table)[column]]


def _joined_phone(folder: Path) -> Phone:
    phone = Phone.on(folder).join("tenants")
    assert phone.said and phone.said.kind == "ok", phone.said
    return phone


def phone_issue(folder: Path) -> Entry:
    console = issues_app(folder)
    console.phone_step.value = "issues"
    phone = _joined_phone(folder)

    def screens() -> list[Any]:
        console.refresh()
        return [phone, console]  # the phone lists its own issues

    return Entry("issues.csv", phone.send_issue, lambda: phone_status(phone),
                 _column(folder, "issues", "text"), screens)  # fmt: skip


def console_issue(folder: Path) -> Entry:
    console = issues_app(folder)

    def enter(text: str) -> None:
        console.text.value = text
        console.add_button.click()

    return Entry("issues.csv", enter, lambda: status_of(console.status),
                 _column(folder, "issues", "text"), lambda: [console])  # fmt: skip


def reworded_issue(folder: Path) -> Entry:
    console = issues_app(folder)
    console.text.value = "To be reworded"
    console.add_button.click()
    console.choose(console.board.active[-1].issue_id)

    def enter(text: str) -> None:
        console.wording.value = text
        console.save_wording()

    return Entry("issues.csv", enter, lambda: status_of(console.status),
                 _column(folder, "issues", "text"), lambda: [console])  # fmt: skip


def _stakeholder(folder: Path, field: str) -> Entry:
    screen = stakeholder_app(folder)

    def enter(text: str) -> None:
        screen.form.name.value = "Council" if field != "name" else text
        getattr(screen.form, field).value = text
        screen.add_button.click()

    return Entry("stakeholders.csv", enter, lambda: status_of(screen.status),
                 _column(folder, "stakeholders", field), lambda: [screen])  # fmt: skip


def stakeholder_name(folder: Path) -> Entry:
    return _stakeholder(folder, "name")


def stakeholder_notes(folder: Path) -> Entry:
    return _stakeholder(folder, "notes")


def participant_name(folder: Path) -> Entry:
    phone = Phone.on(folder)

    def enter(text: str) -> None:
        phone.join("tenants", name=text)

    def screens() -> list[Any]:
        return [phone, voting_app(folder)]  # the console lists people without a phone

    return Entry("participants.csv", enter, lambda: phone_status(phone),
                 _column(folder, "participants", "display_name"), screens, False)  # fmt: skip


def proxy_name(folder: Path) -> Entry:
    console = voting_app(folder)

    def enter(text: str) -> None:
        console.proxy_group.value = "tenants"
        console.proxy_name.value = text
        console.proxy_button.click()

    return Entry("participants.csv", enter, lambda: status_of(console.status),
                 _column(folder, "participants", "display_name"), lambda: [console],
                 False)  # fmt: skip


def _action(folder: Path, field: str, column: str) -> Entry:
    screen = actions_app(folder)

    def enter(text: str) -> None:
        if field != "action":
            screen.form.action.value = "Call back within two days"
        getattr(screen.form, field).value = text
        screen.add_button.click()

    def screens() -> list[Any]:
        return [screen, projector_app(folder)]

    return Entry("actions.csv", enter, lambda: status_of(screen.status),
                 _column(folder, "actions", column), screens)  # fmt: skip


def action_text(folder: Path) -> Entry:
    return _action(folder, "action", "action")


def action_owner(folder: Path) -> Entry:
    return _action(folder, "owner", "owner")


def action_users(folder: Path) -> Entry:
    return _action(folder, "users", "users_contribute")


def typed_option(folder: Path) -> Entry:
    console = voting_app(folder)
    console.source.value = "typed"

    def enter(text: str) -> None:
        console.typed.value = f"{text}\nA second option"
        console.create_button.click()

    def screens() -> list[Any]:
        console.open_button.click()
        console.phone_step.value = "vote"
        return [console, _joined_phone(folder)]  # the phone's ballot shows the option

    labels = _column(folder, "options", "label")
    return Entry("options.csv", enter, lambda: status_of(console.status),
                 lambda: labels()[:-1], screens)  # fmt: skip


ENTRIES: dict[str, Callable[[Path], Entry]] = {
    f.__name__: f
    for f in (
        phone_issue,
        console_issue,
        reworded_issue,
        stakeholder_name,
        stakeholder_notes,
        participant_name,
        proxy_name,
        action_text,
        action_owner,
        action_users,
        typed_option,
    )
}
SCRIPT = "<script>alert('x')</script>"
IMG = "<img src=x onerror=alert(1)>"
KEEP = None  # the text is accepted and saved as typed


def case(where: str, text: str, expect: str | None, saved: str | None = None, *, id: str) -> Any:
    return pytest.param(where, text, expect, text if saved is None else saved, id=id)


# fmt: off
TEXT_CASES = [
    case("phone_issue", SCRIPT, KEEP, id="issue from a phone: a script tag"),
    case("phone_issue", '=HYPERLINK("http://example.invalid","click")', KEEP,
         id="issue from a phone: a spreadsheet formula"),
    case("phone_issue", "{0.__class__.__mro__} {title} %s%n {{7*7}} ${7*7}", KEEP,
         id="issue from a phone: format and template placeholders"),
    case("phone_issue", f"__import__('pathlib').Path('{MARKER}').touch()", KEEP,
         id="issue from a phone: Python code"),
    case("phone_issue", "\u202eright-to-left override and zero\u200bwidth", KEEP,
         id="issue from a phone: direction and invisible characters"),
    case("phone_issue", "x" * 301,
         r"^That is 301 characters; keep an issue under 301 so it fits on a card",
         id="issue from a phone: too long"),
    case("phone_issue", " \t \t ", r"^Write the issue first: what should improve\?$",
         id="issue from a phone: only blanks"),
    case("phone_issue", "a NUL\x00byte",
         r"text contains a NUL character, which cannot be saved; remove it",
         id="issue from a phone: a NUL character"),
    case("phone_issue", "broken \ud800 character",
         r"text contains a broken character \(a lone surrogate\); retype it",
         id="issue from a phone: a lone surrogate"),
    case("console_issue", IMG, KEEP, id="issue typed by the facilitator: an img tag"),
    case("console_issue", "@SUM(1)", KEEP, id="issue typed by the facilitator: @ formula"),
    case("reworded_issue", "</td></tr></table>" + SCRIPT, KEEP,
         id="issue reworded: breaking out of the table"),
    case("reworded_issue", "y" * 400, r"^That is 400 characters; keep an issue under 301",
         id="issue reworded: too long"),
    case("stakeholder_name", IMG, KEEP, id="stakeholder name: an img tag"),
    case("stakeholder_name", "n" * 121,
         r"^The name is 121 characters long; keep it under 121 so it fits on the map\.$",
         id="stakeholder name: too long"),
    case("stakeholder_name", "\n\t ",
         r"^Give the stakeholder a name: a group or a role is enough\.$",
         id="stakeholder name: only blanks"),
    case("stakeholder_notes", "-2+3\n=cmd|' /C calc'!A0", KEEP,
         id="stakeholder notes: a DDE formula on two lines"),
    case("stakeholder_notes", "z" * 2001,
         r"^The notes field is too long \(2001 characters\); shorten it to 2000 or fewer\.$",
         id="stakeholder notes: too long"),
    case("participant_name", "<b>Bold</b>\n\tname", KEEP, "<b>Bold</b> name",
         id="participant name: markup and line breaks (tidied)"),
    case("participant_name", "w" * 500, KEEP, "w" * 80,
         id="participant name: very long (cut to 80)"),
    case("proxy_name", "Mrs " + SCRIPT, KEEP, id="person without a phone: a script tag"),
    case("action_text", SCRIPT, KEEP, id="action: a script tag"),
    case("action_text", " \n ", r"^Not saved: write the action: what will be done\.$",
         id="action: only blanks"),
    case("action_owner", "o" * 121,
         r"^Not saved: the owner is 121 characters; keep it to 120\.$",
         id="action owner: too long"),
    case("action_users", "+SUM(A1:A9)", KEEP, id="action contribution: + formula"),
    case("typed_option", IMG, KEEP, id="round option typed by the facilitator: an img tag"),
    case("typed_option", "=1+1", KEEP, id="round option typed by the facilitator: a formula"),
    case("typed_option", "o" * 301, r"^Keep each option under 300 characters\.$",
         id="round option typed by the facilitator: too long"),
]
# fmt: on


@pytest.mark.parametrize(("where", "text", "expect", "saved"), TEXT_CASES)
def test_text_field(
    session_dir: Path, where: str, text: str, expect: str | None, saved: str
) -> None:
    earlier(session_dir)
    entry = ENTRIES[where](session_dir)
    before = files(session_dir)
    entry.enter(text)
    status = entry.status()
    nothing_ran(session_dir)
    if expect is not None:
        assert status.kind == "error" and re.search(expect, status.message), status.message
        assert files(session_dir) == before  # nothing saved
        assert text not in entry.saved()
        toolkit.open_session(session_dir)
        return
    assert status.kind == "ok", status.message
    nothing_lost(session_dir, before)
    assert entry.saved()[-1] == saved  # byte for byte, as read back by an analyst
    guarded_in_csv(session_dir, entry.file, saved)
    page = html_of(*entry.screens())
    shown_literally(saved, page, entry.in_html)
    shown_literally(saved, status.value, shown=False)


# --- 2. numbers out of range, and 3. forged calls through the widget protocol -------------
#
# Each case sets a screen up (its own records, written first), then makes one hostile call,
# which must be refused with its message and save nothing.

Hostile = Callable[[], Status]


def _open_round(folder: Path) -> Any:
    shortlist(folder, OPTIONS)
    console = voting_app(folder)
    console.dots.value, console.cap.value = 6, 3
    console.create_button.click()
    console.open_button.click()
    console.phone_step.value = "vote"
    assert console.status.kind == "ok", console.status.message
    return console


def _options(console: Any) -> list[str]:
    return [o.option_id for o in console.voting.options(console.voting.current.round_id)]


def _refused(status: StatusLine, error: Exception) -> Status:
    status.show(str(error), "error")
    return status_of(status)


def paper_negative(folder: Path) -> Hostile:
    console = _open_round(folder)
    console.paper_group.value = "managers"

    def act() -> Status:
        box = console.paper_counts.children[0]
        box.value = -3  # what a crafted widget message could set: the box keeps its bounds
        assert box.value == 0
        console.paper_button.click()
        return status_of(console.status)

    return act


def paper_too_many(folder: Path) -> Hostile:
    console = _open_round(folder)

    def act() -> Status:
        box = console.paper_counts.children[0]
        box.value = 5000
        assert box.value == 1000  # bounded on screen: what is shown is what would be saved
        round_id = console.voting.current.round_id
        with pytest.raises(VotingError) as caught:  # and the rule itself refuses more
            console.voting.paper_tally(round_id, "managers", {box.option_id: 5000})
        return _refused(console.status, caught.value)

    return act


def _rate(values: dict[str, Any]) -> Callable[[Path], Hostile]:
    def prepare(folder: Path) -> Hostile:
        shortlist(folder, OPTIONS[:3])
        issues_app(folder).phone_step.value = "rating"
        phone = _joined_phone(folder)

        def act() -> Status:
            phone.rate(phone.room.state.board.active[0].issue_id, **values)
            return phone_status(phone)

        return act

    return prepare


def _presses(before: list[tuple[int, int]], last: tuple[int, int]) -> Callable[[Path], Hostile]:
    """A phone presses (option number, +1 or -1) in turn; the last press is the case."""

    def prepare(folder: Path) -> Hostile:
        options = _options(_open_round(folder))
        phone = _joined_phone(folder)
        for n, step in before:
            said = phone.vote(options[n], step)
            assert said.kind == "ok", said

        def act() -> Status:
            phone.vote(options[last[0]], last[1])
            return phone_status(phone)

        return act

    return prepare


def rules_above_limit(folder: Path) -> Hostile:
    console = _open_round(folder)

    def act() -> Status:
        console.dots.value = 101
        assert console.dots.value == 100  # bounded on screen
        with pytest.raises(VotingError) as caught:
            console.voting.change_rules(console.voting.current.round_id, Rules(dots=101))
        return _refused(console.status, caught.value)

    return act


def rules_below_spent(folder: Path) -> Hostile:
    console = _open_round(folder)
    phone = _joined_phone(folder)
    for option in _options(console)[:3]:
        phone.vote(option, +1)

    def act() -> Status:
        console.dots.value, console.cap.value = 2, 1
        console.rules_button.click()
        return status_of(console.status)

    return act


def stakeholder_power(folder: Path) -> Hostile:
    screen = stakeholder_app(folder)

    def act() -> Status:
        with pytest.raises(traitlets.TraitError):
            screen.form.power.value = 9  # the buttons offer 1-5 only
        with pytest.raises(ValueError) as caught:  # and the rule refuses it too
            Register().add(Stakeholder("S-X", "Council", power=9))
        return _refused(screen.status, caught.value)

    return act


# fmt: off
NUMBER_CASES = [
    pytest.param(paper_negative, r"^Enter at least one dot from the sheet\.$",
                 id="paper tally: a negative count"),
    pytest.param(paper_too_many, r"^Paper dots must be whole numbers from 0 to 1000, not 5000",
                 id="paper tally: more than any sheet holds"),
    pytest.param(_rate({"importance": 6}),
                 r"^Importance must be a whole number from 1 to 5, not 6\.$",
                 id="rating: importance 6"),
    pytest.param(_rate({"feasibility": 0}),
                 r"^Feasibility must be a whole number from 1 to 5, not 0\.$",
                 id="rating: feasibility 0"),
    pytest.param(_rate({"importance": True}),
                 r"^Importance must be a whole number from 1 to 5, not True\.$",
                 id="rating: a boolean for a number"),
    pytest.param(_rate({"importance": "5"}),
                 r"^Importance must be a whole number from 1 to 5, not '5'\.$",
                 id="rating: text for a number"),
    pytest.param(_rate({"rank": 99}), r"^Rank must be from 1 to 4, not 99\.$",
                 id="ranking: beyond the number of issues"),
    pytest.param(_rate({"points": 101}), r"^That makes 101 points; you have 100 to spread",
                 id="points: more than the budget"),
    pytest.param(_rate({"points": -5}),
                 r"^Points must be a whole number of 0 or more, not -5\.$",
                 id="points: negative"),
    pytest.param(_presses([(n, +1) for n in range(6)], (0, +1)),
                 r"^You have used all 6 dots\. Take one back to move it\.$",
                 id="dots: a seventh of six"),
    pytest.param(_presses([(0, +1)] * 3, (0, +1)),
                 r"^That is the most on one option \(3\)\. Put your next dot on another\.$",
                 id="dots: over the cap on one option"),
    pytest.param(_presses([], (0, -1)), r"^There is no dot there to take back\.$",
                 id="dots: taking back a dot never placed"),
    pytest.param(rules_above_limit, r"^The dots must be a whole number from 1 to 100, not 101",
                 id="rules: 101 dots each"),
    pytest.param(rules_below_spent,
                 r"^Someone has already placed 3 dots, so the budget cannot go below 3\.$",
                 id="rules: lowered below what was spent"),
    pytest.param(stakeholder_power, r"^Power must be a whole number from 1 to 5, not 9\.$",
                 id="stakeholder: power 9"),
]
# fmt: on


def _phone_does(phone: Phone, action: Callable[[], object]) -> Hostile:
    return lambda: (action(), phone_status(phone))[1]


def forged_option(folder: Path) -> Hostile:
    _open_round(folder)
    phone = _joined_phone(folder)
    return _phone_does(phone, lambda: phone.vote("O-FORGED", +1))


def vote_before_joining(folder: Path) -> Hostile:
    options = _options(_open_round(folder))
    phone = Phone.on(folder)
    return _phone_does(phone, lambda: phone.vote(options[0], +1))


def disabled_plus_clicked(folder: Path) -> Hostile:
    """A crafted form can send a press of a button the page shows disabled."""
    options = _options(_open_round(folder))
    phone = _joined_phone(folder)
    for n in range(6):
        phone.vote(options[n], +1)
    assert re.search(r'id="o1-plus"[^>]* disabled>', phone.html())
    return _phone_does(phone, lambda: phone.vote(options[0], +1))


def vote_after_close(folder: Path) -> Hostile:
    console = _open_round(folder)
    phone = _joined_phone(folder)
    page = phone.ballot  # the form, as drawn before the facilitator closed the round
    assert page is not None
    console.close_button.click()
    return _phone_does(phone, lambda: phone.vote(_options(console)[0], +1,
                                                 page.round.round_id, 0))  # fmt: skip


def vote_of_a_round_gone(folder: Path) -> Hostile:
    """A ballot drawn for round 1 is sent after round 2 opened."""
    console = _open_round(folder)
    phone = _joined_phone(folder)
    old, first = _options(console)[0], console.voting.current.round_id
    for to in ("closed", "revealed"):
        console.advance(to)
    console.create_button.click()
    console.open_button.click()
    assert console.status.kind == "ok", console.status.message
    return _phone_does(phone, lambda: phone.vote(old, +1, first, 0))


def vote_sent_twice(folder: Path) -> Hostile:
    """A second tap, or a replayed request: the form says the option had no dot yet."""
    options = _options(_open_round(folder))
    phone = _joined_phone(folder)
    phone.vote(options[0], +1)
    return _phone_does(phone, lambda: phone.vote(options[0], +1, expected=0))


def vote_of_five(folder: Path) -> Hostile:
    options = _options(_open_round(folder))
    phone = _joined_phone(folder)
    return _phone_does(phone, lambda: phone.vote(options[0], +5))


def _come_back(code: str) -> Callable[[Path], Hostile]:
    def prepare(folder: Path) -> Hostile:
        _open_round(folder)
        _joined_phone(folder)  # someone else, whose ballot must stay theirs
        phone = Phone.on(folder)

        def act() -> Status:
            phone.come_back(code)
            assert phone.person is None
            return phone_status(phone)

        return act

    return prepare


def group_not_offered(folder: Path) -> Hostile:
    phone = Phone.on(folder)
    assert 'value="admins"' not in phone.html()  # not one of the template's groups
    return _phone_does(phone, lambda: phone.join("admins"))


def join_sent_twice(folder: Path) -> Hostile:
    phone = Phone.on(folder)
    form = phone.room.join_form_id()
    phone.join("tenants", form_id=form)
    return _phone_does(phone, lambda: phone.join("tenants", form_id=form))


def join_with_a_chosen_id(folder: Path) -> Hostile:
    phone = Phone.on(folder)
    signature = phone.room.join_form_id().partition(".")[2]
    return _phone_does(phone, lambda: phone.join("tenants", form_id=f"P-ADMIN.{signature}"))


def issue_while_closed(folder: Path) -> Hostile:
    _open_round(folder)  # phones show the vote: raising issues is closed
    phone = _joined_phone(folder)
    return _phone_does(phone, lambda: phone.send_issue("Sneaked in"))


def issue_sent_twice(folder: Path) -> Hostile:
    issues_app(folder).phone_step.value = "issues"
    phone = _joined_phone(folder)
    form = phone.room.new_issue_id()
    phone.send_issue("Lifts", issue_id=form)
    return _phone_does(phone, lambda: phone.send_issue("Lifts", issue_id=form))


def rating_while_closed(folder: Path) -> Hostile:
    shortlist(folder, OPTIONS[:3])
    phone = _joined_phone(folder)  # phones wait: prioritising is closed
    issue = phone.room.state.board.active[0].issue_id
    return _phone_does(phone, lambda: phone.rate(issue, importance=5))


def rating_an_issue_gone(folder: Path) -> Hostile:
    """A page drawn before the facilitator hid an issue still sends a rating for it."""
    shortlist(folder, OPTIONS[:3])
    console = issues_app(folder)
    console.phone_step.value = "rating"
    phone = _joined_phone(folder)
    issue = console.board.active[-1].issue_id
    assert f'value="{issue}"' in phone.html()
    console.choose(issue)
    console.hide()
    assert console.status.kind == "ok", console.status.message
    return _phone_does(phone, lambda: phone.rate(issue, importance=4))


def forged_phone_step(folder: Path) -> Hostile:
    console = issues_app(folder)
    return lambda: (console.set_phone_step("admin"), status_of(console.status))[1]


# fmt: off
FORGED_CASES = [
    pytest.param(forged_option, r"^That option is not on this ballot\.$",
                 id="vote: an option id not on the ballot"),
    pytest.param(vote_before_joining, r"^Join first: choose your group above\.$",
                 id="vote: before joining"),
    pytest.param(disabled_plus_clicked, r"^You have used all 6 dots",
                 id="vote: a click sent to a disabled button"),
    pytest.param(vote_after_close, r"^Round 1 is closed; your ballot is locked\.$",
                 id="vote: after the round closed"),
    pytest.param(vote_of_a_round_gone, r"^This page was out of date; here it is as it is now\. "
                 r"Nothing was saved\.$", id="vote: for a round no longer current"),
    pytest.param(vote_sent_twice, r"^Your ballot changed since this page was drawn; here it is "
                 r"as saved\. Nothing else was changed\.$", id="vote: the same press sent twice"),
    pytest.param(vote_of_five, r"^That could not be read, so nothing was saved\.",
                 id="vote: a press of +5"),
    pytest.param(_come_back("'; DROP TABLE participants;--"),
                 r"^A personal code is 6 letters and digits",
                 id="personal code: not a code at all"),
    pytest.param(_come_back("ZZZZZZ"), r"^No one has that code in this session\.",
                 id="personal code: someone else's, guessed"),
    pytest.param(group_not_offered, r"^Choose your group first\.$",
                 id="join: a group not offered"),
    pytest.param(join_sent_twice, r"^You have joined already: this is your page\.$",
                 id="join: the same form sent twice"),
    pytest.param(join_with_a_chosen_id, r"^This page was out of date; here it is as it is now\. "
                 r"Nothing was saved\.$", id="join: a participant id chosen by the phone"),
    pytest.param(issue_while_closed, r"^Raising issues is closed for now",
                 id="issue: sent while raising is closed"),
    pytest.param(issue_sent_twice, r"^That issue was sent already\.$",
                 id="issue: the same form sent twice"),
    pytest.param(rating_while_closed, r"^Prioritising is closed for now\. Nothing was saved\.$",
                 id="rating: sent while prioritising is closed"),
    pytest.param(rating_an_issue_gone, r"^That issue is no longer on the board\.$",
                 id="rating: for an issue hidden since the page was drawn"),
    pytest.param(forged_phone_step, r"^Unknown step 'admin'; use one of",
                 id="phones show: a step that does not exist"),
]
# fmt: on


@pytest.mark.parametrize(("prepare", "expect"), NUMBER_CASES + FORGED_CASES)
def test_refused_call(session_dir: Path, prepare: Callable[[Path], Hostile], expect: str) -> None:
    earlier(session_dir)
    act = prepare(session_dir)
    before = files(session_dir)
    status = act()
    assert status.kind == "error" and re.search(expect, status.message), status.message
    assert files(session_dir) == before  # nothing saved
    nothing_lost(session_dir, before)
    nothing_ran(session_dir)


def test_a_phone_cannot_say_who_it_is_in_a_form(new_session: Callable[..., Path]) -> None:
    """Who a phone is lives in its cookie (participant id and personal code, checked against
    the code's hash); no form on any of its pages carries a participant, a group or a channel."""
    rating, voting = new_session(), new_session()
    shortlist(rating, OPTIONS[:3])
    _open_round(voting)
    names: set[str] = set()
    for folder, steps in ((rating, ("wait", "issues", "rating")), (voting, ("vote",))):
        stranger, phone = Phone.on(folder), _joined_phone(folder)
        for step in steps:
            Recorder(folder).append("settings", "set", key="phone_step", value=step)
            for page in (stranger.html(), phone.html()):
                names |= set(re.findall(r' name="([^"]+)"', page))
    session_dir = voting
    assert names == {"_xsrf", "group", "name", "form_id", "code", "text", "category",
                     "issue_id", "importance", "feasibility", "round_id", "option_id", "step",
                     "expected"}  # fmt: skip
    other = _joined_phone(session_dir)
    assert phone.person and other.person and other.person != phone.person
    assert phone.room.person(other.person.participant_id, phone.code) is None  # not theirs


# --- 4. files and names ----------------------------------------------------------------------


def _template(tmp_path: Path, old: str, new: str) -> Path:
    return template_with(tmp_path, old, new)


LOGO = 'logo = "logo.svg"'
MINUTES = "minutes = 10"

# fmt: off
FILE_CASES = [
    pytest.param("session", "..", r"session folder name '\.\.' is not allowed",
                 id="session folder: '..'"),
    pytest.param("session", "x; rm -rf ~", r"session folder name 'x; rm -rf ~' is not allowed",
                 id="session folder: shell characters"),
    pytest.param("session", "-rf", r"session folder name '-rf' is not allowed",
                 id="session folder: looks like an option"),
    pytest.param("template", "../../etc", r"no template at '\.\./\.\./etc'",
                 id="template name: a relative path out"),
    pytest.param("template", "/etc", r"no template at '/etc'", id="template name: /etc"),
    pytest.param("toml", (LOGO, 'logo = "../../etc/passwd.svg"'),
                 r"logo file name '\.\./\.\./etc/passwd\.svg' is not allowed",
                 id="logo: a path out of the template folder"),
    pytest.param("toml", (LOGO, 'logo = ".hidden.svg"'),
                 r"logo file name '\.hidden\.svg' is not allowed", id="logo: a hidden file"),
    pytest.param("toml", (LOGO, 'logo = "logo.html"'),
                 r"'logo\.html' is not an image this toolkit shows",
                 id="logo: not an image"),
    pytest.param("toml", ('id = "tenants"', 'id = "../tenants"'),
                 r"group id '\.\./tenants' is not allowed", id="group id: a path"),
    pytest.param("toml", (MINUTES, "minutes = 601"),
                 r"agenda\[1\]\.minutes: must be a whole number of minutes 0-600, not 601",
                 id="minutes: 601"),
    pytest.param("toml", (MINUTES, "minutes = -1"),
                 r"agenda\[1\]\.minutes: must be a whole number of minutes 0-600, not -1",
                 id="minutes: negative"),
    pytest.param("toml", (MINUTES, 'minutes = "ten"'),
                 r"agenda\[1\]\.minutes: must be a whole number of minutes 0-600, not 'ten'",
                 id="minutes: a word"),
    pytest.param("toml", ("\ndots = 0", "\ndots = 101"),
                 r"voting\.dots: must be a whole number from 0 to 100, not 101",
                 id="template dots: 101"),
]
# fmt: on


@pytest.mark.parametrize(("kind", "value", "expect"), FILE_CASES)
def test_file_and_name(tmp_path: Path, kind: str, value: Any, expect: str) -> None:
    root = tmp_path / "sessions"
    root.mkdir()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(ValueError, match=expect):  # RecordError and TemplateError alike
        if kind == "session":
            create_session(root / value, find_template("housing-coproduction"), "T")
        elif kind == "template":
            create_session(root / "s", find_template(value), "T")
        else:
            old, new = value
            template = _template(tmp_path, old, new)
            before = sorted(p.name for p in tmp_path.rglob("*"))
            create_session(root / "s", template, "T")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing was made
    assert not Path("/etc/passwd.svg").exists()


def test_the_cli_refuses_a_template_path_out_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli(["new", str(tmp_path / "s"), "--template", "../../etc", "--title", "T"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "no template at '../../etc'" in err
    assert not (tmp_path / "s").exists()


def test_a_logo_too_large_is_refused(tmp_path: Path) -> None:
    template = _template(tmp_path, LOGO, LOGO)
    (template / "logo.svg").write_bytes(b"<svg>" + b" " * 400_000 + b"</svg>")
    with pytest.raises(TemplateError, match=r"'logo\.svg' is larger than 300 kB"):
        load_template(template)


def test_a_logo_with_a_script_inside_is_shown_as_an_image_never_inline(
    tmp_path: Path,
) -> None:
    template = _template(tmp_path, LOGO, LOGO)
    (template / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    )
    folder = create_session(tmp_path / "s", template, "T")
    page = html_of(projector_app(folder), Phone.on(folder))  # the phone's own script left out
    assert "<script" not in page and "data:image/svg+xml;base64," in page
    assert '<img class="brand-logo" src="data:image/svg+xml;base64,' in Phone.on(folder).page()


# fmt: off
TEMPLATE_TEXTS = [
    pytest.param('title = "Welcome, purpose and ground rules"', f'title = "{SCRIPT}"', SCRIPT,
                 id="template: an agenda step's title"),
    pytest.param('organisation = "Example Homes"', f'organisation = "{IMG}"', IMG,
                 id="template: the organisation's name"),
    pytest.param('name = "Tenants"', 'name = "<i>Tenants</i>"', "<i>Tenants</i>",
                 id="template: a group's name"),
]
# fmt: on


@pytest.mark.parametrize(("old", "new", "text"), TEMPLATE_TEXTS)
def test_template_text_is_shown_literally(tmp_path: Path, old: str, new: str, text: str) -> None:
    from toolkit.apps.console import console_app

    folder = create_session(tmp_path / "s", _template(tmp_path, old, new), "T")
    assert text in (folder / "template.toml").read_text()  # frozen as written
    console = console_app(folder, 0)
    projector = projector_app(folder)
    page = html_of(console, projector, Phone.on(folder))
    if "Welcome" in old:
        shown_literally(text, page)
    if "organisation" in old:
        shown_literally(text, brand_html(toolkit.open_session(folder).template.branding, ""))
        shown_literally(text, Phone.on(folder).page())  # the phones' band
    if "Tenants" in old:
        shown_literally(text, Phone.on(folder).page())  # the groups to join
    assert text not in page
    nothing_ran(folder)


# --- 5. URLs and forms sent to the phones' server ------------------------------------------
#
# The real participants' server (one Tornado process, no kernels), over plain HTTP.


@pytest.fixture(scope="module")
def phones(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    folder = create_session(
        tmp_path_factory.mktemp("hostile") / "session",
        find_template("housing-coproduction"),
        "Repairs",
    )
    code = session_token(folder)
    with phone_server(folder, token=code) as origin:
        yield origin, code, folder


# fmt: off
URL_CASES = [
    pytest.param("/", "login", id="no token"),
    pytest.param("/?token=", "login", id="an empty token"),
    pytest.param("/?token=WRONG234", "wrong", id="a wrong token"),
    pytest.param("/?token=%3Cscript%3Ealert(1)%3C/script%3E", "wrong", id="a script as token"),
    pytest.param("/?token={code}X", "wrong", id="the token with a character added"),
    pytest.param("/?token={code}%00", "page",
                 id="the token with a NUL after it (the server strips control characters)"),
    pytest.param("/?session=../..", "login", id="a session path without the token"),
    pytest.param("/?token={code}&session=../..", "page", id="a session path with the token"),
    pytest.param("/?token={code}&session=/etc", "page", id="an absolute session path"),
    pytest.param("/voila/render/../../../../etc/passwd?token={code}", "refused",
                 id="a Voila render path out"),
    pytest.param("/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "refused",
                 id="static: an encoded path out"),
    pytest.param("/static/../room.py", "refused", id="static: the server's own code"),
    pytest.param("/participants.csv?token={code}", "refused", id="the session's own records"),
    pytest.param("/datapackage.json?token={code}", "refused", id="the session's data package"),
    pytest.param("/notebooks/console.ipynb?token={code}", "refused", id="a notebook"),
    pytest.param("/api/kernels?token={code}", "refused", id="Jupyter's kernel API"),
    pytest.param("/events", "refused", id="pushed updates without the join code"),
]
# fmt: on


@pytest.mark.parametrize(("path", "outcome"), URL_CASES)
def test_url(phones: tuple[str, str, Path], path: str, outcome: str) -> None:
    origin, code, folder = phones
    before = files(folder)
    phone = WebPhone(origin)
    status, headers, body = phone.request("GET", path.format(code=code))
    if outcome in ("login", "wrong"):
        assert status == (200 if outcome == "login" else 401)
        assert 'action="/login"' in body and "Type the code you can see on the screen" in body
        assert not phone.cookie("toolkit_join") and 'action="/join"' not in body
        assert ("That code is not right" in body) == (outcome == "wrong")
        assert "<script>" not in body and code not in body
    elif outcome == "page":
        assert status == 303 and headers["Location"] == "/"  # the code taken off the address
        assert phone.cookie("toolkit_join") == code
        status, body = phone.get("/")
        assert status == 200 and 'action="/join"' in body and "Join the workshop" in body
        assert "../.." not in body and "/etc" not in body
    else:
        assert status in (403, 404), (status, body[:200])
        assert "root:" not in body and "toolkit_schema_version" not in body
        assert "Traceback" not in body and "import " not in body
    assert files(folder) == before


def test_forms_a_page_did_not_send_are_refused(phones: tuple[str, str, Path]) -> None:
    """Fields the form has not, a form sent twice over, no anti-forgery token, no join code:
    refused in the template's words, before any rule runs, and nothing saved."""
    origin, code, folder = phones
    phone = WebPhone(origin)
    page = phone.join(code, "tenants")
    before = files(folder)
    me = phone.cookie("toolkit_me")
    extra = phone.post("/vote", page, round_id="R", option_id="O", step="1", expected="0",
                       participant_id="P-SOMEONE-ELSE")  # fmt: skip
    assert extra[0] == 400 and "That could not be read, so nothing was saved." in extra[1]
    status, _, body = phone.request("POST", "/issue", {"text": "No token", "issue_id": "I-X"})
    assert status == 403 and "This page is out of date" in body  # no _xsrf field
    outsider = WebPhone(origin)
    status, body = outsider.get("/")  # has an anti-forgery cookie, not the join code
    status, body = outsider.post("/join", body, form_id="P-X.0", group="tenants", name="")
    assert status == 403 and 'action="/join"' not in body
    status, body = outsider.post("/login", body, code=code, next="javascript:alert(1)")
    assert status == 400 and 'action="/join"' not in body  # no page of the room yet
    assert phone.cookie("toolkit_me") == me and files(folder) == before


def test_a_login_redirect_to_javascript_stays_on_this_server(
    phones: tuple[str, str, Path],
) -> None:
    origin, code, _ = phones
    phone = WebPhone(origin)
    assert phone.get("/")[0] == 200  # the login page, and its anti-forgery cookie
    status, headers, _ = phone.request(
        "POST", "/login", {"_xsrf": phone.cookie("_xsrf"), "code": code}
    )
    assert status == 303 and headers["Location"] == "/"  # the only place a login leads
    status, headers, _ = phone.request(
        "POST", "/login", {"_xsrf": phone.cookie("_xsrf"), "code": code,
                           "next": "javascript:alert(1)"}
    )  # fmt: skip
    assert status == 400 and "Location" not in headers


def test_the_session_comes_from_the_server_never_from_the_url(
    phones: tuple[str, str, Path],
    session_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The phones' server serves the folder it was started for; the facilitator's kernels
    take theirs from `toolkit serve`, never from QUERY_STRING (which Voila hands them)."""
    origin, code, folder = phones
    elsewhere = shutil.copytree(session_dir, tmp_path / "elsewhere")
    monkeypatch.setenv(SESSION_ENV, str(session_dir))
    before = len(toolkit.open_session(folder).participants)
    for query in ("session=../..", f"session={elsewhere}", "session=/etc&folder=/etc"):
        monkeypatch.setenv("QUERY_STRING", query)
        assert session_folder() == session_dir
        phone = WebPhone(origin)
        phone.enter(f"{code}&{query}")
        status, page = phone.get(f"/?{query}")
        assert status == 200
        phone.post(
            "/join",
            page,
            group="tenants",
            name="",
            form_id=html.unescape(re.findall(r'name="form_id" value="([^"]+)"', page)[0]),
        )
    assert len(toolkit.open_session(folder).participants) == before + 3
    assert toolkit.open_session(elsewhere).participants.empty
    assert toolkit.open_session(session_dir).participants.empty


def test_the_catalogue_has_at_least_thirty_cases() -> None:
    total = (len(TEXT_CASES) + len(NUMBER_CASES) + len(FORGED_CASES) + len(FILE_CASES)
             + len(TEMPLATE_TEXTS) + len(URL_CASES))  # fmt: skip
    assert total >= 30
