"""Starting Voila for a session: the command line, its environment, and `toolkit serve`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from toolkit.records.folder import check_descriptor
from toolkit.records.templates import shipped_root

SESSION_ENV = "TOOLKIT_SESSION"
_JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"


def voila_command(notebooks: Path, host: str, port: int) -> list[str]:
    """Voila serving one notebook, or a folder of them, with the toolkit's offline template."""
    return [
        sys.executable, "-m", "voila", str(notebooks),
        f"--port={port}", f"--Voila.ip={host}", "--no-browser", "--template=toolkit",
        "--VoilaExecutor.timeout=60",
        # Closed tabs do not shut their kernels down (voila issue 1458): cull idle ones.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
    ]  # fmt: skip


def voila_env(session: Path) -> dict[str, str]:
    """The environment for Voila and its kernels: which session, where the page template is."""
    env = dict(os.environ)
    env[SESSION_ENV] = str(session.resolve())
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(_JUPYTER_DATA), env.get("JUPYTER_PATH", "")) if p
    )
    return env


SCREENS = {
    "overview.ipynb": "Session overview",
    "stakeholders.ipynb": "Stakeholder map",
    "issues.ipynb": "Issues",
    "voting.ipynb": "Dot-voting",
    "projector.ipynb": "Projector",
    "participant.ipynb": "Participants' page",
}


def notebook(name: str) -> Path:
    return shipped_root("notebooks") / name


def overview_notebook() -> Path:
    return notebook("overview.ipynb")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def voila_server(
    notebook: Path,
    session: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    quiet: bool = True,
    timeout: float = 60,
) -> Iterator[str]:
    """Run Voila on `notebooks` (one or a folder) for `session` until the block ends; yields
    its base URL. Stopped by process group, so its kernels stop with it."""
    port = port or free_port(host)
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(
        voila_command(notebook, host, port),
        env=voila_env(session),
        stdout=output,
        stderr=output,
        start_new_session=True,
    )
    try:
        _wait_until_listening(process, host, port, timeout)
        yield f"http://{host}:{port}"
    finally:
        _stop(process)


def _wait_until_listening(
    process: subprocess.Popen[bytes], host: str, port: int, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise OSError(
                f"Voila stopped at start (exit code {process.returncode}); is port "
                f"{port} already in use?"
            )
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Voila did not start listening on {host}:{port}") from None
            time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def serve(session: str | Path, host: str = "127.0.0.1", port: int = 8866) -> int:
    """Serve the session's screens until Ctrl-C."""
    folder = Path(session)
    problems = check_descriptor(folder)
    if problems:
        raise ValueError(str(problems[0]))
    with voila_server(shipped_root("notebooks"), folder, host, port, quiet=False) as url:
        screens = "".join(
            f"  {title}: {url}/voila/render/{name}\n" for name, title in SCREENS.items()
        )
        print(f"\nServing {folder} at {url}/  (Ctrl-C to stop)\n{screens}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopping", flush=True)
    return 0
