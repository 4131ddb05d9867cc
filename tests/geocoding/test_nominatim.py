"""Nominatim through geopy's real Nominatim class, against a local fake server: no internet."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderServiceError, GeocoderTimedOut

from geocoding.chain import build_chain
from geocoding.nominatim import ATTRIBUTION, NominatimGeocoder
from geocoding.settings import load_settings
from tests.geocoding.conftest import USER_AGENT, FakeClock, FakeNominatim


def test_success_sends_structured_query_and_user_agent(nominatim: NominatimGeocoder,
                                                       fake_nominatim: FakeNominatim) -> None:
    found = nominatim.geocode("Prato", country_codes="IT")
    assert found.raw["provider"] == "nominatim"
    assert found.raw["osm_id"] == "relation/42527"
    assert found.raw["country"] == "IT" and found.raw["precision"] == "city"
    assert found.latitude == pytest.approx(43.8808)
    assert 3 < found.raw["radius_km"] < 15
    (request,) = fake_nominatim.requests
    assert request["path"] == "/search"
    assert request["user_agent"] == USER_AGENT
    params = request["params"]
    assert params["city"] == "Prato" and params["countrycodes"] == "it"
    assert "q" not in params  # structured, not free text
    assert params["format"] == "json"


def test_region_and_country_queries_are_structured(nominatim: NominatimGeocoder,
                                                   fake_nominatim: FakeNominatim) -> None:
    assert nominatim.geocode({"state": "Toscana", "country": "IT"}) is None
    assert nominatim.geocode({"country": "IT"}) is not None
    first, second = (r["params"] for r in fake_nominatim.requests)
    assert first["state"] == "Toscana" and first["countrycodes"] == "it" and "country" not in first
    assert second["country"] == "Italy"


def test_no_result_is_none(nominatim: NominatimGeocoder) -> None:
    assert nominatim.geocode("Atlantis", country_codes="GR") is None


@pytest.mark.parametrize(("mode", "error", "message"), [
    ("429", GeocoderRateLimited, "429"),
    ("500", GeocoderServiceError, "500"),
    ("slow", GeocoderTimedOut, "timed out"),
    ("badjson", GeocoderParseError, "deserialize"),
    ("badshape", GeocoderParseError, "malformed"),
])
def test_failures_raise_clear_errors_and_are_not_cached(
        mode: str, error: type[Exception], message: str, tmp_path: Path, gazetteer,
        nominatim: NominatimGeocoder, fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.mode = mode
    with pytest.raises(error, match=message):
        nominatim.geocode("Prato", country_codes="IT")
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, online=True, gazetteer=gazetteer,
                        online_geocoder=nominatim)
    with pytest.raises(error):
        chain.geocode("Qwertyuiop Town", country_codes="IT")
    assert len(chain.cache) == 0


def test_rate_limiter_spaces_requests(nominatim: NominatimGeocoder, fake_clock: FakeClock) -> None:
    for _ in range(3):
        nominatim.geocode("Prato", country_codes="IT")
    assert fake_clock.sleeps == [pytest.approx(1.0), pytest.approx(1.0)]


def test_settings_from_environment() -> None:
    env = {"STATIONMAP_NOMINATIM_USER_AGENT": "me/1.0", "STATIONMAP_NOMINATIM_DOMAIN": "127.0.0.1:9",
           "STATIONMAP_NOMINATIM_SCHEME": "http", "STATIONMAP_CACHE_DIR": "/tmp/x"}
    settings = load_settings(env)
    assert (settings.nominatim_user_agent, settings.nominatim_domain, settings.nominatim_scheme) == (
        "me/1.0", "127.0.0.1:9", "http")
    assert load_settings({}).nominatim_domain == "nominatim.openstreetmap.org"
    assert load_settings({}).nominatim_min_delay_seconds >= 1
    with pytest.raises(ValueError, match="SCHEME"):
        load_settings({"STATIONMAP_NOMINATIM_SCHEME": "ftp"})


def test_attribution_names_osm_and_odbl() -> None:
    assert "OpenStreetMap contributors" in ATTRIBUTION and "ODbL" in ATTRIBUTION


@pytest.mark.parametrize("body", ["{}", "null", '""', "0", '{"lat": 1}', "[{}]", "[null]", "[{not json",
                                  '"Prato"'])
def test_a_200_that_is_not_a_place_list_is_an_error_never_cached(
        body: str, tmp_path: Path, gazetteer, nominatim: NominatimGeocoder,
        fake_nominatim: FakeNominatim) -> None:
    # geopy alone reads a falsy body ({} / null) as "no result", which the chain would cache for 30 days.
    fake_nominatim.mode = body
    with pytest.raises(GeocoderServiceError):
        nominatim.geocode("Prato", country_codes="IT")
    chain = build_chain(overrides_path=None, cache_dir=tmp_path, online=True, gazetteer=gazetteer,
                        online_geocoder=nominatim)
    with pytest.raises(GeocoderServiceError):
        chain.geocode("Qwertyuiop Town", country_codes="IT")
    assert len(chain.cache) == 0  # not cached as "no result"
    fake_nominatim.mode = "auto"  # the server recovers: the place is asked again, and now answered
    assert chain.geocode("Qwertyuiop Town", country_codes="IT") is None
    assert len(fake_nominatim.requests) == 3 and len(chain.cache) == 1


def test_an_empty_list_is_a_genuine_no_result(nominatim: NominatimGeocoder,
                                              fake_nominatim: FakeNominatim) -> None:
    fake_nominatim.mode = "[]"  # Nominatim's documented answer when nothing matches
    assert nominatim.geocode("Atlantis", country_codes="GR") is None
