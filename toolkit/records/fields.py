"""The columns of a session table and a table itself: the parts of the data dictionary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TEXT_LIMIT = 10_000  # characters; the domain sets tighter limits per field
DIGEST = "digest"  # the last column of every table: see digests.py


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, boolean, datetime, date
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = TEXT_LIMIT
    is_id: bool = False  # names a row: checked for ids a spreadsheet turned into numbers
    checked: bool = True  # its type and constraints are checked when read

    def descriptor(self) -> dict[str, Any]:
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.type == "string" and not self.enum and self.checked:
            constraints["maxLength"] = self.max_length + 1  # +1: the formula guard quote
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        if self.type == "datetime":
            out["format"] = "%Y-%m-%dT%H:%M:%S.%fZ"
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    events: tuple[str, ...]
    key: tuple[str, ...]  # what one row's state belongs to
    fields: tuple[Field, ...]
    removal_events: tuple[str, ...] = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def all_fields(self) -> tuple[Field, ...]:
        common = (
            Field(
                "event_id",
                "string",
                "Unique id of this event.",
                required=True,
                max_length=80,
                is_id=True,
            ),
            Field(
                "timestamp",
                "datetime",
                "When the event was recorded, ISO 8601 in UTC.",
                required=True,
            ),
            Field(
                "event",
                "string",
                "What happened: " + ", ".join(self.events) + ".",
                required=True,
                enum=self.events,
            ),
        )
        return common + self.fields

    @property
    def field_names(self) -> tuple[str, ...]:
        """The event's columns: what the toolkit reads and writes of a row."""
        return tuple(f.name for f in self.all_fields)

    @property
    def file_fields(self) -> tuple[Field, ...]:
        """The columns of the table's file: the event's, then the row's digest."""
        return (*self.all_fields, DIGEST_FIELD)

    @property
    def file_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.file_fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.all_fields if f.name == name)


DIGEST_FIELD = Field(
    DIGEST,
    "string",
    "Shows any later edit of the file: 32 hex digits of SHA-256 over this row's other cells, "
    "then 32 of SHA-256 over the previous row's digest and those 32 (docs/records.md, "
    "'Every edit shows').",
    max_length=64,
    checked=False,  # a cell that is no digest is an edit, found by the chain, not a problem
)
