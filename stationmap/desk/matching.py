"""Find stations named in a text by their exact names, in any language, in one pass (Aho-Corasick).

A station is named by its label, the label's place part (``Madrid`` for ``Madrid #1 (Fuzhou)``), its city or
region, its city in Simplified and Traditional Chinese and every search name in place_names.csv, its city's
local spellings in local_names.csv (``Milano``, ``Одеса``), and each of these without diacritics
(``Dobroesti``). Romanian ş/ţ with a cedilla and ș/ț with a comma below are the same letters here. A country-
level station is named by its country only when it is that country's only station. A name found is every
station that has it: a city with several stations names all of them. Latin-script names match whole words only
(``Rome`` not in ``Romeo``); Chinese names match anywhere, as Chinese has no spaces. Matching is case-
sensitive: place names are proper nouns, and ``prato`` is Italian for a meadow.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pycountry

#: Letters folded before matching, one character for one, so offsets in the text stay valid.
_FOLD = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
_LABEL_PLACE = re.compile(r"^(.*?)(?:\s+#\d+|\s*\(|$)")


@dataclass(frozen=True)
class StationNames:
    """The names one station goes by (see the module docstring)."""

    station_id: str
    label: str
    city: str = ""
    region: str = ""
    country: str = ""
    precision: str = "city"
    other_names: tuple[str, ...] = ()  # Chinese city names, search names, local spellings


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    name: str  # as found in the text
    station_ids: tuple[str, ...]


def fold(text: str) -> str:
    """``text`` with the Romanian cedilla letters as comma-below letters (same length, same offsets)."""
    return text.translate(_FOLD)


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0xAC00 <= code <= 0xD7AF or 0x20000 <= code <= 0x2FFFF)


def _wordlike(ch: str) -> bool:
    return ch.isalnum() and not _is_cjk(ch)


def names_of(station: StationNames, sole_in_country: bool) -> set[str]:
    """Every spelling ``station`` is found by (before folding)."""
    names = {station.label, station.city, station.region, *station.other_names}
    place = _LABEL_PLACE.match(station.label)
    if place and station.precision != "country":
        names.add(place.group(1).strip())
    if station.precision == "country" and sole_in_country:
        country = pycountry.countries.get(alpha_2=station.country)
        if country is not None:
            names.update({country.name, getattr(country, "common_name", country.name)})
    names |= {without_diacritics(n) for n in names}
    return {n.strip() for n in names if len(n.strip()) >= 2}


class StationMatcher:
    """An automaton over every station's names, built once per dataset, then used for many texts."""

    def __init__(self, stations: Iterable[StationNames]) -> None:
        import ahocorasick

        stations = list(stations)
        per_country: dict[str, int] = {}
        for station in stations:
            per_country[station.country] = per_country.get(station.country, 0) + 1
        owners: dict[str, set[str]] = {}
        for station in stations:
            for name in names_of(station, per_country[station.country] == 1):
                owners.setdefault(fold(name), set()).add(station.station_id)
        self._automaton = ahocorasick.Automaton()
        for name, ids in owners.items():
            self._automaton.add_word(name, (name, tuple(sorted(ids))))
        self.size = len(owners)
        if owners:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Every whole-name occurrence in ``text``, longest names first where two overlap, in text order."""
        if not self.size:
            return []
        folded = fold(text)
        found: list[Match] = []
        for end_index, (name, ids) in self._automaton.iter(folded):
            start, end = end_index - len(name) + 1, end_index + 1
            if _wordlike(name[0]) and start > 0 and _wordlike(folded[start - 1]):
                continue
            if _wordlike(name[-1]) and end < len(folded) and _wordlike(folded[end]):
                continue
            found.append(Match(start, end, text[start:end], ids))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        for match in found:  # drop a name inside a longer one ("York" inside "New York")
            if kept and match.end <= kept[-1].end:
                continue
            kept.append(match)
        return kept


def station_names(stations: Mapping[str, object], local_names: Mapping[str, Mapping[str, str]],
                  city_names: Mapping[tuple[str, str], Iterable[str]] | None = None) -> list[StationNames]:
    """StationNames for a loaded dataset's stations (``stationmap.records.models.Station``), their Chinese and search
    names (place_names.csv) and the local spellings of their cities, keyed by (country, city) (local_names.csv)."""
    result = []
    for sid, station in stations.items():
        local = local_names.get(sid, {})
        others = [local.get("zh-Hans", ""), local.get("zh-Hant", ""), *local.get("search", "").split()]
        others += list((city_names or {}).get((station.country, station.city), ()))
        result.append(StationNames(sid, station.label, station.city, station.region, station.country,
                                   str(station.precision), tuple(o for o in others if o)))
    return result
