"""``python -m stationmap geocode``: the accept/reject rules and the never-lose-rows guard."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from geopy.exc import GeocoderUnavailable
from geopy.location import Location

import stationmap.outputs.placing as placing
from geocoding.base import make_location
from stationmap.cli import main as cli_main
from stationmap.outputs.placing import (
    existing_row_count,
    finer_than_station,
    geocode_dataset,
    in_another_country,
    place_row,
)
from stationmap.records.models import Bureau, Precision, Station

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


@pytest.mark.parametrize(("found", "station", "rejected"), [
    ("city", Precision.CITY, False),
    ("region", Precision.CITY, False),     # coarser than known: acceptable
    ("country", Precision.CITY, False),
    ("city", Precision.REGION, True),      # a town answering a region query ("Nebraska")
    ("region", Precision.REGION, False),
    ("country", Precision.REGION, False),
    ("city", Precision.COUNTRY, True),
    ("region", Precision.COUNTRY, True),
    ("country", Precision.COUNTRY, False),
    ("city", "region", True),              # plain strings work as well as the enum
    (None, Precision.COUNTRY, False),      # unknown precision counts as the coarsest
    ("galaxy", Precision.CITY, False),
])
def test_finer_than_station(found: str | None, station: Precision | str, rejected: bool) -> None:
    assert finer_than_station(found, station) is rejected


@pytest.mark.parametrize(("found", "station", "rejected"), [
    ("IT", "IT", False),
    ("it", "IT", False),     # case does not matter
    (" IT ", "it", False),
    ("FR", "IT", True),
    ("", "IT", False),       # an answer without a country is not rejected for its country
    (None, "IT", False),
])
def test_in_another_country(found: str | None, station: str, rejected: bool) -> None:
    assert in_another_country(found, station) is rejected


class FakeChain:
    """Answers each station's place from a table; a missing entry is "not found", an exception is raised."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def geocode(self, query: Any, **kwargs: Any) -> Any:
        self.calls.append((query, kwargs))
        name = query if isinstance(query, str) else (query.get("city") or query.get("state") or query["country"])
        answer = self.answers.get(name)
        if isinstance(answer, Exception):
            raise answer
        return answer


def _loc(name: str, country: str, precision: str = "city") -> Any:
    return make_location(1.0, 2.0, address=name, provider="gazetteer", matched_name=name, precision=precision,
                         radius_km=10, country=country)


ALL = {"Barcelona": _loc("Barcelona", "ES"), "Rome": _loc("Rome", "IT"), "LS": _loc("Lesotho", "LS", "country")}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


def _use(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> None:
    monkeypatch.setattr(placing, "build_chain", lambda **kwargs: FakeChain(answers))


def test_all_placed_rewrites_the_file(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, ALL)
    assert geocode_dataset(data, cache_dir=tmp_path) == 0
    assert len((data / "places.csv").read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize("broken", [
    {"Rome": None},                                  # not found
    {"Rome": _loc("Rome", "US")},                    # another country
    {"LS": _loc("Maseru", "LS", "city")},            # finer than the station
    {"Rome": GeocoderUnavailable("network down")},   # an online failure
])
def test_fewer_rows_is_refused_and_said(broken: dict[str, Any], data: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = (data / "places.csv").read_bytes()
    _use(monkeypatch, {**ALL, **broken})
    assert geocode_dataset(data, cache_dir=tmp_path) == 1
    err = capsys.readouterr().err
    assert "not writing" in err and "3 rows" in err and "placed only 2" in err and "--force" in err
    assert (data / "places.csv").read_bytes() == before


def test_force_replaces_with_fewer_rows_and_says_so(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, {**ALL, "Rome": None})
    assert cli_main(["geocode", "--data", str(data), "--cache-dir", str(tmp_path), "--force"]) == 1
    assert "--force: replaced" in capsys.readouterr().err
    assert len((data / "places.csv").read_text(encoding="utf-8").splitlines()) == 3


def test_cli_without_force_refuses(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = (data / "places.csv").read_bytes()
    _use(monkeypatch, {**ALL, "Rome": None})
    assert cli_main(["geocode", "--data", str(data), "--cache-dir", str(tmp_path)]) == 1
    assert (data / "places.csv").read_bytes() == before


def test_missing_places_file_is_written(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data / "places.csv").unlink()
    _use(monkeypatch, {**ALL, "Rome": None})
    assert geocode_dataset(data, cache_dir=tmp_path) == 1  # a station unplaced, but nothing to lose
    assert len((data / "places.csv").read_text(encoding="utf-8").splitlines()) == 3


# --- the row written for a placed station ---------------------------------------------------------------

def _station(city: str = "Rome", region: str = "", country: str = "IT", precision: Precision = Precision.CITY,
             ) -> Station:
    return Station(station_id="it-rome", label="Rome", city=city, region=region, country=country,
                   precision=precision, bureau=Bureau.QINGTIAN, batch="first", notes="")


def _raw_location(**raw: Any) -> Location:
    """A place as the chain returns it, with exactly the ``raw`` keys given (no defaults filled in)."""
    return Location("Rome", (41.89193, 12.51133), {"precision": "city", "radius_km": 10, **raw})


def test_place_row_records_where_and_how_the_station_was_placed() -> None:
    location = make_location(41.89193, 12.51133, address="Rome", provider="gazetteer", matched_name="Roma",
                             precision="city", radius_km=12.345, country="IT", geonames_id=3169070,
                             osm_id="R41485", ambiguous=True)
    assert place_row(_station(), location, "2026-11-22T00:00:00Z") == {
        "station_id": "it-rome", "lat": "41.8919", "lon": "12.5113", "precision": "city", "radius_km": "12.3",
        "provider": "gazetteer", "matched_name": "Roma", "query": "Rome", "country": "IT",
        "geonames_id": "3169070", "osm_id": "R41485", "ambiguous": "true", "resolved_at": "2026-11-22T00:00:00Z",
    }


@pytest.mark.parametrize(("raw", "provider"), [
    ({"provider": "gazetteer"}, "gazetteer"),
    ({"provider": "cache", "source_provider": "nominatim"}, "nominatim"),  # a cached answer keeps its origin
    ({"provider": "cache", "source_provider": ""}, "cache"),
])
def test_place_row_names_the_provider_that_found_the_place(raw: dict[str, Any], provider: str) -> None:
    assert place_row(_station(), _raw_location(**raw), "t")["provider"] == provider


def test_place_row_leaves_unknown_provenance_empty_not_none() -> None:
    row = place_row(_station(), _raw_location(provider="overrides", geonames_id=None, osm_id=None), "t")
    assert (row["matched_name"], row["geonames_id"], row["osm_id"], row["ambiguous"]) == ("", "", "", "false")


@pytest.mark.parametrize(("city", "region", "country", "query"), [
    ("Rome", "Lazio", "IT", "Rome"),     # the finest known name is the query
    ("Rome", "", "IT", "Rome"),
    ("", "Lazio", "IT", "Lazio"),
    ("", "", "IT", "IT"),
])
def test_place_row_query_is_the_finest_known_name(city: str, region: str, country: str, query: str) -> None:
    assert place_row(_station(city, region, country), _raw_location(provider="gazetteer"), "t")["query"] == query


# --- counting the rows already in places.csv --------------------------------------------------------------

@pytest.mark.parametrize(("content", "rows"), [
    (None, 0),                                                      # no file: nothing to lose
    (b"", 0),
    (b"station_id,lat\n", 0),                                       # the header alone
    (b"station_id,lat\na,1\nb,2\n", 2),
    (b"station_id,lat\r\na,1\r\n\r\n , \nb,2", 2),                  # blank and whitespace-only lines are no rows
    (b"\xef\xbb\xbf\nstation_id,lat\na,1\n", 1),                    # a byte-order mark is not a row
    (b"station_id,lat\n\xff\xfe,1\n", None),                        # not UTF-8: unreadable
])
def test_existing_row_count(content: bytes | None, rows: int | None, tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    if content is not None:
        path.write_bytes(content)
    assert existing_row_count(path) == rows


def test_existing_row_count_of_a_folder_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "places.csv").mkdir()
    assert existing_row_count(tmp_path / "places.csv") is None


# --- a whole run: what is asked, what is written, what is said ------------------------------------------------

def _record(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any]) -> tuple[FakeChain, list[dict[str, Any]]]:
    """Like ``_use``, also keeping the arguments the chain was built with."""
    chain, built = FakeChain(answers), []

    def build_chain(**kwargs: Any) -> FakeChain:
        built.append(kwargs)
        return chain

    monkeypatch.setattr(placing, "build_chain", build_chain)
    return chain, built


def _add_region_station(data: Path) -> None:
    """A station known only to its region (Catalonia), sorted between Barcelona and Rome."""
    with (data / "stations.csv").open("a", encoding="utf-8") as handle:
        handle.write("es-catalonia,Catalonia,,Catalonia,ES,region,Fuzhou,first,\n")
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("cat-denied,es-catalonia,web-report,officially_denied,Spanish police,host_authority,2022-11-02,,"
                     "Police said no such station exists.,\n")


def _written(data: Path) -> list[dict[str, str]]:
    with (data / "places.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("options", "online"), [({}, False), ({"online": True}, True), ({"online": False}, False)])
def test_the_chain_uses_the_data_overrides_and_the_cache(options: dict[str, bool], online: bool, data: Path,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, built = _record(monkeypatch, ALL)
    geocode_dataset(data, cache_dir=tmp_path / "cache", **options)
    assert built == [{"overrides_path": data / "geocoding_overrides.csv", "cache_dir": tmp_path / "cache",
                      "online": online}]


def test_each_station_is_asked_once_for_one_place_in_its_country(data: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _add_region_station(data)
    chain, _ = _record(monkeypatch, {**ALL, "Catalonia": _loc("Catalonia", "ES", "region")})
    assert geocode_dataset(data, cache_dir=tmp_path) == 0
    assert chain.calls == [
        ({"city": "Barcelona", "country": "ES"}, {"exactly_one": True, "country_codes": "ES"}),
        ({"state": "Catalonia", "country": "ES"}, {"exactly_one": True, "country_codes": "ES"}),
        ({"city": "Rome", "country": "IT"}, {"exactly_one": True, "country_codes": "IT"}),
        ({"country": "LS"}, {"exactly_one": True, "country_codes": "LS"}),
    ]
    assert [(row["station_id"], row["query"], row["precision"]) for row in _written(data)] == [
        ("es-barcelona", "Barcelona", "city"), ("es-catalonia", "Catalonia", "region"),
        ("it-rome", "Rome", "city"), ("ls-lesotho", "LS", "country")]


def test_a_rejected_station_does_not_stop_the_ones_after_it(data: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    _add_region_station(data)
    _use(monkeypatch, {**ALL, "Catalonia": _loc("Barcelona", "ES", "city")})  # a town for a region: rejected
    assert geocode_dataset(data, cache_dir=tmp_path) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "es-catalonia: {'state': 'Catalonia', 'country': 'ES'} matched 'Barcelona', a city, but the station is known "
        "only to the region; rejected (add an override)",
        f"placed 3 of 4 stations; 1 not placed; wrote {data / 'places.csv'}"]
    assert [row["station_id"] for row in _written(data)] == ["es-barcelona", "it-rome", "ls-lesotho"]


def test_a_successful_run_writes_every_place_and_says_so(data: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, ALL)
    assert geocode_dataset(data, cache_dir=tmp_path, force=True) == 0
    out, err = capsys.readouterr()
    assert out == ""  # stdout stays clean; every message goes to stderr
    assert err.splitlines() == [f"placed 3 of 3 stations; 0 not placed; wrote {data / 'places.csv'}"]
    text = (data / "places.csv").read_bytes().decode("utf-8")
    assert "\r" not in text  # plain newlines: the committed file diffs cleanly
    assert text.splitlines()[0] == ",".join(placing.schema.PLACES.columns)
    assert [row["station_id"] for row in _written(data)] == ["es-barcelona", "it-rome", "ls-lesotho"]


class _BeijingClock(dt.datetime):
    """A machine whose local clock runs at UTC+8; the run happens at 2026-11-22 00:30:05 UTC."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        moment = dt.datetime(2026, 11, 22, 0, 30, 5, tzinfo=dt.UTC)
        local = moment.astimezone(dt.timezone(dt.timedelta(hours=8)))
        return moment.astimezone(tz) if tz is not None else local.replace(tzinfo=None)


def test_every_row_is_stamped_with_the_run_time_in_utc(data: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(placing, "dt", SimpleNamespace(datetime=_BeijingClock, UTC=dt.UTC))
    _use(monkeypatch, ALL)
    assert geocode_dataset(data, cache_dir=tmp_path) == 0
    assert [row["resolved_at"] for row in _written(data)] == ["2026-11-22T00:30:05Z"] * 3


OVERRIDES = "{data}/geocoding_overrides.csv"


@pytest.mark.parametrize(("broken", "said"), [
    ({"Rome": None}, "it-rome: no place found for {'city': 'Rome', 'country': 'IT'}; add it to " + OVERRIDES),
    ({"Rome": GeocoderUnavailable("network down")},
     "it-rome: could not geocode {'city': 'Rome', 'country': 'IT'}: network down"),
    ({"Rome": _loc("Roma", "us")}, "it-rome: {'city': 'Rome', 'country': 'IT'} matched 'Roma' in US, not IT; rejected"),
    ({"LS": _loc("Maseru", "LS", "city")}, "ls-lesotho: {'country': 'LS'} matched 'Maseru', a city, but the station "
                                           "is known only to the country; rejected (add an override)"),
])
def test_each_station_not_placed_is_named_and_counted(broken: dict[str, Any], said: str, data: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, {**ALL, "Barcelona": None, **broken})  # Barcelona not found first, then one more failure
    assert geocode_dataset(data, cache_dir=tmp_path) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert said.replace("{data}", str(data)) in lines
    assert lines[-1] == (f"not writing {data / 'places.csv'}: it has 3 rows and this run placed only 1 of 3 stations "
                         "(2 not placed, listed above); fix those, or pass --force to replace it anyway")


@pytest.mark.parametrize(("answers", "force", "status", "last_lines"), [
    ({**ALL, "Rome": None}, False, 1, [
        "not writing {target}: it has an unreadable file and this run placed only 2 of 3 stations (1 not placed, "
        "listed above); fix those, or pass --force to replace it anyway"]),
    (ALL, False, 1, [  # even a complete run does not overwrite what it could not count
        "not writing {target}: it has an unreadable file and this run placed only 3 of 3 stations (0 not placed, "
        "listed above); fix those, or pass --force to replace it anyway"]),
    (ALL, True, 0, ["--force: replaced {target} (an unreadable file) with 3 rows",
                    "placed 3 of 3 stations; 0 not placed; wrote {target}"]),
])
def test_an_unreadable_places_file_is_replaced_only_by_force(answers: dict[str, Any], force: bool, status: int,
                                                             last_lines: list[str], data: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = data / "places.csv"
    unreadable = b"station_id,lat\n\xff\xfe,1\n"
    target.write_bytes(unreadable)
    _use(monkeypatch, answers)
    assert geocode_dataset(data, cache_dir=tmp_path, force=force) == status
    lines = capsys.readouterr().err.splitlines()
    assert lines[-len(last_lines):] == [line.format(target=target) for line in last_lines]
    assert (target.read_bytes() == unreadable) is not force


def test_force_with_fewer_rows_names_both_counts(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _use(monkeypatch, {**ALL, "Rome": None})
    assert geocode_dataset(data, cache_dir=tmp_path, force=True) == 1
    target = data / "places.csv"
    assert capsys.readouterr().err.splitlines()[-2:] == [
        f"--force: replaced {target} (3 rows) with 2 rows", f"placed 2 of 3 stations; 1 not placed; wrote {target}"]


def test_a_broken_overrides_file_stops_the_run_before_anything_is_asked(data: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    # the tiny dataset has no overrides file: the real chain refuses to start without the file it was given
    before = (data / "places.csv").read_bytes()
    assert geocode_dataset(data, cache_dir=tmp_path) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"cannot geocode: cannot read overrides file {data / 'geocoding_overrides.csv'}")
    assert len(err.splitlines()) == 1
    assert (data / "places.csv").read_bytes() == before


def test_problems_loading_the_data_are_reported_and_the_rest_placed(data: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with (data / "stations.csv").open("a", encoding="utf-8") as handle:
        handle.write("xx-bad,Bad,Nowhere,,ES,planet,Fuzhou,first,\n")
    _use(monkeypatch, ALL)
    assert geocode_dataset(data, cache_dir=tmp_path) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0].startswith(f"{data / 'stations.csv'}:5: column 'precision': error: unknown value "
                                          "'planet'")
    assert len(_written(data)) == 3
