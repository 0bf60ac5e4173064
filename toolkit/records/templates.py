"""Finding and loading workshop templates from disk."""

from __future__ import annotations

import base64
import tomllib
from pathlib import Path

from toolkit.domain.names import UnsafeNameError, check_safe_name
from toolkit.domain.template import (
    Branding,
    TemplateError,
    WorkshopTemplate,
    logo_type,
    parse_template,
)

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
    (a session's frozen copy is read without: a lost logo only hides the logo)."""
    try:
        data = tomllib.loads(settings.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{settings}: not valid TOML ({exc}); fix the line named") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{settings}: cannot be read ({exc})") from exc
    template = parse_template(data, str(settings))
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


def logo_data_uri(folder: Path, branding: Branding) -> str:
    """The session's logo as a data: URI, so pages show it without fetching anything;
    empty when there is none, or when its file has gone from the folder."""
    kind = logo_type(branding.logo) if branding.logo else None
    path = folder / branding.logo
    if kind is None or not path.is_file() or path.stat().st_size > MAX_LOGO_BYTES:
        return ""
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
