"""The chain's order, provenance, caching rule and opt-in online step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from geopy.location import Location

from geocoding.base import make_location
from geocoding.chain import GeocoderChain, build_chain, place_query
from geocoding.overrides import OverridesError
from tests.geocoding.conftest import OVERRIDES_CSV


class RaisingOnline:
    """An online geocoder that must never be called."""

    def geocode(self, query: Any, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: Any = None) -> Location | None:
        raise AssertionError(f"online geocoder called for {query!r}")


class RecordingOnline:
    """An online geocoder that knows one invented place and records its calls."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def geocode(self, query: Any, *, exactly_one: bool = True, timeout: float | None = None,
                country_codes: Any = None) -> Location | list[Location] | None:
        self.calls.append(query)
        if query != "Invented Hamlet":
            return None
        loc = make_location(1.5, 2.5, address="Invented Hamlet, IT", provider="nominatim",
                            matched_name="Invented Hamlet", precision="city", radius_km=3, country="IT",
                            osm_id="node/7")
        return loc if exactly_one else [loc]


def test_overrides_win_over_the_gazetteer(tmp_path: Path, gazetteer) -> None:
    override = tmp_path / "o.csv"
    override.write_text("query,country,lat,lon,precision,radius_km,note\nPrato,IT,1.0,2.0,city,5,test row\n",
                        encoding="utf-8")
    chain = build_chain(overrides_path=override, cache_dir=tmp_path, gazetteer=gazetteer)
    found = chain.geocode("Prato", country_codes="IT")
    assert found.raw["provider"] == "overrides" and (found.latitude, found.longitude) == (1.0, 2.0)
    assert chain.geocode("Milan", country_codes="IT").raw["provider"] == "gazetteer"


def test_place_query_levels(tmp_path: Path, gazetteer) -> None:
    chain = build_chain(overrides_path=OVERRIDES_CSV, cache_dir=tmp_path, gazetteer=gazetteer)
    city = chain.geocode(place_query(city="Prato", country="IT"))
    region = chain.geocode(place_query(region="northern Portugal", country="PT"))
    country = chain.geocode(place_query(country="PT"))
    assert (city.raw["precision"], city.raw["provider"]) == ("city", "gazetteer")
    assert (region.raw["precision"], region.raw["provider"]) == ("region", "overrides")
    assert (country.raw["precision"], country.raw["country"]) == ("country", "PT")
    assert chain.geocode(place_query(region="Nowhere Region", country="PT")) is None


def test_online_is_never_called_unless_enabled(tmp_path: Path, gazetteer) -> None:
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, gazetteer=gazetteer, online=False,
                        online_geocoder=RaisingOnline())
    assert chain.online_enabled is False
    assert chain.geocode("Invented Hamlet", country_codes="IT") is None
    assert len(chain.cache) == 0


def test_online_answers_are_cached_and_served_from_cache(tmp_path: Path, gazetteer) -> None:
    online = RecordingOnline()
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, gazetteer=gazetteer, online=True,
                        online_geocoder=online)
    first = chain.geocode("Invented Hamlet", country_codes="IT")
    assert first.raw["provider"] == "nominatim"
    assert chain.geocode("Prato", country_codes="IT").raw["provider"] == "gazetteer"  # offline first
    assert online.calls == ["Invented Hamlet"]
    assert len(chain.cache) == 1  # gazetteer answers are not cached
    # A fresh chain over the same cache dir, with online disabled, still knows the hamlet.
    offline = build_chain(overrides_path=None, cache_dir=tmp_path, gazetteer=gazetteer,
                          online_geocoder=RaisingOnline())
    again = offline.geocode("invented  HAMLET", country_codes="IT")
    assert again.raw["provider"] == "cache" and again.raw["source_provider"] == "nominatim"
    assert again.raw["osm_id"] == "node/7" and (again.latitude, again.longitude) == (1.5, 2.5)
    assert again.address == "Invented Hamlet, IT"


def test_no_result_online_is_cached_and_not_asked_again(tmp_path: Path, gazetteer) -> None:
    online = RecordingOnline()
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, gazetteer=gazetteer, online=True,
                        online_geocoder=online)
    assert chain.geocode("Nothing Here", country_codes="IT") is None
    assert chain.geocode("Nothing Here", country_codes="IT") is None
    assert online.calls == ["Nothing Here"]


def test_missing_overrides_file_is_an_error(tmp_path: Path, gazetteer) -> None:
    with pytest.raises(OverridesError):
        build_chain(overrides_path=tmp_path / "absent.csv", cache_dir=tmp_path, gazetteer=gazetteer)


def test_chain_without_components_finds_nothing() -> None:
    assert GeocoderChain(overrides=None, gazetteer=None).geocode("Prato") is None
