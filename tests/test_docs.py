"""The documentation stays true: the data dictionary matches the schema, the README the set-up."""

from __future__ import annotations

import re
from pathlib import Path

from devtools.records_doc import DOC, render

ROOT = Path(__file__).resolve().parents[1]


def test_records_doc_has_the_current_data_dictionary() -> None:
    assert render() in DOC.read_text(encoding="utf-8"), "run 'make docs' to regenerate it"


def test_readme_shows_the_two_commands_and_real_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make app" in readme and "make test" in readme
    for link in re.findall(r"\]\(([^)#]+)\)", readme):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), f"README links to missing {link}"


def test_templates_doc_lists_every_text_with_its_english() -> None:
    from toolkit.domain.texts import DEFAULT_TEXTS

    doc = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    for key, english in DEFAULT_TEXTS.items():
        row = f"| `{key}` | {english.replace('|', chr(92) + '|')} |"
        assert row in doc, f"docs/templates.md lacks the row for {key}: {row}"
