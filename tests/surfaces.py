"""What every audience sees of a session folder, as text: the report, the projector at each
agenda step and every participant's phone at each phone step. For privacy tests: whatever a
facilitator hid must appear in none of it (`hidden_issue_words` gives the words to look for),
and neither may an issue from a phone held for the facilitator's check (`held_issue_words`),
but on its sender's own phone (`phone_pages_by_person`)."""

from __future__ import annotations

import csv
import inspect
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

import toolkit
from tests.phones import phone_pages
from toolkit.apps.phones.room import Person, PhoneRoom
from toolkit.apps.projector import projector_app
from toolkit.charts.browser import drawing_scripts
from toolkit.domain.agenda import entering, steps
from toolkit.domain.room import PHONE_STEP_KEY, PHONE_STEPS
from toolkit.outputs.report import write_report
from toolkit.records import Recorder
from toolkit.records.folder import session_template
from toolkit.widgets.projector import ProjectorView

# What `toolkit report` is asked for; an option this toolkit's write_report does not take
# yet is left out, so a flag such as accept_edits is added here and only here.
REPORT_OPTIONS: dict[str, Any] = {"accept_edits": True}
WORD = re.compile(r"\w{4,}")  # shorter words (her, at, 12) are too common to tell anything


def shown_text(folder: Path) -> dict[str, str]:
    """Each surface's text (HTML) for the session in `folder`, by surface: 'report',
    'projector <step id> (<kind>)' and 'phone <step>' (every participant's page, and the
    join page as 'phone join'). A surface that refuses the folder shows its message. Works
    on a scratch copy, as moving through the steps appends settings rows."""
    with tempfile.TemporaryDirectory(prefix="surfaces-") as tmp:
        scratch = Path(tmp) / folder.name
        shutil.copytree(folder, scratch)
        shown = {"report": report_html(scratch, Path(tmp) / "report.html")}
        shown |= projector_text(scratch)
        shown |= phone_text(scratch)
    return shown


def report_html(folder: Path, out: Path) -> str:
    """The HTML file `toolkit report` writes, without the scripts that every report carries
    to draw its charts (their code is no session's words), or the one line it says when it
    refuses."""
    takes = inspect.signature(write_report).parameters
    options = {k: v for k, v in REPORT_OPTIONS.items() if k in takes}
    try:
        html = write_report(folder, out, "html", **options).read_text(encoding="utf-8")
        return html.replace(drawing_scripts(), "")
    except (ValueError, OSError) as exc:  # what cli.py turns into its message
        return f"refused: {exc}"


def projector_text(folder: Path) -> dict[str, str]:
    """The projector at each agenda step, moved on as the console moves it."""
    view = projector_app(folder, poll_seconds=0)
    if not isinstance(view, ProjectorView):  # the app's own message, in place of the slide
        return {"projector": widget_text(view)}
    recorder, shown = Recorder(folder), {}
    for step in steps(view.state.agenda):
        for values in entering(step, view.state.room):
            recorder.append("settings", "set", **values)
        view.refresh()
        shown[f"projector {step.step_id} ({step.kind})"] = widget_text(view)
    return shown


def widget_text(root: widgets.Widget) -> str:
    """The value of every HTML and Label widget under `root` (charts are SVG in HTML), shown
    or not: a hidden widget is still sent to the browser."""
    out, stack = [], [root]
    while stack:
        w = stack.pop()
        if isinstance(w, widgets.HTML | widgets.HTMLMath | widgets.Label):
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


def phone_pages_by_person(folder: Path, step: str) -> dict[str, str]:
    """Each participant's phone page at one phone step, by participant id (on a scratch copy,
    as the step is recorded)."""
    with tempfile.TemporaryDirectory(prefix="surfaces-") as tmp:
        scratch = Path(shutil.copytree(folder, Path(tmp) / folder.name))
        room = PhoneRoom(scratch, session_template(scratch))
        room.recorder.append("settings", "set", key=PHONE_STEP_KEY, value=step)
        room.refresh()
        pages = phone_pages(room)
        return {pid: pages.main(Person(pid, row["group_id"], "CODE"), "xsrf")
                for pid, row in room.people.items()}  # fmt: skip


def phone_text(folder: Path) -> dict[str, str]:
    """The join page, then every participant's phone at each phone step."""
    try:
        room = PhoneRoom(folder, session_template(folder))
    except (ValueError, OSError) as exc:  # the server would not start on this folder
        return {"phone": f"refused: {exc}"}
    pages = phone_pages(room)
    shown = {"phone join": pages.page(pages.main(None, "xsrf"))}
    for step in PHONE_STEPS:
        room.recorder.append("settings", "set", key=PHONE_STEP_KEY, value=step)
        room.refresh()
        people = [Person(pid, row["group_id"], "CODE") for pid, row in room.people.items()]
        shown[f"phone {step}"] = "\n".join(pages.main(p, "xsrf") for p in people)
    return shown


def hidden_issue_words(folder: Path) -> list[str]:
    """Words of each hidden issue that appear nowhere else in the session's tables (so not in
    a visible issue, an action or a name): if one is shown, the hidden issue is."""
    issues = toolkit.open_session(folder).issues
    hidden = issues[issues["hidden"].astype(bool)]
    if hidden.empty:
        raise ValueError(f"{folder} has no hidden issue")
    return _own_words(folder, dict(zip(hidden["issue_id"], hidden["text"], strict=True)))


def held_issue_words(folder: Path) -> list[str]:
    """Words of each issue held for the facilitator's check (and not hidden) that appear
    nowhere else in the session's tables: if one is shown, the held issue is."""
    held = {i.issue_id: i.text for i in toolkit.open_session(folder).state.board.waiting}
    if not held:
        raise ValueError(f"{folder} has no issue waiting for a check")
    return _own_words(folder, held)


def _own_words(folder: Path, texts: dict[str, str]) -> list[str]:
    """The words of these issues (id -> text) used in no other cell of the session."""
    others = _words(_cells(folder, skip_issues=set(texts)))
    words = []
    for text in texts.values():
        own = [w for w in dict.fromkeys(WORD.findall(text)) if w.casefold() not in others]
        if not own:
            raise ValueError(f"every word of the issue {text!r} is used elsewhere")
        words += own
    return words


def _cells(folder: Path, skip_issues: set[str]) -> Iterable[str]:
    """Every cell of every table, but those of the rows of the issues in `skip_issues`."""
    for path in sorted(folder.glob("*.csv")):
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
        for row in rows:
            if path.stem == "issues" and row["issue_id"] in skip_issues:
                continue
            yield from (v for v in row.values() if isinstance(v, str))


def _words(texts: Iterable[str]) -> set[str]:
    return {w.casefold() for t in texts for w in WORD.findall(t)}


def shown_words(words: Iterable[str], shown: dict[str, str]) -> dict[str, list[str]]:
    """Which of `words` each surface shows, whole words in any case (surfaces showing none
    left out)."""
    found = {}
    for surface, text in shown.items():
        hits = [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
        if hits:
            found[surface] = hits
    return found
