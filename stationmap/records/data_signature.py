"""The data folder's signature: the key that tells one version of the data from the next.

Shared by the app (which reloads the dataset when it changes) and the editor's desk (which keeps its name
matcher per data version); a stat of each file, so taking it costs little even at 100,000 stations.
"""

from __future__ import annotations

import os
from pathlib import Path

#: A signature entry for a file or folder that vanished or could not be looked at while the signature was
#: taken: no real file has these numbers, so the signature differs from the one before (with the entry) and
#: the one after (without it), and the data is read again.
UNSEEN = (0, -1, -1, -1)


def data_signature(data_dir: Path) -> tuple[tuple[str, int, int, int, int], ...]:
    """Names, sizes, modification and change times and inodes of the data files: the key that notices an edit.

    The inode change time moves on every write even when an editor restores the modification time. Never
    raises: a sub-folder that appears and vanishes while it is walked (a sync tool, a checkout), or one the
    app may not open, is an ``UNSEEN`` entry, so a vanished entry counts as a change.
    """
    signature: list[tuple[str, int, int, int, int]] = []
    # (path, name under data_dir): a stack rather than recursion, so any depth of folders is fine
    folders: list[tuple[str, str]] = [(str(data_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if not prefix and isinstance(exc, FileNotFoundError | NotADirectoryError):
                return ()  # no data folder at all (the loader names that)
            signature.append((prefix.rstrip("/") or ".", *UNSEEN))
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):  # linked folders are not followed (as rglob did not)
                    folders.append((entry.path, name + "/"))
                    continue
                if os.path.splitext(entry.name)[1] not in {".csv", ".txt"}:
                    continue
                info = entry.stat()  # follows a link to a file, as the loader does
            except OSError:
                signature.append((name, *UNSEEN))
                continue
            signature.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(sorted(signature))
