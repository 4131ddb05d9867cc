"""Several ``python -m geocoding batch`` processes sharing one cache folder whose cache starts corrupt."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from geocoding.base import parse_query
from geocoding.cache import CACHE_FILE, AnswerCache
from geocoding.chain import cache_key
from tests.geocoding.conftest import OVERRIDES_CSV, PRATO, REPO, USER_AGENT, FakeNominatim

PROCESSES = 4
#: (query, country): gazetteer, overrides, two places only the (local, fake) Nominatim knows, one nobody knows.
PLACES = [("Prato", "IT"), ("northern Portugal", "PT"), ("Zorblatt", "IT"), ("Quixville", "IT"),
          ("Zzyzxqwv Nowhere", "IT")]
ONLINE_ONLY = [("Zorblatt", "IT"), ("Quixville", "IT"), ("Zzyzxqwv Nowhere", "IT")]


def _cache_dir(tmp_path: Path, gazetteer) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    try:  # share the session's index instead of building one (15 s) per process
        os.link(gazetteer.path, folder / gazetteer.path.name)
    except OSError:
        (folder / gazetteer.path.name).symlink_to(gazetteer.path)
    return folder


def _corrupt(folder: Path) -> None:
    (folder / CACHE_FILE).write_bytes(b"\x00this is not an SQLite database\xff" * 300)


def _run_batches(tmp_path: Path, folder: Path, extra: list[str], env: dict[str, str]) -> list[list[dict]]:
    src = tmp_path / "in.csv"
    src.write_text("query,country\n" + "".join(f"{q},{c}\n" for q, c in PLACES), encoding="utf-8")
    outs = [tmp_path / f"out-{i}.csv" for i in range(PROCESSES)]
    procs = [subprocess.Popen([sys.executable, "-m", "geocoding", "batch", str(src), str(out), "--cache-dir",
                               str(folder), "--overrides", str(OVERRIDES_CSV), *extra],
                              cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for out in outs]
    results = []
    try:
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            results.append((proc.returncode, err))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for code, err in results:
        assert code == 0 and "Traceback" not in err, err
    rows = []
    for out in outs:
        with out.open(encoding="utf-8", newline="") as handle:
            rows.append(list(csv.DictReader(handle)))
    return rows


def _set_aside(folder: Path) -> list[Path]:
    return [p for p in folder.glob(CACHE_FILE + ".corrupt-*") if not p.name.endswith(("-wal", "-shm"))]


def test_concurrent_batches_on_a_corrupt_cache_crash_none_and_lose_nothing(
        tmp_path: Path, gazetteer, fake_nominatim: FakeNominatim) -> None:
    folder = _cache_dir(tmp_path, gazetteer)
    env = {**os.environ, "STATIONMAP_NOMINATIM_DOMAIN": fake_nominatim.domain,
           "STATIONMAP_NOMINATIM_SCHEME": "http", "STATIONMAP_NOMINATIM_USER_AGENT": USER_AGENT}

    # Offline: every process opens the corrupt cache at once; exactly one moves it aside.
    _corrupt(folder)
    for rows in _run_batches(tmp_path, folder, [], env):
        assert [r["provider"] for r in rows[:2]] == ["gazetteer", "overrides"]
        assert all(r["lat"] == "" for r in rows[2:])
    assert len(_set_aside(folder)) == 1
    assert AnswerCache(folder).mode == "read-write"

    # Online (a local fake server, no internet): every genuine answer ends up in the shared cache.
    _corrupt(folder)
    fake_nominatim.extra = {name.casefold(): {**PRATO, "name": name, "display_name": f"{name}, Italia",
                                              "osm_id": 100 + i}
                            for i, name in enumerate(("Zorblatt", "Quixville"))}
    for rows in _run_batches(tmp_path, folder, ["--online"], env):
        assert [r["matched_name"] for r in rows[:4]] == ["Prato", "northern Portugal", "Zorblatt", "Quixville"]
        assert rows[4]["lat"] == "" and "not found" in rows[4]["error"]
    assert len(_set_aside(folder)) == 2
    cache = AnswerCache(folder)
    expected = {cache_key(parse_query(q, c), True) for q, c in ONLINE_ONLY}
    assert set(cache.keys()) == expected
    assert all(cache.get(k) is not None for k in expected)
