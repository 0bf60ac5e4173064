"""Every shipped template runs end to end: `toolkit new` makes a session that carries its own
notebooks, and each of them executes headless from the session folder and shows its app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path

import nbformat
import pytest
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

from tests.phones import Phone
from tests.test_notebooks import SHOWS, WIDGET_VIEW
from toolkit.apps.phones.pages import Said
from toolkit.apps.serving import SCREENS, SESSION_ENV
from toolkit.cli import main
from toolkit.domain.template import WorkshopTemplate
from toolkit.records.folder import session_template
from toolkit.records.templates import (
    ACROSS_SESSIONS,
    find_template,
    shipped_root,
    shipped_templates,
)

TEMPLATES = [name for name, _ in shipped_templates()]
TITLE = "Proof of {}"


def test_the_templates_docs_templates_md_describes_are_shipped() -> None:
    assert {"community-priorities", "housing-coproduction", "service-design"} <= set(TEMPLATES)


def expected(template: WorkshopTemplate, title: str) -> dict[str, list[str]]:
    """What each notebook must show for a fresh session of this template: the app itself,
    in the template's words, never an error message. (The screens' own English words are
    checked only for a template in English.)"""
    first = template.agenda[0]
    english = template.texts.language == "en"
    shows = {name: [words] for name, words in SHOWS.items()} if english else {}
    groups = [g.name for g in template.groups]
    return {
        **shows,  # any other app notebook
        "analysis.ipynb": [title, template.title, template.branding.organisation],
        "console.ipynb": [
            f"Step 1 of {len(template.agenda)}: {first.title}" if english else first.title,
            template.branding.organisation,
        ],
        "issues.ipynb": [*shows.get("issues.ipynb", []), template.issue_categories[0]],
        "overview.ipynb": [title, *groups],
        "projector.ipynb": [first.title],
        "stakeholders.ipynb": [
            *shows.get("stakeholders.ipynb", []),
            template.stakeholder_map.kinds[0],
        ],
    }


def execute_in_one_kernel(paths: list[Path], cwd: Path) -> Iterator[nbformat.NotebookNode]:
    """Run the notebooks one after another in one kernel started in `cwd`, as Jupyter opened
    from that folder would (one kernel, not nine: the imports are paid once)."""
    km = None
    try:
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb, km=km, timeout=120, kernel_name="python3",
                resources={"metadata": {"path": str(cwd)}},
            )  # fmt: skip
            client.execute(cleanup_kc=False)
            km = client.km
            if client.kc is not None:
                client.kc.stop_channels()
            yield nb
    finally:
        if km is not None and km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_new_session_runs_every_notebook_it_carries(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / f"2026-11-28-{name}"
    assert main(["new", str(folder), "--template", name, "--title", TITLE.format(name)]) == 0
    assert capsys.readouterr().out == f"created {folder} from template {name}\n"
    template = session_template(folder)
    shows = expected(template, TITLE.format(name))
    notebooks = sorted((folder / "notebooks").glob("*.ipynb"))
    shipped = sorted(p.name for p in shipped_root("notebooks").glob("*.ipynb"))
    assert [p.name for p in notebooks] == [n for n in shipped if n not in ACROSS_SESSIONS]
    assert {p.name for p in notebooks} >= {*SCREENS, "analysis.ipynb"}
    # No TOOLKIT_SESSION: each notebook finds its session from the folder it runs in.
    monkeypatch.delenv(SESSION_ENV, raising=False)
    for path, nb in zip(
        notebooks, execute_in_one_kernel(notebooks, folder / "notebooks"), strict=True
    ):
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"], path.name
        shown = json.dumps(nb.metadata.get("widgets", {})) + json.dumps(outputs)
        if path.name != "analysis.ipynb":
            assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), path.name
        for words in shows.get(path.name, []):
            assert json.dumps(words)[1:-1] in shown, (path.name, words)
        assert "cannot be opened" not in shown and "no session given" not in shown


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_new_session_shows_the_phones_its_groups_in_its_words(name: str, tmp_path: Path) -> None:
    """The phones are served by the participants' server, not a notebook: its pages for a
    fresh session of each template, in the template's language, with its groups to join."""
    folder = tmp_path / "s"
    assert main(["new", str(folder), "--template", name, "--title", TITLE.format(name)]) == 0
    template = session_template(folder)
    texts = template.texts
    phone = Phone.on(folder)
    page = phone.page()
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="{texts.language}"')
    assert f"<h1>{escape(texts.say('join.title'))}</h1>" in page
    for group in template.groups:
        assert f'value="{escape(group.id)}"' in page and escape(group.name) in page
    assert ('name="name"' in page) == (template.names != "off")
    phone.join(template.groups[0].id)
    assert phone.said == Said(texts.say("join.joined", code=phone.code))
    assert escape(texts.say("step.wait")) in phone.html()


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_session_keeps_its_notebooks_and_settings_when_the_template_changes(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = tmp_path / "ours"
    assert main(["template", "copy", name, str(ours)]) == 0
    assert main(["new", str(tmp_path / "before"), "--template", str(ours), "--title", "T"]) == 0
    frozen = {p.name: p.read_bytes() for p in (tmp_path / "before" / "notebooks").iterdir()}
    settings = (tmp_path / "before" / "template.toml").read_bytes()
    (ours / "notebooks").mkdir()
    (ours / "notebooks" / "console.ipynb").write_text(
        json.dumps(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Ours")]))
    )
    text = (ours / "template.toml").read_text()
    (ours / "template.toml").write_text(text.replace('title = "', 'title = "Changed: ', 1))
    assert main(["new", str(tmp_path / "after"), "--template", str(ours), "--title", "T"]) == 0
    capsys.readouterr()
    after = tmp_path / "after"
    assert "# Ours" in (after / "notebooks" / "console.ipynb").read_text()
    assert (after / "template.toml").read_bytes() != settings
    assert {p.name: p.read_bytes() for p in (tmp_path / "before" / "notebooks").iterdir()} == (
        frozen
    )
    assert (tmp_path / "before" / "template.toml").read_bytes() == settings
    assert (find_template(name) / "template.toml").read_bytes() == settings  # shipped untouched


def test_an_app_opened_from_a_sessions_folder_finds_that_session(
    session_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toolkit.apps.overview import session_folder

    monkeypatch.delenv(SESSION_ENV, raising=False)
    for here in (session_dir / "notebooks", session_dir):
        monkeypatch.chdir(here)
        assert session_folder() == session_dir
    assert session_folder(tmp_path) == tmp_path  # an argument always wins
    monkeypatch.setenv(SESSION_ENV, str(tmp_path))
    assert session_folder() == tmp_path  # then `toolkit serve`'s session
    monkeypatch.delenv(SESSION_ENV)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"^no session given: call with a session folder, start"):
        session_folder()


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_step_of_a_shipped_template_gives_the_facilitator_a_script(name: str) -> None:
    template = dict(shipped_templates())[name]
    assert template.agenda
    for number, step in enumerate(template.agenda, start=1):
        where = f"{name}: step {number} ({step.title})"
        assert step.purpose.strip(), f"{where} has no purpose"
        assert step.say.strip(), f"{where} has nothing to say"
        assert step.checklist and all(item.strip() for item in step.checklist), (
            f"{where} has no checklist"
        )
