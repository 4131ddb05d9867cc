"""Citations and download names: what a reader pastes and saves names exactly the view."""

from __future__ import annotations

import datetime as dt

import pytest

from stationmap.render.citation import DATA_LICENCE, citation, download_name, permalink


def test_citation_names_the_version_the_link_and_the_access_date():
    text = citation("https://map.example/?country=ES", dt.date(2024, 12, 18), dt.date(2026, 11, 30))
    assert "Data as of 2024-12-18" in text
    assert "https://map.example/?country=ES" in text
    assert "accessed 30 November 2026" in text and DATA_LICENCE in text


@pytest.mark.parametrize("base, params, expected", [
    ("http://h/app?old=1#x", {"country": "ES"}, "http://h/app?country=ES"),
    ("http://h/", {}, "http://h/"),
    ("http://h/", {"q": "São Paulo & co", "status": "reported,officially_denied"},
     "http://h/?q=S%C3%A3o%20Paulo%20%26%20co&status=reported,officially_denied"),
])
def test_permalink(base, params, expected):
    assert permalink(base, params) == expected


@pytest.mark.parametrize("params, expected", [
    ({}, "stations-2024-12-18.csv"),
    ({"status": "officially_denied"}, "stations-2024-12-18-status-officially_denied.csv"),
    ({"country": "ES,IT", "as_of": "2022-11-01", "station": "es-x"},
     "stations-2024-12-18-country-ES,IT-as_of-2022-11-01.csv"),
    ({"q": "<script>/../"}, "stations-2024-12-18-q-_script.csv"),
])
def test_download_name(params, expected):
    assert download_name("stations", dt.date(2024, 12, 18), params, "csv") == expected
