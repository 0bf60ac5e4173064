"""Creating a session folder, and checking that a folder is one this toolkit can read."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any

from toolkit.domain.actions import Action, ActionPlan, carried_forward, issue_words
from toolkit.domain.issues import IssueBoard
from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.room import HOLD_KEY
from toolkit.domain.template import WorkshopTemplate
from toolkit.records.append import Recorder, csv_line
from toolkit.records.datapackage import datapackage
from toolkit.records.errors import Problem, RecordError
from toolkit.records.schema import READABLE_VERSIONS, SCHEMA_PROPERTY, SCHEMA_VERSION, TABLES
from toolkit.records.templates import (
    NOTEBOOKS,
    SETTINGS_FILE,
    load_template,
    load_template_file,
    template_notebooks,
)

DESCRIPTOR = "datapackage.json"
FROZEN_TEMPLATE = "template.toml"  # the settings the session was created with, never edited
SEALED = (FROZEN_TEMPLATE, DESCRIPTOR)
SEAL = "sealed:"  # settings key: SHA-256 of a file no one should edit, as created
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as the apps' ids: read aloud easily


class SessionExistsError(ValueError):
    """`toolkit new` would overwrite a folder that has content."""


def create_session(
    folder: Path | str,
    template_dir: Path,
    title: str,
    date: str | None = None,
    facilitator: str = "",
    recorder_options: dict[str, Any] | None = None,
    follow_up: Path | str | None = None,
) -> Path:
    """Create a session folder from a template; it appears whole or not at all. With
    `follow_up`, an earlier session's open actions are carried into it for review."""
    folder = Path(folder)
    try:
        check_safe_name(folder.name, "session folder name")
    except UnsafeNameError as exc:
        raise RecordError([Problem(str(folder), str(exc))]) from exc
    if folder.exists() and any(folder.iterdir()):
        raise SessionExistsError(
            f"{folder} already exists and is not empty; choose a new "
            "folder name (sessions are never overwritten)"
        )
    if not title.strip():
        raise RecordError(
            [
                Problem(
                    "settings.csv", "the title is empty; give the workshop a title", column="value"
                )
            ]
        )
    if date is not None and not _DATE.fullmatch(date):
        raise RecordError(
            [Problem("settings.csv", f"date {date!r} is not like 2026-11-28", column="value")]
        )
    template = load_template(template_dir)
    notebooks = template_notebooks(template_dir)
    carried = open_actions(Path(follow_up)) if follow_up is not None else []
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for table in TABLES:
            (staging / table.filename).write_text(csv_line(table.file_names), encoding="utf-8")
        (staging / DESCRIPTOR).write_text(
            json.dumps(datapackage(title), indent=2) + "\n", encoding="utf-8"
        )
        shutil.copyfile(template_dir / SETTINGS_FILE, staging / FROZEN_TEMPLATE)
        if template.branding.logo:  # the frozen settings name it beside them
            shutil.copyfile(template_dir / template.branding.logo, staging / template.branding.logo)
        # the session's own notebooks: reopened months later, it shows itself as it was
        (staging / NOTEBOOKS).mkdir()
        for name, path in notebooks.items():
            shutil.copyfile(path, staging / NOTEBOOKS / name)
        rec = Recorder(staging, **(recorder_options or {}))
        rec.append_many(
            "settings",
            [
                {"event": "set", "key": k, "value": v}
                for k, v in (
                    ("title", title),
                    ("date", date or ""),
                    ("facilitator", facilitator),
                    ("template", template_dir.name),
                    # so the record says from the start whether phones' issues were held
                    (HOLD_KEY, "true" if template.hold_phone_issues else "false"),
                    # the frozen template and the descriptor, sealed in the chained record
                    *((f"{SEAL}{name}", file_seal(staging / name)) for name in SEALED),
                )
            ],
        )
        rec.append_many(
            "groups",
            [
                {
                    "event": "added",
                    "group_id": g.id,
                    "name": g.name,
                    "colour": g.colour,
                    "letter": g.letter,
                }
                for g in template.groups
            ],
        )
        rec.append_many(
            "agenda",
            [
                {
                    "event": "added",
                    "step_id": f"step-{i}",
                    "kind": s.kind,
                    "title": s.title,
                    "minutes": s.minutes,
                    "position": i,
                }
                for i, s in enumerate(template.agenda, 1)
            ],
        )
        rec.append_many("actions", [{"event": "carried_forward", **a.values()} for a in carried])
        shutil.rmtree(staging / ".locks", ignore_errors=True)
        if folder.exists():
            folder.rmdir()
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def open_actions(earlier: Path) -> list[Action]:
    """The open actions of an earlier session, as carried into a new one."""
    from toolkit.records.load import load_folder  # it reads folders this module makes

    problems = check_descriptor(earlier)
    if problems:
        raise RecordError([Problem(str(earlier), f"cannot follow up this session: {problems[0]}")])
    loaded = load_folder(earlier)
    if loaded.problems:
        raise RecordError([Problem(str(earlier), f"cannot follow up: {loaded.problems[0]}")])
    board = IssueBoard.from_events(loaded.tables["issues"].rows())
    plan = ActionPlan.from_events(loaded.tables["actions"].rows())
    # a hidden issue's words stay behind: the next session shows what the earlier one would
    said_in = session_template(earlier).texts
    texts = {i.issue_id: issue_words(i, said_in) for i in board.all}
    return carried_forward(plan, earlier.resolve().name, texts, lambda: _new_id("A"))


def file_seal(path: Path) -> str:
    """The SHA-256 of a file's bytes, as its seal in settings.csv."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _new_id(prefix: str) -> str:
    return prefix + "-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))


def check_descriptor(folder: Path) -> list[Problem]:
    """Problems with the folder's datapackage.json, including its schema version."""
    path = folder / DESCRIPTOR
    if not folder.is_dir():
        return [Problem(str(folder), "is not a folder; give the path of a session folder")]
    if not path.exists():
        return [
            Problem(
                DESCRIPTOR,
                "is missing, so this is not a session folder (create one with 'toolkit new')",
            )
        ]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        return [Problem(DESCRIPTOR, f"is not valid JSON ({exc})")]
    version = descriptor.get(SCHEMA_PROPERTY) if isinstance(descriptor, dict) else None
    if version not in READABLE_VERSIONS:
        return [
            Problem(
                DESCRIPTOR,
                f"records schema version {version!r} is not one this "
                f"toolkit reads (versions {READABLE_VERSIONS[0]} to {SCHEMA_VERSION}); open it "
                "with the toolkit version that wrote it, or upgrade the toolkit",
            )
        ]
    return []


def records_version(folder: Path) -> int:
    """The records schema version of a folder that `check_descriptor` passed."""
    return int(json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))[SCHEMA_PROPERTY])


def enclosing_session(start: Path) -> Path | None:
    """The session folder `start` is, or is directly inside (its notebooks/ folder), if any:
    how a notebook opened in Jupyter from a session folder finds its session."""
    for folder in (start, start.parent):
        if (folder / DESCRIPTOR).is_file():
            return folder
    return None


def session_template(folder: Path) -> WorkshopTemplate:
    """The frozen copy of the template the session was created with."""
    return load_template_file(folder / FROZEN_TEMPLATE, check_files=False)
