"""A separate writer process for the concurrency and crash tests (run with `python -m`)."""

from __future__ import annotations

import sys

from toolkit.records import Recorder


def main(folder: str, writer: str, count: int) -> None:
    """Append `count` votes (forever if count is 0), printing each acknowledged event id:
    a dot cast, then taken back, and so on, as the rules allow only in that order."""
    rec = Recorder(folder)
    rec.append(
        "participants", "joined", participant_id=writer, group_id="tenants", channel="device"
    )
    i = 0
    while count == 0 or i < count:
        row = rec.append(
            "votes",
            "withdrawn" if i % 2 else "cast",
            round_id="R1",
            option_id="O1",
            participant_id=writer,
            group_id="tenants",
            channel="device",
            dots=1,
        )
        print(row["event_id"], flush=True)
        i += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
