"""The phones' server looks after itself: connections beyond a cap well under its open-file
limit get a plain refusal (no spinning, no pages of tracebacks), a connection that sends
nothing is closed, and answers name no server or version and turn odd paths and fields into
a 404 or a 400 in the participant's words."""

from __future__ import annotations

import csv
import re
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.load_template import template_with_phone_limits
from tests.test_phone_server import Phone, Served, new_folder, room
from toolkit.apps.serving import free_port
from toolkit.records.join_code import session_token

__all__ = ["room"]  # the module-scoped room of tests/test_phone_server.py: an open round

FILES = 128  # the open-file limit the capped server runs under: a cap of 64 connections
IDLE = 2.0


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Path]]:
    """A phones' server under a low open-file limit and a short idle timeout; and its log."""
    folder = new_folder(tmp_path_factory.mktemp("capped"))
    port, code = free_port(), session_token(folder)
    log = folder.parent / "phones.log"

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (FILES, FILES))

    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "toolkit.apps.phones", str(folder), "--host", "127.0.0.1",
             "--port", str(port), "--token", code, "--idle-seconds", str(IDLE)],
            stdout=out, stderr=subprocess.STDOUT, preexec_fn=low_limit,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline and process.poll() is None
                    time.sleep(0.1)
            yield Served(folder, f"http://127.0.0.1:{port}", code), log
        finally:
            process.terminate()
            process.wait(timeout=15)


def _silent(port: int, count: int) -> list[socket.socket]:
    """Connections that send nothing, as a careless or hostile script opens them."""
    made = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        made.append(s)
    return made


def test_connections_beyond_the_cap_get_a_plain_refusal_and_the_server_recovers(
    capped: tuple[Served, Path],
) -> None:
    served, log = capped
    port = int(served.origin.rsplit(":", 1)[1])
    held = _silent(port, 2 * FILES)  # twice the open-file limit
    try:
        assert Phone(served.origin).get().status == 503  # a phone, while the cap is full
        refused = 0
        for s in held:
            s.settimeout(0.5)
            try:
                answer = s.recv(400)
            except TimeoutError:
                continue  # taken in, waiting for a request
            refused += answer.startswith(b"HTTP/1.1 503") and b"Too many phones" in answer
        assert FILES <= refused < 2 * FILES  # the cap (64 here) let some in, refused the rest
    finally:
        for s in held:
            s.close()
    deadline = time.monotonic() + 10
    while Phone(served.origin).get().status != 200:  # free again as soon as they close
        assert time.monotonic() < deadline
        time.sleep(0.2)
    written = log.read_text()
    assert "Traceback" not in written and len(written) < 2000, written[-2000:]
    assert written.count("refusing new ones") == 1  # one line, not one a connection


def test_a_connection_that_sends_nothing_is_closed(capped: tuple[Served, Path]) -> None:
    served, _ = capped
    port = int(served.origin.rsplit(":", 1)[1])
    (quiet,) = _silent(port, 1)
    half = socket.create_connection(("127.0.0.1", port), timeout=5)
    half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # headers never finished
    start = time.monotonic()
    for s in (quiet, half):
        s.settimeout(IDLE + 10)
        assert s.recv(100) == b""  # closed by the server
        s.close()
    assert time.monotonic() - start < IDLE + 8


def test_answers_name_no_server_and_odd_requests_get_404_or_400(room: Served) -> None:
    phone = room.joined()
    for path in ("/", "/nowhere", "/static/a%00b", "/static/../settings.csv", "/static/"):
        answer = phone.get(path)
        assert "Server" not in answer.headers, path
        assert answer.status in (200, 404), (path, answer.status)
        assert "Traceback" not in answer.text
    vote = phone.vote_fields(phone.ballot()[0]["label"], 1)
    for bad in ("", "x" * 10_000, "\x00", "O1\u202e"):
        answer = phone.post("/vote", {**vote, "option_id": bad})
        assert answer.status in (400, 409), (bad[:20], answer.status, answer.text[:300])
        assert "Server" not in answer.headers


def test_codes_guessed_through_the_cookies_count_as_typed_ones(tmp_path: Path) -> None:
    from contextlib import ExitStack

    from tests.test_phone_server import serve

    with ExitStack() as stack:
        served = serve(stack, new_folder(tmp_path))
        joined = served.joined()
        stale = Phone(served.origin)
        stale.cookies["toolkit_join"] = "OLDCODE1"  # last month's workshop: one value, again
        for _ in range(15):
            assert stale.get().status == 200 and "toolkit_join" not in stale.get().text
        assert joined.get(fragment=True).status == 200  # a stale cookie locks no one out
        pid, code = joined.me
        guesser = Phone(served.origin)
        guesser.cookies["toolkit_join"] = served.code
        for n in range(5):  # personal codes tried through the cookie: 5 wrong ones
            guesser.cookies["toolkit_me"] = f"{pid}:WRONG{n:03d}"
            assert "Welcome back" not in guesser.get().text
        guesser.cookies["toolkit_me"] = f"{pid}:{code}"  # now even the right one waits
        assert guesser.get(fragment=True).text != joined.get(fragment=True).text
        for n in range(10):  # join codes tried through the cookie
            guesser.cookies = {"toolkit_join": f"GUESS{n:03d}"}
            guesser.get()
        guesser.cookies = {"toolkit_join": served.code}  # the right code, from that place
        assert 'action="/login"' in guesser.get().text  # must wait, like a typed guess


def _limited(root: Path, joins: int, issues: int) -> Path:
    """A session of the housing template with its phones' limits set low."""
    from toolkit.records import create_session

    template = template_with_phone_limits(root, joins, issues)
    return create_session(root / "session", template, "Limits")


def test_joins_from_one_address_and_issues_from_one_person_are_limited(tmp_path: Path) -> None:
    from contextlib import ExitStack

    from tests.test_phone_server import phones_show, serve

    folder = _limited(tmp_path, joins=3, issues=2)
    phones_show(folder, "issues")
    with ExitStack() as stack:
        served = serve(stack, folder)
        family = [served.joined() for _ in range(3)]  # a family sharing one phone
        fourth = Phone(served.origin).enter(served.code)
        refused = fourth.post("/join", fourth.join_fields("tenants"))
        assert refused.status == 429 and refused.said == ("error", (
            "Many people have joined from this address in the last few minutes. Ask the "
            "facilitator to add you."))  # fmt: skip
        assert "toolkit_me" not in fourth.cookies
        phone = family[0]
        for n in range(3):
            page = phone.get(fragment=True).text
            issue_id = re.search(r'name="issue_id" value="([^"]+)"', page)
            assert issue_id
            answer = phone.post("/issue", {"issue_id": issue_id.group(1), "text": f"Issue {n}",
                                           "category": ""})  # fmt: skip
        assert answer.status == 409 and answer.said == ("error", (
            "You have raised 2 issues, the most one person may. Thank you: talk to the "
            "facilitator if there is more."))  # fmt: skip
        saved = [r["text"] for r in csv.DictReader((folder / "issues.csv").open()) if r["text"]]
        assert saved == ["Issue 0", "Issue 1"]


def test_a_template_with_odd_limits_is_refused(tmp_path: Path) -> None:
    from toolkit.domain.template import TemplateError
    from toolkit.records.templates import load_template

    template = template_with_phone_limits(tmp_path, 3, 2)
    settings = template / "template.toml"
    shipped = settings.read_text().split("\n[phones]")[0]
    for bad in ("joins_per_address = 0", "issues_per_person = true", "joins_per_hour = 3"):
        settings.write_text(f"{shipped}\n[phones]\n{bad}\n")
        with pytest.raises(TemplateError, match=r"phones\.(joins_per|issues_per)"):
            load_template(template)
