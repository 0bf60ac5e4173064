"""pyproject.toml and environment.yml list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> str:
    name, spec = re.match(r"\s*([A-Za-z0-9_.\-\[\]]+)\s*(.*)", requirement).groups()  # type: ignore[union-attr]
    return re.sub(r"[-_.]+", "-", name.lower()) + spec.replace(" ", "")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_normalise(r) for r in project["dependencies"]}
    wanted |= {_normalise(r) for r in project["optional-dependencies"]["test"]}
    listed = set()
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        item = re.match(r"\s+-\s+(\S.*)$", line)
        if item and not item.group(1).startswith(("python", "pip")):
            listed.add(_normalise(item.group(1)))
    assert listed == wanted
    python = re.search(r"-\s+python(\S+)", text)
    assert python and python.group(1) == project["requires-python"]
