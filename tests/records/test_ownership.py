"""On an organisation's JupyterHub the shared phones' server runs as root while each
facilitator's kernels run as that facilitator: what root's Recorder makes in a session folder
(the locks folder, lock files, notes, the holders' names) is the folder owner's, so the owner
records after it as before. Runs as root only, as CI does."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from toolkit.records import Recorder, create_session
from toolkit.records.csvfile import read_table
from toolkit.records.schema import TABLE_BY_NAME
from toolkit.records.templates import find_template

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0, reason="needs root: it checks what a root process leaves to another user"
)
NOBODY = 65534


@pytest.fixture
def owned() -> Iterator[Path]:
    """A session folder that belongs to another user, where that user can reach it."""
    base = Path(tempfile.mkdtemp(prefix="toolkit-owner-"))
    base.chmod(0o755)
    folder = create_session(base / "session", find_template("housing-coproduction"), "Owners")
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    yield folder
    shutil.rmtree(base)


def _record(folder: Path, value: str) -> None:
    Recorder(folder, holder="the phones' server").append(
        "settings", "set", key="phones_open", value=value
    )


def test_what_root_makes_in_a_session_folder_is_its_owner_s(owned: Path) -> None:
    _record(owned, "true")
    made = {p.relative_to(owned).as_posix(): p.lstat() for p in owned.rglob("*")}
    assert {".locks", ".locks/settings.lock", ".locks/settings.last",
            f".locks/holders/{os.getpid()}"} <= set(made)  # fmt: skip
    assert {n: (s.st_uid, s.st_gid) for n, s in made.items()
            if (s.st_uid, s.st_gid) != (NOBODY, NOBODY)} == {}  # fmt: skip


def test_the_owner_records_after_root_did(owned: Path) -> None:
    _record(owned, "true")
    child = os.fork()
    if child == 0:  # the facilitator's kernel, as the folder's owner
        code = 1
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            _record(owned, "false")
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    rows = read_table(owned, TABLE_BY_NAME["settings"]).rows()
    assert [r["value"] for r in rows if r["key"] == "phones_open"] == ["true", "false"]
