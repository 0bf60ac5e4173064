"""The housing template with the phones' limits raised, for benchmarks and tests that join
hundreds of phones from this one address (127.0.0.1), as a room of phones never does."""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.records.templates import find_template

RAISED = "\n[phones]\njoins_per_address = 100000\nissues_per_person = 100000\n"


def template_for_load(root: Path, name: str = "housing-coproduction") -> Path:
    """A copy of the shipped template `name` under `root`, its phones' limits raised."""
    copy = root / f"{name}-for-load"
    shutil.copytree(find_template(name), copy)
    settings = copy / "template.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + RAISED, encoding="utf-8")
    return copy
