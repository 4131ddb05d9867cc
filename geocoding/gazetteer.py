"""The offline gazetteer, the default geocoder: GeoNames places and countries, no network.

Looks a name up in the persisted index (:mod:`geocoding.gazetteer_index`) by its normalised form, which
covers every GeoNames alternate name ("Den Haag", "Praha", "Beograd", "布达佩斯"), narrows to the given
ISO alpha-2 countries, and ranks the candidates: a country-level place first (a query that *is* a
country name means the country), then by population, an alternate-name match counting as a tenth of its
population (:data:`ALTERNATE_NAME_WEIGHT`) so that a place's own name beats a much smaller former name.

When the runner-up is a distinct place (more than :data:`SAME_PLACE_KM` away) in another country, or a
comparable one (population at least :data:`COMPARABLE_SHARE` of the winner's) in the same country, the
answer carries ``ambiguous=True``: the best guess is returned, but flagged.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geopy.location import Location

from geocoding.base import PlaceQuery, Query, make_location, parse_query, shape
from geocoding.distance import distance_km
from geocoding.gazetteer_index import KIND_COUNTRY, build_index, index_path, open_index
from geocoding.normalize import normalise

logger = logging.getLogger(__name__)

#: Two GeoNames entries closer than this are the same place (GeoNames often lists a city twice).
SAME_PLACE_KM = 25.0
#: A same-country runner-up at least this share of the winner's population makes the answer ambiguous.
COMPARABLE_SHARE = 0.5
#: An alternate-name match counts as this share of its population when ranking, so "Glasgow" (US) is
#: Glasgow, Kentucky rather than Pampa, Texas (formerly Glasgow), while "Roma" is still Rome, not Roma (AU).
ALTERNATE_NAME_WEIGHT = 0.1
#: How many distinct candidates ``exactly_one=False`` returns at most.
MAX_CANDIDATES = 10


@dataclass(frozen=True)
class _Candidate:
    geonames_id: int
    name: str
    country: str
    lat: float
    lon: float
    population: int
    kind: int
    radius_km: float
    is_primary: int

    @property
    def rank(self) -> tuple:
        weight = self.population if self.is_primary else self.population * ALTERNATE_NAME_WEIGHT
        return (self.kind != KIND_COUNTRY, -weight, -self.is_primary, self.geonames_id)


class Gazetteer:
    """geopy-compatible offline geocoder over the persisted GeoNames index.

    Create it with :meth:`open` (builds the index once, then reuses the file). Thread-safe: one
    read-only SQLite connection guarded by a lock.
    """

    def __init__(self, conn: sqlite3.Connection, *, path: Path, built: bool) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        #: True when this instance had to build the index (False: reused the cached file).
        self.built = built

    @classmethod
    def open(cls, cache_dir: Path | str) -> Gazetteer:
        """Open the index in ``cache_dir``, building it first when missing or stale."""
        path = index_path(Path(cache_dir))
        conn = open_index(path)
        built = False
        if conn is None:
            logger.info("building the gazetteer index in %s (one-off, takes a few seconds)", path.parent)
            build_index(path)
            conn = open_index(path)
            built = True
            if conn is None:
                raise RuntimeError(f"gazetteer index {path} could not be opened after building it")
        return cls(conn, path=path, built=built)

    def close(self) -> None:
        self._conn.close()

    def _candidates(self, key: str, countries: tuple[str, ...]) -> list[_Candidate]:
        if not key:
            return []
        with self._lock:
            rows = self._conn.execute(
                "SELECT p.geonames_id, p.name, p.country, p.lat, p.lon, p.population, p.kind, p.radius_km,"
                " n.is_primary FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?", (key,),
            ).fetchall()
        found = [_Candidate(*row) for row in rows]
        if countries:
            found = [c for c in found if c.country in countries]
        return sorted(found, key=lambda c: c.rank)

    def country(self, iso2: str) -> Location | None:
        """The country-level place for an ISO alpha-2 code (``None`` if the data has no point for it)."""
        return self.geocode({"country": iso2})

    def geocode(self, query: Query, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: str | Iterable[str] | None = None) -> Location | list[Location] | None:
        """Look ``query`` up offline (``timeout`` is accepted for geopy compatibility and ignored)."""
        parsed = parse_query(query, country_codes)
        return shape(self._resolve(parsed), exactly_one)

    def _resolve(self, parsed: PlaceQuery) -> list[Location]:
        if parsed.level == "country":
            with self._lock:
                rows = self._conn.execute(
                    "SELECT geonames_id, name, country, lat, lon, population, kind, radius_km, 1 FROM places"
                    " WHERE kind = ? AND country = ?", (KIND_COUNTRY, parsed.name)).fetchall()
            candidates = [_Candidate(*row) for row in rows]
        else:
            candidates = self._candidates(normalise(parsed.name), parsed.countries)
        distinct: list[_Candidate] = []
        for cand in candidates:
            if all(cand.kind != d.kind or distance_km(cand.lat, cand.lon, d.lat, d.lon) > SAME_PLACE_KM
                   for d in distinct):
                distinct.append(cand)
        if not distinct:
            logger.debug("gazetteer: no match for %r in %s", parsed.name, parsed.countries or "any country")
            return []
        ambiguous = _is_ambiguous(distinct)
        return [self._location(c, ambiguous and i == 0, query=parsed.name) for i, c in
                enumerate(distinct[:MAX_CANDIDATES])]

    @staticmethod
    def _location(cand: _Candidate, ambiguous: bool, *, query: str) -> Location:
        precision = "country" if cand.kind == KIND_COUNTRY else "city"
        return make_location(cand.lat, cand.lon, address=f"{cand.name}, {cand.country}", provider="gazetteer",
                             matched_name=cand.name, precision=precision, radius_km=cand.radius_km,
                             country=cand.country, ambiguous=ambiguous, geonames_id=cand.geonames_id,
                             population=cand.population, query=query)


def _is_ambiguous(distinct: list[_Candidate]) -> bool:
    """Several distinct places across countries, or a comparable namesake in the same country."""
    best = distinct[0]
    for other in distinct[1:]:
        if other.country != best.country:
            return True
        if other.population >= COMPARABLE_SHARE * best.population:
            return True
    return False
