"""A visible status line: what just happened, or what went wrong and what to do."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets


class StatusLine(widgets.HTML):  # type: ignore[misc]
    """One line under a form; errors are red and say what to do, never a traceback."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("toolkit-status")
        self.kind = ""
        self.message = ""

    def show(self, message: str, kind: str = "ok") -> None:
        """kind: 'ok', 'warning' or 'error' (each has its own mark, not only a colour)."""
        mark = {"ok": "✓", "warning": "!", "error": "✗"}[kind]
        self.kind, self.message = kind, message
        role = "alert" if kind != "ok" else "status"
        self.value = (
            f"<div class='toolkit-status-{kind}' role='{role}'>"
            f"<b aria-hidden='true'>{mark}</b> {escape(message, quote=False)}</div>"
        )
