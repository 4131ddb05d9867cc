"""Every geocoder honours the same geopy-style contract and result shape."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from geopy.location import Location

from geocoding.base import RAW_KEYS
from geocoding.chain import build_chain
from geocoding.overrides import OverridesGeocoder
from tests.geocoding.conftest import OVERRIDES_CSV

UNKNOWN = "Zzyzxqwv Nowhereville"


def _gazetteer(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, str, str]:
    return request.getfixturevalue("gazetteer"), "Prato", "IT"


def _overrides(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, str, str]:
    return OverridesGeocoder.from_csv(OVERRIDES_CSV), "northern Portugal", "PT"


def _chain(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, str, str]:
    chain = build_chain(overrides_path=OVERRIDES_CSV, cache_dir=tmp_path,
                        gazetteer=request.getfixturevalue("gazetteer"))
    return chain, "Prato", "IT"


def _nominatim(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, str, str]:
    return request.getfixturevalue("nominatim"), "Prato", "IT"


FACTORIES: dict[str, Callable[[pytest.FixtureRequest, Path], tuple[Any, str, str]]] = {
    "gazetteer": _gazetteer, "overrides": _overrides, "chain": _chain, "nominatim": _nominatim,
}


@pytest.fixture(params=sorted(FACTORIES))
def subject(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Any, str, str]:
    return FACTORIES[request.param](request, tmp_path)


def test_known_place_gives_a_location_with_provenance(subject: tuple[Any, str, str]) -> None:
    geocoder, known, country = subject
    found = geocoder.geocode(known, country_codes=country)
    assert isinstance(found, Location)
    missing = [k for k in RAW_KEYS if k not in found.raw]
    assert not missing, f"raw lacks {missing}: {found.raw}"
    assert found.raw["provider"] in {"overrides", "cache", "gazetteer", "nominatim"}
    assert found.raw["precision"] in {"city", "region", "country"}
    assert found.raw["country"] == country
    assert isinstance(found.raw["ambiguous"], bool)
    assert found.raw["radius_km"] > 0
    assert -90 <= found.latitude <= 90 and -180 <= found.longitude <= 180


def test_unknown_place_gives_none(subject: tuple[Any, str, str]) -> None:
    geocoder, _, country = subject
    assert geocoder.geocode(UNKNOWN, country_codes=country) is None


def test_exactly_one_false_gives_a_list(subject: tuple[Any, str, str]) -> None:
    geocoder, known, country = subject
    found = geocoder.geocode(known, exactly_one=False, country_codes=country)
    assert isinstance(found, list) and found
    assert all(isinstance(item, Location) for item in found)


def test_signature_matches_geopy(subject: tuple[Any, str, str]) -> None:
    geocoder, _, _ = subject
    params = inspect.signature(geocoder.geocode).parameters
    names = list(params)
    assert names[0] == "query"
    assert params["query"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    for name, default in (("exactly_one", True), ("timeout", None), ("country_codes", None)):
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, name
        assert params[name].default == default, name
    with pytest.raises(TypeError):
        geocoder.geocode("Prato", True)  # exactly_one is keyword-only
