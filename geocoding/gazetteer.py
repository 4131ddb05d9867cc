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
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geopy.location import Location

from geocoding.base import GeocodingError, PlaceQuery, Query, make_location, parse_query, shape
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


class GazetteerError(GeocodingError):
    """The offline index could not be built or opened anywhere."""


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

    def __init__(self, conn: sqlite3.Connection, *, path: Path, built: bool,
                 scratch_dir: Path | None = None) -> None:
        self._conn = conn
        self._lock = threading.Lock()
        self.path = path
        #: True when this instance had to build the index (False: reused the cached file).
        self.built = built
        #: A private temporary folder holding the index (removed on close) when the cache folder was unusable.
        self._scratch_dir = scratch_dir

    @classmethod
    def open(cls, cache_dir: Path | str) -> Gazetteer:
        """Open the index in ``cache_dir``, building it first when missing or stale.

        When ``cache_dir`` cannot hold the index (read-only, not a folder, no permission), the index is
        built in a private temporary folder for this process instead (with a one-line warning), so an
        unusable cache folder never blocks offline lookups. Raises :class:`GazetteerError` only when even
        that fails.
        """
        path = index_path(Path(cache_dir))
        try:
            conn = open_index(path)
        except OSError:
            conn = None
        if conn is not None:
            return cls(conn, path=path, built=False)
        logger.info("building the gazetteer index in %s (one-off, takes a few seconds)", path.parent)
        try:
            build_index(path)
            conn = open_index(path)
        except (OSError, sqlite3.Error) as exc:
            logger.warning("cannot keep the gazetteer index in %s (%s); building a temporary one for this "
                           "run", path.parent, exc)
        if conn is not None:
            return cls(conn, path=path, built=True)
        scratch = Path(tempfile.mkdtemp(prefix="geocoding-gazetteer-"))
        tmp_path = index_path(scratch)
        try:
            build_index(tmp_path)
            conn = open_index(tmp_path)
        except (OSError, sqlite3.Error) as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            raise GazetteerError(f"cannot build the gazetteer index: {exc}") from None
        if conn is None:
            shutil.rmtree(scratch, ignore_errors=True)
            raise GazetteerError(f"gazetteer index {tmp_path} could not be opened after building it")
        gaz = cls(conn, path=tmp_path, built=True, scratch_dir=scratch)
        weakref.finalize(gaz, shutil.rmtree, scratch, True)  # also removed at exit when never closed
        return gaz

    def close(self) -> None:
        self._conn.close()
        if self._scratch_dir is not None:
            shutil.rmtree(self._scratch_dir, ignore_errors=True)
            self._scratch_dir = None

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
