"""The shared participants' server (`python -m toolkit.apps.phones --sessions DIR`): one address
for the phones of every session in DIR open for phones, each phone in the session whose join
code it typed, each vote in that session's folder; a session closed for phones, or gone,
refuses and saves nothing. One server for the module; its last test locks 127.0.0.1 out."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import toolkit
from tests.test_phone_prefix import addresses, cookie_paths, form
from tests.test_phone_server import (
    NOT_FOUND,
    OPTIONS,
    WRONG_CODE,
    Answer,
    Phone,
    event_stream,
    new_folder,
    open_round,
    read_until,
    records,
    votes_of,
)
from toolkit.apps.phones.__main__ import main as phones_main
from toolkit.apps.phones.shared import session_key
from toolkit.apps.serving import free_port, shared_phones_child
from toolkit.apps.supervise import running
from toolkit.domain.room import PHONES_OPEN_KEY, opens_phones
from toolkit.records import Recorder
from toolkit.records.join_code import session_token
from toolkit.records.load import load_folder
from toolkit.records.phones_open import PhonesSwitch, is_open_for_phones, open_for_phones
from toolkit.records.ports import SHARED_PHONES_ENV

PREFIX = "/services/phones/"
CLOSED = (
    "This workshop is not open for phones just now, so nothing was saved. Ask the facilitator, "
    "then type the code on the screen again."
)


@dataclass
class Shared:
    """The folder of sessions and the shared server following it."""

    origin: str
    sessions: Path
    # 0, 1: open with a round each; 2: open, closed by a test; 3: never; 4, 5: open with a
    # round, of the same name, in two facilitators' folders (alice/session-0, bob/session-0)
    folders: list[Path]
    codes: list[str]

    def at(self, n: int) -> str:
        """Session n's own addresses' prefix."""
        return f"{PREFIX}s/{session_key(self.folders[n], self.sessions)}/"


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    sessions = tmp_path_factory.mktemp("sessions")
    folders = [new_folder(sessions) for _ in range(4)]
    for name in ("alice", "bob"):
        (sessions / name).mkdir()
        folders.append(new_folder(sessions / name))
    for folder in [*folders[:3], *folders[4:]]:
        open_round(folder, typed=OPTIONS, dots=3, cap=2)
    codes = [open_for_phones(f) for f in folders[:3]] + [session_token(folders[3])]
    codes += [open_for_phones(f) for f in folders[4:]]
    assert [is_open_for_phones(f) for f in folders] == [True, True, True, False, True, True]
    (sessions / "notes").mkdir()  # not a session: passed over
    shutil.copytree(folders[4], sessions / "alice" / ".ipynb_checkpoints" / "session-0")
    with running(shared_phones_child(sessions, "127.0.0.1", free_port(), PREFIX)) as child:
        yield Shared(child.address, sessions, folders, codes)


def enter(phone: Phone, code: str, by_link: bool = False) -> Answer:
    """The join code typed on the shared login page (or in the QR code's link)."""
    if by_link:
        return phone.get(f"{PREFIX}?token={code}")
    fresh = "_xsrf" not in phone.cookies
    login = phone.get(PREFIX)
    assert login.status == 200 and cookie_paths(login) == ({"_xsrf": PREFIX} if fresh else {})
    shown = addresses(login.text)
    assert shown and all(a.startswith(PREFIX) for a in shown), shown
    action, _ = form(login.text, "login")
    assert action == f"{PREFIX}login"
    return phone.post(action, {"code": code}, fragment=False)


@dataclass
class Voted:
    phone: Phone
    entered: Answer
    pages: list[str]
    label: str


def join_and_vote(shared: Shared, n: int, by_link: bool = False) -> Voted:
    """A phone types session n's code, joins as a tenant and puts a dot on the first option."""
    phone, at = Phone(shared.origin), shared.at(n)
    entered = enter(phone, shared.codes[n], by_link)
    assert entered.status == 303 and entered.headers["Location"] == at, entered.text
    page = phone.get(at).text
    action, fields = form(page, "join")
    joined = phone.post(action, {**fields, "group": "tenants", "name": ""}, fragment=False)
    assert joined.status == 303 and joined.headers["Location"] == at, joined.text
    ballot = phone.get(at).text
    action, fields = form(ballot, "vote")
    voted = phone.post(action, {**fields, "step": "1"}, fragment=False)
    assert voted.status == 303 and voted.headers["Location"] == f"{at}#o1", voted.text
    label = next(o for o in OPTIONS if f"{o}</div>" in ballot.split("</form>")[0])
    return Voted(phone, entered, [page, ballot], label)


def votes_in(folder: Path) -> int:
    return len(toolkit.open_session(folder).events["votes"])


def test_two_phones_in_two_workshops_at_once_each_vote_in_its_own_folder(shared: Shared) -> None:
    with ThreadPoolExecutor(2) as both:
        first = both.submit(join_and_vote, shared, 0)
        second = both.submit(join_and_vote, shared, 1, True)  # the QR code's link
        a, b = first.result(), second.result()
    for n, voted in ((0, a), (1, b)):
        at = shared.at(n)
        assert cookie_paths(voted.entered)["toolkit_join"] == at
        for page in voted.pages:  # every address of the session's pages is under its own
            shown = addresses(page)
            assert shown and all(a.startswith(at) for a in shown), shown
    (pid_a, _), (pid_b, _) = a.phone.me, b.phone.me
    # the link typed without the prefix's last slash keeps its code
    bare = Phone(shared.origin).get(f"{PREFIX[:-1]}?token={shared.codes[1]}")
    assert bare.status == 301 and bare.headers["Location"] == f"{PREFIX}?token={shared.codes[1]}"
    assert votes_of(shared.folders[0], pid_a) == [("cast", a.label, 1)]
    assert votes_of(shared.folders[1], pid_b) == [("cast", b.label, 1)]
    assert votes_of(shared.folders[0], pid_b) == votes_of(shared.folders[1], pid_a) == []
    assert [votes_in(f) for f in shared.folders[:2]] == [1, 1]

    # a phone is in its own workshop only, whatever address it asks for
    before = records(shared.folders[1])
    elsewhere = a.phone.get(shared.at(1))
    assert elsewhere.status == 200
    action, _ = form(elsewhere.text, "login")
    assert action == f"{PREFIX}login"  # the shared login, where any open session's code works
    fields = {**form(a.pages[1], "vote")[1], "step": "1"}
    assert a.phone.post(f"{shared.at(1)}vote", fields).status == 403
    assert records(shared.folders[1]) == before

    # nothing answers outside the prefix, nor outside an open session's address
    for path in ("/", "/login", f"{PREFIX}join", f"{PREFIX}vote", f"{PREFIX}s/", f"{PREFIX}s/x/"):
        answer = a.phone.get(path)
        assert answer.status == 404 and NOT_FOUND in answer.text, path


def test_sessions_in_facilitators_folders_are_served_each_by_its_own_code(
    shared: Shared,
) -> None:
    """An organisation's server keeps each facilitator's sessions in a folder of their own:
    two sessions of the same name there are two sessions, each phone's vote in its own."""
    alice, bob = shared.folders[4:]
    assert alice.name == bob.name and shared.at(4) != shared.at(5)
    assert session_key(shared.folders[0], shared.sessions) == session_key(shared.folders[0])
    a, b = join_and_vote(shared, 4), join_and_vote(shared, 5, True)
    assert votes_of(alice, a.phone.me[0]) == [("cast", a.label, 1)]
    assert votes_of(bob, b.phone.me[0]) == [("cast", b.label, 1)]
    assert [votes_in(alice), votes_in(bob)] == [1, 1]
    assert b.phone.post(f"{shared.at(4)}vote", {**form(b.pages[1], "vote")[1], "step": "1"}
                        ).status == 403  # fmt: skip
    assert votes_in(alice) == 1


def test_a_session_closed_for_phones_refuses_and_saves_nothing_until_reopened(
    shared: Shared,
) -> None:
    folder, at = shared.folders[2], shared.at(2)
    voted = join_and_vote(shared, 2)
    waiting = Phone(shared.origin)  # in the room, not joined yet
    assert enter(waiting, shared.codes[2]).status == 303
    join_form = form(waiting.get(at).text, "join")

    ballot = {**form(voted.phone.get(at).text, "vote")[1], "step": "1"}
    open_for_phones(folder, False)
    before = records(folder)
    for answer in (
        voted.phone.post(f"{at}vote", ballot),  # with the script
        voted.phone.post(f"{at}vote", ballot, fragment=False),
        waiting.post(join_form[0], {**join_form[1], "group": "tenants"}, fragment=False),
        voted.phone.get(at),
    ):
        assert answer.status == 403 and answer.said == ("error", CLOSED), answer.text
    assert f'action="{PREFIX}login"' in answer.text
    newcomer = Phone(shared.origin)
    refused = enter(newcomer, shared.codes[2])
    assert refused.status == 401 and refused.said == ("error", WRONG_CODE)
    assert "toolkit_join" not in newcomer.cookies
    assert records(folder) == before

    open_for_phones(folder, True)  # reopened: the phones are back in with their cookies
    ballot = {**form(voted.phone.get(at).text, "vote")[1], "step": "1"}
    assert voted.phone.post(f"{at}vote", ballot).said[0] == "ok"
    joined = waiting.post(join_form[0], {**join_form[1], "group": "tenants"}, fragment=False)
    assert joined.status == 303
    assert votes_of(folder, voted.phone.me[0]) == [("cast", voted.label, 1)] * 2

    # a session whose folder is gone says so too
    gone = new_folder(folder.parent)
    code = open_for_phones(gone)
    phone = Phone(shared.origin)
    entered = enter(phone, code)
    assert entered.status == 303, entered.text
    shutil.rmtree(gone)
    answer = phone.get(entered.headers["Location"])
    assert answer.status == 403 and answer.said == ("error", CLOSED)


def test_opening_for_phones_is_a_recorded_setting_and_the_last_value_counts(
    tmp_path: Path,
) -> None:
    folder = new_folder(tmp_path)
    assert not is_open_for_phones(folder)  # never opened: closed
    code = open_for_phones(folder)
    assert code == session_token(folder)  # made when first opened, then kept
    assert open_for_phones(folder, False) == code and not is_open_for_phones(folder)
    Recorder(folder).append("settings", "set", key=PHONES_OPEN_KEY, value="TRUE")
    assert is_open_for_phones(folder)  # as a spreadsheet may save it
    rows = [r for r in load_folder(folder).tables["settings"].rows()
            if r["key"] == PHONES_OPEN_KEY]  # fmt: skip
    assert [r["value"] for r in rows] == ["true", "false", "TRUE"]
    switch = PhonesSwitch(folder)
    assert switch.follow() and switch.code == code
    open_for_phones(folder, False)
    assert not switch.follow()
    assert not opens_phones("yes") and not opens_phones("")


def test_the_command_line_takes_a_session_or_a_folder_of_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for wrong in (["--port", "1"], ["s", "--sessions", str(tmp_path), "--port", "1"]):
        with pytest.raises(SystemExit):
            phones_main(wrong)
    err = capsys.readouterr().err
    assert "give SESSION and --token, or --sessions DIR" in err
    assert "--sessions DIR serves the sessions in DIR: give no SESSION or --token" in err
    nowhere = tmp_path / "nowhere"
    assert phones_main(["--sessions", str(nowhere), "--port", str(free_port())]) == 1
    assert capsys.readouterr().err == f"phones: {nowhere} is not a folder of sessions\n"


def test_the_console_s_switch_lets_phones_in_and_shuts_them_out(
    shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facilitator's console, with the variable the organisation's set-up gives it,
    opens a new session to this server's phones by its switch, and closes it again."""
    from toolkit.apps.console import console_app
    from toolkit.widgets.agenda import ConsoleView

    folder = new_folder(shared.folders[0].parent)
    monkeypatch.setenv(SHARED_PHONES_ENV, f"{shared.origin}{PREFIX}")
    console = console_app(folder, poll_seconds=0)
    assert isinstance(console, ConsoleView) and console.bar.phones is not None
    switch, code, at = (
        console.bar.phones,
        session_token(folder),
        f"{PREFIX}s/{session_key(folder)}/",
    )
    phone = Phone(shared.origin)
    refused = enter(phone, code)  # not open for phones yet
    assert refused.status == 401 and refused.said == ("error", WRONG_CODE)

    switch.button.click()
    assert switch.code == code, console.bar.status.message
    entered = enter(phone, code)
    assert entered.status == 303 and entered.headers["Location"] == at, entered.text
    action, fields = form(phone.get(at).text, "join")
    joined = phone.post(action, {**fields, "group": "tenants", "name": ""}, fragment=False)
    assert joined.status == 303 and joined.headers["Location"] == at, joined.text
    assert len(toolkit.open_session(folder).events["participants"]) == 1

    switch.button.click()
    assert not switch.is_open, console.bar.status.message
    before = records(folder)
    # the code is refused at once, before any request of the session has read its settings
    assert enter(Phone(shared.origin), code).status == 401
    answer = phone.get(at)
    assert answer.status == 403 and answer.said == ("error", CLOSED), answer.text
    assert records(folder) == before


def test_phones_following_a_session_are_told_when_it_closes_or_goes(shared: Shared) -> None:
    """A phone waiting on its page is pushed a change when the session is closed for phones,
    or its folder removed, and asking again is told so: no stream left hanging silent."""
    for remove in (False, True):
        folder = new_folder(shared.sessions)
        open_round(folder, typed=OPTIONS, dots=3, cap=2)
        phone, at = Phone(shared.origin), f"{PREFIX}s/{session_key(folder)}/"
        assert enter(phone, open_for_phones(folder)).status == 303
        action, fields = form(phone.get(at).text, "join")
        assert phone.post(action, {**fields, "group": "tenants"}, fragment=False).status == 303
        events = event_stream(urlsplit(shared.origin).port or 80, phone, f"{at}events")
        try:
            seen, first = read_until(events, r"\r\n\r\n.*?data: (\d+)\n\n")
            if remove:
                shutil.rmtree(folder)
            else:
                open_for_phones(folder, False)
            read_until(events, rf"data: {first}\n\n.*?data: (\d+)\n\n", seen)
        finally:
            events.close()
        answer = phone.get(at, fragment=True)  # what phone.js asks for on the push
        assert answer.status == 403 and answer.said == ("error", CLOSED), answer.text


def test_wrong_codes_are_refused_and_counted_across_sessions(shared: Shared) -> None:
    """Last: 127.0.0.1 then waits a minute on this server."""
    phone = Phone(shared.origin)
    assert enter(phone, shared.codes[0]).status == 303  # a right code forgets earlier misses
    phone = Phone(shared.origin)
    unopened = enter(phone, shared.codes[3])  # a real code, of a session not open for phones
    assert unopened.status == 401 and unopened.said == ("error", WRONG_CODE)
    wrongs = [f"WXYZ{a}{b}{b}{b}" for a in "2345" for b in "6789"][:9]
    assert not set(wrongs) & set(shared.codes)
    for n, wrong in enumerate(wrongs):
        if n < 4:
            answer = phone.post(f"{PREFIX}login", {"code": wrong}, fragment=False)
        elif n < 7:  # a link with a wrong code counts too
            answer = phone.get(f"{PREFIX}?token={wrong}")
        else:  # and so does one typed at a session's own address
            answer = phone.get(f"{shared.at(1)}?token={wrong}")
        assert answer.status == 401 and answer.said == ("error", WRONG_CODE), (n, answer.text)
    for attempt in (
        lambda: enter(phone, shared.codes[1]),
        lambda: phone.get(f"{PREFIX}?token={shared.codes[0]}"),
    ):
        answer = attempt()
        wait = int(answer.headers["Retry-After"])
        assert answer.status == 429 and 0 < wait <= 60, answer.text
        assert "toolkit_join" not in phone.cookies
