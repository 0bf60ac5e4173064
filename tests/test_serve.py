"""`toolkit serve`: serves the session on loopback, prints its URL, stops cleanly on Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from toolkit.apps.serving import SCREENS, free_port
from toolkit.cli import main


def test_serve_prints_the_url_serves_the_page_and_stops_on_ctrl_c(session_dir: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "toolkit.cli",
            "serve",
            str(session_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = []
        while not any("Serving" in line for line in lines):
            line = process.stdout.readline()
            assert line, "toolkit serve exited before serving"
            lines.append(line)
        assert f"at http://127.0.0.1:{port}/" in lines[-1]
        screens = [process.stdout.readline() for _ in SCREENS]
        for name, title in SCREENS.items():
            url = f"http://127.0.0.1:{port}/voila/render/{name}"
            assert f"  {title}: {url}\n" in screens
            with urllib.request.urlopen(url, timeout=60) as page:
                html = page.read().decode()
            assert page.status == 200 and "rendered_cells" in html
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_serve_refuses_a_folder_that_is_not_a_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("toolkit serve: datapackage.json: is missing, so this is not a session")
    assert len(err.splitlines()) == 1
