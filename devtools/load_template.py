"""A shipped template with the phones' limits set, for benchmarks and tests: raised for those
that join hundreds of phones from this one address (127.0.0.1), as a room never does, or set
low to see them refuse."""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.records.templates import find_template

RAISED = 100_000


def template_with_phone_limits(
    root: Path, joins: int, issues: int, name: str = "housing-coproduction"
) -> Path:
    """A copy of the shipped template `name` under `root` with its `[phones]` limits set."""
    copy = root / f"{name}-phones-{joins}-{issues}"
    shutil.copytree(find_template(name), copy)
    settings = copy / "template.toml"
    limits = f"\n[phones]\njoins_per_address = {joins}\nissues_per_person = {issues}\n"
    settings.write_text(settings.read_text(encoding="utf-8") + limits, encoding="utf-8")
    return copy


def template_for_load(root: Path, name: str = "housing-coproduction") -> Path:
    """A copy of the shipped template `name` under `root`, its phones' limits raised."""
    return template_with_phone_limits(root, RAISED, RAISED, name)
