"""Starting Voila for a session: the command line, its environment, and `toolkit serve`."""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import socket
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from pathlib import Path

from toolkit.apps.supervise import Child, only_serve, running, watch
from toolkit.records.base_paths import base_path
from toolkit.records.folder import check_descriptor
from toolkit.records.join_code import grouped, join_link, session_token, split_join_link
from toolkit.records.network import lan_address
from toolkit.records.ports import FACILITATOR_PORT, PHONE_PORT, SESSION_ENV, TEAM_HOST_ENV
from toolkit.records.templates import NOTEBOOKS, shipped_root

_JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter"


def facilitator_token() -> str:
    """A new random token for the facilitator's screens: Jupyter's token login, so no other
    program or web page reaches them (voila_app.py also checks every request's Host)."""
    return secrets.token_urlsafe(18)


class Served(str):
    """A Voila's base URL (`http://127.0.0.1:PORT`, and its base path without the last slash
    when served under one), knowing the facilitator's token that its screens ask for
    (`screen_url` gives an address that opens one) and, while it runs, its process (`child`,
    for `toolkit serve` to watch)."""

    token: str
    child: Child | None

    def __new__(cls, origin: str, token: str, child: Child | None = None) -> Served:
        served = super().__new__(cls, origin)
        served.token, served.child = token, child
        return served

    def screen_url(self, name: str, query: str = "") -> str:
        return f"{self}/voila/render/{name}?token={self.token}{'&' + query if query else ''}"


def voila_command(
    notebooks: Path, bind: str, port: int, token: str, cull_seconds: int = 600, base_url: str = "/"
) -> list[str]:
    """Voila serving one notebook, or a folder of them, with the toolkit's offline template,
    on the address `bind` under the path `base_url`, to whoever has the facilitator's token."""
    # Under a base URL Voila must be told it, or its pages ask for their assets at /voila/.
    under = [f"--Voila.base_url={base_url}"] if base_url != "/" else []
    return [
        sys.executable, "-m", "toolkit.apps.voila_app", str(notebooks),
        f"--port={port}", f"--Voila.ip={bind}", "--no-browser", "--template=toolkit",
        f"--token={token}",
        "--VoilaExecutor.timeout=60",
        # A reloaded or closed page shuts its kernel down (voila_app.py sets the cookie
        # its request needs). A page that vanishes without unloading (a browser killed, a
        # laptop's battery) cannot: its kernel is culled once idle this long. A page still
        # open keeps its kernel: its websocket is connected.
        f"--MappingKernelManager.cull_idle_timeout={cull_seconds}",
        f"--MappingKernelManager.cull_interval={max(1, min(60, cull_seconds // 5))}",
        *under,
    ]  # fmt: skip


def voila_env(session: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for Voila and its kernels: which session, where the page template is."""
    env = dict(os.environ)
    env[SESSION_ENV] = str(session.resolve())
    env["JUPYTER_PATH"] = jupyter_path(env.get("JUPYTER_PATH", ""))
    env.update(extra or {})
    return env


def jupyter_path(existing: str = "") -> str:
    """JUPYTER_PATH with the toolkit's Voila template (`--template=toolkit`) found first."""
    return os.pathsep.join(p for p in (str(_JUPYTER_DATA), existing) if p)


SCREENS = {
    "console.ipynb": "Facilitator console",
    "overview.ipynb": "Session overview",
    "stakeholders.ipynb": "Stakeholder map",
    "issues.ipynb": "Issues",
    "voting.ipynb": "Dot-voting",
    "actions.ipynb": "Agreeing actions",
    "notes.ipynb": "Discussion notes",
    "projector.ipynb": "Projector",
}


def notebook(name: str) -> Path:
    return shipped_root("notebooks") / name


def overview_notebook() -> Path:
    return notebook("overview.ipynb")


def session_notebooks(session: Path) -> Path:
    """The notebooks to serve for a session: its own (copied in by `toolkit new`, so the
    session shows itself as it was), else the shipped ones (sessions made before that)."""
    own = session / NOTEBOOKS
    return own if own.is_dir() else shipped_root("notebooks")


def session_notebook(session: Path, name: str) -> Path:
    """One of the session's notebooks, else the shipped one of that name."""
    own = session / NOTEBOOKS / name
    return own if own.is_file() else notebook(name)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def voila_server(
    notebooks: Path,
    session: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    quiet: bool = True,
    timeout: float = 60,
    extra_env: Mapping[str, str] | None = None,
    cull_seconds: int = 600,
    token: str | None = None,
    team_host: str = "",
    bind: str = "",
    base_url: str = "/",
) -> Iterator[Served]:
    """Run Voila on `notebooks` (one or a folder) for `session` until the block ends, under
    the path `base_url`, behind `token` (a new one unless given); yields its base URL, which
    knows the token. With `team_host` (this laptop's address on the local network) it also
    answers there, for a co-facilitator's laptop: it then listens on every address (`bind`
    to say otherwise). Stopped by process group, so its kernels stop with it."""
    port = port or free_port(host)
    token = token or facilitator_token()
    bind = bind or (host if not team_host or _loopback(team_host) else "0.0.0.0")
    base_url = base_path(base_url, "the base URL")
    command = voila_command(notebooks, bind, port, token, cull_seconds, base_url)
    env = voila_env(
        session, {**(extra_env or {}), **({TEAM_HOST_ENV: team_host} if team_host else {})}
    )
    with running(Child("Voila", command, host, port, env, quiet, timeout, base_url)) as child:
        yield Served(child.address, token, child)


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def phone_child(
    session: Path, host: str, port: int, code: str, quiet: bool, wait: float, prefix: str = "/"
) -> Child:
    """The participants' server (no kernels: one process for every phone) for `session` on
    `host:port` under the path `prefix`, behind the join code `code`, not yet started (then
    waited for `wait` s)."""
    prefix = base_path(prefix, "the phones' prefix")
    command = [
        sys.executable, "-m", "toolkit.apps.phones", str(session.resolve()),
        "--host", host, "--port", str(port), "--token", code,
        *(["--prefix", prefix] if prefix != "/" else []),
    ]  # fmt: skip
    return Child("The participants' server", command, host, port, None, quiet, wait, prefix)


def shared_phones_command(sessions: Path, host: str, port: int, prefix: str) -> list[str]:
    """The shared participants' server: one address, under `prefix` on `host:port`, for the
    phones of every session in `sessions` open for phones (apps/phones/shared.py)."""
    return [
        sys.executable, "-m", "toolkit.apps.phones", "--sessions", str(sessions),
        "--prefix", prefix, "--host", host, "--port", str(port),
    ]  # fmt: skip


def shared_phones_child(
    sessions: Path, host: str, port: int, prefix: str, quiet: bool = True, wait: float = 30
) -> Child:
    """The shared participants' server, not yet started (then waited for `wait` s)."""
    command = shared_phones_command(sessions, host, port, prefix)
    return Child("The shared participants' server", command, host, port, None, quiet, wait,
                 prefix)  # fmt: skip


@contextmanager
def phone_server(
    session: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    token: str = "",
    quiet: bool = True,
    timeout: float = 30,
    prefix: str = "/",
) -> Iterator[str]:
    """Run the participants' server for `session` until the block ends; yields its base URL
    (with `prefix`, without its last slash). The join code is `token`, else the session's."""
    code = token or session_token(session)
    with running(
        phone_child(session, host, port or free_port(host), code, quiet, timeout, prefix)
    ) as child:
        yield child.address


# The projector's only input about joining: the join link, `http://ADDRESS:PORT/?token=CODE`
# (`http://ADDRESS:PORT/PREFIX/?token=CODE` under a prefix).
# It shows the link as a QR code, and the address and the code apart for people to type.
JOIN_URL_ENV = "TOOLKIT_JOIN_URL"


def serve(
    session: str | Path,
    host: str | None = None,
    port: int = FACILITATOR_PORT,
    participant_port: int = PHONE_PORT,
    participants: bool = True,
    team: bool = False,
    base_url: str = "/",
    phones_prefix: str = "/",
) -> int:
    """Serve the facilitator's screens on this laptop only (127.0.0.1; with `team`, on the
    local network too, for a co-facilitator's laptop) under the path `base_url` and, unless
    told not to, the participants' page alone on `host` (default: the LAN address) under
    `phones_prefix`, behind the session's token, until Ctrl-C (0) or until Voila stops (1).
    A phones' server that stops is started again; a session already served is refused, and
    nothing is started."""
    folder = Path(session)
    base_url = base_path(base_url, "--base-url")  # refused before anything starts
    phones_prefix = base_path(phones_prefix, "--phones-prefix")
    problems = check_descriptor(folder)
    if problems:
        raise ValueError(str(problems[0]))
    try:
        with _stop_on_terminate(), only_serve(folder) as leave_addresses, ExitStack() as stack:
            lines = [f"Serving {folder}  (Ctrl-C to stop)"]
            extra_env = {}
            phones = None
            if participants:
                phone_host = host or lan_address() or "127.0.0.1"
                token = session_token(folder)
                phones = stack.enter_context(running(phone_child(
                    folder, phone_host, participant_port, token, False, 30,
                    phones_prefix)))  # fmt: skip
                join = join_link(phones.address, token)
                extra_env[JOIN_URL_ENV] = join  # the projector shows address and code from it
                lines.append(f"  Join link for phones: {join}")
                lines.append(f"  or open {split_join_link(join)[0]} on a phone and type the "
                             f"code {grouped(token)}")  # fmt: skip
            screens = session_notebooks(folder)
            team_host = (host or lan_address() or "127.0.0.1") if team else ""
            console = stack.enter_context(voila_server(
                screens, folder, "127.0.0.1", port, quiet=False, extra_env=extra_env,
                team_host=team_host, base_url=base_url))  # fmt: skip
            lines += [
                f"  {title}: {console.screen_url(name)}"
                for name, title in SCREENS.items()
                if (screens / name).is_file()
            ]
            if team:
                for_team = Served(f"http://{team_host}:{port}{base_url.rstrip('/')}", console.token)
                lines += team_lines(for_team, screens)
            else:
                lines.append("  (the facilitator's screens: this laptop only, with their token)")
            print("\n" + "\n".join(lines) + "\n", flush=True)
            # for a second serve to name: the console's address, not its token
            leave_addresses([f"console {console}/voila/render/console.ipynb"]
                            + ([f"join link for phones {join}"] if phones else []))  # fmt: skip
            assert console.child is not None  # for mypy: it is serving
            return watch(console.child, phones, folder)
    except KeyboardInterrupt:  # the servers and their kernels have been stopped by now
        print("stopped", flush=True)
    return 0


def team_lines(team: Served, screens: Path) -> list[str]:
    """What `serve --team` prints for a co-facilitator's or note-taker's laptop."""
    return [
        "  For a co-facilitator or note-taker on this network (keep these to your team: the",
        "  token in them opens every screen):",
        *(f"    {SCREENS[name]}: {team.screen_url(name)}"
          for name in ("notes.ipynb", "console.ipynb") if (screens / name).is_file()),
    ]  # fmt: skip


@contextmanager
def _stop_on_terminate() -> Iterator[None]:
    """Treat SIGTERM and SIGHUP (a closed terminal, a stopped service) like Ctrl-C, so the
    servers and their kernels are stopped rather than left running."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
