"""The shared calling convention: query parsing, the result shape and the ``Geocoder`` protocol.

Every geocoder in this package has geopy's signature
``geocode(query, *, exactly_one=True, timeout=None, country_codes=None)`` and returns a
``geopy.location.Location`` (``None`` when nothing matched; a list when ``exactly_one=False``) whose
``.raw`` carries the provenance keys in :data:`RAW_KEYS`. Keeping this in one module means a caller can
swap the offline gazetteer for the chain or for Nominatim without changing a line.

A query is either free text (``"Prato"``) or, as in geopy's Nominatim, a structured mapping with any of
``city``, ``state`` (alias ``region``) and ``country`` (an ISO alpha-2 code or a country name). A
mapping holding only ``country`` asks for the country itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pycountry
from geopy.exc import GeocoderQueryError, GeocoderServiceError
from geopy.location import Location

Provider = Literal["overrides", "cache", "gazetteer", "nominatim"]
Precision = Literal["city", "region", "country"]
Query = str | Mapping[str, str]

#: Keys every result's ``.raw`` holds (``geonames_id`` / ``osm_id`` may be ``None``).
RAW_KEYS = ("provider", "matched_name", "precision", "radius_km", "geonames_id", "osm_id", "ambiguous",
            "country")


class Geocoder(Protocol):
    """Anything with geopy's geocode signature, as used throughout this package."""

    def geocode(self, query: Query, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: str | Iterable[str] | None = None) -> Location | list[Location] | None: ...


class GeocodingError(GeocoderServiceError):
    """Base of this package's own errors. Everything this package raises is a ``geopy.exc.GeopyError``
    (geopy's own errors, or a subclass of this), so a caller catches one family: ``GeopyError``."""


class QueryError(GeocodingError, GeocoderQueryError):
    """The query itself is unusable (empty, or an unknown country), as opposed to "not found".

    Also a ``ValueError`` (through geopy's ``GeocoderQueryError``), as it always was.
    """


@dataclass(frozen=True)
class PlaceQuery:
    """A parsed query: the name to look up, the allowed countries, and whether a country is wanted."""

    name: str
    countries: tuple[str, ...]  # ISO alpha-2, upper case; empty = anywhere
    level: Literal["place", "country"] = "place"
    structured: tuple[tuple[str, str], ...] = ()  # the mapping as given, for Nominatim

    @property
    def key(self) -> str:
        """A stable text key for caches (level, countries, name)."""
        return f"{self.level}|{','.join(self.countries)}|{self.name}"


def country_code(value: str) -> str:
    """Return the ISO alpha-2 code for an alpha-2/alpha-3 code or an English country name.

    Raises :class:`QueryError` when ``value`` is not a country pycountry knows.
    """
    text = value.strip()
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        raise QueryError(f"unknown country {value!r} (use an ISO 3166-1 alpha-2 code such as 'IT')") from None
    return found.alpha_2


def normalise_country_codes(country_codes: str | Iterable[str] | None) -> tuple[str, ...]:
    """``None``, ``"it"``, ``["IT", "sm"]`` → ``()``, ``("IT",)``, ``("IT", "SM")`` (validated)."""
    if country_codes is None:
        return ()
    items = [country_codes] if isinstance(country_codes, str) else list(country_codes)
    return tuple(dict.fromkeys(country_code(c) for c in items if c and c.strip()))


def parse_query(query: Query, country_codes: str | Iterable[str] | None = None) -> PlaceQuery:
    """Turn a free-text or structured query plus ``country_codes`` into a :class:`PlaceQuery`."""
    countries = normalise_country_codes(country_codes)
    if isinstance(query, str):
        name = " ".join(query.split())
        if not name:
            raise QueryError("empty query")
        return PlaceQuery(name, countries)
    fields = {("state" if k == "region" else k): " ".join(str(v).split()) for k, v in query.items() if v}
    unknown = set(fields) - {"city", "state", "country"}
    if unknown:
        raise QueryError(f"unsupported query fields {sorted(unknown)}; use city, state/region, country")
    if "country" in fields:
        code = country_code(fields["country"])
        if countries and code not in countries:
            raise QueryError(f"country {code} conflicts with country_codes {list(countries)}")
        countries = (code,)
    name = fields.get("city") or fields.get("state")
    structured = tuple(sorted(fields.items()))
    if name:
        return PlaceQuery(name, countries, "place", structured)
    if len(countries) == 1:
        return PlaceQuery(countries[0], countries, "country", structured)
    raise QueryError("empty query")


def make_location(lat: float, lon: float, *, address: str, provider: str, matched_name: str,
                  precision: str, radius_km: float, country: str, ambiguous: bool = False,
                  geonames_id: int | None = None, osm_id: int | str | None = None, **extra: Any) -> Location:
    """Build a ``Location`` whose ``.raw`` holds the provenance keys (plus any ``extra`` ones)."""
    raw: dict[str, Any] = {
        "provider": provider, "matched_name": matched_name, "precision": precision,
        "radius_km": round(float(radius_km), 1), "geonames_id": geonames_id, "osm_id": osm_id,
        "ambiguous": bool(ambiguous), "country": country, "lat": float(lat), "lon": float(lon), **extra,
    }
    return Location(address, (float(lat), float(lon)), raw)


def shape(results: list[Location], exactly_one: bool) -> Location | list[Location] | None:
    """geopy's return convention: ``None`` when nothing matched, else the first result or the list."""
    if not results:
        return None
    return results[0] if exactly_one else results
