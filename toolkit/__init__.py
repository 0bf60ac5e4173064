"""Co-production workshop toolkit: rules, session records, widgets and Voila apps."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# altair imports jsonschema, which checks the "iri" string format with rfc3987-syntax when it
# is installed (Jupyter's servers pull it in), and that package compiles its grammar as it is
# imported: over 2 s on a 2-core machine, in every kernel that draws a chart, in `toolkit
# report` and in Voila's own server, for a format no chart or record of the toolkit has.
# Imported first, the toolkit keeps it from loading: jsonschema then treats it as absent.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

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
