"""Looking after what `toolkit serve` starts: one serve per session, and each server's
process started, watched, started again or reported, and stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from toolkit.domain.room import RESTARTED_KEY
from toolkit.records.append import LOCK_DIR, Recorder, utc_now

# Held by the running serve for its whole life: an OS lock, so a serve that was killed
# leaves none behind (its file stays, unlocked). Beside it, the running serve's addresses.
SERVE_LOCK = "serve.lock"
SERVE_ADDRESSES = "serve.txt"
RETRY_SECONDS = 5.0  # after a failed restart: a server that cannot start is not hammered


class AlreadyServedError(ValueError):
    """The session is being served by another `toolkit serve`."""


@contextmanager
def only_serve(folder: Path) -> Iterator[Callable[[Sequence[str]], None]]:
    """Be the session's only serve until the block ends, or refuse at once naming the one
    that is. Yields `leave(lines)`, which leaves this serve's addresses for a second to name."""
    locks = folder / LOCK_DIR
    locks.mkdir(exist_ok=True)
    lock = FileLock(locks / SERVE_LOCK, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise AlreadyServedError(_running_serve(folder)) from None
    addresses = locks / SERVE_ADDRESSES

    def leave(lines: Sequence[str]) -> None:
        addresses.write_text("".join(f"{line}\n" for line in (f"pid {os.getpid()}", *lines)))

    try:
        leave([])
        yield leave
    finally:
        addresses.unlink(missing_ok=True)
        lock.release()


def _running_serve(folder: Path) -> str:
    try:
        pid, *lines = (folder / LOCK_DIR / SERVE_ADDRESSES).read_text().splitlines()
    except (OSError, ValueError):
        pid, lines = "", []
    who = f"another toolkit serve ({pid})" if pid else "another toolkit serve"
    where = "; ".join(lines) if lines else "it is still starting"
    return (
        f"{folder} is already being served by {who}: {where}. Use that one, or stop it "
        "(Ctrl-C in its terminal) before serving the session again"
    )


class Child:
    """One server that a serve runs: its command, where it listens (and the path it answers
    under, if any), and its process (a session of its own, so that stopping it stops what it
    started, such as kernels)."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        host: str,
        port: int,
        env: Mapping[str, str] | None = None,
        quiet: bool = True,
        timeout: float = 60,
        path: str = "/",
    ) -> None:
        self.name, self.command, self.host, self.port = name, list(command), host, port
        self.env, self.quiet, self.timeout, self.path = env, quiet, timeout, path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def address(self) -> str:
        """Where it answers: its origin and path, without the path's last slash."""
        return self.origin + self.path.rstrip("/")

    def start(self) -> None:
        """Start the server and wait until it listens (it is stopped if it does not)."""
        output = subprocess.DEVNULL if self.quiet else None
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=output, stderr=output, start_new_session=True
        )
        try:
            wait_until_listening(self.process, self.host, self.port, self.timeout, self.name)
        except BaseException:
            self.stop()
            raise

    def exited(self) -> int | None:
        """Its exit code once it has stopped (and it is reaped: no zombie), else None."""
        return None if self.process is None else self.process.poll()

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


@contextmanager
def running(child: Child) -> Iterator[Child]:
    """The child started, until the block ends."""
    try:
        child.start()
        yield child
    finally:
        child.stop()


def wait_until_listening(
    process: subprocess.Popen[bytes], host: str, port: int, timeout: float, name: str = "Voila"
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise OSError(
                f"{name} stopped at start (exit code {process.returncode}); is port "
                f"{port} already in use?"
            )
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} did not start listening on {host}:{port}") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a process and its process group (SIGTERM, then SIGKILL after 15 s) and reap it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:  # the group is gone: reap the leader, if not yet
        process.wait()


def how_it_stopped(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def watch(voila: Child, phones: Child | None, folder: Path, every: float = 0.5) -> int:
    """The serve's main loop: every `every` seconds, a phones' server that stopped is started
    again (same address and join code, so phones carry on), said with the time and recorded
    for the console; once Voila stops, say so and return 1 (the caller stops the rest)."""
    retry_at = 0.0
    while True:
        time.sleep(every)
        code = voila.exited()
        if code is not None:
            print(
                f"toolkit serve: {_clock()} the facilitator's screens (Voila) stopped "
                f"({how_it_stopped(code)}); stopping the participants' server too. Run "
                "toolkit serve again to carry on: everything saved is kept",
                file=sys.stderr,
                flush=True,
            )
            return 1
        if phones is None or time.monotonic() < retry_at:
            continue
        code = phones.exited()
        if code is None:
            continue
        stopped = f"{_clock()} the participants' server stopped ({how_it_stopped(code)})"
        try:
            phones.stop()  # anything left in its process group
            phones.start()
        except OSError as exc:
            retry_at = time.monotonic() + RETRY_SECONDS
            say(f"{stopped} and could not be started again: {exc}. Trying again in "
                f"{RETRY_SECONDS:g} s")  # fmt: skip
            continue
        say(f"{stopped} and was started again at {phones.address}, with the same join code: "
            "phones carry on")  # fmt: skip
        try:
            Recorder(folder, holder="toolkit serve").append(
                "settings", "set", key=RESTARTED_KEY, value=utc_now()
            )
        except (ValueError, OSError) as exc:
            say(f"  (not recorded for the console: {exc})")


def say(line: str) -> None:
    print(line, flush=True)


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S")
