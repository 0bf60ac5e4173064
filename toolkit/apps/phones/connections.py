"""How many connections the phones' server holds, and for how long: a cap well under its
open-file limit, answered with a plain refusal and one log line a minute (not a spinning
accept loop and megabytes of tracebacks when files run out), and timeouts for connections
that send nothing, or a request's headers or body too slowly."""

from __future__ import annotations

import errno
import logging
import os
import resource
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any, cast

from tornado import httpserver, iostream
from tornado.ioloop import PeriodicCallback

log = logging.getLogger("toolkit.phones")

# What a phone may take to send a request's headers, or its body, and how long a kept-alive
# connection may wait for the next request. Pushed updates (/events) are a request being
# answered: no timeout ends them.
IDLE_SECONDS = 30.0
BODY_SECONDS = 30.0
# Files the server needs besides its connections: the session's CSVs, locks, logs, Python's.
RESERVED_FILES = 64

_BUSY = b"Too many phones are connecting at once. Please try again in a moment.\n"
REFUSAL = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Retry-After: 5\r\nConnection: close\r\n"
    + f"Content-Length: {len(_BUSY)}\r\n\r\n".encode()
    + _BUSY
)


def connection_cap() -> int:
    """The most connections at once: the open-file limit less what the server needs else,
    and at most four fifths of the limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = soft if soft != resource.RLIM_INFINITY else 65536
    return max(8, min(limit - RESERVED_FILES, limit * 4 // 5))


class CappedHTTPServer(httpserver.HTTPServer):
    """Tornado's HTTP server, refusing connections beyond `cap` with a plain 503."""

    def initialize(self, *args: Any, cap: int = 0, idle_seconds: float = IDLE_SECONDS,
                   **kwargs: Any) -> None:  # fmt: skip
        kwargs.setdefault("idle_connection_timeout", idle_seconds)  # also the header timeout
        kwargs.setdefault("body_timeout", BODY_SECONDS)
        super().initialize(*args, **kwargs)
        self.cap = cap or connection_cap()
        self.refused = 0
        self._said_at = float("-inf")

    def handle_stream(self, stream: iostream.IOStream, address: tuple[Any, ...]) -> None:
        if len(self._connections) < self.cap:
            return super().handle_stream(stream, address)
        self.refused += 1
        self._say(f"{len(self._connections)} connections open (the most at once): refusing "
                  f"new ones ({self.refused} so far)")  # fmt: skip
        try:  # at once, not queued: the refused connection gives its file back now
            stream.socket.send(REFUSAL)
        except OSError:
            pass
        stream.close()
        return None

    def add_sockets(self, sockets: Iterable[socket.socket]) -> None:
        super().add_sockets([cast(socket.socket, _Listening(s, self)) for s in sockets])

    def out_of_files(self) -> None:
        self._say("out of open files: a connection was refused")

    def _say(self, line: str) -> None:
        """One log line a minute at most, however many connections come."""
        now = time.monotonic()
        if now - self._said_at > 60:
            self._said_at = now
            log.warning("%s", line)


class _Listening:
    """The listening socket, which on running out of files takes the waiting connection with
    a file kept spare for it and closes it, rather than raise (Tornado would log the error
    and be called again at once, for ever: a spin)."""

    def __init__(self, listening: socket.socket, server: CappedHTTPServer) -> None:
        self._socket, self._server = listening, server
        self._spare = os.open(os.devnull, os.O_RDONLY)

    def accept(self) -> tuple[socket.socket, Any]:
        try:
            return self._socket.accept()
        except OSError as exc:
            if exc.errno not in (errno.EMFILE, errno.ENFILE):
                raise
            self._server.out_of_files()
            os.close(self._spare)
            try:
                self._socket.accept()[0].close()
            except OSError:
                pass
            finally:
                self._spare = os.open(os.devnull, os.O_RDONLY)
            raise BlockingIOError from exc  # Tornado: nothing more to take for now

    def __getattr__(self, name: str) -> Any:
        return getattr(self._socket, name)


def listen_capped(
    application: Any, host: str, port: int, idle_seconds: float, refresh: Callable[[], None],
    every_ms: float,
) -> httpserver.HTTPServer:  # fmt: skip
    """Serve `application` on host:port with the cap and timeouts, calling `refresh` every
    `every_ms` (each refresh reads what was appended to the session folders)."""
    server = CappedHTTPServer(application, xheaders=False, max_body_size=1024 * 1024,
                              idle_seconds=idle_seconds)  # fmt: skip
    server.listen(port, host)
    PeriodicCallback(refresh, every_ms).start()
    return server
