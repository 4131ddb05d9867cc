"""Benchmark the editor page's Rows section: ``python -m scripts.bench_editor_rows [--stations 100000]``.

Prints, for synthetic data (scripts/synthetic_data.py), each table's rows, the time to read it as the desk
reads it (once per file version: the page keeps it until the file is replaced), the memory the kept table
takes, and the time of a search over every cell (each search is kept too) and of showing the last row, each
as wall and CPU time. Everything is written to a temporary directory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from scripts.synthetic_data import write_dataset
from stationmap.editor.rows import find_rows, read_table


def _timed(fn) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=100_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp:
        data = Path(tmp) / "data"
        write_dataset(data, args.stations)
        print(f"{'table':<14}{'rows':>9}  {'read (wall/CPU)':>17}  {'kept':>7}  {'search (wall/CPU)':>18}  "
              f"{'last row':>9}")
        for name in ("stations.csv", "evidence.csv", "sources.csv", "batches.csv"):
            table, wall, cpu = _timed(lambda name=name: read_table(data, name))
            tracemalloc.start()
            kept = read_table(data, name)
            size = tracemalloc.get_traced_memory()[0]
            tracemalloc.stop()
            del kept
            _, search_wall, search_cpu = _timed(lambda table=table: find_rows(table, "no such text"))
            last = table.row_id(table.lines[-1]) if table.lines else ""
            _, row_wall, _ = _timed(lambda table=table, last=last: table.row(last))
            print(f"{name:<14}{len(table.lines):>9}  {wall:>7.2f} s/{cpu:>5.2f} s  {size / 2**20:>4.0f} MB  "
                  f"{search_wall:>8.3f} s/{search_cpu:>5.3f} s  {row_wall:>7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
