"""Benchmark the editor's desk: ``python -m scripts.bench_desk [--stations 100000] [--runs 5] [--baseline main]``.

First what an editor waits for: the real command, ``python -m stationmap ingest PAGE`` on a 1 MB saved page
and the real data, in a new process each time, as wall time (start to exit) and CPU time (user + system of
the process). Cold is the first run with an empty cache folder (the language model is unpacked, the name
matcher built), warm the second run with the same cache folder. Each figure is the median of ``--runs``
runs. The same runs are made, interleaved, with the code of ``--baseline`` (a git revision, extracted with
``git archive`` into a temporary folder; ``--baseline ''`` skips it), so the two columns share the machine's
load; the load average is printed before and after, since other work on the machine slows the wall time.
``--cli-stations N`` adds one cold and one warm run of each on N synthetic stations.

Then, in this process: ingest of the same page (cold = first call, warm = median of three), the time to
build the name automaton for N synthetic stations (scripts/synthetic_data.py), and the matching time per
article (a 10 kB article, and a 1 MB text) at N stations, as wall and CPU time. Targets: ingest <= 2 s,
matching <= 50 ms per article at 100,000 stations. Everything is written to temporary folders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.synthetic_data import write_dataset
from stationmap.desk.ingest import build_item
from stationmap.desk.matching import StationMatcher, station_names
from stationmap.records.loading import load_dataset
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


def _cli_run(tree: Path, page: Path, copy: Path, cache: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``python -m stationmap ingest`` in ``tree`` on the data in ``copy`` (its desk
    folder emptied first, so the item is written every time; the CSV files are left as they are, so a
    second run sees the same data version)."""
    shutil.rmtree(copy / "desk", ignore_errors=True)
    env = {**os.environ, "STATIONMAP_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "stationmap", "ingest", str(page), "--data", str(copy)], cwd=tree,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed in {tree}: {done.stderr.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _extract_revision(revision: str, target: Path) -> str:
    """The tree of ``revision`` (git archive) in ``target``; returns its short commit id."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return subprocess.run(["git", "rev-parse", "--short", revision], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def cli_rows(trees: dict[str, Path], page: Path, data: Path, work: Path, runs: int,
             what: str) -> list[tuple[str, str, str, str]]:
    """Cold and warm runs of the real command per tree, interleaved, as table rows (medians)."""
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for number, tree in enumerate(trees.values()):  # untimed: compiles bytecode, warms the disk cache
        shutil.copytree(data, work / f"data-warmup-{number}")
        _cli_run(tree, page, work / f"data-warmup-{number}", work / f"cache-warmup-{number}")
    for run in range(runs):
        for number, (name, tree) in enumerate(trees.items()):
            copy, cache = work / f"data-{number}-{run}", work / f"cache-{number}-{run}"
            shutil.copytree(data, copy)
            times.setdefault((name, "cold"), []).append(_cli_run(tree, page, copy, cache))
            times.setdefault((name, "warm"), []).append(_cli_run(tree, page, copy, cache))
    rows = []
    for (name, state), pairs in times.items():
        wall, cpu = _median(pairs)
        rows.append((f"`stationmap ingest` {what}, {state}: {name}", f"{wall:.2f} s", f"{cpu:.2f} s", "<= 2 s"))
    return sorted(rows, key=lambda r: (" warm" in r[0], r[0]))


def _print(rows: list[tuple[str, str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'wall':>10}  {'CPU':>10}  target")
    for name, wall, cpu, target in rows:
        print(f"{name:<{width}}  {wall:>10}  {cpu:>10}  {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="runs of the real command per tree (median)")
    parser.add_argument("--baseline", default="main", help="git revision to compare with ('' for none)")
    parser.add_argument("--cli-stations", type=int, default=0,
                        help="also run the real command once cold and once warm on N synthetic stations")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-desk-cli-") as tmp:
        work = Path(tmp)
        page = work / "page.html"
        page.write_text(_page(1_000_000), encoding="utf-8")
        trees = {"this tree": REPO}
        if args.baseline:
            commit = _extract_revision(args.baseline, work / "baseline")
            trees = {f"{args.baseline} ({commit})": work / "baseline", "this tree": REPO}
        print(f"load average (1, 5, 15 min) before: {_load()}  ({os.cpu_count()} CPUs)")
        rows = cli_rows(trees, page, REPO / "data", work, args.runs, f"1 MB page (median of {args.runs})")
        print(f"load average (1, 5, 15 min) after:  {_load()}")
        if args.cli_stations:
            synthetic = work / "synthetic"
            write_dataset(synthetic, args.cli_stations)
            rows += cli_rows(trees, page, synthetic, work / "synthetic-runs", 1,
                             f"1 MB page, {args.cli_stations:,} stations (1 run)")
            print(f"load average (1, 5, 15 min) after the synthetic runs: {_load()}")
        _print(rows)
        print()
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
    _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
