"""How a command fails: one line on stderr and a non-zero exit status, never a traceback.

A command raises :class:`CommandError` with the line to print (what went wrong, where, and what to do); the
command line's ``main`` prints it and returns its status. Operating-system errors (a full disk, a folder the
user may not write) are put in words by :func:`os_error_text`.
"""

from __future__ import annotations

from geocoding.terminal import os_error_text  # shared with python -m geocoding

__all__ = ["FAILED", "USAGE", "CommandError", "os_error_text"]

#: Exit statuses: 1 the data has errors or the work failed; 2 the request cannot be done as asked (usage).
FAILED, USAGE = 1, 2


class CommandError(Exception):
    """A failure the user can act on; ``str()`` is the one line to print, after the command's name unless
    ``bare`` (a line that already says where, like a data problem's ``DIR: error: why``)."""

    def __init__(self, message: str, status: int = FAILED, *, bare: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.bare = bare
