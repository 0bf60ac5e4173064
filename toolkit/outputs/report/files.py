"""Writing the report: the file in its format, its charts beside it, refused if hand edits
broke the rules unless asked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from toolkit import analysis, charts
from toolkit.outputs.report.html_page import to_html
from toolkit.outputs.report.markdown_page import to_markdown
from toolkit.outputs.report.parts import Figure
from toolkit.outputs.report.sections import build

FORMATS = ("html", "md")
DEFAULT_NAME = "report"


class ReportError(ValueError):
    """A report that cannot be written as asked; the message says what to change."""


def write_report(
    session: analysis.SessionLike,
    out: Path | str | None = None,
    fmt: str | None = None,
    charts_dir: Path | str | None = None,
    accept_edits: bool = False,
) -> Path:
    """Write the report and return its path: HTML by default, `report.html` in the session
    folder unless `out` says otherwise; Markdown with `fmt='md'` (or an .md `out`), its charts
    as SVG files in a folder beside it; with `charts_dir`, every chart also as .svg and .png.
    Records edited by hand (rules refuse some events, or files differ from what was
    recorded, unless recorded as corrections) are reported on only when `accept_edits`, and
    then the report's first section lists those events and edits."""
    s = analysis.reopen(session)
    if s.refused and not accept_edits:
        raise ReportError(
            f"{len(s.refused)} recorded event(s) in {s.path} break the workshop's rules, as "
            f"only a hand edit of the files can; the first: {s.refused[0]}. Run 'toolkit "
            "validate' on the folder to list them; restore the files from a backup, or write "
            "the report without those events with --accept-edits (its first page lists them)"
        )
    if s.edits and not accept_edits:
        raise ReportError(
            f"the files of {s.path} were edited after the toolkit recorded them, in "
            f"{len(s.edits)} place(s); the first: {s.edits[0]}. Run 'toolkit validate' on the "
            "folder to list them; restore the files from a backup, record edits that were "
            "meant with 'toolkit correct', or write the report with the rows as they read now "
            "with --accept-edits (its first page lists the edits)"
        )
    if fmt is None:
        fmt = "md" if out is not None and Path(out).suffix == ".md" else "html"
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    path = Path(out) if out is not None else s.path / f"{DEFAULT_NAME}.{fmt}"
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as {path / 'report.html'}")
    report = build(s)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(to_html(report), encoding="utf-8")
    else:
        folder = path.with_name(f"{path.stem}-charts")
        _write_svgs(report.figures, folder)
        path.write_text(to_markdown(report, folder.name), encoding="utf-8")
    if charts_dir is not None:
        folder = Path(charts_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for f in report.figures:
            charts.save(f.chart, folder / f"{f.name}.svg")
            charts.save(f.chart, folder / f"{f.name}.png")
    return path


def _write_svgs(figures: Sequence[Figure], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in figures:
        charts.save(f.chart, folder / f"{f.name}.svg")
