"""``python -m stationmap geocode``: the accept/reject rules and the never-lose-rows guard."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from geopy.exc import GeocoderUnavailable

import stationmap.placing as placing
from geocoding.base import make_location
from stationmap.cli import main as cli_main
from stationmap.models import Precision
from stationmap.placing import finer_than_station, geocode_dataset, in_another_country

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

    def geocode(self, query: Any, **kwargs: Any) -> Any:
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
