"""The persistent answer cache."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from geocoding.cache import CACHE_FILE, AnswerCache


def test_round_trip_survives_reopening(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    raw = {"provider": "nominatim", "matched_name": "Prato", "lat": 43.88, "lon": 11.09,
           "osm_id": "relation/1"}
    cache.put("k1", "nominatim", [raw])
    cache.put("k2", "nominatim", [])  # a genuine "no result"
    cache.close()
    again = AnswerCache(tmp_path)
    hit = again.get("k1")
    assert hit is not None and hit.found and hit.provider == "nominatim"
    assert hit.results == [raw]
    miss = again.get("k2")
    assert miss is not None and not miss.found
    assert again.get("never-stored") is None
    assert len(again) == 2


def test_negative_answers_expire(tmp_path: Path) -> None:
    now = [1000.0]
    cache = AnswerCache(tmp_path, negative_ttl=60, clock=lambda: now[0])
    cache.put("nothing", "nominatim", [])
    cache.put("something", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    now[0] += 61
    assert cache.get("nothing") is None
    assert cache.get("something") is not None  # positive answers do not expire


def test_corrupt_file_is_set_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"\x00garbage, not a database\xff" * 200)
    cache = AnswerCache(tmp_path)
    assert len(cache) == 0
    cache.put("k", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    assert cache.get("k") is not None
    aside = list(tmp_path.glob(CACHE_FILE + ".corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"\x00garbage")
    assert "corrupt" in caplog.text


def test_two_threads_writing_concurrently_lose_nothing(tmp_path: Path) -> None:
    shared = AnswerCache(tmp_path)
    separate = AnswerCache(tmp_path)  # a second connection to the same file, as a second process would
    errors: list[BaseException] = []

    def write(cache: AnswerCache, prefix: str) -> None:
        try:
            for i in range(200):
                cache.put(f"{prefix}-{i}", "nominatim", [{"lat": float(i), "lon": 0.0, "n": prefix}])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(cache, prefix))
               for cache, prefix in ((shared, "a"), (shared, "b"), (separate, "c"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(shared) == 600
    with sqlite3.connect(tmp_path / CACHE_FILE) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for (payload,) in conn.execute("SELECT results FROM answers"):
            json.loads(payload)
