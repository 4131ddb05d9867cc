"""Online geocoding through OpenStreetMap's Nominatim — OPT-IN only, never used unless enabled.

Uses geopy's real :class:`geopy.geocoders.Nominatim` with a *structured* query (``city=`` /
``state=`` / ``country=``) narrowed by ``countrycodes=``, wrapped in geopy's :class:`RateLimiter`
(at least one second between requests, as the public server's usage policy requires; exceptions are
never swallowed). Every failure — HTTP 429 (:class:`geopy.exc.GeocoderRateLimited`), 5xx
(:class:`geopy.exc.GeocoderServiceError`), a timeout (:class:`geopy.exc.GeocoderTimedOut`), a response
that is not the expected JSON (:class:`geopy.exc.GeocoderParseError`, also an HTTP 200 whose body is
``{}``, ``null`` or anything but a JSON list of place objects; only ``[]`` means "no result") — is
raised, never reported as "not found", so the chain neither caches it nor hides it.

User agent, server and scheme come from :class:`geocoding.settings.GeocodingSettings`; the UI must show
:data:`ATTRIBUTION` wherever Nominatim results are displayed.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pycountry
from geopy.adapters import URLLibAdapter
from geopy.exc import GeocoderParseError, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location

from geocoding.base import PlaceQuery, Query, make_location, parse_query, shape
from geocoding.settings import GeocodingSettings
from geocoding.terminal import printable

logger = logging.getLogger(__name__)

#: Attribution required by the ODbL for any display of Nominatim (OpenStreetMap) results.
ATTRIBUTION = ("Data © OpenStreetMap contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright); "
               "geocoding by Nominatim")

_CITY_TYPES = frozenset({"city", "town", "village", "hamlet", "municipality", "suburb", "borough",
                         "city_district", "quarter", "neighbourhood", "locality", "isolated_dwelling"})
_COUNTRY_TYPES = frozenset({"country"})
#: At most this much of a server's words (an error text, a body that is not JSON) is kept in an error message.
QUOTE_LIMIT = 200


class InjectableRateLimiter(RateLimiter):
    """geopy's RateLimiter with its clock and sleep passed in, so tests run without waiting."""

    def __init__(self, func: Callable[..., Any], *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, **kwargs: Any) -> None:
        super().__init__(func, **kwargs)
        self._sleep_func = sleep
        self._clock_func = clock

    def _clock(self) -> float:
        return self._clock_func()

    def _sleep(self, seconds: float) -> None:
        logger.debug("rate limiter: sleeping %.2f s", seconds)
        self._sleep_func(seconds)


class _StrictNominatim(Nominatim):
    """geopy's Nominatim, except that an HTTP 200 whose JSON is not a list of place objects is an error.

    geopy treats any falsy body (``{}``, ``null``, ``""``, ``0``) as "no result"; a search answer is
    always a JSON array, so only ``[]`` means "nothing found". Anything else raises
    :class:`geopy.exc.GeocoderParseError` and is therefore never cached as "no result". A JSON object with
    an ``error`` key still becomes geopy's :class:`geopy.exc.GeocoderQueryError`.
    """

    def _parse_json(self, places: Any, exactly_one: bool) -> Any:
        if isinstance(places, Mapping) and "error" in places:
            return super()._parse_json(places, exactly_one)
        if not isinstance(places, list):
            raise GeocoderParseError(f"Nominatim returned a malformed response: HTTP 200 with "
                                     f"{json.dumps(places)[:100]} instead of a list of places")
        for place in places:
            if not isinstance(place, Mapping) or not place:
                raise GeocoderParseError(f"Nominatim returned a malformed response: HTTP 200 with a place "
                                         f"that is not an object: {json.dumps(place)[:100]}")
        return super()._parse_json(places, exactly_one)


def _precision(raw: Mapping[str, Any]) -> str:
    kind = raw.get("addresstype") or raw.get("type") or ""
    if kind in _COUNTRY_TYPES:
        return "country"
    return "city" if kind in _CITY_TYPES else "region"


def _radius_km(raw: Mapping[str, Any]) -> float:
    """Half the diagonal of the result's bounding box, at least 1 km (10 km when there is none)."""
    try:
        south, north, west, east = (float(v) for v in raw["boundingbox"])
    except (KeyError, TypeError, ValueError):
        return 10.0
    mid = math.radians((south + north) / 2)
    dy = (north - south) * 111.32
    dx = (east - west) * 111.32 * math.cos(mid)
    return max(1.0, math.hypot(dx, dy) / 2)


def _convert(loc: Location, query: str) -> Location:
    raw = loc.raw
    if not isinstance(raw, Mapping) or "lat" not in raw or "lon" not in raw:
        raise GeocoderParseError(f"Nominatim returned a result without coordinates: {raw!r:.200}")
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
        osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
        address = raw.get("address") or {}
        country = str(address.get("country_code", "")).upper()
        display = str(raw.get("display_name") or "")
        matched = str(raw.get("name") or display.split(",")[0])
    except (TypeError, ValueError, AttributeError) as exc:
        raise GeocoderParseError(f"Nominatim returned a malformed result: {exc}") from None
    return make_location(lat, lon, address=display, provider="nominatim", matched_name=matched,
                         precision=_precision(raw), radius_km=_radius_km(raw), country=country,
                         osm_id=f"{osm_type}/{osm_id}" if osm_type and osm_id else None,
                         display_name=display, query=query)


def _quote_safely(exc: GeopyError) -> None:
    """Escape and cut ``exc``'s message in place (class and attributes stay): geopy quotes the server's words
    raw (a body that is not JSON whole, line breaks and terminal escape codes included; an ``error`` text)."""
    message = str(exc)
    if isinstance(exc, GeocoderParseError) and message.startswith("Could not deserialize"):
        body = message.partition("\n")[2]
        message = (f"Nominatim returned a malformed response: HTTP 200 with a body that could not be deserialized "
                   f"as JSON: {body[:QUOTE_LIMIT]!r}")
    exc.args = (printable(message, limit=2 * QUOTE_LIMIT),)


def structured_query(parsed: PlaceQuery) -> dict[str, str]:
    """The structured Nominatim query for a parsed query (country codes travel as ``countrycodes``).

    Free text goes as ``city=``; a ``{"state": ...}`` query as ``state=``; a country-level query as
    ``country=<English name>``.
    """
    if parsed.level == "country":
        country = pycountry.countries.get(alpha_2=parsed.name)
        return {"country": country.name if country else parsed.name}
    fields = dict(parsed.structured) or {"city": parsed.name}
    fields.pop("country", None)
    return fields


class NominatimGeocoder:
    """geopy-compatible, rate-limited Nominatim client with this package's result shape."""

    def __init__(self, settings: GeocodingSettings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, min_delay_seconds: float | None = None) -> None:
        self.settings = settings
        # URLLibAdapter (stdlib): geopy would otherwise pick requests, whose adapter silently retries a
        # timed-out request twice (hammering the server inside one rate-limit slot) and then reports
        # GeocoderUnavailable instead of GeocoderTimedOut.
        self._client = _StrictNominatim(user_agent=settings.nominatim_user_agent, domain=settings.nominatim_domain,
                                 scheme=settings.nominatim_scheme, timeout=settings.nominatim_timeout,
                                 adapter_factory=URLLibAdapter)
        delay = settings.nominatim_min_delay_seconds if min_delay_seconds is None else min_delay_seconds
        self._limited = InjectableRateLimiter(
            self._client.geocode, sleep=sleep, clock=clock, min_delay_seconds=max(1.0, delay),
            max_retries=settings.nominatim_max_retries, error_wait_seconds=max(5.0, delay),
            swallow_exceptions=False)

    def geocode(self, query: Query, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: str | Iterable[str] | None = None) -> Location | list[Location] | None:
        """Ask Nominatim; raises geopy.exc errors on any failure, returns ``None`` only for "no result"."""
        parsed = parse_query(query, country_codes)
        fields = structured_query(parsed)
        logger.info("nominatim: %s countrycodes=%s", fields, ",".join(parsed.countries) or "-")
        wait = timeout if timeout is not None else self.settings.nominatim_timeout
        try:
            answer = self._limited(fields, exactly_one=exactly_one, timeout=wait,
                                   country_codes=[c.lower() for c in parsed.countries] or None,
                                   addressdetails=True, language="en")
        except GeopyError as exc:  # first: GeocoderQueryError (Nominatim's {"error": ...}) is a ValueError too
            _quote_safely(exc)
            raise
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
            # geopy trusts the JSON's shape; a list of non-objects or odd values ends up here.
            raise GeocoderParseError(f"Nominatim returned a malformed response: {exc!r}") from None
        if answer is None:
            return None
        items = answer if isinstance(answer, list) else [answer]
        return shape([_convert(item, parsed.name) for item in items], exactly_one)
