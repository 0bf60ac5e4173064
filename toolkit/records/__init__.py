"""The session folder: CSV tables described by a Frictionless data package; and what serving,
the poster and the notebooks share about reaching a session (ports, join code, LAN address)."""

from toolkit.records.append import Recorder
from toolkit.records.csvfile import TailReader
from toolkit.records.errors import Problem, RecordError, RecordWriteError
from toolkit.records.folder import create_session
from toolkit.records.schema import SCHEMA_VERSION, TABLE_BY_NAME, TABLES

__all__ = [
    "SCHEMA_VERSION",
    "TABLES",
    "TABLE_BY_NAME",
    "Problem",
    "RecordError",
    "RecordWriteError",
    "Recorder",
    "TailReader",
    "create_session",
]
