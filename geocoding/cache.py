"""Persistent answer cache: an SQLite file in the cache directory.

What is stored: every *genuine* answer from a slow or rate-limited provider, both "found" (the full
list of results with their provenance ``raw``) and "no result" — Nominatim's empty answer is an answer,
and asking again would spend the one-request-per-second budget for nothing. Negative entries expire after
``negative_ttl`` (default 30 days) so places added to OpenStreetMap later are found. Errors (timeouts,
HTTP 429/500, malformed responses) are never passed to :meth:`AnswerCache.put`: the chain only calls it
after a provider *returned*.

Why SQLite: each ``put`` is one transaction, so concurrent writers (threads or processes) never lose
entries or leave a half-written file, and no temp-file juggling is needed. A file that is not a valid
database is renamed aside (``*.corrupt-<timestamp>``) with a logged warning and a fresh cache is
created, so a damaged cache never crashes the app.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

CACHE_FILE = "geocoder-cache.sqlite"
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, provider TEXT NOT NULL, found INTEGER NOT NULL, results TEXT NOT NULL,
    created REAL NOT NULL
);
"""


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


class AnswerCache:
    """Thread-safe persistent cache keyed by provider-independent query keys."""

    def __init__(self, cache_dir: Path | str, *, negative_ttl: float = 30 * 86400.0,
                 clock: Any = time.time) -> None:
        self.path = Path(cache_dir) / CACHE_FILE
        self.negative_ttl = negative_ttl
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._open()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False, isolation_level=None)
        conn.executescript(_SCHEMA)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise sqlite3.DatabaseError(f"unknown cache schema version {version}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("SELECT count(*) FROM answers").fetchone()
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
            logger.warning("geocoder cache %s is corrupt (%s); moved it to %s and starting afresh",
                           self.path, exc, aside)
            self.path.replace(aside)
            for suffix in ("-journal", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            return self._connect()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for ``key``, or ``None`` (also for an expired "no result" answer)."""
        with self._lock:
            row = self._conn.execute("SELECT provider, results, created FROM answers WHERE key = ?",
                                     (key,)).fetchone()
        if row is None:
            return None
        provider, results, created = row
        answer = CachedAnswer(key, provider, json.loads(results), created)
        if not answer.found and self._clock() - created > self.negative_ttl:
            return None
        return answer

    def put(self, key: str, provider: str, results: list[Mapping[str, Any]]) -> None:
        """Store a genuine answer (``results`` empty = the provider found nothing)."""
        payload = json.dumps([dict(r) for r in results], ensure_ascii=False, sort_keys=True, default=str)
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                               (key, provider, int(bool(results)), payload, self._clock()))

    def __len__(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM answers").fetchone()[0]

    def keys(self) -> list[str]:
        with self._lock:
            return [k for (k,) in self._conn.execute("SELECT key FROM answers ORDER BY key")]
