"""Write a valid synthetic dataset of N stations (for benchmarks and scale checks in a real browser).

Run: ``.venv/bin/python -m scripts.synthetic_data OUT_DIR [N]``, then e.g.
``STATIONMAP_DATA_DIR=OUT_DIR make app``. Every station has two pieces of evidence (one a verbatim
excerpt of a stored source) and a place, so the files pass ``python -m stationmap validate``.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from stationmap.records import schema
from stationmap.records.models import Bureau, Precision, Status

COUNTRIES = ["ES", "IT", "FR", "DE", "GB", "US", "CA", "BR", "AR", "ZA", "NG", "AU", "JP", "KR", "HU", "RS"]
SENTENCE = "Reporters visited the listed address and found an ordinary shop with no sign of a police station."


def _write(path: Path, spec, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(spec.columns))
        writer.writeheader()
        writer.writerows(rows)


def write_dataset(out: Path, n: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "sources" / "synthetic-text.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    common = dict(date_inferred="", kind="news", reliability="established", reliability_note="Synthetic.")
    _write(out / "sources.csv", schema.SOURCES, [
        dict(source_id="synthetic-text", title="Synthetic stored source", publisher="Bench", published="2022-10",
             date_precision="month", url="", text_path="sources/synthetic-text.txt", **common),
        dict(source_id="synthetic-web", title="Synthetic web source", publisher="Bench", published="2022-11-02",
             date_precision="day", url="https://example.org/synthetic", text_path="", **common),
    ])
    _write(out / "batches.csv", schema.BATCHES, [dict(batch_id="synthetic", label="Synthetic report",
           source_id="synthetic-web", published="2022-09", reported_count=n, excerpt="",
           summary="A synthetic report of many stations.")])
    stations, evidence, places = [], [], []
    statuses = list(Status)
    for i in range(n):
        sid = f"xx-station-{i}"
        country = rng.choice(COUNTRIES)
        precision = rng.choices(list(Precision), weights=(8, 1, 1))[0]
        stations.append(dict(station_id=sid, label=f"Station {i}", city=f"City {i % 500}", region="Region",
                             country=country, precision=precision.value, bureau=rng.choice(list(Bureau)).value,
                             batch="synthetic", notes=""))
        evidence.append(dict(evidence_id=f"{sid}-report", station_id=sid, source_id="synthetic-web",
                             supports="reported", claimant="Bench NGO", party="reporting_ngo", event_date="2022-09",
                             excerpt="",
                             summary="Listed in the synthetic report.", notes=""))
        status = rng.choice(statuses)
        evidence.append(dict(evidence_id=f"{sid}-visit", station_id=sid, source_id="synthetic-text",
                             supports=status.value, claimant="Reporters", party="journalists", event_date="2022-10",
                             excerpt=SENTENCE, summary="", notes=""))
        places.append(dict(station_id=sid, lat=f"{rng.uniform(-55, 70):.4f}", lon=f"{rng.uniform(-170, 170):.4f}",
                           precision=precision.value, radius_km="10" if precision is Precision.CITY else "200",
                           provider="synthetic", matched_name=f"City {i % 500}"))
    _write(out / "stations.csv", schema.STATIONS, stations)
    _write(out / "evidence.csv", schema.EVIDENCE, evidence)
    _write(out / "places.csv", schema.PLACES, places)


if __name__ == "__main__":
    write_dataset(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
