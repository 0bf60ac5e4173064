"""`toolkit serve` looks after what it starts: a killed phones' server is started again at
once, a dead Voila stops the serve, and a session is served by one serve at a time (a
killed serve's lock does not outlive it). Real processes, real signals; the tests share
their serves and run in this order."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import toolkit
from tests.test_phone_server import Phone, phones_pid
from tests.test_serve import _gone, _nothing_listens, _serve, _stopped
from toolkit.apps.serving import free_port
from toolkit.records import create_session
from toolkit.records.templates import find_template


@dataclass
class Serve:
    """A `toolkit serve` of the module's session, and everything it has printed so far."""

    process: subprocess.Popen[str]
    port: int
    phones: int
    printed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.printed.append(line)

    def until_printed(self, what: str, deadline: float = 90) -> str:
        end = time.monotonic() + deadline
        while not any(what in line for line in self.printed):
            assert self.process.poll() is None, "toolkit serve stopped:\n" + self.text
            assert time.monotonic() < end, f"never printed {what!r}:\n" + self.text
            time.sleep(0.05)
        return self.text

    @property
    def text(self) -> str:
        return "".join(self.printed)

    def child(self, module: str) -> int:
        """The pid of the serve's own child running `python -m module`."""
        for proc in Path("/proc").iterdir():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                args = (proc / "cmdline").read_bytes().split(b"\0")
            except (OSError, ValueError, IndexError):
                continue
            if ppid == self.process.pid and module.encode() in args:
                return int(proc.name)
        raise AssertionError(f"toolkit serve has no {module} child")


@dataclass
class Session:
    folder: Path
    serves: list[Serve] = field(default_factory=list)

    def serving(self) -> Serve:
        """The running serve of the session; a new one if there is none."""
        if not self.serves or self.serves[-1].process.poll() is not None:
            port, phones = free_port(), free_port()
            serve = Serve(_serve(self.folder, port, phones), port, phones)
            serve.until_printed("Projector")
            self.serves.append(serve)
        return self.serves[-1]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    root = tmp_path_factory.mktemp("supervised")
    served = Session(create_session(root / "session", find_template("housing-coproduction"),
                                    "Repairs together"))  # fmt: skip
    try:
        yield served
    finally:
        for serve in served.serves:
            if serve.process.poll() is None:
                serve.process.send_signal(signal.SIGINT)
                _stopped(serve.process, served.folder)


def _reaped(pid: int) -> bool:
    """Whether process `pid` is gone altogether: exited and collected by its parent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "X"
    except (FileNotFoundError, ProcessLookupError):
        return True


def test_a_second_serve_refuses_at_once_naming_the_running_one(session: Session) -> None:
    first = session.serving()
    key = re.search(r"console\.ipynb\?token=([\w-]+)", first.text)
    assert key, first.text
    code = toolkit.open_session(session.folder).settings["join_token"]
    port, phones = free_port(), free_port()
    started = time.monotonic()
    second = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "serve", str(session.folder), "--host",
         "127.0.0.1", "--port", str(port), "--participant-port", str(phones)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, said = second.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # it is serving: stop it, and what it started
        second.send_signal(signal.SIGINT)
        second.communicate(timeout=60)
        raise AssertionError("a second serve of the session started serving") from None
    assert time.monotonic() - started < 10
    assert second.returncode == 1 and out == ""
    assert said.startswith(f"toolkit serve: {session.folder} is already being served by "
                           f"another toolkit serve (pid {first.process.pid}): ")  # fmt: skip
    assert f"console http://127.0.0.1:{first.port}/voila/render/console.ipynb;" in said
    assert f"join link for phones http://127.0.0.1:{first.phones}/?token={code}." in said
    assert key.group(1) not in said  # the facilitator's token stays in the first's terminal
    assert len(said.splitlines()) == 1
    _nothing_listens(port, phones)  # it started nothing
    with pytest.raises(AssertionError, match="no participants' server"):
        phones_pid(phones)
    assert first.process.poll() is None  # and the first serves on
    assert Phone(f"http://127.0.0.1:{first.phones}").get().status in (200, 401)


def test_a_killed_phones_server_is_started_again_and_phones_carry_on(session: Session) -> None:
    serve = session.serving()
    origin = f"http://127.0.0.1:{serve.phones}"
    code = toolkit.open_session(session.folder).settings["join_token"]
    phone = Phone(origin).enter(code)
    phone.join("tenants", "Ada")
    mine = phone.get().text
    personal = phone.me[1]
    assert 'action="/join"' not in mine and f"<b>{personal}</b>" in mine  # its code banner
    old = phones_pid(serve.phones)
    os.kill(old, signal.SIGKILL)
    killed = time.monotonic()
    while True:  # the same address answers again, a new server behind it
        try:
            page = phone.get()
            break
        except OSError:
            assert time.monotonic() - killed < 2, "no phones' server 2 s after the kill"
            time.sleep(0.02)
    took = time.monotonic() - killed
    assert took < 2, f"phones answered again only {took:.2f} s after the kill"
    assert phones_pid(serve.phones) != old and _reaped(old)
    # the phone's cookies still work: its own page, not the join form
    assert page.status == 200 and 'action="/join"' not in page.text
    assert f"<b>{personal}</b>" in page.text
    printed = serve.until_printed("started again", deadline=5)
    line = re.search(
        r"\n(\d\d:\d\d:\d\d) the participants' server stopped \(killed by SIGKILL\) and was "
        rf"started again at {re.escape(origin)}, with the same join code: phones carry on\n",
        printed,
    )
    assert line, printed
    end = time.monotonic() + 5  # recorded for the console just after it is said
    while "phones_restarted" not in toolkit.open_session(session.folder).settings:
        assert time.monotonic() < end, "the restart was not recorded"
        time.sleep(0.05)
    stamp = toolkit.open_session(session.folder).settings["phones_restarted"]
    from toolkit.widgets.agenda import restart_time

    assert restart_time(stamp) >= line.group(1)


def test_a_killed_serve_leaves_no_lock_behind(session: Session) -> None:
    first = session.serving()
    children = [first.child("toolkit.apps.phones"), first.child("toolkit.apps.voila_app")]
    first.process.kill()  # SIGKILL: no chance to release anything
    first.process.wait()
    assert (session.folder / ".locks" / "serve.txt").exists()  # left behind, but not locked
    for pid in children:  # its servers outlive it (sessions of their own): stop them too
        os.killpg(pid, signal.SIGKILL)
    assert all(_gone(pid) for pid in children)
    _nothing_listens(first.port, first.phones)
    again = session.serving()  # would exit at once, naming the killed one, if the lock held
    assert again is not first and again.process.poll() is None
    assert f"Join link for phones: http://127.0.0.1:{again.phones}/?token=" in again.text


def test_a_dead_voila_stops_the_serve_and_the_phones_server(session: Session) -> None:
    serve = session.serving()
    phones = phones_pid(serve.phones)
    os.kill(serve.child("toolkit.apps.voila_app"), signal.SIGKILL)
    assert _stopped(serve.process, session.folder, deadline=30) == 1
    said = (session.folder.parent / "serve-stderr.log").read_text()
    assert re.search(r"toolkit serve: \d\d:\d\d:\d\d the facilitator's screens \(Voila\) "
                     r"stopped \(killed by SIGKILL\); stopping the participants' server too",
                     said), said  # fmt: skip
    _nothing_listens(serve.port, serve.phones)
    assert _reaped(phones)
    assert not (session.folder / ".locks" / "serve.txt").exists()
