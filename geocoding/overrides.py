"""Hand-curated places no gazetteer resolves well, read from the committed ``data/geocoding_overrides.csv``.

Columns: ``query,country,lat,lon,precision,radius_km,note``. ``query`` is matched by its normalised form
(:func:`geocoding.normalize.normalise`) and ``country`` is an ISO alpha-2 code. ``note`` must say where
the coordinates come from, because an override is our own claim, not a gazetteer's. Overrides are tried
first in the chain, so a row here also corrects a gazetteer answer that is wrong for this project.
"""

from __future__ import annotations

import csv
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geopy.location import Location

from geocoding.base import GeocodingError, Query, country_code, make_location, parse_query, shape
from geocoding.normalize import normalise

logger = logging.getLogger(__name__)

COLUMNS = ("query", "country", "lat", "lon", "precision", "radius_km", "note")
PRECISIONS = ("city", "region", "country")


class OverridesError(GeocodingError, ValueError):
    """The overrides file is missing, unreadable or has a bad row (the message names file and line)."""


@dataclass(frozen=True)
class Override:
    """One row of the overrides file."""

    query: str
    country: str
    lat: float
    lon: float
    precision: str
    radius_km: float
    note: str
    line: int


def _parse_row(row: dict[str, str], where: str, line: int) -> Override:
    def fail(column: str, problem: str) -> OverridesError:
        return OverridesError(f"{where}:{line}: {column}: {problem}")

    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not values["query"]:
        raise fail("query", "is empty")
    try:
        country = country_code(values["country"]) if values["country"] else ""
    except ValueError as exc:
        raise fail("country", str(exc)) from None
    numbers = {}
    for column, low, high in (("lat", -90, 90), ("lon", -180, 180), ("radius_km", 0, 5000)):
        try:
            number = float(values[column])
        except ValueError:
            raise fail(column, f"{values[column]!r} is not a number") from None
        if not (low <= number <= high) or math.isnan(number):
            raise fail(column, f"{number} is outside {low}..{high}")
        numbers[column] = number
    if values["precision"] not in PRECISIONS:
        raise fail("precision", f"{values['precision']!r} is not one of {', '.join(PRECISIONS)}")
    if not values["note"]:
        raise fail("note", "is empty: say where the coordinates come from")
    return Override(values["query"], country, numbers["lat"], numbers["lon"], values["precision"],
                    numbers["radius_km"], values["note"], line)


def read_overrides(path: Path | str) -> list[Override]:
    """Read and validate the overrides CSV (UTF-8, a byte-order mark is fine)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise OverridesError(f"{path}: missing column(s) {', '.join(missing)}")
            return [_parse_row(row, str(path), reader.line_num) for row in reader]
    except (OSError, UnicodeDecodeError) as exc:
        raise OverridesError(f"cannot read overrides file {path}: {exc}") from None


class OverridesGeocoder:
    """geopy-compatible geocoder answering only from the overrides rows."""

    def __init__(self, overrides: Iterable[Override]) -> None:
        self._by_key: dict[str, list[Override]] = {}
        for item in overrides:
            self._by_key.setdefault(normalise(item.query), []).append(item)

    @classmethod
    def from_csv(cls, path: Path | str) -> OverridesGeocoder:
        return cls(read_overrides(path))

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_key.values())

    def geocode(self, query: Query, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: str | Iterable[str] | None = None) -> Location | list[Location] | None:
        """Rows whose query matches (and whose country is among ``country_codes`` when given)."""
        parsed = parse_query(query, country_codes)
        if parsed.level == "country":  # {"country": "PT"}: a country-precision row for that country
            rows = [r for rows in self._by_key.values() for r in rows
                    if r.precision == "country" and r.country == parsed.name]
        else:
            rows = self._by_key.get(normalise(parsed.name), [])
        if parsed.countries:
            rows = [r for r in rows if r.country in parsed.countries]
        ambiguous = len({r.country for r in rows}) > 1
        found = [make_location(r.lat, r.lon, address=f"{r.query}, {r.country}" if r.country else r.query,
                               provider="overrides", matched_name=r.query, precision=r.precision,
                               radius_km=r.radius_km, country=r.country, ambiguous=ambiguous and i == 0,
                               note=r.note, query=parsed.name)
                 for i, r in enumerate(rows)]
        return shape(found, exactly_one)
