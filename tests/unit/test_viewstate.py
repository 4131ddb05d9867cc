"""Views round-trip through URL parameters; hostile or unknown values are dropped."""

from __future__ import annotations

import pytest

from stationmap.models import Status
from stationmap.queries import Filters
from stationmap.viewstate import Choices, ViewState, parse_view, view_params

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
