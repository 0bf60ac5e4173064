"""Co-production workshop toolkit: rules, session records, widgets and Voila apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from toolkit.records.session import Session, open_session

__all__ = ["Session", "__version__", "open_session"]


def __getattr__(name: str) -> Any:
    # pandas loads only when an analyst asks for it, not in a participant's kernel
    if name in ("open_session", "Session"):
        from toolkit.records import session

        return getattr(session, name)
    raise AttributeError(name)
