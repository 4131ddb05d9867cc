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


def _set_aside(folder: Path) -> list[Path]:
    """The moved-aside cache files (without the -wal/-shm that travel with them)."""
    return [p for p in folder.glob(CACHE_FILE + ".corrupt-*") if not p.name.endswith(("-wal", "-shm", "-journal"))]


def _sqlite_file(path: Path, script: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(script)
    conn.close()


@pytest.mark.parametrize("script", [
    "CREATE TABLE answers (key TEXT PRIMARY KEY, value TEXT);",  # our table name, other columns
    "CREATE TABLE notes (x INTEGER);",  # some other database
    "CREATE TABLE answers (key TEXT PRIMARY KEY, provider TEXT NOT NULL, found INTEGER NOT NULL, "
    "results TEXT NOT NULL, created REAL NOT NULL); PRAGMA user_version = 7;",  # a future schema
])
def test_valid_sqlite_with_the_wrong_schema_is_set_aside(tmp_path: Path, script: str,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    _sqlite_file(tmp_path / CACHE_FILE, script)
    cache = AnswerCache(tmp_path)
    assert cache.mode == "read-write" and len(cache) == 0
    cache.put("k", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    assert cache.get("k") is not None
    assert len(_set_aside(tmp_path)) == 1
    assert "corrupt" in caplog.text


@pytest.mark.parametrize(("results", "created"), [
    ("{not json", 1.0), ("null", 1.0), ('{"lat": 1}', 1.0), ("[1, 2]", 1.0), ('[{"lat": "x", "lon": 2}]', 1.0),
    ('[{"lat": 1000, "lon": 2}]', 1.0), ("[]", "yesterday"),
])
def test_a_bad_row_is_detected_on_read_and_the_file_replaced(tmp_path: Path, results: str, created: object,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("good", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    with sqlite3.connect(tmp_path / CACHE_FILE) as conn:
        conn.execute("INSERT INTO answers VALUES ('bad', 'nominatim', 1, ?, ?)", (results, created))
    conn.close()
    assert cache.get("bad") is None  # no crash: a miss
    assert len(_set_aside(tmp_path)) == 1
    assert "corrupt" in caplog.text
    assert cache.get("bad") is None and len(cache) == 0  # a fresh cache
    cache.put("new", "nominatim", [])
    assert AnswerCache(tmp_path).get("new") is not None  # and it works for other processes too


def test_second_process_reopens_the_replaced_file_instead_of_moving_it_again(tmp_path: Path) -> None:
    first, second = AnswerCache(tmp_path), AnswerCache(tmp_path)
    first.put("good", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    with sqlite3.connect(tmp_path / CACHE_FILE) as conn:
        conn.execute("INSERT INTO answers VALUES ('bad', 'nominatim', 1, '{oops', 1.0)")
    conn.close()
    assert first.get("bad") is None  # moved aside, fresh file in place
    second.put("after", "nominatim", [{"lat": 3.0, "lon": 4.0}])  # must land in the fresh file
    assert second.get("bad") is None
    assert len(_set_aside(tmp_path)) == 1
    assert first.get("after") is not None and AnswerCache(tmp_path).keys() == ["after"]


def test_recheck_under_the_lock_spares_a_row_fixed_meanwhile(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("k", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    cache._recover("entry 'k': looked bad", lambda conn: cache._entry_problem(conn, "k"))
    assert not _set_aside(tmp_path) and cache.get("k") is not None


def test_opened_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    assert cache._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cache._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def _deny_writes_under(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Tests run as root, for whom chmod 0444 changes nothing: make os.access say 'not writable'."""
    import os

    real = os.access

    def access(path, mode, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if mode & os.W_OK and str(Path(path).resolve()).startswith(str(root.resolve())):
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_cache_is_used_not_moved(tmp_path: Path, what: str, monkeypatch: pytest.MonkeyPatch,
                                           caplog: pytest.LogCaptureFixture) -> None:
    writer = AnswerCache(tmp_path)
    writer.put("k", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    writer.close()
    (tmp_path / CACHE_FILE).chmod(0o444)
    _deny_writes_under(monkeypatch, tmp_path / CACHE_FILE if what == "file" else tmp_path)
    cache = AnswerCache(tmp_path)
    assert cache.mode == "read-only"
    assert cache.get("k") is not None  # still answers
    cache.put("other", "nominatim", [])  # silently not stored
    assert cache.get("other") is None
    assert not _set_aside(tmp_path)
    lines = [r.getMessage() for r in caplog.records if "read-only" in r.getMessage()]
    assert len(lines) == 1 and "caching is off" in lines[0] and "\n" not in lines[0]


def test_sqlite_refusing_to_write_means_read_only_not_corrupt(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    AnswerCache(tmp_path).put("k", "nominatim", [{"lat": 1.0, "lon": 2.0}])
    import geocoding.cache as cache_module

    real_connect = cache_module.sqlite3.connect

    def connect(target, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if not kwargs.get("uri"):  # a read-write open fails the way a read-only file does
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(cache_module.sqlite3, "connect", connect)
    cache = AnswerCache(tmp_path)
    assert cache.mode == "read-only" and cache.get("k") is not None
    assert not _set_aside(tmp_path)


@pytest.mark.parametrize("how", ["under-a-file", "read-only-empty-folder"])
def test_unusable_cache_folder_turns_caching_off(tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    if how == "under-a-file":
        (tmp_path / "file").write_text("x")
        folder = tmp_path / "file" / "cache"
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        _deny_writes_under(monkeypatch, folder)
    cache = AnswerCache(folder)
    assert cache.mode == "off"
    cache.put("k", "nominatim", [])
    assert cache.get("k") is None and len(cache) == 0 and cache.keys() == []
    assert "caching" in caplog.text or "not cached" in caplog.text
