"""`toolkit serve`: the facilitator's screens on loopback, the phones' own server (no kernels)
behind the session's join code, URLs printed, both servers stopped on Ctrl-C or a signal."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

import toolkit
from tests.test_facilitator_access import _get as _unfollowed
from tests.test_phone_server import Phone, phones_pid
from toolkit.apps.serving import SCREENS, free_port
from toolkit.cli import main

NOT_FOUND = "There is no such page here. Open the join link again."


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as page:
            return page.status, page.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _serve(session: Path, port: int, phones: int, *more: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolkit.cli",
            "serve",
            str(session),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--participant-port",
            str(phones),
            *more,
        ],
        stdout=subprocess.PIPE,
        stderr=(session.parent / "serve-stderr.log").open("w"),  # read when it does not stop
        text=True,
    )


def _stopped(process: subprocess.Popen[str], session: Path, deadline: float = 90) -> int:
    """`toolkit serve`'s exit code once it has stopped its servers (at most 15 s each, then
    SIGKILL); if it has not within `deadline`, what it was doing, then it is killed."""
    try:
        return process.wait(timeout=deadline)
    except subprocess.TimeoutExpired:
        tree = subprocess.run(["ps", "-o", "pid,pgid,stat,wchan:20,args", "-e"],
                              capture_output=True, text=True).stdout  # fmt: skip
        process.kill()
        said = (session.parent / "serve-stderr.log").read_text(errors="replace")[-4000:]
        raise AssertionError(
            f"toolkit serve did not stop within {deadline} s\n{said}\n{tree}"
        ) from None


def _until_served(process: subprocess.Popen[str]) -> str:
    """What `toolkit serve` printed, up to the last URL; what it prints after that is read
    and dropped, so a full pipe never blocks the servers while they stop."""
    assert process.stdout is not None
    printed = ""
    while "Projector" not in printed:
        line = process.stdout.readline()
        assert line, f"toolkit serve exited before serving:\n{printed}"
        printed += line
    printed += process.stdout.readline()
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return printed


def _gone(pid: int, deadline: float = 30) -> bool:
    """Whether process `pid` has exited (gone, or a zombie not yet collected)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def _nothing_listens(*ports: int) -> None:
    for p in ports:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", p), timeout=1).close()


def test_serve_prints_the_urls_guards_the_phones_page_and_stops_on_ctrl_c(
    session_dir: Path,
) -> None:
    port, phones = free_port(), free_port()
    own = session_dir / "notebooks" / "voting.ipynb"  # the session's copy is what is served
    nb = nbformat.read(own, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Our own voting page"))
    nbformat.write(nb, own)
    process = _serve(session_dir, port, phones)
    try:
        printed = _until_served(process)
        join = re.search(r"Join link for phones: (\S+)", printed)
        assert join, printed
        token = toolkit.open_session(session_dir).settings["join_token"]
        assert join.group(1) == f"http://127.0.0.1:{phones}/?token={token}"
        # for phones that cannot scan: the address without the code, and the code grouped
        typed = f"  or open http://127.0.0.1:{phones} on a phone and type the code "
        assert f"{typed}{token[:4]} {token[4:]}\n" in printed
        # the facilitator's screens, each address with the token they ask for
        facilitator = re.search(r"/voila/render/console\.ipynb\?token=([\w-]+)\n", printed)
        assert facilitator, printed
        key = facilitator.group(1)
        assert len(key) >= 24 and key != token
        for name, title in SCREENS.items():
            url = f"http://127.0.0.1:{port}/voila/render/{name}?token={key}"
            assert f"  {title}: {url}\n" in printed
        assert "participant" not in printed.lower() and "participant.ipynb" not in SCREENS
        status, html = _get(f"http://127.0.0.1:{port}/voila/render/voting.ipynb?token={key}")
        assert status == 200 and "rendered_cells" in html
        assert "Our own voting page" in html
        assert _get(f"http://127.0.0.1:{port}/voila/render/participant.ipynb?token={key}")[0] == 404
        # without the token: Voila's login form, no screen
        status, html = _get(f"http://127.0.0.1:{port}/voila/render/voting.ipynb")
        assert "rendered_cells" not in html and "Our own voting page" not in html

        # the phones' server: its own process, not a Voila
        pid = phones_pid(phones)
        assert b"toolkit.apps.phones" in Path(f"/proc/{pid}/cmdline").read_bytes()
        # only with the code: the bare address and wrong links get the login form
        for forged in ("", "?token=", "?token=wrong", f"?token={token}x"):
            stranger = Phone(f"http://127.0.0.1:{phones}")
            answer = stranger.get(f"/{forged}")
            assert answer.status in (200, 401), forged
            assert '<form method="post" action="/login"' in answer.text
            assert "toolkit_join" not in stranger.cookies and token not in answer.text
        phone = Phone(f"http://127.0.0.1:{phones}")
        answer = phone.get(f"/?token={token}")
        assert answer.status == 303 and answer.headers["Location"] == "/"
        assert phone.cookies["toolkit_join"] == token
        page = phone.get().text
        assert 'action="/join"' in page and "rendered_cells" not in page and token not in page
        # and nothing but the phones' routes, even with the code
        for path in (
            "/voila/render/voting.ipynb",
            "/voila/render/projector.ipynb",
            "/voila/render/console.ipynb",
            "/voila/files/voting.ipynb",
            "/voila/files/../votes.csv",
            "/voila/files/votes.csv",
            "/voila/tree",
            "/tree",
            "/files/votes.csv",
            "/api/contents",
            "/api/kernels",
            "/static/../votes.csv",
            "/votes.csv",
            "/logout",
        ):
            answer = phone.get(f"{path}?token={token}")
            assert answer.status == 404, path
            assert NOT_FOUND in answer.text or "404: Not Found" in answer.text, path
            assert token not in answer.text and "Jupyter" not in answer.text
    finally:
        process.send_signal(signal.SIGINT)
        code = _stopped(process, session_dir)
    assert code == 0
    _nothing_listens(port, phones)
    assert _gone(pid), "the phones' server outlived toolkit serve"


def test_serve_under_a_base_url_and_a_phones_prefix(session_dir: Path) -> None:
    """Behind a proxy that keeps the path (JupyterHub's /user/NAME/ and /services/NAME/):
    every printed address carries its path, the screens answer there with their token and
    Host check, and neither server answers outside its path. The user signs in by e-mail
    address, whose @ JupyterHub keeps in the path."""
    port, phones = free_port(), free_port()
    user = "/user/alice@council.example"
    process = _serve(session_dir, port, phones, "--base-url", user[1:],
                     "--phones-prefix", "/services/phones/")  # fmt: skip
    try:
        printed = _until_served(process)
        token = toolkit.open_session(session_dir).settings["join_token"]
        at = f"http://127.0.0.1:{phones}/services/phones/"
        assert f"  Join link for phones: {at}?token={token}\n" in printed
        assert f"  or open {at} on a phone and type the code " in printed
        key = re.search(r"/voila/render/console\.ipynb\?token=([\w-]+)\n", printed)
        assert key, printed
        base = f"http://127.0.0.1:{port}{user}"
        for name, title in SCREENS.items():
            assert f"  {title}: {base}/voila/render/{name}?token={key.group(1)}\n" in printed
        console = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        console.request("GET", f"{user}/voila/render/console.ipynb?token={key.group(1)}")
        answer = console.getresponse()
        html = answer.read().decode()
        console.close()
        assert answer.status == 200 and "rendered_cells" in html
        cookies = answer.headers.get_all("Set-Cookie") or []
        assert {c.split("=")[0] for c in cookies} >= {"_xsrf"}  # the login's, the shutdown's
        assert all(f"; Path={user}/" in c for c in cookies), cookies
        assets = re.findall(r'(?:src|href)="(/[^"]*)"', html)
        assert assets and all(a.startswith(f"{user}/voila/") for a in assets), assets
        origin = f"http://127.0.0.1:{port}"
        status, location = _unfollowed(origin, f"{user}/voila/render/console.ipynb")
        assert status == 302 and location.startswith(f"{user}/login?")  # the token asked
        with_key = f"?token={key.group(1)}"
        for outside in ("/", "/voila/render/console.ipynb", "/user/bob/"):
            assert _unfollowed(origin, outside + with_key)[0] == 404, outside
        foreign = {"Host": f"rebind.example:{port}"}
        assert _unfollowed(origin, f"{user}/{with_key}", foreign)[0] == 403

        phone = Phone(f"http://127.0.0.1:{phones}")
        assert phone.get(f"/?token={token}").status == 404
        answer = phone.get(f"/services/phones/?token={token}")
        assert answer.status == 303 and answer.headers["Location"] == "/services/phones/"
    finally:
        process.send_signal(signal.SIGINT)
        code = _stopped(process, session_dir)
    assert code == 0


def test_the_token_is_a_join_code_kept_across_restarts(session_dir: Path) -> None:
    from toolkit.apps.serving import session_token
    from toolkit.records.join_code import is_code

    first = session_token(session_dir)
    assert is_code(first) and session_token(session_dir) == first


def test_serve_refuses_a_folder_that_is_not_a_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("toolkit serve: datapackage.json: is missing, so this is not a session")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_terminating_serve_stops_both_servers(session_dir: Path, stop: signal.Signals) -> None:
    port, phones = free_port(), free_port()
    process = _serve(session_dir, port, phones)
    try:
        printed = _until_served(process)
        token = re.search(r"\?token=(\w+)", printed)
        assert token, printed
        pid = phones_pid(phones)
    finally:
        process.send_signal(stop)
        code = _stopped(process, session_dir)
    assert code == 0
    _nothing_listens(port, phones)
    assert _gone(pid), "the phones' server outlived toolkit serve"
    # a restart keeps the code the projector already shows
    from toolkit.apps.serving import session_token

    assert session_token(session_dir) == token.group(1)


def test_a_session_serves_its_own_notebooks_else_the_shipped_ones(session_dir: Path) -> None:
    from toolkit.apps.serving import session_notebook, session_notebooks
    from toolkit.records.templates import shipped_root

    assert session_notebooks(session_dir) == session_dir / "notebooks"
    assert not (session_dir / "notebooks" / "participant.ipynb").exists()  # phones: no notebook
    assert session_notebook(session_dir, "voting.ipynb") == (
        session_dir / "notebooks" / "voting.ipynb"
    )
    (session_dir / "notebooks" / "voting.ipynb").unlink()
    assert session_notebook(session_dir, "voting.ipynb") == (
        shipped_root("notebooks") / "voting.ipynb"
    )
    shutil.rmtree(session_dir / "notebooks")  # a session made before sessions carried them
    assert session_notebooks(session_dir) == shipped_root("notebooks")
