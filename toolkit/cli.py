"""The `toolkit` command: thin; library errors become one line on stderr and exit code 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from toolkit import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(1, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _new(args: argparse.Namespace) -> int:
    import toolkit
    from toolkit.records.folder import create_session
    from toolkit.records.templates import find_template

    folder = create_session(
        args.folder,
        find_template(args.template),
        args.title,
        args.date,
        args.facilitator or "",
        follow_up=args.follow_up,
    )
    print(f"created {folder} from template {args.template}")
    if args.follow_up:
        carried = len(toolkit.open_session(folder).actions)
        print(f"carried {carried} open action(s) forward from {args.follow_up} to review")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from toolkit.records.load import load_folder

    loaded = load_folder(args.folder)
    for w in loaded.warnings:
        print(f"warning: {w}")
    for p in loaded.problems:
        print(p)
    if loaded.problems:
        print(f"{len(loaded.problems)} problem(s) in {args.folder}", file=sys.stderr)
        return 1
    events = sum(len(t) for t in loaded.tables.values())
    print(f"{args.folder}: valid, {len(loaded.tables)} tables, {events} events")
    return 0


def _info(args: argparse.Namespace) -> int:
    from toolkit.records.overview import read_overview

    o = read_overview(args.folder)
    print(o.title)
    print(f"date: {o.date or '-'}  facilitator: {o.facilitator or '-'}  template: {o.template}")
    print("groups: " + ", ".join(f"{g.name} [{g.letter}] ({g.participants})" for g in o.groups))
    print(f"agenda ({o.planned_minutes} min):")
    for s in o.agenda:
        print(f"  {s.position}. {s.title} ({s.minutes} min)")
    print("  ".join(f"{what}: {n}" for what, n in o.counts))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from toolkit.apps.serving import serve

    return serve(
        args.folder,
        host=args.host,
        port=args.port,
        participant_port=args.participant_port,
        participants=not args.no_participants,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="toolkit", description="Run co-production workshops and read their session records."
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="create a session folder from a template")
    new.add_argument("folder", help="the new session folder, e.g. sessions/2026-11-28-estate")
    new.add_argument("--template", required=True, help="a shipped template's name or a path")
    new.add_argument("--title", required=True, help="the workshop's title")
    new.add_argument("--date", help="the workshop's date, YYYY-MM-DD")
    new.add_argument("--facilitator", help="the facilitator's name")
    new.add_argument(
        "--follow-up",
        metavar="EARLIER_SESSION",
        help="an earlier session folder: its open actions are carried into the new one",
    )
    new.set_defaults(run=_new)

    validate = sub.add_parser("validate", help="check every table of a session folder")
    validate.add_argument("folder")
    validate.set_defaults(run=_validate)

    info = sub.add_parser("info", help="summarise a session folder")
    info.add_argument("folder")
    info.set_defaults(run=_info)

    serve = sub.add_parser("serve", help="serve the workshop app for a session with Voila")
    serve.add_argument("folder")
    serve.add_argument(
        "--host",
        default=None,
        help="address of the participants' page (default: this laptop's address on the "
        "local network, or 127.0.0.1 if it has none); the facilitator's screens are served "
        "on 127.0.0.1 only",
    )
    serve.add_argument(
        "--port", type=int, default=8866, help="port of the facilitator's screens (8866)"
    )
    serve.add_argument(
        "--participant-port", type=int, default=8867, help="port of the participants' page (8867)"
    )
    serve.add_argument(
        "--no-participants", action="store_true", help="serve only the facilitator's screens"
    )
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except (ValueError, OSError) as exc:  # the library's errors say what to do
        print(f"toolkit {args.command}: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
