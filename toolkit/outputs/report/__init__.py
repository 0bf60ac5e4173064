"""The workshop write-up: one self-contained HTML file, or Markdown, both rendered from the
same list of sections built from `toolkit.analysis`, so they say the same thing."""

from toolkit.outputs.report.files import DEFAULT_NAME, FORMATS, ReportError, write_report
from toolkit.outputs.report.html_page import to_html
from toolkit.outputs.report.markdown_page import md_escape, to_markdown
from toolkit.outputs.report.parts import Figure, Heading, Items, Para, Report, Section, Table
from toolkit.outputs.report.sections import build

__all__ = [
    "DEFAULT_NAME",
    "FORMATS",
    "Figure",
    "Heading",
    "Items",
    "Para",
    "Report",
    "ReportError",
    "Section",
    "Table",
    "build",
    "md_escape",
    "to_html",
    "to_markdown",
    "write_report",
]
