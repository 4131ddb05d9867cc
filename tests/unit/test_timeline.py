"""The timeline's numbers: claims per month and kind, following the stations shown."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from stationmap.records.loading import load_dataset
from stationmap.rules.timeline import CONFIRMED, DENIED, KIND_OF_CLAIM, VISITED, claims_per_month

ROOT = Path(__file__).resolve().parents[2]


def as_rows(frame: pd.DataFrame) -> list[tuple[str, str, int]]:
    return [(month.strftime("%Y-%m"), kind, claims) for month, kind, claims in frame.itertuples(index=False)]


def test_tiny_dataset_by_hand():
    dataset = load_dataset(ROOT / "tests" / "fixtures" / "tiny").dataset
    every = as_rows(claims_per_month(dataset, list(dataset.stations)))
    # Network-wide statements belong to no station; Rome's visit is undated in the fixture and left out
    # unless its source is dated.
    assert ("2022-11", DENIED, 1) in every and ("2022-11", VISITED, 1) in every
    assert all(kind in {CONFIRMED, DENIED, VISITED} for _, kind, _ in every)
    only_lesotho = as_rows(claims_per_month(dataset, ["ls-lesotho"], tr=str.upper))
    assert only_lesotho == [("2022-11", DENIED.upper(), 1)]  # words in the reader's language
    assert claims_per_month(dataset, []).empty


@pytest.mark.parametrize("pick", [slice(None), slice(0, 10), slice(5, 6)])
def test_matches_counting_claim_by_claim_on_the_real_data(pick):
    dataset = load_dataset(ROOT / "data").dataset
    ids = sorted(dataset.stations)[pick]
    expected = Counter()
    for item in dataset.evidence:
        if item.station_id in set(ids) and item.known_from is not None:
            when = item.known_from.earliest
            expected[(f"{when.year:04d}-{when.month:02d}", KIND_OF_CLAIM[item.supports])] += 1
    got = as_rows(claims_per_month(dataset, pd.Series(ids)))
    assert got == sorted((month, kind, n) for (month, kind), n in expected.items())
    assert sum(n for *_, n in got) == sum(expected.values())


def test_the_map_page_never_imports_altair():
    """The chart is a plain Vega-Lite specification: Altair's import (0.13 s) and its schema checks (about 0.1 s
    per run) are gone from the Map page."""
    import subprocess
    import sys

    code = ("import os, sys; os.environ['STATIONMAP_DATA_DIR'] = sys.argv[1]\n"
            "from streamlit.testing.v1 import AppTest\n"
            "app = AppTest.from_file(sys.argv[2], default_timeout=120); app.run()\n"
            "app.run()  # the session's second run draws the timeline (the first stops after the map)\n"
            "print(len(app.exception), len(app.get('vega_lite_chart')), 'altair' in sys.modules)")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code, str(root / "tests" / "fixtures" / "tiny"), str(root / "app.py")],
                         capture_output=True, text=True, check=True, timeout=300)
    assert out.stdout.strip().splitlines()[-1] == "0 1 False"


TITLES = {"x": "Month", "y": "Claims", "colour": "Kind", "month": "Month", "kind": "Kind", "claims": "Claims",
          "shown": "Shown"}


def test_the_chart_stacks_claims_by_kind_and_selects_a_month_by_click():
    from stationmap.render.timeline_spec import MONTH_PARAM, timeline_spec

    spec = timeline_spec(kinds=["A", "B"], colours=["#111111", "#222222"], titles=TITLES, month_format=None)
    (bars,) = spec["layer"]
    assert bars["mark"] == {"type": "bar"}
    assert bars["encoding"]["color"]["scale"] == {"domain": ["A", "B"], "range": ["#111111", "#222222"]}
    # Not summed again: a bar's datum keeps the month the click selects.
    assert bars["encoding"]["y"] == {"field": "claims", "type": "quantitative", "stack": "zero", "title": "Claims"}
    assert all("aggregate" not in channel for channel in bars["encoding"]["tooltip"])
    assert "format" not in bars["encoding"]["x"]["axis"]  # the chart's own English month names
    (param,) = spec["params"]
    assert param["name"] == MONTH_PARAM and param["views"] == [bars["name"]]
    assert param["select"] == {"type": "point", "fields": ["month"], "on": "click", "clear": False}


def test_the_as_of_rule_and_chinese_months():
    import datetime as dt
    import json

    from stationmap.render.timeline_spec import timeline_spec

    hostile = '<img src=x onerror=alert(1)> "as of" {{x}} datum.x'
    spec = timeline_spec(kinds=["甲"], colours=["#111111"], titles=TITLES, month_format="%Y年%-m月",
                         as_of=dt.date(2022, 10, 31), as_of_label=hostile)
    bars, rule = spec["layer"]
    assert bars["encoding"]["x"]["axis"] == {"format": "%Y年%-m月"}
    assert bars["encoding"]["tooltip"][0]["format"] == "%Y年%-m月"
    assert rule["data"] == {"values": [{"as_of": "2022-10-31", "label": hostile}]}  # a value, never an expression
    assert rule["mark"]["type"] == "rule"
    json.dumps(spec)  # plain data all through
