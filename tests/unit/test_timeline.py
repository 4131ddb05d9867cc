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


def test_the_timeline_module_leaves_altair_until_the_chart_is_drawn():
    """The Map page imports the module before drawing the map; Altair's import (0.13 s) waits for the chart."""
    import subprocess
    import sys

    code = "import sys, stationmap.ui.timeline; print('altair' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "False"
