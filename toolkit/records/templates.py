"""Finding and loading workshop templates from disk."""

from __future__ import annotations

import tomllib
from pathlib import Path

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.template import TemplateError, WorkshopTemplate, parse_template

SETTINGS_FILE = "template.toml"
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


def load_template_file(settings: Path) -> WorkshopTemplate:
    try:
        data = tomllib.loads(settings.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{settings}: not valid TOML ({exc}); fix the line named") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{settings}: cannot be read ({exc})") from exc
    return parse_template(data, str(settings))
