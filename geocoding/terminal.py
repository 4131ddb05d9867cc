"""Text from outside (a web service, a data cell, a file name) made safe to show on a terminal.

A terminal obeys the control characters it is sent: ``ESC [2J`` clears the screen, an OSC sequence sets the
window title or a link, a bidi override (``U+202E``) makes ``evil.txt`` read as ``txt.live``, and a line break
turns one message into two that look like ours. :func:`printable` shows every such character as a visible
escape instead (``\\x1b``, ``\\u202e``), so the text reads as what it is, on one line.

This module lives in ``geocoding`` (which never imports ``stationmap``) so that both packages' commands can
use the one helper: ``stationmap`` may import ``geocoding``, never the other way round.
"""

from __future__ import annotations

import logging
import re

#: C0 controls (line breaks and tabs included), DEL, C1 controls, the line/paragraph separators, and the bidi
#: marks, embeddings, overrides and isolates (U+061C, U+200E-F, U+202A-E, U+2066-9).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")  # \n, \t, \x1b, \x9b, \u202e


def printable(text: object, *, limit: int | None = None) -> str:
    """``str(text)`` with every unsafe character shown as a ``\\xNN`` / ``\\uNNNN`` escape, on one line.

    Escaping is idempotent (an escaped text holds no unsafe character). ``limit`` keeps only the first
    ``limit`` characters (an ellipsis marks the cut) of text of unknown size, such as a response body.
    """
    raw = str(text)
    cut = limit is not None and len(raw) > limit
    shown = UNSAFE.sub(lambda m: _escape(m.group(0)), raw[:limit] if cut else raw)
    return shown + "…" if cut else shown


#: What ``json.dumps`` leaves raw inside strings: every unsafe character but C0 (which JSON always escapes, so a
#: raw C0 character in JSON text is layout: the line breaks and indents of ``indent=2``).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with DEL, C1 and bidi characters as ``\\uNNNN``: still valid JSON
    meaning the same (they can only occur inside strings), safe to show on a terminal."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def os_error_text(exc: OSError) -> str:
    """``exc`` in words: its reason and the file(s) it concerns (``No space left on device: site/index.html``)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = [str(name) for name in (exc.filename, exc.filename2) if name is not None]
    return f"{reason}: {' -> '.join(where)}" if where else reason


class PrintableFormatter(logging.Formatter):
    """A log formatter whose lines pass through :func:`printable` (log records quote outside text too)."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))
