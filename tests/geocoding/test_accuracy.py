"""Accuracy of the default offline chain against independently written reference coordinates."""

from __future__ import annotations

import csv
from pathlib import Path

from geocoding.chain import build_chain
from geocoding.distance import distance_km
from tests.geocoding.conftest import OVERRIDES_CSV

REFERENCE = Path(__file__).with_name("reference_places.csv")
TOLERANCE_KM = 25.0
REQUIRED_SHARE = 0.98


def load_reference() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_reference_set_is_big_and_varied() -> None:
    rows = load_reference()
    assert len(rows) >= 60
    assert len({r["country"] for r in rows}) >= 40
    assert any(not r["query"].isascii() for r in rows)


def test_at_least_98_percent_within_25_km(tmp_path: Path, gazetteer) -> None:
    chain = build_chain(overrides_path=OVERRIDES_CSV, cache_dir=tmp_path, gazetteer=gazetteer)
    rows = load_reference()
    misses = []
    for row in rows:
        found = chain.geocode(row["query"], country_codes=row["country"])
        if found is None:
            misses.append(f"{row['query']} ({row['country']}): not found")
            continue
        km = distance_km(found.latitude, found.longitude, float(row["lat"]), float(row["lon"]))
        if km > TOLERANCE_KM:
            misses.append(f"{row['query']} ({row['country']}): got {found.raw['matched_name']} "
                          f"{found.latitude:.2f},{found.longitude:.2f}, {km:.0f} km off")
    share = 1 - len(misses) / len(rows)
    assert share >= REQUIRED_SHARE, f"{share:.1%} within {TOLERANCE_KM} km; misses:\n" + "\n".join(misses)
