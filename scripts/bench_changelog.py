"""Benchmark the public changelog: ``python -m scripts.bench_changelog [--stations 100000] [--changes 5000]``.

Writes N synthetic stations (scripts/synthetic_data.py) and a change log of M evidence edits (each flipping
one station's claim kind, spread over 100 days, plus one new source per day), then prints, as wall and CPU
time side by side: loading the dataset (for scale), building the changelog once per data version (what the
app caches), rendering its HTML and its Atom feed. Everything is written to a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

from scripts.synthetic_data import write_dataset
from stationmap.changelog.atom import changes_feed
from stationmap.changelog.page import changelog_html
from stationmap.changelog.versions import ChangeRow, build_changelog
from stationmap.records.loading import load_dataset


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def _changes(dataset, count: int) -> list[ChangeRow]:
    rng = random.Random(5)
    evidence = [e for e in dataset.evidence if e.station_id]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    rows = []
    for n in range(1, count + 1):
        time_utc = (start + dt.timedelta(minutes=n * 100 * 1440 // count)).strftime("%Y-%m-%dT%H:%M:%SZ")
        if n % 50 == 0:
            source = rng.choice(list(dataset.sources.values()))
            rows.append(ChangeRow(f"c-{n}", time_utc, "bench", "accept", "sources.csv", source.source_id, "", "",
                                  json.dumps({"source_id": source.source_id}), "bench source"))
            continue
        item = rng.choice(evidence)
        rows.append(ChangeRow(f"c-{n}", time_utc, "bench", "edit", "evidence.csv", item.evidence_id, "supports",
                              "officially_denied", str(item.supports), "bench edit"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-changelog-") as tmp:
        folder = Path(tmp) / "data"
        write_dataset(folder, args.stations)
        dataset, load_wall, load_cpu = _timed(lambda: load_dataset(folder).dataset)
        changes = _changes(dataset, args.changes)
        log, build_wall, build_cpu = _timed(lambda: build_changelog(changes, (), dataset))
        href = "index.html#station={}".format
        html, html_wall, html_cpu = _timed(lambda: changelog_html(log, dataset, href))
        feed, feed_wall, feed_cpu = _timed(lambda: changes_feed(log, dataset, href))
    print(f"{args.stations} stations, {args.changes} change rows, {len(log.versions)} versions, "
          f"{sum(len(v.status_changes) for v in log.versions)} status changes")
    print(f"{'measurement':<34}{'wall':>10}{'CPU':>10}")
    for name, wall, cpu in (("load dataset (for scale)", load_wall, load_cpu),
                            ("build changelog", build_wall, build_cpu),
                            (f"render HTML ({len(html) // 1024} kB)", html_wall, html_cpu),
                            (f"render Atom feed ({len(feed) // 1024} kB)", feed_wall, feed_cpu)):
        print(f"{name:<34}{wall:>9.2f}s{cpu:>9.2f}s")


if __name__ == "__main__":
    main()
