"""Who holds a table's lock, for whoever waits too long for it: each program names itself once
(`.locks/holders/PID`, written on its first lock), and the waiter finds the holding process
in the system's list of locks (/proc/locks on Linux). Nothing is written on each append."""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.records.ownership import adopt

HOLDERS_DIR = "holders"
SOMEONE = "another program"
_introduced: set[tuple[Path, int]] = set()


def introduce(locks: Path, name: str) -> None:
    """Write this process's name for the locks in `locks`, once per process."""
    key = (locks, os.getpid())
    if key in _introduced:
        return
    try:  # a courtesy to whoever waits: not a reason to fail
        (locks / HOLDERS_DIR).mkdir(exist_ok=True)
        (locks / HOLDERS_DIR / str(os.getpid())).write_text(name, encoding="utf-8")
        for made in (locks / HOLDERS_DIR, locks / HOLDERS_DIR / str(os.getpid())):
            adopt(made, locks.parent)
        _introduced.add(key)
    except OSError:
        pass


def holder_of(lock_file: Path) -> str:
    """'the participants' server (pid 1234)': who holds `lock_file`, as well as is known."""
    pid = _holding_pid(lock_file)
    if pid is None:
        return SOMEONE
    try:
        name = (lock_file.parent / HOLDERS_DIR / str(pid)).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        name = ""
    return f"{name or SOMEONE} (pid {pid})"


def _holding_pid(lock_file: Path) -> int | None:
    try:
        inode = lock_file.stat().st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:  # not Linux, or the lock file is gone
        return None
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; a waiter's line has "->" second
        parts = line.split()
        if len(parts) > 5 and parts[1] != "->" and parts[5].endswith(f":{inode}"):
            return int(parts[4]) if parts[4].isdigit() else None
    return None
