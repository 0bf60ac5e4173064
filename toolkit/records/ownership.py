"""What the toolkit makes inside a session folder belongs to the folder's owner.

On an organisation's JupyterHub the shared phones' server runs as the Hub's user, often root,
while each facilitator's screens run as that facilitator. A lock, a note or a folder the
phones' server made first must stay usable by the facilitator: whatever a process running as
root makes in a session folder is handed to that folder's owner and group."""

from __future__ import annotations

import os
from pathlib import Path


def adopt(path: Path, session: Path) -> None:
    """Give `path`, just made in the session folder `session` (or in its `.locks`), the session
    folder's owner and group when this process runs as root. A process of any other user
    leaves it alone: what a user makes is theirs. Best effort: a filesystem that refuses (root
    squashed on a network share) leaves the file as it is."""
    if os.geteuid() != 0:
        return
    try:
        want, have = session.stat(), path.lstat()
        if (have.st_uid, have.st_gid) != (want.st_uid, want.st_gid):
            os.chown(path, want.st_uid, want.st_gid, follow_symlinks=False)
    except OSError:
        pass
