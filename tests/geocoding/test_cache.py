"""The persistent answer cache."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from geocoding.cache import CACHE_FILE, AnswerCache, row_checksum, row_problem


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
        conn.execute("INSERT INTO answers (key, provider, found, results, created) "
                     "VALUES ('bad', 'nominatim', 1, ?, ?)", (results, created))
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
        conn.execute("INSERT INTO answers (key, provider, found, results, created) "
                     "VALUES ('bad', 'nominatim', 1, '{oops', 1.0)")
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


# -- damaged pages and rows --------------------------------------------------------------------------------

PAGE = 4096
PLACES = 300


def _place(i: int) -> dict[str, object]:
    return {"lat": 40.0 + i / 1000, "lon": 10.0 + i / 1000, "matched_name": f"Place {i}"}


def _cache_on_disk(folder: Path) -> Path:
    """A closed cache of PLACES answers with everything in the main file (no -wal), as after a clean exit."""
    cache = AnswerCache(folder)
    for i in range(PLACES):
        cache.put(f"key-{i:04d}", "nominatim", [_place(i)])
    cache.close()
    with sqlite3.connect(folder / CACHE_FILE) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return folder / CACHE_FILE


def _leaf_pages(data: bytes) -> list[int]:
    """Numbers (from 0) of the table's data pages: b-tree leaf pages, never page 0 with the file header."""
    return [n for n in range(1, len(data) // PAGE) if data[n * PAGE] == 0x0D]


def _no_wrong_places(cache: AnswerCache) -> None:
    for i in range(PLACES):
        answer = cache.get(f"key-{i:04d}")
        assert answer is None or answer.results == [_place(i)], f"key-{i:04d} answered {answer}"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]


def test_a_flipped_digit_inside_a_data_page_is_never_answered(tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    path = _cache_on_disk(tmp_path)
    data = bytearray(path.read_bytes())
    at = data.find(b'"lat": 40.128')
    assert at > PAGE and at // PAGE in _leaf_pages(data)  # inside a data page, not the header
    data[at + len(b'"lat": 4')] = ord("5")  # 40.128 -> 45.128: a wrong place that is still valid JSON
    path.write_bytes(data)
    cache = AnswerCache(tmp_path)
    assert cache.get("key-0128") is None  # not the wrong place
    assert len(_set_aside(tmp_path)) == 1
    [line] = [w for w in _warnings(caplog) if "corrupt" in w]
    assert "key-0128" in line and "checksum" in line and "\n" not in line
    _no_wrong_places(cache)
    assert cache.mode == "read-write" and len(cache) == 0  # a fresh cache took its place


def test_a_flipped_byte_that_breaks_the_text_sets_the_file_aside(tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = _cache_on_disk(tmp_path)
    data = bytearray(path.read_bytes())
    at = data.find(b"Place 77\"")
    data[at] |= 0x80  # "P" becomes a byte that is not UTF-8
    path.write_bytes(data)
    cache = AnswerCache(tmp_path)
    assert cache.get("key-0077") is None
    assert len(_set_aside(tmp_path)) == 1 and any("corrupt" in w for w in _warnings(caplog))
    _no_wrong_places(cache)


@pytest.mark.parametrize(("where", "value"), [
    (slice(1, 3), 0xFF),  # first free block: free space corruption
    (slice(8, 24), 0xFF),  # cell pointers past the end of the page
    (slice(8, 24), 0x00),  # cell pointers into the page header
])
def test_damaged_page_structure_is_set_aside_at_open(tmp_path: Path, where: slice, value: int,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    path = _cache_on_disk(tmp_path)
    data = bytearray(path.read_bytes())
    page = _leaf_pages(data)[1]
    start = page * PAGE
    data[start + where.start:start + where.stop] = bytes([value]) * (where.stop - where.start)
    path.write_bytes(data)
    cache = AnswerCache(tmp_path)
    assert len(_set_aside(tmp_path)) == 1  # at open, before any lookup
    [line] = [w for w in _warnings(caplog) if "corrupt" in w]
    assert "damaged pages" in line and "\n" not in line
    _no_wrong_places(cache)
    assert cache.mode == "read-write" and len(cache) == 0


def test_an_index_entry_leading_to_another_row_is_damage() -> None:
    results = json.dumps([_place(1)])
    row = ("key-0002", "nominatim", 1, results, 5.0, row_checksum("key-0002", "nominatim", 1, results, 5.0))
    assert row_problem("key-0002", row) is None
    assert "leads to the entry 'key-0002'" in (row_problem("key-0001", row) or "")
    for changed in ({2: 0}, {3: results.replace("40", "41")}, {4: 6.0}, {5: "0" * 32}):
        damaged = tuple(changed.get(i, v) for i, v in enumerate(row))
        assert "checksum" in (row_problem("key-0002", damaged) or "")


def test_the_open_check_passes_a_healthy_cache(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _cache_on_disk(tmp_path)
    cache = AnswerCache(tmp_path)
    assert cache.get("key-0128") is not None and len(cache) == PLACES
    assert not _set_aside(tmp_path) and not _warnings(caplog)


_VERSION_1 = ("CREATE TABLE answers (key TEXT PRIMARY KEY, provider TEXT NOT NULL, found INTEGER NOT NULL, "
              "results TEXT NOT NULL, created REAL NOT NULL); PRAGMA user_version = 1;")


def _version_1_file(folder: Path, rows: list[tuple[str, str]]) -> None:
    _sqlite_file(folder / CACHE_FILE, _VERSION_1)
    with sqlite3.connect(folder / CACHE_FILE) as conn:
        conn.executemany("INSERT INTO answers VALUES (?, 'nominatim', 1, ?, 1000.0)", rows)
    conn.close()


def test_a_version_1_cache_gains_checksums_and_keeps_its_answers(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    _version_1_file(tmp_path, [("k1", json.dumps([_place(1)])), ("k2", "[]")])
    cache = AnswerCache(tmp_path, clock=lambda: 2000.0)  # the "no result" answer (created 1000) is still fresh
    assert cache.mode == "read-write" and not _set_aside(tmp_path) and not _warnings(caplog)
    assert cache.get("k1").results == [_place(1)] and cache.get("k2") is not None
    with sqlite3.connect(tmp_path / CACHE_FILE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert all(len(c) == 32 for (c,) in conn.execute("SELECT checksum FROM answers"))
    conn.close()


def test_a_version_1_cache_with_a_bad_row_is_set_aside_not_half_migrated(tmp_path: Path) -> None:
    _version_1_file(tmp_path, [("k1", json.dumps([_place(1)])), ("k2", "{oops")])
    cache = AnswerCache(tmp_path)
    assert len(_set_aside(tmp_path)) == 1 and cache.get("k1") is None and len(cache) == 0


def test_a_read_only_version_1_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _version_1_file(tmp_path, [("k1", json.dumps([_place(1)]))])
    _deny_writes_under(monkeypatch, tmp_path)
    cache = AnswerCache(tmp_path)
    assert cache.mode == "read-only" and cache.get("k1").results == [_place(1)]
