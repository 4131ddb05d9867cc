"""Views round-trip through URL parameters; hostile or unknown values are dropped."""

from __future__ import annotations

import pytest

from stationmap.models import Status
from stationmap.queries import Filters
from stationmap.shared_view import Choices, ViewState, parse_view, view_params

CHOICES = Choices(countries={"ES", "IT"}, bureaus={"Fuzhou", "unknown"}, batches={"sd-2022-09"},
                  station_ids={"es-madrid-1", "it-rome-1"})


def test_round_trip():
    view = ViewState(Filters(statuses=frozenset({Status.REPORTED, Status.OFFICIALLY_DENIED}),
                             countries=frozenset({"ES"}), bureaus=frozenset({"Fuzhou"}),
                             batches=frozenset({"sd-2022-09"}), contested_only=True, text="madrid"),
                     "es-madrid-1")
    params = view_params(view)
    assert params["status"] == "reported,officially_denied"
    assert parse_view(params, CHOICES) == view


def test_default_view_has_no_params():
    assert view_params(ViewState()) == {}
    assert parse_view({}, CHOICES) == ViewState()


@pytest.mark.parametrize("params, expected", [
    ({"status": "reported,bogus"}, ViewState(Filters(statuses=frozenset({Status.REPORTED})))),
    ({"country": "ES,XX,<script>"}, ViewState(Filters(countries=frozenset({"ES"})))),
    ({"station": "<img src=x onerror=alert(1)>"}, ViewState()),
    ({"station": "es-madrid-1"}, ViewState(station_id="es-madrid-1")),
    ({"contested": "0"}, ViewState()),
    ({"contested": "1"}, ViewState(Filters(contested_only=True))),
    ({"status": ["reported", "officially_denied"]},
     ViewState(Filters(statuses=frozenset({Status.REPORTED, Status.OFFICIALLY_DENIED})))),
    ({"q": "x" * 500}, ViewState(Filters(text="x" * 200))),
])
def test_untrusted_params(params, expected):
    assert parse_view(params, CHOICES) == expected


def test_a_retired_station_id_in_a_link_opens_the_station_that_replaced_it():
    choices = Choices(countries=set(), bureaus=set(), batches=set(), station_ids={"es-barcelona-1"},
                      station_aliases={"es-barcelona": "es-barcelona-1"})
    assert parse_view({"station": "es-barcelona"}, choices).station_id == "es-barcelona-1"
    assert parse_view({"station": "es-nowhere"}, choices).station_id is None


CHOICES_WITH_DATES = Choices(countries={"ES"}, bureaus=set(), batches=set(), station_ids={"es-madrid-1"},
                             earliest=__import__("datetime").date(2016, 1, 1),
                             today=__import__("datetime").date(2026, 11, 30))


@pytest.mark.parametrize("value, expected, notice", [
    ("2022-10-15", "2022-10-15", None),
    ("2022-02-30", None, "not a date"), ("2022-10", None, "not a date"), ("yesterday", None, "not a date"),
    ("1999-01-01", None, "before the first evidence"), ("2099-01-01", None, "in the future"),
    ("<script>", None, "not a date"),
])
def test_as_of_from_a_link(value, expected, notice):
    from stationmap.shared_view import read_view

    parsed = read_view({"as_of": value}, CHOICES_WITH_DATES)
    assert (parsed.view.as_of.isoformat() if parsed.view.as_of else None) == expected
    if notice:
        assert len(parsed.notices) == 1 and notice in parsed.notices[0] and "<script>" not in parsed.notices[0][:20]
    else:
        assert parsed.notices == ()
        assert view_params(parsed.view) == {"as_of": expected}
