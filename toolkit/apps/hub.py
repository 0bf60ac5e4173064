"""An organisation's server on JupyterHub: `configure(c, ...)` from a `jupyterhub_config.py`
(deploy/jupyterhub/ has one) gives each facilitator JupyterLab in a sessions folder of their
own, the facilitator's screens through Voila with the toolkit's offline template, and one
address for every phone: the shared phones' server as the Hub's service `phones`.

Whom the Hub lets in (its authenticator) and how it starts servers (its spawner) are the
organisation's choice and are left alone; what the toolkit needs of them is set here."""

from __future__ import annotations

import os
import pwd
import sys
from pathlib import Path
from typing import Any

from toolkit.apps.serving import jupyter_path, shared_phones_command
from toolkit.records.ports import SHARED_PHONES_ENV

PHONES_SERVICE = "phones"
PHONES_PREFIX = f"/services/{PHONES_SERVICE}/"  # where the Hub's proxy sends the phones
CULL_SECONDS = 600  # a screen's kernel left idle and unconnected this long is stopped
BASH = "/bin/bash"
TERMINAL = f'--ServerApp.terminado_settings={{"shell_command": ["{BASH}"]}}'


def singleuser_command() -> str:
    """JupyterHub's single-user server of the Hub's own Python, so the facilitators' Lab and
    kernels have this toolkit whatever PATH the spawner passes on."""
    beside = Path(sys.executable).with_name("jupyterhub-singleuser")
    return str(beside) if beside.exists() else "jupyterhub-singleuser"


def singleuser_args(as_root: bool) -> list[str]:
    """The single-user server's options: Voila (a server extension, enabled when installed)
    with the toolkit's template, kernels culled as `toolkit serve` does."""
    return [
        "--VoilaConfiguration.template=toolkit",
        "--VoilaExecutor.timeout=60",
        f"--MappingKernelManager.cull_idle_timeout={CULL_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        # Voila's server extension gives its pages a CDN's MathJax address and configuration
        # unless the server has them, and a page then asks the CDN; with both None, as
        # standalone Voila has them, none is loaded (the screens have no formulas).
        '--ServerApp.tornado_settings={"mathjax_url": None, "mathjax_config": None}',
        # JupyterLab's terminal under a Hub is a login shell, and a login shell's /etc/profile
        # sets PATH anew (Debian's does), losing the toolkit's: an interactive bash keeps it.
        *([TERMINAL] if Path(BASH).exists() else []),
        # Run as root (a container, a CI machine), Jupyter refuses to start without it.
        *(["--allow-root"] if as_root else []),
    ]


def make_sessions_folder(spawner: Any) -> None:
    """A pre-spawn hook: the facilitator's sessions folder (the notebook dir, such as
    `SESSIONS/alice`) exists, readable by them alone, and is theirs if they are a user of
    this machine (a spawner that starts servers as system users)."""
    folder = Path(spawner.format_string(spawner.notebook_dir))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(spawner.user.name)
        except KeyError:  # not a system user: servers run as the Hub's user
            return
        if folder.stat().st_uid != user.pw_uid:
            os.chown(folder, user.pw_uid, user.pw_gid)


def configure(
    c: Any,
    *,
    sessions_root: str | Path,
    public_url: str,
    phones_port: int,
    bind_url: str = "",
    as_root: bool | None = None,
) -> None:
    """Fill the JupyterHub config `c`: facilitators' sessions in `sessions_root/USERNAME`,
    the Hub answering at `public_url` (listening at `bind_url`, by default the same), the
    shared phones' server on 127.0.0.1:`phones_port` behind `public_url/services/phones/`.
    `as_root` (by default: whether the Hub runs as root) lets the single-user server start
    as root, as SimpleLocalProcessSpawner starts it in a container or on CI."""
    root = Path(sessions_root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    public_url = public_url.rstrip("/")
    as_root = os.geteuid() == 0 if as_root is None else as_root

    c.JupyterHub.bind_url = bind_url or public_url
    c.Spawner.cmd = [singleuser_command()]
    c.Spawner.args = singleuser_args(as_root)  # JupyterHub expands no {username} in these
    c.Spawner.notebook_dir = str(root / "{username}")  # but does here
    c.Spawner.default_url = "/lab"
    c.Spawner.pre_spawn_hook = make_sessions_folder
    # A spawn that fails says so soon, rather than holding the spawn page for minutes.
    c.Spawner.http_timeout = 30
    c.Spawner.start_timeout = 60
    c.Spawner.environment = {  # Spawner.env is ignored: it is Spawner.environment
        # `toolkit` and this Python first in JupyterLab's terminal, however the Hub started.
        "PATH": os.pathsep.join(
            p for p in (str(Path(sys.executable).parent), os.environ.get("PATH", "")) if p
        ),
        # The toolkit's Voila template (toolkit/apps/jupyter/voila/templates/toolkit).
        "JUPYTER_PATH": jupyter_path(os.environ.get("JUPYTER_PATH", "")),
        # The console and the projector open sessions for phones there.
        SHARED_PHONES_ENV: public_url + PHONES_PREFIX,
    }
    # The phones' server serves its own pages to people with no Hub account: no Hub login,
    # no Hub cookies (a service is sent none), and only the phone routes exist there.
    command = shared_phones_command(root, "127.0.0.1", phones_port, PHONES_PREFIX)
    others = c.JupyterHub.services if "services" in c.JupyterHub else []
    c.JupyterHub.services = [
        *[s for s in others if s.get("name") != PHONES_SERVICE],
        {
            "name": PHONES_SERVICE,
            "url": f"http://127.0.0.1:{phones_port}",
            "command": command,
            "display": False,
        },
    ]
