"""`toolkit serve`: the facilitator's screens on loopback, the participants' page alone and
behind the session's token, URLs printed, everything stopped on Ctrl-C."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

import toolkit
from toolkit.apps.serving import SCREENS, free_port
from toolkit.cli import main


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as page:
            return page.status, page.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object) -> None:
        return None


def _status_without_redirect(url: str) -> int:
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=60) as page:
            return int(page.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_prints_the_urls_guards_the_phones_page_and_stops_on_ctrl_c(
    session_dir: Path,
) -> None:
    port, phones = free_port(), free_port()
    own = session_dir / "notebooks" / "voting.ipynb"  # the session's copy is what is served
    nb = nbformat.read(own, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Our own voting page"))
    nbformat.write(nb, own)
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "serve", str(session_dir), "--host", "127.0.0.1",
         "--port", str(port), "--participant-port", str(phones)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        assert process.stdout is not None
        printed = ""
        while "Projector" not in printed:
            line = process.stdout.readline()
            assert line, "toolkit serve exited before serving"
            printed += line
        printed += "".join(process.stdout.readline() for _ in range(2))
        join = re.search(r"Join link for phones: (\S+)", printed)
        assert join, printed
        token = toolkit.open_session(session_dir).settings["join_token"]
        assert join.group(1) == f"http://127.0.0.1:{phones}/?token={token}"
        # for phones that cannot scan: the address without the token, and the code grouped
        typed = f"  or open http://127.0.0.1:{phones} on a phone and type the code "
        assert f"{typed}{token[:4]} {token[4:]}\n" in printed
        for name, title in SCREENS.items():
            url = f"http://127.0.0.1:{port}/voila/render/{name}"
            assert f"  {title}: {url}" in printed
        status, html = _get(f"http://127.0.0.1:{port}/voila/render/voting.ipynb")
        assert status == 200 and "rendered_cells" in html
        assert "Our own voting page" in html

        # the phones' server: the participants' page only, and only with the token
        status, html = _get(join.group(1))
        assert status == 200 and "rendered_cells" in html
        for forged in ("", "?token=", "?token=wrong", f"?token={token}x"):
            assert _status_without_redirect(f"http://127.0.0.1:{phones}/{forged}") in (302, 403)
        for path in (
            "voila/render/voting.ipynb",
            "voila/render/projector.ipynb",
            "voila/render/console.ipynb",
            "voila/files/voting.ipynb",
            "voila/files/participant.ipynb",
            "voila/files/../votes.csv",
            "voila/files/votes.csv",
            "voila/tree",
            "tree",
            "files/votes.csv",
            "api/contents",
        ):
            status, _ = _get(f"http://127.0.0.1:{phones}/{path}?token={token}")
            assert status in (403, 404), path
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=60)
    assert code == 0
    for p in (port, phones):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", p), timeout=1).close()


def test_the_token_is_a_join_code_kept_across_restarts(session_dir: Path) -> None:
    from toolkit.apps.join_code import is_code
    from toolkit.apps.serving import session_token

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
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "serve", str(session_dir), "--host", "127.0.0.1",
         "--port", str(port), "--participant-port", str(phones)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    assert process.stdout is not None
    while "Projector" not in process.stdout.readline():
        pass
    process.send_signal(stop)
    assert process.wait(timeout=60) == 0
    for p in (port, phones):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", p), timeout=1).close()


def test_a_session_serves_its_own_notebooks_else_the_shipped_ones(session_dir: Path) -> None:
    from toolkit.apps.serving import session_notebook, session_notebooks
    from toolkit.records.templates import shipped_root

    assert session_notebooks(session_dir) == session_dir / "notebooks"
    assert session_notebook(session_dir, "participant.ipynb") == (
        session_dir / "notebooks" / "participant.ipynb"
    )
    (session_dir / "notebooks" / "participant.ipynb").unlink()
    assert session_notebook(session_dir, "participant.ipynb") == (
        shipped_root("notebooks") / "participant.ipynb"
    )
    shutil.rmtree(session_dir / "notebooks")  # a session made before sessions carried them
    assert session_notebooks(session_dir) == shipped_root("notebooks")
