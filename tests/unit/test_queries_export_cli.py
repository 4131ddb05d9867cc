"""Station table, filters, exports and the command line, on the tiny fixture."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from stationmap.cli import main
from stationmap.outputs.export import STATION_FIELDS, evidence_records, export_metadata, to_csv, to_geojson
from stationmap.records.dataset import Dataset
from stationmap.records.loading import load_dataset
from stationmap.records.models import Status
from stationmap.render.citation import LICENCE_TEXT, TITLE
from stationmap.rules.queries import (
    MAP_PAGE_COLUMNS,
    Filters,
    apply_filters,
    fold,
    placed,
    placed_count,
    station_frame,
    status_counts,
)

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


def test_filtering_only_some_columns_keeps_the_same_stations(frame):
    filters = Filters(statuses=frozenset({Status.VISITED_FOUND_NOTHING, Status.OFFICIALLY_DENIED}))
    narrow = apply_filters(frame, filters, MAP_PAGE_COLUMNS)
    assert list(narrow.columns) == list(MAP_PAGE_COLUMNS)
    assert list(narrow["station_id"]) == list(apply_filters(frame, filters)["station_id"])


def test_placed_count_counts_what_placed_returns(frame):
    unplaced = frame.assign(lat=frame["lat"].where(frame["station_id"] != "it-rome"))
    assert placed_count(unplaced) == len(placed(unplaced)) == len(frame) - 1
    assert placed_count(frame.iloc[0:0]) == 0


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
    assert main(["export", "--data", str(FIXTURE), "--as-of", value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--as-of" in err and "Traceback" not in err


def test_geojson_is_a_feature_collection_of_features(dataset, frame):
    text = to_geojson(dataset, frame)
    assert text.startswith('{\n "type": "FeatureCollection",\n "metadata": {\n')  # one-space indent, readable
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert [f["type"] for f in data["features"]] == ["Feature"] * 3
    # Coordinates live in the geometry only, not again among the properties.
    expected = [name for name in STATION_FIELDS if name not in ("lat", "lon")] + ["evidence"]
    assert all(list(f["properties"]) == expected for f in data["features"])


def test_geojson_keeps_non_ascii_text_readable(dataset, frame):
    frame = frame.copy()
    frame.loc[frame["station_id"] == "it-rome", "label"] = "São Paulo 圣保罗"
    text = to_geojson(dataset, frame)
    assert '"label": "São Paulo 圣保罗"' in text


def test_geojson_metadata_names_title_version_and_terms(dataset):
    assert export_metadata(dataset, as_of=dt.date(2022, 11, 2), view={"status": "officially_denied"}) == {
        "title": TITLE,
        "data_as_of": "2022-11-03",
        "as_of": "2022-11-02",
        "view": {"status": "officially_denied"},
        "licence": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/",
        "terms": LICENCE_TEXT,
    }
    assert export_metadata(Dataset.empty())["data_as_of"] is None  # no dated evidence: no version date


def test_geojson_point_needs_both_coordinates(dataset, frame):
    frame = frame.copy()
    frame.loc[frame["station_id"] == "it-rome", "lat"] = None
    frame.loc[frame["station_id"] == "ls-lesotho", "lon"] = None
    features = {f["id"]: f for f in json.loads(to_geojson(dataset, frame))["features"]}
    assert features["it-rome"]["geometry"] is None
    assert features["ls-lesotho"]["geometry"] is None
    assert features["es-barcelona"]["geometry"] == {"type": "Point", "coordinates": [2.159, 41.3888]}


def test_geojson_writes_numpy_scalars_as_plain_values(dataset, frame):
    frame = frame.copy()
    frame["contested"] = pd.Series([np.bool_(v) for v in frame["contested"]], index=frame.index, dtype=object)
    frame["radius_km"] = pd.Series([np.int64(v) for v in frame["radius_km"]], index=frame.index, dtype=object)
    features = {f["id"]: f["properties"] for f in json.loads(to_geojson(dataset, frame))["features"]}
    assert features["es-barcelona"]["contested"] is True and features["it-rome"]["contested"] is False
    assert features["ls-lesotho"]["radius_km"] == 100


def test_evidence_records_spell_out_each_claim(dataset):
    assert evidence_records(dataset, "es-barcelona") == [
        {"evidence_id": "bcn-confirmed", "supports": "confirmed_trial_operation", "claimant": "A worker",
         "party": "operator", "date": "2022", "source_id": "article-one", "source_title": "[Test article]",
         "source_publisher": "unknown", "source_url": None, "source_reliability": "secondary",
         "text_kind": "excerpt",
         "text": "A worker at the Barcelona office confirmed to reporters that a station operated there "
                 "\"in a test-drive capacity\" for a few weeks."},
        {"evidence_id": "bcn-visit", "supports": "visited_found_nothing", "claimant": "Example News",
         "party": "journalists", "date": "2022-11-01", "source_id": "web-report", "source_title": "Test web report",
         "source_publisher": "Example News", "source_url": "https://example.org/report",
         "source_reliability": "established", "text_kind": "summary",
         "text": "Reporters found no police station at the site."},
    ]


def test_undated_claim_exports_no_date(data):
    sources = data / "sources.csv"
    sources.write_text(sources.read_text().replace(
        "unknown,2022-10,month,inferred from 'last month',", "unknown,,,no date on the page,"), encoding="utf-8")
    result = load_dataset(data)
    assert not result.problems
    dataset = result.dataset
    assert [r["date"] for r in evidence_records(dataset, "it-rome")] == [None]
    rows = list(csv.DictReader(io.StringIO(to_csv(dataset, station_frame(dataset)).removeprefix("\ufeff"))))
    rome = next(r for r in rows if r["station_id"] == "it-rome")
    assert rome["date"] == "" and rome["source_url"] == ""  # missing values are empty cells, not "None"


def test_exports_as_of_skip_claims_published_later_whatever_their_order(data):
    # The visit happened earlier than the confirmation but was published after the as-of date:
    # it sorts first, and the claims after it must still be exported.
    evidence = data / "evidence.csv"
    evidence.write_text(evidence.read_text().replace("journalists,2022-11-01,,Reporters found",
                                                     "journalists,2021-06,,Reporters found"), encoding="utf-8")
    dataset = load_dataset(data).dataset
    as_of = dt.date(2022, 11, 2)
    assert [e.evidence_id for e in dataset.evidence_for("es-barcelona")] == ["bcn-visit", "bcn-confirmed"]
    assert [r["evidence_id"] for r in evidence_records(dataset, "es-barcelona", as_of)] == ["bcn-confirmed"]
    frame = station_frame(dataset)
    text = to_csv(dataset, frame, as_of=as_of)
    # Stations in the frame's order (country name, then label): Italy before Spain.
    assert [r["evidence_id"] for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))] == [
        "rome-visit", "bcn-confirmed"]
    geo = json.loads(to_geojson(dataset, frame, as_of=as_of))
    assert [e["evidence_id"] for f in geo["features"] for e in f["properties"]["evidence"]] == [
        "rome-visit", "bcn-confirmed"]


def test_csv_lines_end_with_a_bare_newline(dataset, frame):
    text = to_csv(dataset, frame)
    assert "\r" not in text and text.endswith("\n") and text.count("\n") == 5  # header and four claims


@pytest.mark.parametrize("text, written", [
    ("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""),
])
def test_csv_neutralises_every_formula_prefix(dataset, frame, text, written):
    frame = frame.copy()
    frame.loc[frame["station_id"] == "it-rome", "label"] = text
    exported = to_csv(dataset, frame)
    assert f"\nit-rome,{written},visited_found_nothing," in exported
    assert "\nls-lesotho,Lesotho,officially_denied,False,False,,,LS,country,unknown,first,,-29.6,28.2," in exported


def test_csv_zip_keeps_licence_and_credit(tmp_path):
    import zipfile

    from stationmap.outputs.export import to_csv, to_csv_zip
    from stationmap.records.loading import load_dataset
    from stationmap.render.citation import DATA_LICENCE, TITLE
    from stationmap.rules.queries import station_frame

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
    dataset = load_dataset(fixture).dataset
    frame = station_frame(dataset)
    data = to_csv_zip(dataset, frame, "stations-2022-11-03.csv", view={"country": "IT"}, cite="CITATION")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["stations-2022-11-03.csv", "README.txt"]
        assert archive.read("stations-2022-11-03.csv").decode("utf-8") == to_csv(dataset, frame)  # opens as before
        readme = archive.read("README.txt").decode("utf-8")
    assert TITLE in readme and DATA_LICENCE in readme and "2022-11-03" in readme and "country=IT" in readme
    assert "CITATION" in readme
    assert to_csv_zip(dataset, frame, "stations-2022-11-03.csv", view={"country": "IT"}, cite="CITATION") == data
