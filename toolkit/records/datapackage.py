"""The session folder's Frictionless Data Package descriptor (datapackage.json), made from the
data dictionary in schema.py, with its references as Table Schema foreign keys."""

from __future__ import annotations

from typing import Any

from toolkit.records.fields import Table
from toolkit.records.schema import REFERENCES, SCHEMA_PROPERTY, SCHEMA_VERSION, TABLES


def foreign_keys(table: str) -> list[dict[str, Any]]:
    """REFERENCES from `table` as Table Schema foreignKeys, so Frictionless checks them too
    (an empty cell is a missing value, not checked; "" is the table itself). Frictionless
    accepts a target column that repeats its values, as an event table's ids do. Not here:
    an option's round (only ignored when missing) and notes.csv about_id and groups."""
    return [
        {
            "fields": [column],
            "reference": {"resource": "" if target == table else target, "fields": [field]},
        }
        for source, column, target, field in REFERENCES
        if source == table
    ]


def _table_schema(t: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [f.descriptor() for f in t.file_fields],
        "primaryKey": ["event_id"],
        "missingValues": [""],
    }
    if foreign_keys(t.name):
        schema["foreignKeys"] = foreign_keys(t.name)
    return schema


def datapackage(title: str) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a session folder. A folder made before its
    foreignKeys were declared opens as before: the toolkit checks the tables by its own
    schema, not the descriptor's, so only `frictionless validate` skips its references."""
    return {
        "profile": "tabular-data-package",
        "name": "coproduction-session",
        "title": title,
        SCHEMA_PROPERTY: SCHEMA_VERSION,
        "resources": [
            {
                "name": t.name,
                "path": t.filename,
                "profile": "tabular-data-resource",
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": _table_schema(t),
            }
            for t in TABLES
        ],
    }
