"""Reading a data file without ever blocking: regular files only, every failure a reason in plain words.

A named pipe (FIFO) where a data file should be makes a plain ``open`` wait for a writer forever, and a
device can stream without end; the loader must name such a file, never open it. So the path is checked
with ``stat`` first, then opened with ``O_NONBLOCK`` (opening a FIFO that way returns at once) and checked
again with ``fstat`` on the open descriptor, in case the file was swapped between the two calls. Links are
followed here; whether a link may be followed at all (it must stay inside the data folder) is the caller's
rule. Reasons never carry the path: the caller names the file as readers should see it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_CHUNK = 1 << 20
MISSING = "file is missing"
FOLDER = "is a folder, not a file"


class UnreadableFile(Exception):
    """Why a file cannot be read, in words that follow its name (``"is a folder, not a file"``)."""


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return FOLDER
    kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
    return f"is {kind}, not a regular file: it is not opened (reading it could wait forever)"


def os_reason(exc: OSError) -> str:
    """An ``OSError`` as the words that follow a file's name."""
    if isinstance(exc, FileNotFoundError):
        return MISSING
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied (check the file's permissions)"
    return f"cannot be read ({exc.strerror or exc.__class__.__name__})"


def real_path(path: Path) -> Path:
    """``path`` with every link followed as far as it goes. Unlike ``Path.resolve`` in Python 3.11, a link
    loop is no exception: the path is returned as far as it resolved, and reading it then names the loop."""
    return Path(os.path.realpath(path))


def read_regular_file(path: Path) -> bytes:
    """The bytes of the regular file at ``path``; ``UnreadableFile`` (with the reason) for anything else."""
    try:
        reason = not_regular(os.stat(path).st_mode)
        if reason is not None:
            raise UnreadableFile(reason)
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise UnreadableFile(os_reason(exc)) from None
    try:
        reason = not_regular(os.fstat(descriptor).st_mode)  # swapped for a pipe since the stat above?
        if reason is not None:
            raise UnreadableFile(reason)
        chunks = []
        while chunk := os.read(descriptor, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(os_reason(exc)) from None
    finally:
        os.close(descriptor)
