"""Benchmark the editor's desk: ``python -m scripts.bench_desk [--stations 100000]``.

Prints, side by side with the targets: ingest time of a 1 MB saved page (extraction, date, language, matching
and proposals; cold = first call in a fresh process, libraries and models loading included, then warm), the
time to build the name automaton for N synthetic stations (scripts/synthetic_data.py), and the matching time
per article (a 10 kB article, and a 1 MB text) at N stations, each as wall and CPU time. Targets: ingest <= 2
s, matching <= 50 ms per article at 100,000 stations. Everything is written to a temporary directory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

from scripts.synthetic_data import write_dataset
from stationmap.desk.ingest import build_item
from stationmap.desk.matching import StationMatcher, station_names
from stationmap.loading import load_dataset
from stationmap.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
PARAGRAPH = ("<p>Officials in Madrid said on Tuesday that they had found no sign of a police station at the "
             "address in Station 4711, while reporters in City 12 and in Rome described an ordinary shop. The "
             "embassy denied the report and said the office was a service centre for driving licences.</p>\n")


def _page(size: int) -> str:
    head = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Bench page - Bench</title>"
            "<meta property='article:published_time' content='2023-03-04T10:00:00Z'></head><body><article>"
            "<h1>Bench page</h1>\n")
    body = "".join(PARAGRAPH.replace("Tuesday", f"day {n}") for n in range(size // len(PARAGRAPH) + 1))
    return head + body[: size - len(head) - 30] + "</article></body></html>"


def _time(fn, repeat: int) -> list[tuple[float, float]]:
    """(wall seconds, CPU seconds of this process) per call: on a shared machine the CPU time is the
    steadier number, the wall time what an editor waits."""
    times = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100_000)
    args = parser.parse_args(argv)
    now = dt.datetime(2026, 12, 5, tzinfo=dt.UTC)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(_page(1_000_000), encoding="utf-8")
        real = load_dataset(REPO / "data").dataset
        real_matcher = StationMatcher(station_names(real.stations, real.local_names))
        cache = load_settings().cache_dir
        cold = _time(lambda: build_item(page, url=None, matcher=real_matcher, now=now, cache_dir=cache), 1)[0]
        warm = _median(_time(lambda: build_item(page, url=None, matcher=real_matcher, now=now, cache_dir=cache), 3))
        item, _ = build_item(page, url=None, matcher=real_matcher, now=now, cache_dir=cache)
        rows.append(("ingest 1 MB page, cold (real data)", f"{cold[0]:.2f} s", f"{cold[1]:.2f} s", "<= 2 s"))
        rows.append(("ingest 1 MB page, warm (real data)", f"{warm[0]:.2f} s", f"{warm[1]:.2f} s", "<= 2 s"))
        rows.append(("  proposals from it", f"{len(item['proposals']):,}", "", ""))

        synthetic = Path(tmp) / "synthetic"
        write_dataset(synthetic, args.stations)
        holder: dict[str, object] = {}
        load = _time(lambda: holder.update(data=load_dataset(synthetic).dataset), 1)[0]
        data = holder["data"]
        build = _time(lambda: holder.update(matcher=StationMatcher(station_names(data.stations, data.local_names))),
                      1)[0]
        matcher = holder["matcher"]
        article = (PARAGRAPH.replace("<p>", "").replace("</p>", "") * 40)[:10_000]
        found = matcher.find(article)
        per_article = _median(_time(lambda: matcher.find(article), 50))
        text_1mb = "".join(PARAGRAPH[3:-5].replace("Tuesday", f"day {n}") for n in range(3500))[:1_000_000]
        per_mb = _median(_time(lambda: matcher.find(text_1mb), 5))
        n = f"{len(data.stations):,}"
        rows.append((f"load synthetic dataset ({n} stations)", f"{load[0]:.2f} s", f"{load[1]:.2f} s", ""))
        rows.append((f"build name automaton ({n} stations, {matcher.size:,} names)", f"{build[0]:.2f} s",
                     f"{build[1]:.2f} s", ""))
        rows.append((f"match a 10 kB article ({n} stations, {len(found)} hits)", f"{per_article[0] * 1000:.2f} ms",
                     f"{per_article[1] * 1000:.2f} ms", "<= 50 ms"))
        rows.append((f"match a 1 MB text ({n} stations)", f"{per_mb[0] * 1000:.1f} ms", f"{per_mb[1] * 1000:.1f} ms",
                     ""))
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'wall':>10}  {'CPU':>10}  target")
    for name, wall, cpu, target in rows:
        print(f"{name:<{width}}  {wall:>10}  {cpu:>10}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
