"""Keep the parsed dataset between server restarts: a cache file keyed on the data files' signature.

Loading and validating 100,000 stations takes seconds; a restarted server (or a second worker) reads the
result back in a fraction of that. The file name is a hash of the data directory and its files' signature
(names, sizes, modification and change times, inodes), so any edit makes a new key; the file is written
atomically; a damaged or unreadable file is ignored and rebuilt; only the newest few are kept. The cache
lives in the cache folder (``STATIONMAP_CACHE_DIR``), never in the app's folder, and is only ever read by
this app (pickle: never point the cache folder at files from elsewhere). Other work derived from one data
version (``kind``: the map's station payload) is kept the same way, in files of its own kind.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from stationmap.outputs.cli_io import write_atomically

log = logging.getLogger(__name__)
T = TypeVar("T")
KEEP = 3  # cache files kept (the newest ones)
FORMAT = 5  # bump when the cached objects change shape (2: sorted station frame; 3: records with slots;
#            4: the dataset keeps its last change day; 5: the dataset pickled by columns, so a deployment
#            rebuilds once and then reads the faster form)


def cache_path(cache_dir: Path, data_dir: Path, signature: tuple, kind: str = "dataset") -> Path:
    key = hashlib.sha256(repr((FORMAT, str(data_dir.resolve()), signature)).encode()).hexdigest()[:24]
    return cache_dir / "datasets" / f"{kind}-{key}.pickle"


def load_or_build(cache_dir: Path, data_dir: Path, signature: tuple, build: Callable[[], T],
                  build_elsewhere: Callable[[Path], bool] | None = None, kind: str = "dataset") -> T:
    """The cached result for this signature, or ``build()`` (then cached). Never fails because of the cache.

    ``build_elsewhere(path)``, when given, is tried first on a miss: it writes the cache file itself (folder
    included, in another process) and says whether it did; the file is then read like any cache hit.
    """
    path = cache_path(cache_dir, data_dir, signature, kind)
    cached = _read(path)
    if cached is not _MISSING:
        return cached
    if build_elsewhere is not None and build_elsewhere(path) and (cached := _read(path)) is not _MISSING:
        _prune(path.parent, kind)
        return cached
    value = build()
    try:
        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(path.parent, kind)
    except OSError as exc:  # a read-only or full cache folder: serve without caching
        log.warning("dataset cache not written (%s)", exc)
    return value


_MISSING = object()


def _read(path: Path):
    """The cached object at ``path``, or ``_MISSING`` (no file, or a damaged or foreign one)."""
    try:
        with path.open("rb") as handle, _no_collection():
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception as exc:  # a damaged or foreign file: ignore it and rebuild
        log.warning("dataset cache %s unreadable (%s); rebuilding", path, exc)
    return _MISSING


@contextlib.contextmanager
def _no_collection():
    """Python's cyclic garbage collector paused while a cache file is read: unpickling creates hundreds of
    thousands of objects, each batch of which would trigger a collection scanning everything made so far
    (reading the 100,000-station dataset: 2.2-3.6 s with it, 1.2 s without). Nothing read here is garbage."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _prune(folder: Path, kind: str) -> None:
    files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
