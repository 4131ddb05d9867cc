"""Writing files safely: the whole file or nothing, readable like any other file, never a stray temp file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _default_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp's 0600 would hide it from other users)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all.

    A temporary file in the same folder is written, flushed to disk (fsync), given the old file's mode (or
    the umask's default for a new file) and renamed over ``path`` (``os.replace``, atomic). On any failure
    the temporary file is removed and the old file is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
