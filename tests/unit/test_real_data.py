"""The committed dataset in data/: loads clean, every excerpt is verbatim, counts are pinned."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from stationmap.excerpts import NormalisedText
from stationmap.loading import load_dataset

DATA = Path(__file__).resolve().parents[2] / "data"

# Stations per report batch. A change here must be deliberate: a row lost in an edit fails this test.
EXPECTED_PER_BATCH = {"sd-2022-09": 52, "sd-2022-12": 26, "later": 9}
EXPECTED_REPORTED_TOTAL = 102


@pytest.fixture(scope="module")
def result():
    return load_dataset(DATA, display_root=DATA.parent)


def test_real_data_loads_without_errors(result):
    assert result.errors == (), "\n".join(map(str, result.errors))


def test_every_excerpt_occurs_verbatim_in_its_source(result):
    data = result.dataset
    quoted = [e for e in data.evidence if e.excerpt] + [b for b in data.batches.values() if b.excerpt]
    assert quoted, "the seed articles should be quoted"
    for item in quoted:
        source = data.sources[item.source_id]
        assert source.text is not None, f"{item} quotes an unstored source"
        assert NormalisedText(source.text).contains(item.excerpt), f"not verbatim: {item.excerpt[:80]}"


def test_counts_per_batch_are_pinned(result):
    counts = Counter(s.batch for s in result.dataset.stations.values())
    assert dict(counts) == EXPECTED_PER_BATCH
    assert result.dataset.reported_total == EXPECTED_REPORTED_TOTAL


def test_every_station_is_placed(result):
    data = result.dataset
    assert set(data.places) == set(data.stations)


def test_summaries_point_to_a_url_and_excerpts_to_stored_text(result):
    for item in result.dataset.evidence:
        source = result.dataset.sources[item.source_id]
        if item.summary:
            assert source.url.startswith(("http://", "https://"))
        else:
            assert source.is_stored


_ADDRESS = re.compile(r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){0,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|"
                      r"Broadway|Boulevard|Blvd|Lane|Drive|Court|Via|Calle|Rue|Straße|strasse)\b")


def test_no_street_addresses_in_station_or_evidence_text(result):
    data = result.dataset
    texts = [(s.station_id, " ".join((s.label, s.city, s.region, s.notes))) for s in data.stations.values()]
    texts += [(e.evidence_id, " ".join((e.summary, e.notes, e.claimant))) for e in data.evidence]
    offenders = [(key, m.group(0)) for key, text in texts if (m := _ADDRESS.search(text))]
    assert offenders == []
