"""Views round-trip through URL parameters; hostile or unknown values are dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from stationmap.records.models import Status
from stationmap.rules.queries import Filters
from stationmap.rules.shared_view import Choices, ParsedView, ViewState, parse_as_of, parse_view, read_view, view_params

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
    from stationmap.rules.shared_view import read_view

    parsed = read_view({"as_of": value}, CHOICES_WITH_DATES)
    assert (parsed.view.as_of.isoformat() if parsed.view.as_of else None) == expected
    if notice:
        assert len(parsed.notices) == 1 and notice in parsed.notices[0] and "<script>" not in parsed.notices[0][:20]
    else:
        assert parsed.notices == ()
        assert view_params(parsed.view) == {"as_of": expected}


FULL_CHOICES = Choices(countries={"ES", "IT"}, bureaus={"Fuzhou", "Qingtian"}, batches={"sd-2022-09", "later"},
                       station_ids={"es-madrid-1"}, station_aliases={"es-madrid": "es-madrid-1"},
                       source_ids={"web-report"}, source_aliases={"old-report": "web-report"},
                       earliest=dt.date(2016, 1, 1), today=dt.date(2026, 11, 30))


def test_every_part_of_a_view_round_trips():
    view = ViewState(Filters(statuses=frozenset({Status.OFFICIALLY_DENIED, Status.VISITED_FOUND_NOTHING}),
                             countries=frozenset({"IT", "ES"}), bureaus=frozenset({"Qingtian", "Fuzhou"}),
                             batches=frozenset({"sd-2022-09", "later"}), contested_only=True, text="rome"),
                     station_id="es-madrid-1", as_of=dt.date(2022, 11, 1), source_id="web-report", language="zh-Hant")
    params = view_params(view)
    assert params == {"lang": "zh-Hant", "status": "visited_found_nothing,officially_denied",
                      "country": "ES,IT", "bureau": "Fuzhou,Qingtian", "batch": "later,sd-2022-09",
                      "contested": "1", "q": "rome", "as_of": "2022-11-01", "station": "es-madrid-1",
                      "source": "web-report"}
    assert read_view(params, FULL_CHOICES) == ParsedView(view)


def test_search_text_is_trimmed_in_a_link():
    assert view_params(ViewState(Filters(text="  rome  "))) == {"q": "rome"}
    assert view_params(ViewState(Filters(text="   "))) == {}


@pytest.mark.parametrize("params, expected", [
    ({"country": [" ES , ", "IT,,"]}, ViewState(Filters(countries=frozenset({"ES", "IT"})))),
    ({"bureau": "Fuzhou,Nowhere"}, ViewState(Filters(bureaus=frozenset({"Fuzhou"})))),
    ({"batch": "later,unknown-batch"}, ViewState(Filters(batches=frozenset({"later"})))),
    ({"q": ["police", " station "]}, ViewState(Filters(text="police station"))),
    ({"q": "a, b"}, ViewState(Filters(text="a b"))),
    ({"station": ",es-madrid-1,it-rome-1"}, ViewState(station_id="es-madrid-1")),  # the first named one
    ({"station": "es-madrid"}, ViewState(station_id="es-madrid-1")),  # a retired id
    ({"station": "it-rome-1"}, ViewState()),
    ({"source": "web-report"}, ViewState(source_id="web-report")),
    ({"source": "old-report"}, ViewState(source_id="web-report")),
    ({"source": "<b>x</b>"}, ViewState()),
    ({"source": ""}, ViewState()),
    ({"lang": "zh-TW"}, ViewState(language="zh-Hant")),
    ({"lang": "zh_cn"}, ViewState(language="zh-Hans")),
    ({"lang": "fr"}, ViewState(language="en")),  # a language we lack: English, not the browser's guess
    ({"lang": " , "}, ViewState()),
    ({"contested": "true"}, ViewState(Filters(contested_only=True))),
    ({"contested": "yes"}, ViewState(Filters(contested_only=True))),
    ({"contested": "1,0"}, ViewState(Filters(contested_only=True))),
    ({"contested": "0,1"}, ViewState()),
    ({"contested": "TRUE"}, ViewState()),
    ({"contested": "on"}, ViewState()),
])
def test_each_parameter_from_a_link(params, expected):
    assert read_view(params, FULL_CHOICES) == ParsedView(expected)


@pytest.mark.parametrize("value, notice", [
    ("2022-02-30", "'2022-02-30' is not a date of the form YYYY-MM-DD"),
    ("20221015", "'20221015' is not a date of the form YYYY-MM-DD"),  # fromisoformat's basic form is refused
    ("x" * 60, f"'{'x' * 40}' is not a date of the form YYYY-MM-DD"),  # quoted, cut to 40 characters
    ("2015-12-31", "2015-12-31 is before the first evidence (2016-01-01)"),
    ("2026-12-01", "2026-12-01 is in the future"),
])
def test_an_impossible_date_in_a_link_is_ignored_and_said(value, notice):
    parsed = read_view({"as_of": value, "country": "ES"}, FULL_CHOICES)
    assert parsed.view == ViewState(Filters(countries=frozenset({"ES"})))  # the rest of the view still opens
    assert parsed.notices == (f"The date in the link was ignored: {notice}. Showing what is known today.",)


@pytest.mark.parametrize("text, expected", [
    ("2016-01-01", dt.date(2016, 1, 1)), ("2026-11-30", dt.date(2026, 11, 30)), (" 2022-10-15 ", dt.date(2022, 10, 15)),
])
def test_parse_as_of_accepts_the_whole_range(text, expected):
    assert parse_as_of(text, dt.date(2016, 1, 1), dt.date(2026, 11, 30)) == expected


def test_parse_as_of_without_bounds_accepts_any_real_date():
    assert parse_as_of("1900-01-01") == dt.date(1900, 1, 1)
    assert parse_as_of("2999-12-31") == dt.date(2999, 12, 31)
    with pytest.raises(ValueError, match=r"^'2022-13-01' is not a date of the form YYYY-MM-DD$"):
        parse_as_of("2022-13-01")


def test_a_refused_date_is_quoted_to_at_most_40_characters():
    padded = " " * 36 + "20221015"  # a real date in fromisoformat's basic form, padded: refused, quoted cut short
    with pytest.raises(ValueError, match=r"^'" + " " * 36 + r"2022' is not a date of the form YYYY-MM-DD$"):
        parse_as_of(padded)


def test_the_changes_pages_since_date_round_trips_and_a_bad_one_is_said() -> None:
    view = ViewState(since=dt.date(2025, 12, 17))
    assert view_params(view) == {"since": "2025-12-17"}
    assert read_view({"since": "2025-12-17"}, FULL_CHOICES) == ParsedView(view)
    parsed = read_view({"since": "2025-13-40"}, FULL_CHOICES)
    assert parsed.view.since is None and "since" in parsed.notices[0]
    assert read_view({"since": "2099-01-01"}, FULL_CHOICES).view.since is None  # after today
