"""A whole JupyterHub on 127.0.0.1 for the hub tests: deploy/jupyterhub/jupyterhub_config.py as
it is, with the test's authenticator (DummyAuthenticator) and spawner (SimpleLocalProcessSpawner)
set after it; ports, database, secrets and sessions in a temporary folder; every process it
started stopped by its id afterwards."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import psutil
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from tests.test_phone_server import Answer, Phone
from toolkit.apps.serving import free_port

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "jupyterhub"
EXAMPLE = DEPLOY / "jupyterhub_config.py"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "any"  # DummyAuthenticator takes any password (allowed_users: who)
# Bob signs in by e-mail address, as many organisations' sign-ins give names: JupyterHub
# keeps the @ in /user/NAME/, and everything under it must work.
FACILITATORS = ("alice", "bob@council.example")

TEST_CONFIG = """\
load_subconfig({example!r})  # the organisation's example, as it is
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home!r} + "/{{username}}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.pid_file = {tmp!r} + "/proxy.pid"
c.JupyterHub.pid_file = {tmp!r} + "/hub.pid"
c.JupyterHub.db_url = "sqlite:///" + {tmp!r} + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = {tmp!r} + "/cookie_secret"
c.JupyterHub.log_level = "INFO"
"""


def needs_node() -> None:
    """Skip, saying what to install, where the Hub's proxy cannot run."""
    pytest.importorskip(
        "jupyterhub", reason="the Hub tests need jupyterhub (pip install -e '.[test]')"
    )
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("the Hub tests need Node.js 20 or newer and npm (apt-get install nodejs npm)")
    if not PROXY.exists():
        pytest.skip(f"the Hub's proxy is not installed: run 'npm ci' in {DEPLOY} (make test does)")


@dataclass
class Landed(Answer):
    """An answer, and the address it came from after the redirects."""

    path: str = ""


@dataclass
class Hub:
    origin: str  # the Hub's public address, its proxy: http://127.0.0.1:PORT
    sessions: Path  # SESSIONS/alice, SESSIONS/bob
    log: Path
    process: subprocess.Popen[bytes]
    started: dict[int, float] = field(default_factory=dict)  # pid: create time

    def answer(self, phone: Phone, path: str, method: str = "GET", **fields: str) -> Landed:
        """What the browser ends on: redirects followed within the Hub (never elsewhere)."""
        answer = phone.post(path, fields, fragment=False) if method == "POST" else phone.get(path)
        for _ in range(12):
            if answer.status not in (301, 302, 303, 307):
                break
            path = urljoin(self.origin + path, answer.headers["Location"])
            assert path.startswith(self.origin + "/"), path
            path = path[len(self.origin) :]
            answer = phone.get(path)
        return Landed(answer.status, answer.headers, answer.raw, path)

    def login(self, name: str) -> Phone:
        """The facilitator signs in with the Hub's login form; their server starts."""
        browser = Phone(self.origin)
        assert browser.get("/hub/login").status == 200
        answer = self.answer(browser, "/hub/login", "POST", username=name, password=PASSWORD)
        assert answer.status == 200, (answer.status, self.tail())
        return browser

    def wait_for_lab(self, browser: Phone, name: str, timeout: float = 60) -> Landed:
        deadline = time.monotonic() + timeout
        while True:
            answer = self.answer(browser, f"/user/{name}/lab")
            if answer.status == 200 and answer.path == f"/user/{name}/lab":
                return answer
            if time.monotonic() > deadline:
                pytest.fail(f"{name}'s server did not start: {answer.status}\n{self.tail()}")
            time.sleep(0.5)

    def type_in_terminal(self, browser: Phone, name: str, line: str, until: str) -> str:
        """What JupyterLab's terminal shows once `line` typed in a new terminal of `name`'s
        server shows `until` (its API and its websocket, as JupyterLab uses them)."""
        xsrf = {"X-XSRFToken": browser.cookies["_xsrf"], "Content-Type": "application/json"}
        made = browser.request("POST", f"/user/{name}/api/terminals", b"{}", xsrf)
        assert made.status == 200, made.text
        terminal = json.loads(made.text)["name"]
        cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        where = f"ws{self.origin[4:]}/user/{name}/terminals/websocket/{terminal}"

        shown: list[str] = []

        async def type_and_read() -> None:
            request = HTTPRequest(where, headers={"Cookie": cookies})
            socket = await websocket_connect(request)
            socket.write_message(json.dumps(["stdin", line + "\r"]))
            while until not in "".join(shown):
                message = await socket.read_message()
                assert message is not None, shown
                kind, *text = json.loads(message)
                shown.extend(t for t in text if kind == "stdout" and isinstance(t, str))
            socket.close()

        try:  # called in a thread of its own: a worker's Chromium (Playwright's sync API)
            asyncio.run(asyncio.wait_for(type_and_read(), 60))  # marks the main one running
        except TimeoutError:
            pytest.fail(f"{name}'s terminal showed no {until!r}:\n{''.join(shown)}")
        finally:
            browser.request("DELETE", f"/user/{name}/api/terminals/{terminal}", None, xsrf)
        return "".join(shown)

    def remember_children(self) -> None:
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                self.started.setdefault(child.pid, child.create_time())
            except psutil.NoSuchProcess:
                pass

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_for(url_ok: Phone, path: str, hub: Hub, timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            pytest.fail(f"the Hub stopped:\n{hub.tail()}")
        try:
            if url_ok.get(path).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{path} did not answer:\n{hub.tail()}")


@contextmanager
def running_hub(tmp: Path) -> Iterator[Hub]:
    """The example Hub with the test's settings, until the block ends."""
    needs_node()
    ports: set[int] = set()
    while len(ports) < 4:  # four different ones, however the system hands them out
        ports.add(free_port())
    port, hub_port, api_port, phones_port = ports
    sessions, home = tmp / "sessions", tmp / "home"
    config = tmp / "jupyterhub_test_config.py"
    config.write_text(TEST_CONFIG.format(
        example=str(EXAMPLE), users=set(FACILITATORS), home=str(home),
        hub_port=hub_port, api_port=api_port, tmp=str(tmp),
    ))  # fmt: skip
    env = {
        **os.environ,
        "TOOLKIT_HUB_SESSIONS": str(sessions),
        "TOOLKIT_HUB_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "TOOLKIT_HUB_PHONES_PORT": str(phones_port),
    }
    log = tmp / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    hub = Hub(f"http://127.0.0.1:{port}", sessions, log, process)
    try:
        probe = Phone(hub.origin)
        wait_for(probe, "/hub/health", hub)
        wait_for(probe, "/services/phones/", hub)
        hub.remember_children()
        yield hub
    finally:
        stop(hub)


def stop(hub: Hub) -> None:
    """SIGTERM to the Hub, which stops its proxy, servers and services (each in a session
    of its own: no process group reaches them); then anything left, by its id, is killed."""
    if hub.process.poll() is None:
        hub.remember_children()
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(30)  # the Hub gives a server up to 20 s to stop
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(5)
    deadline = time.monotonic() + 5  # a kernel may take a moment after its server
    while (left := running(hub.started)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for process in left:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    assert not left, f"still running after the Hub stopped: {left}\n{hub.tail()}"


def running(started: dict[int, float]) -> list[psutil.Process]:
    """Which of the processes started (by id and create time) still run."""
    found = []
    for pid, created in started.items():
        try:
            process = psutil.Process(pid)
            if process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found
