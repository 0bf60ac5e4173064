"""What every live screen shares: its state is read back from the session's records."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from toolkit.domain.events import Row
from toolkit.domain.state import SessionState


class FollowsSession:
    """Mixed into a view with a `state` trait holding a SessionState and a `_read_new`
    callable giving the rows appended to each followed table since the last call."""

    state: SessionState
    _read_new: Callable[[], Mapping[str, Sequence[Row]]]

    def refresh(self) -> None:
        """Take in what was recorded since last time, by this screen or any other."""
        new = self._read_new()
        if any(new.values()):
            self.state = self.state.with_new(new)
