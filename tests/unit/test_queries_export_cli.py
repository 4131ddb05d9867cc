"""Station table, filters, exports and the command line, on the tiny fixture."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.export import to_csv, to_geojson
from stationmap.loading import load_dataset
from stationmap.models import Status
from stationmap.queries import Filters, apply_filters, fold, placed, station_frame, status_counts

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE).dataset


@pytest.fixture(scope="module")
def frame(dataset):
    return station_frame(dataset)


def test_frame_derives_status_and_contested(frame):
    rows = frame.set_index("station_id")
    assert rows.loc["es-barcelona", "status"] == "confirmed_trial_operation"
    assert bool(rows.loc["es-barcelona", "contested"]) is True
    assert rows.loc["it-rome", "status"] == "visited_found_nothing"
    assert rows.loc["ls-lesotho", "status"] == "officially_denied"
    assert rows.loc["ls-lesotho", "precision"] == "country"
    assert rows.loc["es-barcelona", "n_sources"] == 2


@pytest.mark.parametrize("filters, expected", [
    (Filters(), {"es-barcelona", "it-rome", "ls-lesotho"}),
    (Filters(statuses=frozenset({Status.OFFICIALLY_DENIED})), {"ls-lesotho"}),
    (Filters(countries=frozenset({"ES", "IT"})), {"es-barcelona", "it-rome"}),
    (Filters(bureaus=frozenset({"Qingtian"})), {"it-rome"}),
    (Filters(contested_only=True), {"es-barcelona"}),
    (Filters(text="ROME"), {"it-rome"}),
    (Filters(text="lesotho only"), {"ls-lesotho"}),  # every word must match (notes are searched)
    (Filters(text="espana"), set()),
    (Filters(statuses=frozenset({Status.REPORTED})), set()),
])
def test_filters(frame, filters, expected):
    assert set(apply_filters(frame, filters)["station_id"]) == expected


def test_search_ignores_accents(dataset):
    frame = station_frame(dataset)
    frame.loc[frame["station_id"] == "it-rome", "search_text"] = fold("Roma Málaga")
    assert set(apply_filters(frame, Filters(text="Malaga"))["station_id"]) == {"it-rome"}


def test_status_counts_cover_every_status(frame):
    counts = status_counts(frame)
    assert set(counts) == set(Status)
    assert counts[Status.REPORTED] == 0 and sum(counts.values()) == 3


def test_geojson_export(dataset, frame):
    data = json.loads(to_geojson(dataset, frame))
    features = {f["id"]: f for f in data["features"]}
    assert features["it-rome"]["geometry"] == {"type": "Point", "coordinates": [12.5113, 41.8919]}
    bcn = features["es-barcelona"]["properties"]
    assert bcn["status"] == "confirmed_trial_operation" and bcn["contested"] is True
    kinds = {e["evidence_id"]: e["text_kind"] for e in bcn["evidence"]}
    assert kinds == {"bcn-confirmed": "excerpt", "bcn-visit": "summary"}


def test_geojson_without_places_has_null_geometry(dataset):
    frame = station_frame(dataset).assign(lat=None, lon=None)
    data = json.loads(to_geojson(dataset, frame))
    assert all(f["geometry"] is None for f in data["features"])
    assert placed(frame).empty


def test_csv_export_one_row_per_claim_and_no_formulas(dataset, frame):
    frame = frame.copy()
    frame.loc[frame["station_id"] == "it-rome", "label"] = "=HYPERLINK(\"http://x\")"
    text = to_csv(dataset, frame)
    assert text.startswith("\ufeffstation_id,")  # Excel reads UTF-8 only with the byte-order mark
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 4  # network-wide statements are not station rows
    rome = next(r for r in rows if r["station_id"] == "it-rome")
    assert rome["label"].startswith("'=")
    assert rome["lon"] == "12.5113"  # numbers are left alone


def test_cli_validate_clean_and_broken(tmp_path, capsys):
    assert main(["validate", "--data", str(FIXTURE)]) == 0
    broken = tmp_path / "data"
    shutil.copytree(FIXTURE, broken)
    stations = broken / "stations.csv"
    stations.write_text(stations.read_text().replace(",IT,city", ",XX,city"), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--data", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "stations.csv:3: column 'country': error:" in err
    assert "Traceback" not in err


def test_cli_export_writes_file(tmp_path):
    out = tmp_path / "out" / "stations.geojson"
    assert main(["export", "--format", "geojson", "--data", str(FIXTURE), "--output", str(out)]) == 0
    assert len(json.loads(out.read_text())["features"]) == 3
    out_csv = tmp_path / "stations.csv"
    assert main(["export", "--format", "csv", "--data", str(FIXTURE), "--output", str(out_csv)]) == 0
    assert out_csv.read_text(encoding="utf-8-sig").startswith("station_id,label,status")


def test_geojson_carries_version_and_licence(dataset, frame):
    meta = json.loads(to_geojson(dataset, frame, view={"country": "IT"}))["metadata"]
    assert meta["data_as_of"] == "2022-11-03" and meta["licence"] == "CC BY 4.0"
    assert meta["view"] == {"country": "IT"} and meta["as_of"] is None


def test_cli_export_as_of_writes_that_view(tmp_path):
    out = tmp_path / "then.geojson"
    assert main(["export", "--data", str(FIXTURE), "--as-of", "2022-11-02", "--output", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["metadata"]["as_of"] == "2022-11-02"
    evidence_dates = [e["date"] for f in data["features"] for e in f["properties"]["evidence"]]
    assert evidence_dates and all(d is None or d <= "2022-11-02" for d in evidence_dates)
    # The web report was published on 2022-11-03: its claims are not known yet.
    assert all(e["source_id"] != "web-report" for f in data["features"] for e in f["properties"]["evidence"])


@pytest.mark.parametrize("value", ["2022-02-30", "tomorrow", "2099-01-01", "2001-01-01"])
def test_cli_export_refuses_an_impossible_date(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--data", str(FIXTURE), "--as-of", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--as-of" in err and "Traceback" not in err
