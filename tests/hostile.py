"""Text a participant or a hand-edited file might contain; it must round-trip exactly."""

from __future__ import annotations

HOSTILE_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid","click")',
    "+SUM(A1:A9)",
    "-2+3",
    "@SUM(1)",
    "\tstarts with a tab",
    "\rstarts with a carriage return",
    "'starts with an apostrophe",
    "''",
    "<script>alert('x')</script><b>bold</b>",
    'a "quoted", comma, separated',
    "line one\nline two",
    "windows\r\nline ending",
    "ends with a newline\n",
    "\u202eright-to-left override",
    "zero\u200bwidth\u200djoiner",
    "emoji 🧱🏠👩🏽‍🦱",
    "e\u0301 combining accent and \u0131 dotless",
    "ﷺ العربية עברית",
    "  leading and trailing spaces  ",
    ",",
    '"',
    "\\n not a newline \\",
    "NaN",
    "None",
    "NULL",
    "true",
    "x" * 2000,
]
