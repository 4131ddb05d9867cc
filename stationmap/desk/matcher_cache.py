"""Keep the desk's name matcher between runs: one file per data version in the cache folder.

Building the matcher means loading and validating the whole dataset (about 15 s at 100,000 stations) and
then spelling out every station's names (2-3 s); reading it back takes a few hundredths of a second. The
file is keyed on the data folder's signature (stationmap.records.data_signature) and on the source of the code that
builds it, so any edit to a data file or to the matching rules makes a new key.

The text archive (``desk/archive/``) is left out of the key, because every ingest adds a text to it and
would otherwise throw the matcher away each time. Only the archived texts that ``sources.csv`` refers to
can change the dataset (an excerpt checked against them may drop evidence, and with it a station): the
file records their state when it was built, and is used only while they are still as they were.

Each file starts with a magic line and the SHA-256 of its body, checked before the body is unpickled: a
damaged, truncated or foreign file is ignored and rebuilt. Files are written atomically, only the newest
few are kept, and a cache folder that cannot be written only means no caching (the matcher is still built).
As with the dataset cache, the body is a pickle: never point the cache folder at files from elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from stationmap.desk.matching import StationMatcher
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.data_signature import UNSEEN, data_signature

MAGIC = b"stationmap-desk-matcher 1\n"
KEEP = 3  # cache files kept (the newest ones)
_ARCHIVE_PREFIX = schema.ARCHIVE_DIR + "/"
#: The modules whose code decides what the matcher holds: a change to them is a new key.
_BUILDERS = ("matching.py", "ingest.py", "matcher_cache.py")


def archive_state(data_dir: Path, sha256s: Iterable[str]) -> tuple[tuple[str, int, int, int, int], ...]:
    """Size, times and inode of each named archived text (``UNSEEN`` for one that is not there)."""
    state = []
    for sha in sorted(set(sha256s)):
        try:
            info = os.stat(data_dir / schema.ARCHIVE_DIR / f"{sha}.txt")
            state.append((sha, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        except (OSError, ValueError):
            state.append((sha, *UNSEEN))
    return tuple(state)


def cache_key(data_dir: Path) -> str:
    """The data version without the text archive, the builders' code and the Python and library versions."""
    import ahocorasick

    signature = tuple(e for e in data_signature(data_dir) if not e[0].startswith(_ARCHIVE_PREFIX))
    here = Path(__file__).parent
    code = [hashlib.sha256((here / name).read_bytes()).hexdigest() for name in _BUILDERS]
    versions = (sys.version, ahocorasick.__file__, os.stat(ahocorasick.__file__).st_mtime_ns)
    return hashlib.sha256(repr((str(data_dir.resolve()), signature, code, versions)).encode()).hexdigest()[:24]


def cached_matcher(data_dir: Path, cache_dir: Path | None,
                   build: Callable[[], tuple[StationMatcher, Iterable[str]]]) -> StationMatcher:
    """The matcher for ``data_dir`` from the cache, or ``build()`` (the matcher and the SHA-256s of the
    archived texts the dataset refers to), then cached. Never fails because of the cache."""
    if cache_dir is None:
        return build()[0]
    try:
        path = cache_dir / "desk" / f"matcher-{cache_key(data_dir)}.bin"
    except OSError:
        return build()[0]
    cached = _read(path)
    if cached is not None and archive_state(data_dir, (e[0] for e in cached[0])) == cached[0]:
        return cached[1]
    matcher, sha256s = build()
    body = pickle.dumps((archive_state(data_dir, sha256s), matcher), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        write_atomically(path, MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        _prune(path.parent)
    except OSError:
        pass  # a read-only or full cache folder: work without the cache
    return matcher


def _read(path: Path) -> tuple[tuple, StationMatcher] | None:
    """(archive state, matcher) from ``path``, or None for no file or a damaged or foreign one."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, rest = data.partition(b"\n")
    digest, _, body = rest.partition(b"\n")
    if head + b"\n" != MAGIC or hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        state, matcher = pickle.loads(body)
    except Exception:  # noqa: BLE001 - a file that passed the check but does not unpickle: rebuild
        return None
    return (state, matcher) if isinstance(matcher, StationMatcher) and isinstance(state, tuple) else None


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("matcher-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
