"""Pure helpers for text typed by people: numbers in query strings, control characters."""

from __future__ import annotations

import re

# C0/C1 control characters other than tab and newline: they cannot be shown, cannot be written
# to an .xlsx file, and have no business in a name or a note.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_ID = 2**63 - 1


def parse_id(raw) -> int | None:
    """A positive database id from a query string or form value, or None for anything else
    (letters, '²', signs, numbers too large for a BIGINT)."""
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def strip_controls(text: str) -> str:
    """``text`` without control characters, surrounding whitespace removed."""
    return CONTROL_CHARS.sub("", text or "").strip()
