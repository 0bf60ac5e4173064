"""What a report is made of, whatever the format: sections of paragraphs, lists, tables and
figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import altair as alt
import pandas as pd

from toolkit.domain.texts import Texts
from toolkit.records.session import Session


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = ""  # "note" for a method or rule, "lead" for a summary sentence


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    id: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right
    nowrap: tuple[int, ...] = ()  # columns kept on one line (dates)


@dataclass(frozen=True)
class Figure:
    name: str  # file name stem, also the anchor
    title: str
    chart: alt.TopLevelMixin
    words: str  # what the chart shows, in words
    heading: bool = True  # False when the chart draws its own title


Block = Para | Heading | Items | Table | Figure


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    session: Session
    sections: list[Section]
    logo: str  # data: URI or ""

    @property
    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]


def _rows(frame: pd.DataFrame) -> list[Any]:
    """A DataFrame's rows as namespaces, to read by attribute."""
    return [SimpleNamespace(**{str(k): v for k, v in r.items()}) for r in frame.to_dict("records")]


def _num(texts: Texts, x: float | None, places: int = 2) -> str:
    """A figure as the template's language writes it, or n/a."""
    return texts.say("report.na") if x is None or pd.isna(x) else texts.number(x, places)
