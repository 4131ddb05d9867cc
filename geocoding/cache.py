"""Persistent answer cache: an SQLite file in the cache directory, shared safely by several processes.

What is stored: every *genuine* answer from a slow or rate-limited provider, both "found" (the full
list of results with their provenance ``raw``) and "no result" — Nominatim's empty answer is an answer,
and asking again would spend the one-request-per-second budget for nothing. Negative entries expire after
``negative_ttl`` (default 30 days) so places added to OpenStreetMap later are found. Errors (timeouts,
HTTP 429/500, malformed responses) are never passed to :meth:`AnswerCache.put`: the chain only calls it
after a provider *returned* a well-formed answer.

Why SQLite: each ``put`` is one transaction, so concurrent writers (threads or processes) never lose
entries or leave a half-written file. The file is opened in WAL journal mode with a busy timeout
(:data:`BUSY_TIMEOUT_SECONDS`), so readers never block writers and several processes can share it.

The cache never breaks a lookup:

* **corrupt** — a file that is not an SQLite database, has the wrong schema or damaged pages (checked on
  open: ``PRAGMA quick_check`` reads every page, about 4 ms for 10,000 answers) or holds a row that is not
  what we wrote (checked on read: the JSON, the key asked for, and a checksum of the whole row, so bytes
  flipped inside a stored answer never come back as a wrong place) is renamed aside
  (``<name>.corrupt-<timestamp>``) with a logged warning and a fresh cache replaces it. The
  check-and-rename runs under an exclusive ``flock`` on the sibling ``<name>.lock`` file and re-checks
  after taking it, so when several processes find the same damage only one of them moves the file and
  the others reopen the fresh one. A version-1 file (no checksums) gains them on its first read-write
  open; opened read-only it is answered from with the other checks only;
* **read-only** — a valid cache the process cannot write (file or folder not writable) is opened
  read-only: lookups still answer from it, nothing is moved aside, and one line says caching is off;
* **inaccessible** — a cache folder that cannot be created or opened turns caching off (one line);
  lookups work exactly as without a cache.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

logger = logging.getLogger(__name__)

CACHE_FILE = "geocoder-cache.sqlite"
#: 2: every row carries a checksum (a version-1 file gains them on its first read-write open).
SCHEMA_VERSION = 2
#: How long a statement waits for another process's write lock before giving up.
BUSY_TIMEOUT_SECONDS = 5.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, provider TEXT NOT NULL, found INTEGER NOT NULL, results TEXT NOT NULL,
    created REAL NOT NULL, checksum TEXT NOT NULL DEFAULT ''
);
"""
_ADD_CHECKSUM = "ALTER TABLE answers ADD COLUMN checksum TEXT NOT NULL DEFAULT ''"
#: ``PRAGMA table_info(answers)`` as (name, type, notnull, pk) for a version-1 file, and for the schema above.
_COLUMNS_V1 = [("key", "TEXT", 0, 1), ("provider", "TEXT", 1, 0), ("found", "INTEGER", 1, 0),
               ("results", "TEXT", 1, 0), ("created", "REAL", 1, 0)]
_COLUMNS = [*_COLUMNS_V1, ("checksum", "TEXT", 1, 0)]
_OWN_OBJECTS = {"answers", "sqlite_autoindex_answers_1"}
_SIDE_FILES = ("-wal", "-shm", "-journal")
#: SQLite primary result codes that mean "this file is damaged", as opposed to locked/read-only/IO.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

Mode = Literal["read-write", "read-only", "off"]


class _Corrupt(Exception):
    """Internal: the cache file is damaged (the message says how)."""


def _is_corrupt(exc: sqlite3.Error) -> bool:
    if str(exc).startswith("Could not decode to UTF-8"):  # a flipped byte in stored text (raised by Python)
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    return type(exc) is sqlite3.DatabaseError


def _is_read_only(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return (code is not None and (code & 0xFF) == 8) or "readonly" in str(exc)  # SQLITE_READONLY


@dataclass(frozen=True)
class CachedAnswer:
    """A stored answer: the provider that gave it, its results' ``raw`` dicts (empty = no result)."""

    key: str
    provider: str
    results: list[dict[str, Any]]
    created: float

    @property
    def found(self) -> bool:
        return bool(self.results)


def check_row(provider: Any, results: Any, created: Any) -> str | None:
    """Why a stored row is not what :meth:`AnswerCache.put` writes, or ``None`` when it is fine."""
    if not isinstance(provider, str) or not provider:
        return "provider is not a text"
    if isinstance(created, bool) or not isinstance(created, int | float) or not math.isfinite(created):
        return "created is not a time"
    if not isinstance(results, str):
        return "results is not JSON text"
    try:
        items = json.loads(results)
    except ValueError:
        return "results is not valid JSON"
    if not isinstance(items, list):
        return "results is not a JSON list"
    for item in items:
        if not isinstance(item, dict):
            return "a result is not a JSON object"
        try:
            lat, lon = float(item["lat"]), float(item["lon"])
        except (KeyError, TypeError, ValueError):
            return "a result has no numeric lat/lon"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return "a result has lat/lon out of range"
    return None


def row_checksum(key: str, provider: str, found: int, results: str, created: float) -> str:
    """The checksum stored with a row: a hash of every other column, so a damaged byte anywhere in the row
    (or an index entry leading to another row) is noticed on read. Callers pass values that passed
    :func:`check_row`."""
    text = json.dumps([key, provider, int(found), results, float(created)], ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def row_problem(key: str, row: tuple[Any, ...] | None, *, checksums: bool = True) -> str | None:
    """Why ``row`` (key, provider, found, results, created, checksum), read for ``key``, is not what
    :meth:`AnswerCache.put` wrote, or ``None``. ``checksums=False``: a version-1 file (no checksums yet)."""
    if row is None:
        return None
    stored_key, provider, found, results, created, checksum = row
    if stored_key != key:
        return f"entry {key!r}: the index leads to the entry {stored_key!r}"
    problem = check_row(provider, results, created)
    if problem is None and checksums and (
            not isinstance(found, int) or checksum != row_checksum(key, provider, found, results, created)):
        problem = "checksum mismatch (the stored bytes changed)"
    return None if problem is None else f"entry {key!r}: {problem}"


class AnswerCache:
    """Thread- and process-safe persistent cache keyed by provider-independent query keys.

    :attr:`mode` says how the file is used: ``"read-write"``, ``"read-only"`` (answers from an existing
    cache, stores nothing) or ``"off"`` (no usable cache: every lookup misses, nothing is stored).
    """

    def __init__(self, cache_dir: Path | str, *, negative_ttl: float = 30 * 86400.0,
                 clock: Any = time.time, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(cache_dir) / CACHE_FILE
        self.lock_path = self.path.with_name(CACHE_FILE + ".lock")
        self.negative_ttl = negative_ttl
        self.busy_timeout = busy_timeout
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._ident: tuple[int, int] | None = None
        self._checksums = True  # False only for a version-1 file opened read-only (it cannot gain them)
        self.mode: Mode = "off"
        with self._lock:
            self._open()

    # -- opening ---------------------------------------------------------------------------------------

    def _open(self) -> None:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._off(f"cannot create the cache folder {folder}: {exc.strerror or exc}")
            return
        if not (folder.is_dir() and os.access(folder, os.R_OK | os.X_OK)):
            self._off(f"cannot use the cache folder {folder}")
            return
        if self._can_write():
            try:
                with self._file_lock():
                    self._open_read_write()
                return
            except OSError as exc:  # the lock file or the rename: fall back to reading
                logger.debug("geocoder cache %s: cannot open for writing (%s)", self.path, exc)
            except _Corrupt as exc:  # still corrupt after replacing it: give up on caching
                self._off(f"cannot open {self.path}: {exc}")
                return
            except sqlite3.Error as exc:
                if not (_is_read_only(exc) or isinstance(exc, sqlite3.OperationalError)):
                    self._off(f"cannot open {self.path}: {exc}")
                    return
                logger.debug("geocoder cache %s: cannot open for writing (%s)", self.path, exc)
        self._open_read_only()

    def _can_write(self) -> bool:
        folder = self.path.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            return False
        return not self.path.exists() or os.access(self.path, os.R_OK | os.W_OK)

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """Exclusive lock on ``<name>.lock`` shared by every process using this cache folder."""
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _connect(self, target: str | Path, *, uri: bool = False) -> sqlite3.Connection:
        return sqlite3.connect(target, timeout=self.busy_timeout, uri=uri, check_same_thread=False,
                               isolation_level=None)

    def _open_read_write(self) -> None:
        """Open (creating or replacing a corrupt file); the caller holds the file lock."""
        try:
            conn = self._connect_checked()
        except _Corrupt as exc:
            self._set_aside(str(exc))
            conn = self._connect_checked()
        self._conn, self._ident, self.mode = conn, self._current_ident(), "read-write"
        self._checksums = True

    def _connect_checked(self) -> sqlite3.Connection:
        conn = self._connect(self.path)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            state = self._check_schema(conn, create=True)
            if state != "new":
                self._check_pages(conn)
            if state == "version-1":
                self._add_checksums(conn)
        except _Corrupt:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if _is_corrupt(exc):
                raise _Corrupt(str(exc)) from None
            raise
        return conn

    @staticmethod
    def _check_schema(conn: sqlite3.Connection, *, create: bool) -> Literal["new", "current", "version-1"]:
        """Raise :class:`_Corrupt` unless ``conn`` is this cache's schema (``create``: or empty → create it);
        say which: just created, the current one, or version 1 (rows without checksums)."""
        objects = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if not objects and version == 0 and create:  # a new (or empty) file: make it ours
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return "new"
        if objects != _OWN_OBJECTS:
            raise _Corrupt(f"unexpected tables {sorted(objects)}")
        columns = [(r[1], r[2].upper(), r[3], r[5]) for r in conn.execute("PRAGMA table_info(answers)")]
        if columns == _COLUMNS_V1 and version in (0, 1):  # 0: written before the version was recorded
            return "version-1"
        if columns != _COLUMNS:
            raise _Corrupt(f"wrong columns {[c[0] for c in columns]}")
        if version != SCHEMA_VERSION:
            raise _Corrupt(f"unknown schema version {version}")
        return "current"

    @staticmethod
    def _check_pages(conn: sqlite3.Connection) -> None:
        """Raise :class:`_Corrupt` when SQLite finds damaged pages (every page is read: a few ms per
        10,000 answers; index entries are not compared with rows here, :func:`row_problem` does that)."""
        problems = [str(line) for (line,) in conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:  # SQLite's lines, on one line of our own: "Page 9: free space corruption; ..."
            lines = [ln.strip() for p in problems for ln in p.splitlines() if ln.strip() and "***" not in ln]
            raise _Corrupt("damaged pages: " + "; ".join(lines)[:300])

    @staticmethod
    def _add_checksums(conn: sqlite3.Connection) -> None:
        """Bring a version-1 file to the current schema in one transaction: a checksum for every row that
        is what a version-1 ``put`` wrote (any other row makes the file corrupt: nothing is half-migrated)."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_ADD_CHECKSUM)
            sums = []
            for key, provider, found, results, created in conn.execute(
                    "SELECT key, provider, found, results, created FROM answers"):
                problem = check_row(provider, results, created)
                if problem is None and not (isinstance(key, str) and isinstance(found, int)):
                    problem = "key or found has the wrong type"
                if problem is not None:
                    raise _Corrupt(f"entry {key!r}: {problem}")
                sums.append((row_checksum(key, provider, found, results, created), key))
            conn.executemany("UPDATE answers SET checksum = ? WHERE key = ?", sums)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _open_read_only(self) -> None:
        if not self.path.exists():
            self._off(f"the cache folder {self.path.parent} is not writable")
            return
        base = self.path.resolve().as_uri()
        last: Exception | None = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):  # immutable: a WAL file with no -shm we may create
            try:
                conn = self._connect(base + query, uri=True)
            except sqlite3.Error as exc:
                last = exc
                continue
            try:
                state = self._check_schema(conn, create=False)
                self._check_pages(conn)
            except _Corrupt as exc:
                conn.close()
                self._off(f"{self.path} is corrupt ({exc}) and read-only, so it cannot be replaced")
                return
            except sqlite3.Error as exc:
                conn.close()
                last = exc
                if _is_corrupt(exc):
                    self._off(f"{self.path} is corrupt ({exc}) and read-only, so it cannot be replaced")
                    return
                continue
            self._conn, self._ident, self.mode = conn, self._current_ident(), "read-only"
            self._checksums = state != "version-1"
            logger.warning("geocoder cache %s is read-only: answering from it, but caching is off "
                           "(new answers are not stored)", self.path)
            return
        self._off(f"cannot read {self.path}: {last}")

    def _off(self, reason: str) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn, self._ident, self.mode = None, None, "off"
        logger.warning("geocoder cache is off: %s; lookups still work, answers are not cached", reason)

    def _current_ident(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    # -- recovery --------------------------------------------------------------------------------------

    def _set_aside(self, reason: str) -> None:
        """Rename the damaged file (and its journal files) to ``<name>.corrupt-<timestamp>``.

        The caller holds the file lock and has closed its own connection.
        """
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, aside)
        for suffix in _SIDE_FILES:  # a stale -wal must never be replayed into the fresh file
            side = self.path.with_name(self.path.name + suffix)
            try:
                os.replace(side, aside.with_name(aside.name + suffix))
            except FileNotFoundError:
                pass
            except OSError:
                side.unlink(missing_ok=True)
        logger.warning("geocoder cache %s is corrupt (%s); moved it to %s and started a fresh cache",
                       self.path, reason, aside.name)

    def _recover(self, reason: str, still_bad: Callable[[sqlite3.Connection], str | None]) -> None:
        """Damage seen while reading: under the file lock, re-check and set the file aside if still bad."""
        if self.mode != "read-write":
            logger.warning("geocoder cache %s: %s; ignoring that entry (the cache is read-only)",
                           self.path, reason)
            return
        try:
            with self._file_lock():
                if self._current_ident() != self._ident:  # another process already replaced it
                    self._reopen_locked()
                    return
                try:
                    again = still_bad(self._conn)  # type: ignore[arg-type]
                except sqlite3.Error as exc:
                    again = str(exc) if _is_corrupt(exc) else None
                if again is None:  # fixed meanwhile (e.g. rewritten by another process)
                    return
                self._conn.close()  # type: ignore[union-attr]
                self._conn = None
                self._set_aside(again)
                self._open_read_write()
        except (OSError, sqlite3.Error, _Corrupt) as exc:
            self._off(f"could not recover {self.path} ({reason}): {exc}")

    def _reopen_locked(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        self._open_read_write()

    def _ensure_current(self) -> None:
        """Reconnect when another process has replaced the file since we opened it."""
        if self.mode == "read-write" and self._current_ident() != self._ident:
            try:
                with self._file_lock():
                    self._reopen_locked()
            except (OSError, sqlite3.Error, _Corrupt) as exc:
                self._off(f"could not reopen {self.path}: {exc}")

    # -- the cache API ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _row(self, conn: sqlite3.Connection, key: str) -> tuple[Any, ...] | None:
        checksum = "checksum" if self._checksums else "''"  # a read-only version-1 file has none
        return conn.execute(f"SELECT key, provider, found, results, created, {checksum} FROM answers WHERE key = ?",
                            (key,)).fetchone()

    def _entry_problem(self, conn: sqlite3.Connection, key: str) -> str | None:
        """Re-check of one entry (under the file lock): why it is damaged, or ``None`` if it is fine now."""
        return row_problem(key, self._row(conn, key), checksums=self._checksums)

    @staticmethod
    def _integrity_problem(conn: sqlite3.Connection) -> str | None:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        return None if result == "ok" else f"quick_check: {result}"

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for ``key``, or ``None`` (also for an expired "no result" answer, a damaged
        entry, or when the cache is off)."""
        with self._lock:
            self._ensure_current()
            if self._conn is None:
                return None
            try:
                row = self._row(self._conn, key)
            except sqlite3.Error as exc:
                if _is_corrupt(exc):
                    self._recover(str(exc), lambda conn: self._entry_problem(conn, key))
                else:
                    logger.warning("geocoder cache %s: reading %r failed (%s); treating it as a miss",
                                   self.path, key, exc)
                return None
            if row is None:
                return None
            problem = row_problem(key, row, checksums=self._checksums)
            if problem is not None:
                self._recover(problem, lambda conn: self._entry_problem(conn, key))
                return None
        _, provider, _, results, created, _ = row
        answer = CachedAnswer(key, provider, json.loads(results), float(created))
        if not answer.found and self._clock() - answer.created > self.negative_ttl:
            return None
        return answer

    def put(self, key: str, provider: str, results: list[Mapping[str, Any]]) -> None:
        """Store a genuine answer (``results`` empty = the provider found nothing); a no-op unless the
        cache is read-write. Never raises: a failed write is logged and the answer is simply not kept."""
        payload = json.dumps([dict(r) for r in results], ensure_ascii=False, sort_keys=True, default=str)
        found = int(bool(results))
        with self._lock:
            for attempt in (1, 2):  # a second try only after a corrupt file was replaced
                self._ensure_current()
                if self._conn is None or self.mode != "read-write":
                    return
                created = float(self._clock())
                try:
                    self._conn.execute(
                        "INSERT OR REPLACE INTO answers (key, provider, found, results, created, checksum) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (key, provider, found, payload, created, row_checksum(key, provider, found, payload, created)))
                    return
                except sqlite3.Error as exc:
                    if _is_read_only(exc):
                        self.mode = "read-only"
                        logger.warning("geocoder cache %s became read-only: caching is off (new answers "
                                       "are not stored)", self.path)
                    elif _is_corrupt(exc) and attempt == 1:
                        self._recover(str(exc), self._integrity_problem)
                        continue
                    else:
                        logger.warning("geocoder cache %s: storing %r failed (%s)", self.path, key, exc)
                    return

    def __len__(self) -> int:
        with self._lock:
            self._ensure_current()
            if self._conn is None:
                return 0
            try:
                return self._conn.execute("SELECT count(*) FROM answers").fetchone()[0]
            except sqlite3.Error:
                return 0

    def keys(self) -> list[str]:
        with self._lock:
            self._ensure_current()
            if self._conn is None:
                return []
            try:
                return [k for (k,) in self._conn.execute("SELECT key FROM answers ORDER BY key")]
            except sqlite3.Error:
                return []
