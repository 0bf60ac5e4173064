"""A participant's phone as the benchmarks drive it: an asyncio HTTP/1.1 client speaking to
the participants' server as a phone's browser does (its own keep-alive connection for pages
and forms, gzip accepted, cookies kept, and `/events` held open on a second connection, as
phone.js's EventSource), and what measures the server: its memory, open files and CPU.

`root` is the path the server answers under (`/`, or a shared server's `/services/phones/`):
the join link sends the phone to its session's own address, and every later request goes
there, as the forms and phone.js do.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import random
import re
import resource
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import psutil

SAMPLE_S = 0.1
FRAGMENT = {"X-Toolkit-Fragment": "1"}  # phone.js asks for <main>'s contents only
USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0 Mobile Safari/537.36"
)


# --- one phone: HTTP/1.1 over asyncio streams ----------------------------------------------


class HTTPError(Exception):
    pass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], dict[str, str]]:
    status_line = await reader.readline()
    if not status_line:
        raise HTTPError("connection closed by the server")
    status = int(status_line.split(b" ", 2)[1])
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    while True:
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            return status, headers, cookies
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
        headers[name] = value


async def _read_chunk(reader: asyncio.StreamReader) -> bytes:
    size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
    data = await reader.readexactly(size) if size else b""
    await reader.readline()  # the CRLF after each chunk (and after the last, empty one)
    return data


class Phone:
    """One participant's phone: its cookies, its keep-alive connection, its event stream."""

    def __init__(self, n: int, host: str, port: int, token: str, root: str = "/") -> None:
        self.n, self.host, self.port, self.token = n, host, port, token
        self.root = self.base = root  # the server's path; the session's, once joined
        self.jar: dict[str, str] = {}
        self.conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.connections = 0
        self.events: list[tuple[float, str]] = []  # (time.time(), data) of each pushed event
        self.pushed = asyncio.Event()
        self.stream_task: asyncio.Task[None] | None = None
        self.stream_writer: asyncio.StreamWriter | None = None
        self.html = ""  # <main>'s contents as last drawn
        self.arrived = 0.0
        self.join_s = 0.0
        self.steps: dict[str, float] = {}  # how long each part of joining took
        self.participant_id = ""
        self.acks: list[tuple[float, str]] = []  # (time.time(), option id) per saved dot
        self.dot_s: list[float] = []
        self.redrawn_at = 0.0
        self.error = ""

    def _headers(self, extra: dict[str, str]) -> bytes:
        lines = [
            f"Host: {self.host}:{self.port}",
            f"User-Agent: {USER_AGENT}",
            "Accept-Encoding: gzip, deflate, br",
            "Accept-Language: en-GB,en;q=0.9",
            "Connection: keep-alive",
        ]
        if self.jar:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.jar.items()))
        lines += [f"{k}: {v}" for k, v in extra.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        extra: dict[str, str] | None = None,
    ) -> Answer:
        """One request on the phone's keep-alive connection (reopened if the server closed it)."""
        body = urlencode(form).encode() if form is not None else b""
        headers = {"Accept": "text/html,*/*;q=0.8", **(extra or {})}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Content-Length"] = str(len(body))
            headers["Origin"] = f"http://{self.host}:{self.port}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = await asyncio.open_connection(self.host, self.port)
                self.connections += 1
            reader, writer = self.conn
            try:
                writer.write(
                    f"{method} {path} HTTP/1.1\r\n".encode() + self._headers(headers) + body
                )
                await writer.drain()
                status, head, cookies = await _read_head(reader)
                break
            except (HTTPError, ConnectionError) as exc:
                # A keep-alive connection the server had closed: a browser retries once.
                self.close()
                if attempt == 2:
                    raise HTTPError(f"{method} {path}: {exc}") from exc
        if "content-length" in head:
            data = await reader.readexactly(int(head["content-length"]))
        elif head.get("transfer-encoding") == "chunked":
            parts = []
            while part := await _read_chunk(reader):
                parts.append(part)
            data = b"".join(parts)
        else:
            data = await reader.read()
            self.close()
        if head.get("content-encoding") == "gzip":
            data = zlib.decompress(data, 16 + zlib.MAX_WBITS)
        if head.get("connection", "").lower() == "close":
            self.close()
        self.jar.update(cookies)
        return Answer(status, head, cookies, data)

    async def open_events(self) -> None:
        """`/events` on a connection of its own, held open; its events are kept with their
        arrival time (EventSource in phone.js)."""
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.stream_writer = writer
        writer.write(f"GET {self.base}events HTTP/1.1\r\n".encode() + self._headers({
            "Accept": "text/event-stream", "Cache-Control": "no-cache"}))  # fmt: skip
        await writer.drain()
        status, head, _ = await _read_head(reader)
        if status != 200 or head.get("transfer-encoding") != "chunked":
            raise HTTPError(f"/events answered {status} {head}")

        async def follow() -> None:
            buffer = ""
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, ValueError):
                while chunk := await _read_chunk(reader):
                    buffer += chunk.decode()
                    while "\n\n" in buffer:
                        event, buffer = buffer.split("\n\n", 1)
                        for line in event.splitlines():
                            if line.startswith("data:"):
                                self.events.append((time.time(), line[5:].strip()))
                                self.pushed.set()

        self.stream_task = asyncio.get_running_loop().create_task(follow())

    def close(self) -> None:
        if self.conn is not None:
            self.conn[1].close()
            self.conn = None

    async def shut(self) -> None:
        self.close()
        if self.stream_writer is not None:
            self.stream_writer.close()
        if self.stream_task is not None:
            self.stream_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.stream_task

    # What a phone does

    async def join(self, group_of: int) -> None:
        start = time.perf_counter()
        mark = start

        def step(name: str) -> None:
            nonlocal mark
            now = time.perf_counter()
            self.steps[name], mark = now - mark, now

        first = await self.request("GET", f"{self.root}?token={self.token}")
        step("join link")
        if first.status != 303 or "toolkit_join" not in self.jar:
            raise HTTPError(f"join link answered {first.status}")
        self.base = urlsplit(first.headers.get("location", self.root)).path
        page = await self.request("GET", self.base)
        script = re.search(r'<script src="([^"]+)"', page.text)
        if page.status != 200 or not script:
            raise HTTPError(f"join page answered {page.status}")
        step("join page")
        js = await self.request("GET", html.unescape(script.group(1)), extra={"Accept": "*/*"})
        if js.status != 200:
            raise HTTPError(f"phone.js answered {js.status}")
        step("phone.js")
        await self.open_events()  # the page's script opens the stream as it loads
        step("/events opened")
        groups = re.findall(r'name="group" value="([^"]+)"', page.text)
        fields = dict(re.findall(r'name="(_xsrf|form_id)" value="([^"]+)"', page.text))
        form = {"group": groups[group_of % len(groups)], **fields}
        joined = await self.request("POST", f"{self.base}join", form, extra=FRAGMENT)
        if joined.status != 200 or "toolkit_me" not in self.jar:
            raise HTTPError(f"join answered {joined.status}: {words(joined.text)[:200]}")
        step("join POST")
        self.join_s = time.perf_counter() - start
        self.participant_id = self.jar["toolkit_me"].split(":", 1)[0]
        self.html = joined.text

    def open_pluses(self) -> list[dict[str, str]]:
        """The vote forms whose '+' is enabled on the ballot as last drawn."""
        forms = []
        action = re.escape(f'action="{self.base}vote"')
        for inner in re.findall(rf"<form[^>]*{action}[^>]*>(.*?)</form>", self.html, re.S):
            plus = re.search(r'<button[^>]*value="1"[^>]*>', inner)
            if plus and " disabled" not in plus.group(0):
                hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', inner)
                forms.append({k: html.unescape(v) for k, v in hidden})
        return forms

    async def dot(self, rng: random.Random) -> None:
        choices = self.open_pluses()
        if not choices:
            raise HTTPError(f"no '+' enabled after {len(self.acks)} dots")
        form = {**rng.choice(choices), "step": "1"}
        start = time.perf_counter()
        answer = await self.request("POST", f"{self.base}vote", form, extra=FRAGMENT)
        if answer.status != 200:
            raise HTTPError(f"dot answered {answer.status}: {words(answer.text)[:200]}")
        self.acks.append((time.time(), form["option_id"]))
        self.dot_s.append(time.perf_counter() - start)
        self.html = answer.text

    async def redraw_after_push(self, seen: int) -> None:
        """As phone.js: on a new version, wait 0-0.6 s, then fetch <main> again."""
        while len(self.events) <= seen:
            self.pushed.clear()
            await self.pushed.wait()
        await asyncio.sleep(random.Random(self.n).uniform(0, 0.6))
        answer = await self.request("GET", self.base, extra=FRAGMENT)
        if answer.status != 200:
            raise HTTPError(f"redraw answered {answer.status}")
        self.html = answer.text
        self.redrawn_at = time.time()


def words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# --- the room: every phone, in one asyncio loop in a thread of its own -----------------------


# --- measuring the server -----------------------------------------------------------------


class Sampler(threading.Thread):
    """The server's resident memory and open files every 0.1 s; stops quietly when the
    process has gone (rather than dying with it)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_mb, self.peak_fds, self.samples = 0.0, 0, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(SAMPLE_S):
            try:
                with self.process.oneshot():
                    rss, fds = self.process.memory_info().rss, self.process.num_fds()
            except psutil.Error:
                return
            self.peak_mb = max(self.peak_mb, rss / 2**20)
            self.peak_fds = max(self.peak_fds, fds)
            self.samples += 1


def cpu_seconds(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def server_process(port: int) -> psutil.Process:
    """The participants' server: the child of this process serving on `port`."""
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            line = child.cmdline()
            if "toolkit.apps.phones" in line and str(port) in line:
                return child
    raise RuntimeError(f"no participants' server on port {port} among this process's children")


# The projector's counts, as the room sees them, each time they change (Date.now() is the


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] if ordered else 0.0


@contextlib.contextmanager
def more_open_files() -> Iterator[None]:
    """Two sockets per phone on this side: raise the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
