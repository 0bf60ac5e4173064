"""The kernels a Voila server started, found by its port: for tests and benchmarks that
check that closed pages give their kernels back."""

from __future__ import annotations

import psutil


def kernels_of(port: int | str) -> list[psutil.Process]:
    """Live kernel processes of the Voila listening on `port` (exited ones not counted)."""
    found = []
    for server in psutil.process_iter(["cmdline"]):
        if f"--port={port}" not in " ".join(server.info["cmdline"] or []):
            continue
        for child in server.children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(
                    child.cmdline()
                ):
                    found.append(child)
            except psutil.Error:  # it exited while being looked at
                continue
    return found
