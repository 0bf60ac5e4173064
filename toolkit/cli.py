"""The `toolkit` command: thin; library errors become one line on stderr and exit code 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

from toolkit import __version__
from toolkit.records.ports import FACILITATOR_PORT, PHONE_PORT


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
        args.date or date.today().isoformat(),
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
    from toolkit.records.replayed import replay

    loaded = load_folder(args.folder)
    for w in loaded.warnings:
        print(f"warning: {w}")
    for p in loaded.problems:
        print(p)
    if loaded.problems:
        print(f"{len(loaded.problems)} problem(s) in {args.folder}", file=sys.stderr)
        return 1
    for p in loaded.corrected:
        print(f"corrected: {p}")
    for p in loaded.edits:
        print(p)
    refused = replay(loaded.tables).refused
    for p in refused:
        print(p)
    if loaded.edits:
        print(f"{len(loaded.edits)} place(s) in {args.folder} were edited after the toolkit "
              "recorded them; the session reopens with them as they read now, 'toolkit "
              "report' needs --accept-edits, and 'toolkit correct' records edits that were "
              "meant", file=sys.stderr)  # fmt: skip
    if refused:
        print(
            f"{len(refused)} event(s) in {args.folder} break the workshop's rules (hand edits); "
            "the session reopens without them, and 'toolkit report' needs --accept-edits",
            file=sys.stderr,
        )
    if loaded.edits or refused:
        return 1
    events = sum(len(t) for t in loaded.tables.values())
    print(f"{args.folder}: valid, {len(loaded.tables)} tables, {events} events")
    return 0


def _correct(args: argparse.Namespace) -> int:
    from toolkit.records.corrections import record_corrections

    recorded = record_corrections(args.folder, args.by, args.why)
    for p in recorded:
        print(f"recorded as a correction: {p.file}" + (f", line {p.line}" if p.line else ""))
    if not recorded:
        print(f"{args.folder}: no edit to record (run 'toolkit validate' to see the folder)")
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
        team=args.team,
        base_url=args.base_url,
        phones_prefix=args.phones_prefix,
    )


def _path(text: str) -> str:
    """An argument that is a path prefix, tidied, or refused in one line that says how."""
    from toolkit.records.base_paths import base_path

    try:
        return base_path(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _report(args: argparse.Namespace) -> int:
    import warnings  # (toolkit/__init__.py keeps a slow import of jsonschema's away)

    # altair offers its notebook widget when anywidget is installed, and so imports
    # ipywidgets and IPython (0.2 s): a report draws no widget.
    if "altair" not in sys.modules:
        sys.modules.setdefault("anywidget", None)  # type: ignore[arg-type]
    from toolkit.outputs.report import write_report
    from toolkit.records.replayed import EditedSessionWarning
    from toolkit.records.session import open_session

    with warnings.catch_warnings():  # said below, or in the report's refusal
        warnings.simplefilter("ignore", EditedSessionWarning)
        session = open_session(args.folder)
    path = write_report(session, args.out, args.format, args.charts, args.accept_edits)
    print(f"wrote {path}" + (f" and the charts in {args.charts}" if args.charts else ""))
    if session.refused or session.edits:
        said = "the records were edited after recording; the report's first page lists the "
        print(said + "edits and leaves out events against the workshop's rules", file=sys.stderr)
    return 0


def _print_paper(args: argparse.Namespace) -> int:
    from toolkit.outputs.paper import default_address, write_page

    path = write_page(args.folder, args.what, args.out, args.round, args.address)
    print(f"wrote {path}")
    if args.what == "join-poster" and args.address is None:
        if default_address() == f"http://127.0.0.1:{PHONE_PORT}":
            print(
                "note: this laptop has no local network address now, so the poster shows "
                "127.0.0.1, which phones cannot open; connect to the network and print again, "
                "or give --address"
            )
    return 0


def _templates(args: argparse.Namespace) -> int:
    import textwrap

    from toolkit.records.templates import shipped_templates

    for name, template in shipped_templates():
        print(f"{name}: {template.title}")
        about = textwrap.shorten(" ".join(template.description.split()), 170, placeholder="...")
        for line in textwrap.wrap(about, 86):
            print(f"    {line}")
    print("Start your own: toolkit template copy NAME NEW_FOLDER (see docs/templates.md)")
    return 0


def _template_copy(args: argparse.Namespace) -> int:
    from pathlib import Path

    from toolkit.records.templates import copy_template, find_template

    target = copy_template(find_template(args.template), Path(args.folder))
    print(f"copied {args.template} to {target}")
    print(f"edit {target / 'template.toml'}, then: toolkit template check {target}")
    return 0


def _template_check(args: argparse.Namespace) -> int:
    from toolkit.records.templates import check_template, find_template

    t = check_template(find_template(args.path))
    groups, steps = len(t.groups), len(t.agenda)
    print(
        f"{args.path}: valid template '{t.title}' with {groups} group{'s' * (groups != 1)} "
        f"and {steps} agenda step{'s' * (steps != 1)}"
    )
    return 0


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
    new.add_argument("--date", help="the workshop's date, YYYY-MM-DD (default: today)")
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

    correct = sub.add_parser(
        "correct",
        help="record the edits 'toolkit validate' lists as corrections that were meant, with "
        "who made them and why: they then show as corrections, not as unexplained edits",
    )
    correct.add_argument("folder")
    correct.add_argument("--by", required=True, help="who made the edits, or approved them")
    correct.add_argument("--why", required=True, help="why the files were edited")
    correct.set_defaults(run=_correct)

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
        "on 127.0.0.1 only, unless --team",
    )
    serve.add_argument(
        "--team",
        action="store_true",
        help="also serve the facilitator's screens on the local network (at the --host "
        "address), behind the same token, for a co-facilitator's or note-taker's laptop",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=FACILITATOR_PORT,
        help=f"port of the facilitator's screens ({FACILITATOR_PORT})",
    )
    serve.add_argument(
        "--participant-port",
        type=int,
        default=PHONE_PORT,
        help=f"port of the participants' page ({PHONE_PORT})",
    )
    serve.add_argument(
        "--no-participants", action="store_true", help="serve only the facilitator's screens"
    )
    serve.add_argument(
        "--base-url",
        type=_path,
        default="/",
        metavar="PATH",
        help="serve the facilitator's screens under this path (such as /user/alice/), for a "
        "proxy in front that keeps the path; the printed addresses carry it (default /)",
    )
    serve.add_argument(
        "--phones-prefix",
        type=_path,
        default="/",
        metavar="PATH",
        help="serve the participants' page under this path (such as /services/phones/), for "
        "a proxy in front that keeps the path; the join link and QR code carry it (default /)",
    )
    serve.set_defaults(run=_serve)

    report = sub.add_parser(
        "report",
        help="write the workshop report: one HTML file to share or print, needing no internet",
    )
    report.add_argument("folder", help="the session folder")
    report.add_argument(
        "--out",
        help="the file to write (default: report.html, or report.md with --format md, inside "
        "the session folder)",
    )
    report.add_argument(
        "--format",
        choices=["html", "md"],
        help="html (default; charts inline, ready to print to PDF) or md (Markdown; its charts "
        "go as SVG files in a folder named after it, beside it)",
    )
    report.add_argument("--charts", metavar="DIR", help="also save every chart as .svg and .png")
    report.add_argument(
        "--accept-edits",
        action="store_true",
        help="write the report even when the records were edited after recording: events "
        "that break the workshop's rules are left out, edited rows count as they read now, "
        "and the report's first page lists both",
    )
    report.set_defaults(run=_report)

    paper = sub.add_parser(
        "print",
        help="write paper that matches the screens (voting sheets, issue cards, a stakeholder "
        "sheet, a join poster): one HTML file to print on A4",
    )
    paper.add_argument("folder", help="the session folder")
    paper.add_argument(
        "--what",
        required=True,
        choices=["ballots", "issue-cards", "stakeholder-sheet", "join-poster"],
        help="ballots: a dot-voting sheet per group for a round; issue-cards: blank cards to "
        "cut out; stakeholder-sheet: the power/interest grid and a list to fill in; "
        "join-poster: the join link as a QR code, with the address and code to type",
    )
    paper.add_argument(
        "--round",
        type=int,
        metavar="N",
        help="ballots only: the round to print (default: the current, that is the last, round)",
    )
    paper.add_argument(
        "--address",
        metavar="http://HOST:PORT[/PREFIX/]",
        help="join-poster only: the participants' page as `toolkit serve` will show it, with "
        "its --phones-prefix if any (default: this laptop's local network address, or "
        f"127.0.0.1 if it has none, port {PHONE_PORT}); the poster carries the session's join "
        "code",
    )
    paper.add_argument(
        "--out", help="the file to write (default: <what>.html inside the session folder)"
    )
    paper.set_defaults(run=_print_paper)

    templates = sub.add_parser("templates", help="list the shipped workshop templates")
    templates.set_defaults(run=_templates)

    template = sub.add_parser(
        "template", help="start your own template from a shipped one, or check a template"
    )
    actions = template.add_subparsers(
        dest="action", required=True, metavar="{copy,check}", parser_class=_Parser
    )
    copy = actions.add_parser(
        "copy", help="copy a shipped template (or a template folder) to a new folder to edit"
    )
    copy.add_argument("template", help="a shipped template's name (see 'toolkit templates')")
    copy.add_argument("folder", help="the new template folder, e.g. templates/our-workshop")
    copy.set_defaults(run=_template_copy, command="template copy")
    check = actions.add_parser(
        "check", help="check a template: every setting, the logo file and its notebooks"
    )
    check.add_argument("path", help="a template folder (or a shipped template's name)")
    check.set_defaults(run=_template_check, command="template check")
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
