"""The offline gazetteer: names, alternate names, countries, ranking, ambiguity, the persisted index."""

from __future__ import annotations

from pathlib import Path

import pytest

import geocoding.gazetteer as gazetteer_module
from geocoding.base import QueryError
from geocoding.distance import distance_km
from geocoding.gazetteer import Gazetteer
from geocoding.gazetteer_index import index_path, open_index


def _name_country(gaz: Gazetteer, query, country=None) -> tuple[str, str]:
    found = gaz.geocode(query, country_codes=country)
    assert found is not None, query
    return found.raw["matched_name"], found.raw["country"]


@pytest.mark.parametrize(("query", "expected"), [
    ("Den Haag", ("The Hague", "NL")), ("Praha", ("Prague", "CZ")), ("Beograd", ("Belgrade", "RS")),
    ("布达佩斯", ("Budapest", "HU")), ("Москва", ("Moscow", "RU")), ("東京", ("Tokyo", "JP")),
    ("Milano", ("Milan", "IT")),
])
def test_alternate_names(gazetteer: Gazetteer, query: str, expected: tuple[str, str]) -> None:
    assert _name_country(gazetteer, query) == expected


@pytest.mark.parametrize("query", ["malaga", "MÁLAGA", "Málaga", "Ma\u0301laga", "  málaga  "])
def test_normalisation_of_queries(gazetteer: Gazetteer, query: str) -> None:
    assert _name_country(gazetteer, query, "ES") == ("Málaga", "ES")


def test_country_narrowing(gazetteer: Gazetteer) -> None:
    fr = gazetteer.geocode("Paris", country_codes="FR")
    us = gazetteer.geocode("Paris", country_codes=["us"])
    assert fr.raw["country"] == "FR" and us.raw["country"] == "US"
    assert distance_km(fr.latitude, fr.longitude, us.latitude, us.longitude) > 5000
    assert _name_country(gazetteer, "Valencia", "ES") == ("Valencia", "ES")
    assert _name_country(gazetteer, "Valencia", "VE") == ("Valencia", "VE")
    assert gazetteer.geocode("Prato", country_codes="JP") is None


def test_ambiguity_flag(gazetteer: Gazetteer) -> None:
    anywhere = gazetteer.geocode("Paris")
    assert anywhere.raw["country"] == "FR"  # the most populous is the best guess
    assert anywhere.raw["ambiguous"] is True
    assert gazetteer.geocode("Paris", country_codes="FR").raw["ambiguous"] is False
    assert gazetteer.geocode("Prato").raw["ambiguous"] is False  # only small Italian namesakes
    many = gazetteer.geocode("Paris", exactly_one=False)
    assert len({loc.raw["country"] for loc in many}) > 1
    assert [loc.raw["ambiguous"] for loc in many[1:]] == [False] * (len(many) - 1)


def test_own_name_beats_a_smaller_former_name(gazetteer: Gazetteer) -> None:
    glasgow = gazetteer.geocode("Glasgow", country_codes="US")
    assert glasgow.raw["matched_name"] == "Glasgow"  # Kentucky, not Pampa TX (alternate name Glasgow)
    assert _name_country(gazetteer, "Roma", "IT") == ("Rome", "IT")


def test_countries_resolve_to_country_level_places(gazetteer: Gazetteer) -> None:
    for query in ("Netherlands", "The Netherlands", "Holland", "荷兰", {"country": "NL"}):
        found = gazetteer.geocode(query)
        assert found.raw["precision"] == "country", query
        assert found.raw["country"] == "NL", query
        assert found.raw["radius_km"] > 50
    portugal = gazetteer.country("PT")
    # The derived point lies within its own radius of Portugal's geometric centre (39.6 N, 8.0 W).
    assert distance_km(portugal.latitude, portugal.longitude, 39.6, -8.0) < portugal.raw["radius_km"]
    assert portugal.raw["geonames_id"] == 2264397


def test_results_carry_geonames_ids_and_radius(gazetteer: Gazetteer) -> None:
    prato = gazetteer.geocode("Prato", country_codes="IT")
    assert prato.raw["geonames_id"] == 3169921
    assert prato.raw["provider"] == "gazetteer" and prato.raw["precision"] == "city"
    assert 5 <= prato.raw["radius_km"] <= 30


def test_bad_queries_raise(gazetteer: Gazetteer) -> None:
    with pytest.raises(QueryError):
        gazetteer.geocode("   ")
    with pytest.raises(QueryError, match="unknown country"):
        gazetteer.geocode("Prato", country_codes="XX")


def test_persisted_index_is_reused(gazetteer: Gazetteer, gazetteer_dir: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert gazetteer.built is True  # the session fixture started from an empty directory

    def must_not_build(*args, **kwargs):
        raise AssertionError("the index was rebuilt although a valid one is on disk")

    monkeypatch.setattr(gazetteer_module, "build_index", must_not_build)
    again = Gazetteer.open(gazetteer_dir)
    try:
        assert again.built is False
        assert again.path == gazetteer.path == index_path(gazetteer_dir)
        assert again.geocode("Praha").raw["matched_name"] == "Prague"
    finally:
        again.close()


def test_unreadable_index_is_rejected(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = index_path(tmp_path)
    path.write_bytes(b"this is not an sqlite database" * 100)
    assert open_index(path) is None
    assert "unreadable" in caplog.text
