"""Starting Voila for a session: the command line, its environment, and `toolkit serve`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from toolkit.records.folder import check_descriptor
from toolkit.records.templates import shipped_root

SESSION_ENV = "TOOLKIT_SESSION"
_JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"


def voila_command(notebook: Path, host: str, port: int) -> list[str]:
    """Voila serving one notebook with the toolkit's offline page template."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--template=toolkit",
        "--VoilaExecutor.timeout=60",
        # Closed tabs do not shut their kernels down (voila issue 1458): cull idle ones.
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
    ]


def voila_env(session: Path) -> dict[str, str]:
    """The environment for Voila and its kernels: which session, where the page template is."""
    env = dict(os.environ)
    env[SESSION_ENV] = str(session.resolve())
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(_JUPYTER_DATA), env.get("JUPYTER_PATH", "")) if p
    )
    return env


def overview_notebook() -> Path:
    return shipped_root("notebooks") / "overview.ipynb"


def serve(session: str | Path, host: str = "127.0.0.1", port: int = 8866) -> int:
    """Serve the session's overview until Ctrl-C; returns Voila's exit code."""
    folder = Path(session)
    problems = check_descriptor(folder)
    if problems:
        raise ValueError(str(problems[0]))
    print(f"Serving {folder} at http://{host}:{port}/  (Ctrl-C to stop)", flush=True)
    process = subprocess.Popen(
        voila_command(overview_notebook(), host, port), env=voila_env(folder)
    )
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        print("stopped", flush=True)
        return 0
