"""`python -m toolkit.apps.phones SESSION --host H --port P --token CODE [--prefix PATH]`: the
participants' server alone, as `toolkit serve` starts it (a process of its own, so that it can
be stopped, or killed and restarted, without touching the facilitator's screens).

`python -m toolkit.apps.phones --sessions DIR --host H --port P [--prefix PATH]`: the shared
participants' server, one address for every session in DIR open for phones (shared.py)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sys
from pathlib import Path

from toolkit.apps.phones.app import run
from toolkit.apps.phones.connections import IDLE_SECONDS
from toolkit.apps.phones.shared import LOBBY_TEMPLATE
from toolkit.apps.phones.shared import run as run_shared
from toolkit.records.base_paths import base_path


def _more_connections() -> None:
    """Each phone holds a connection open for pushed updates: allow as many open files as
    the system lets this process have, rather than the usual 1,024."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def _prefix(text: str) -> str:
    try:
        return base_path(text)
    except ValueError as exc:  # argparse says it as it is, on one line
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m toolkit.apps.phones")
    parser.add_argument("session", type=Path, nargs="?")
    parser.add_argument(
        "--sessions",
        type=Path,
        help="a folder of sessions (or of facilitators' folders of sessions): serve every one "
        "open for phones, chosen by its join code (instead of SESSION and --token)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", help="the session's join code")
    parser.add_argument(
        "--lobby-template",
        default=LOBBY_TEMPLATE,
        help="with --sessions: the template whose words and colours the login page has",
    )
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=IDLE_SECONDS,
        help="how long a connection may send nothing (headers, next request)",
    )
    parser.add_argument(
        "--prefix",
        type=_prefix,
        default="/",
        help="the path every address starts with, behind a proxy that keeps it (such as "
        "/services/phones/); default /",
    )
    args = parser.parse_args(argv)
    if args.sessions is None and (args.session is None or not args.token):
        parser.error("give SESSION and --token, or --sessions DIR")
    if args.sessions is not None and (args.session is not None or args.token):
        parser.error("--sessions DIR serves the sessions in DIR: give no SESSION or --token")
    if args.sessions is not None and not args.sessions.is_dir():  # said before any loop runs
        print(f"phones: {args.sessions} is not a folder of sessions", file=sys.stderr, flush=True)
        return 1
    logging.basicConfig(level=logging.WARNING, format="phones: %(message)s")
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # not a line per tap
    _more_connections()
    try:
        if args.sessions is not None:
            served = run_shared(args.sessions, args.host, args.port, args.idle_seconds,
                                args.prefix, args.lobby_template)  # fmt: skip
        else:
            served = run(args.session, args.host, args.port, args.token, args.idle_seconds,
                         args.prefix)  # fmt: skip
        asyncio.run(served)
    except KeyboardInterrupt:
        pass
    except (ValueError, OSError) as exc:  # not a session, or the port is taken
        print(f"phones: {exc}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
