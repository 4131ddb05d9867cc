"""The one error the desk raises for input it refuses: the CLI prints it as one line and exits non-zero."""

from __future__ import annotations


class DeskError(Exception):
    """Input or a request the desk refuses, with a message an editor can act on."""
