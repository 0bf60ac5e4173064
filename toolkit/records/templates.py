"""Finding and loading workshop templates from disk."""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
import tomllib
from pathlib import Path

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.template import TemplateError, WorkshopTemplate, parse_template
from toolkit.domain.template_settings import Branding, logo_type

SETTINGS_FILE = "template.toml"
MAX_LOGO_BYTES = 300_000
_PACKAGE = Path(__file__).resolve().parent.parent


def shipped_root(kind: str) -> Path:
    """The folder of shipped `templates` or `notebooks`: inside an installed wheel, else the
    repository checkout the package was installed from in editable mode."""
    bundled = _PACKAGE / "_shipped" / kind
    return bundled if bundled.is_dir() else _PACKAGE.parent / kind


def find_template(name_or_path: str) -> Path:
    """A shipped template by name, or a template folder by path."""
    path = Path(name_or_path)
    if (path / SETTINGS_FILE).is_file():
        return path
    try:
        check_safe_name(name_or_path, "template name")
    except UnsafeNameError:
        raise TemplateError(
            f"no template at {name_or_path!r}: a template is a folder with a {SETTINGS_FILE} file"
        ) from None
    shipped = shipped_root("templates") / name_or_path
    if (shipped / SETTINGS_FILE).is_file():
        return shipped
    names = sorted(p.parent.name for p in shipped_root("templates").glob(f"*/{SETTINGS_FILE}"))
    raise TemplateError(
        f"no template named {name_or_path!r}; shipped templates: "
        f"{', '.join(names) or 'none'}; or give the path of a template folder"
    )


def load_template(folder: Path) -> WorkshopTemplate:
    return load_template_file(folder / SETTINGS_FILE)


def load_template_file(settings: Path, check_files: bool = True) -> WorkshopTemplate:
    """The settings in a template.toml; with `check_files`, the files they name must exist
    and a template not in English must give every text (a session's frozen copy is read
    without: a lost logo only hides the logo, a text added since is said in English)."""
    try:
        data = tomllib.loads(settings.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{settings}: not valid TOML ({exc}); fix the line named") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{settings}: cannot be read ({exc})") from exc
    template = parse_template(data, str(settings), frozen=not check_files)
    logo = template.branding.logo
    if logo and check_files:
        path = settings.parent / logo
        if not path.is_file():
            raise TemplateError(
                f"{settings}: branding.logo: the file {logo!r} is not in {settings.parent}; "
                "put the logo beside the settings file, or remove the setting"
            )
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise TemplateError(
                f"{settings}: branding.logo: {logo!r} is larger than "
                f"{MAX_LOGO_BYTES // 1000} kB; save a smaller image (it is sent to every phone)"
            )
    return template


NOTEBOOKS = "notebooks"  # in a template folder, and in a session folder
# Shipped notebooks that a session does not carry: they read many sessions, not one.
ACROSS_SESSIONS = ("compare-sessions.ipynb",)


def shipped_templates() -> list[tuple[str, WorkshopTemplate]]:
    """The shipped templates by folder name, with their settings."""
    folders = sorted(shipped_root("templates").glob(f"*/{SETTINGS_FILE}"))
    return [(p.parent.name, load_template_file(p)) for p in folders]


def template_notebooks(template_dir: Path) -> dict[str, Path]:
    """The notebooks a session made from this template carries, by file name: the shipped
    app and analysis notebooks, and the template's own notebooks/*.ipynb, which take the
    place of a shipped one of the same name or come beside them."""
    chosen = {
        p.name: p
        for p in sorted(shipped_root(NOTEBOOKS).glob("*.ipynb"))
        if p.name not in ACROSS_SESSIONS
    }
    own = template_dir / NOTEBOOKS
    if own.exists() and not own.is_dir():
        raise TemplateError(f"{own}: must be a folder of .ipynb notebooks")
    for path in sorted(own.glob("*.ipynb")) if own.is_dir() else []:
        try:
            check_safe_name(path.name, "notebook file name")
            notebook = json.loads(path.read_text(encoding="utf-8"))
        except UnsafeNameError as exc:
            raise TemplateError(f"{path}: {exc}; rename the notebook") from exc
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise TemplateError(
                f"{path}: not a notebook ({exc}); save it again from Jupyter"
            ) from exc
        if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
            raise TemplateError(f"{path}: not a notebook (no list of cells); save it again from "
                                "Jupyter")  # fmt: skip
        chosen[path.name] = path
    return dict(sorted(chosen.items()))


def check_template(folder: Path) -> WorkshopTemplate:
    """A template folder's settings, the files they name and its notebooks, all checked."""
    template = load_template(folder)
    template_notebooks(folder)
    return template


def copy_template(source: Path, target: Path) -> Path:
    """Copy a template folder to start one's own; never over an existing folder. It appears
    whole or not at all."""
    check_template(source)
    if target.exists():
        raise TemplateError(
            f"{target} already exists; choose a new folder name (nothing is overwritten)"
        )
    if target.resolve().is_relative_to(source.resolve()):
        raise TemplateError(f"{target} is inside {source}; copy the template beside it")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        copied = shutil.copytree(
            source, staging / "t", ignore=shutil.ignore_patterns(".*", "__pycache__")
        )
        os.rename(copied, target)  # refuses a target made meanwhile (a non-empty folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def logo_data_uri(folder: Path, branding: Branding) -> str:
    """The session's logo as a data: URI, so pages show it without fetching anything;
    empty when there is none, or when its file has gone from the folder."""
    kind = logo_type(branding.logo) if branding.logo else None
    path = folder / branding.logo
    if kind is None or not path.is_file() or path.stat().st_size > MAX_LOGO_BYTES:
        return ""
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
