"""The report in Markdown, every typed text escaped so it shows literally."""

from __future__ import annotations

import re

from toolkit import analysis
from toolkit.outputs.report.parts import Block, Heading, Items, Para, Report, Table

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")  # emphasis, code, links, raw HTML, tables
_MD_LINE_START = re.compile(r"^(?:([#+\-=])|(\d+)([.)])(?=\s|$))")  # headings, lists, setext


def md_escape(text: str) -> str:
    """Text as Markdown shows it literally: every mark that could start markup or raw HTML
    backslash-escaped (CommonMark), line breaks made spaces."""
    text = _MD_INLINE.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def to_markdown(report: Report, charts_folder: str) -> str:
    """The report in Markdown; each chart is referenced as `charts_folder/NAME.svg` (written
    by `write_report`) and described in words under it."""
    s = report.session
    texts = s.template.texts
    info = analysis.summary(s)
    lead = f"{texts.say('report.lead')} {info['date']}"
    lines = [f"# {md_escape(info['title'])}", "", md_escape(lead), ""]
    for sec in report.sections:
        lines += [f"## {md_escape(sec.title)}", ""]
        for b in sec.blocks:
            lines += [*_md_block(b, charts_folder), ""]
    lines.append(md_escape(texts.say("report.footer", folder=s.path.name)))
    return "\n".join(lines) + "\n"


def _md_block(b: Block, charts_folder: str) -> list[str]:
    if isinstance(b, Para):
        return [f"_{md_escape(b.text)}_" if b.kind == "note" else md_escape(b.text)]
    if isinstance(b, Heading):
        return [f"### {md_escape(b.text)}"]
    if isinstance(b, Items):
        return [f"- {md_escape(i)}" for i in b.items]
    if isinstance(b, Table):
        align = ["---:" if i in b.numeric else "---" for i in range(len(b.head))]
        return [
            "| " + " | ".join(md_escape(h) for h in b.head) + " |",
            "| " + " | ".join(align) + " |",
            *("| " + " | ".join(md_escape(c) for c in r) + " |" for r in b.rows),
        ]
    return [
        f"### {md_escape(b.title)}",
        "",
        f"![{md_escape(b.title)}]({charts_folder}/{b.name}.svg)",
        "",
        md_escape(b.words),
    ]
