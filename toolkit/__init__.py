"""Co-production workshop toolkit: rules, session records, widgets and Voila apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from toolkit.analysis import Sessions, open_sessions
    from toolkit.records.session import Session, open_session

__all__ = ["Session", "Sessions", "__version__", "open_session", "open_sessions"]


def __getattr__(name: str) -> Any:
    # pandas loads only when an analyst asks for it, not in a participant's kernel
    if name in ("open_session", "Session"):
        from toolkit.records import session

        return getattr(session, name)
    if name in ("open_sessions", "Sessions"):  # altair and pandas: analysts only
        from toolkit import analysis

        return getattr(analysis, name)
    raise AttributeError(name)
