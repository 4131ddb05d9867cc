"""Server memory across data edits: the server's RSS after each of N edits of a synthetic dataset.

Run: ``.venv/bin/python -m scripts.bench_edits [--stations 10000] [--edits 20] [--baseline TREE]``.

It writes a synthetic dataset (``scripts.synthetic_data``) into a temporary folder, starts ``streamlit run
serve.py`` on it (the ``AppServer`` of ``scripts.app_server``, with its own empty cache folder), loads one
page, then edits the data N times. One edit rewrites ``stations.csv`` (atomically, so size, times and inode
change: a new data version) with another station's label changed, then loads the map page for that station
over Streamlit's websocket protocol (``scripts.bench_load.page_view``) and waits for its evidence panel to
show the *new* label: proof that the server read the edited data. The server's RSS is read after each view.

``--baseline TREE`` runs the same edits on another checkout (e.g. ``git archive main | tar -x -C /tmp/main``)
and prints both runs side by side. Targets: RSS levels off within 3 edits (growth from edit 3 to the last
small) and ends below 400 MB at 10,000 stations.

Each view is a new session, and Streamlit keeps a closed session for ``server.disconnectedSessionTTL``
(120 s): whatever a session holds stays that long, so on a slow machine (slower views) fewer sessions
overlap and a leak per session looks smaller. Numbers, not assertions: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from scripts.app_server import ROOT, AppServer
from scripts.bench_browser import fmt, table
from scripts.bench_load import STREAM_PATH, View, page_view
from scripts.synthetic_data import write_dataset

LEVEL_FROM = 3  # "levels off within 3 edits": growth is measured from this edit to the last


@dataclass
class Run:
    """One server's memory through the edits: RSS after the first view, then after each edit's view."""

    tree: Path
    rss_start: float | None = None
    rss: list[float | None] = field(default_factory=list)
    seconds: list[float | None] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def growth_after_level(self) -> float | None:
        """MB gained from edit ``LEVEL_FROM`` to the last edit (None when either is unknown)."""
        if len(self.rss) <= LEVEL_FROM or self.rss[LEVEL_FROM - 1] is None or self.rss[-1] is None:
            return None
        return self.rss[-1] - self.rss[LEVEL_FROM - 1]


def edit_label(data_dir: Path, index: int, edit: int) -> tuple[str, str]:
    """Rewrite ``stations.csv`` with station ``index``'s label changed; its id and the new label.

    Written to a temporary file and renamed over the old one, as an editor's save does: every part of the
    data signature changes.
    """
    path = data_dir / "stations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    row = rows[index % len(rows)]
    row["label"] = f"Station {index} edited {edit}"
    temporary = path.with_name(path.name + ".edit")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, path)
    return row["station_id"], row["label"]


def view(ws_url: str, station_id: str, label: str, timeout: float) -> tuple[float | None, str | None]:
    """Load the map page for one station; seconds until the page finished, and an error if any."""
    result = asyncio.run(page_view(ws_url, View(urlencode({"station": station_id}), label), timeout))
    return result.finished_s, result.error


def run_edits(tree: Path, stations: int, edits: int, timeout: float, work: Path) -> Run:
    """A fresh dataset and cache folder, a fresh server of ``tree``, one view, then ``edits`` edits."""
    run = Run(tree)
    data_dir, cache_dir = work / "data", work / "cache"
    write_dataset(data_dir, stations)
    server = AppServer(data_dir, work / "server.log", root=tree, timeout=timeout,
                       extra_env={"STATIONMAP_CACHE_DIR": str(cache_dir)})
    ws_url = server.url.replace("http://", "ws://", 1) + STREAM_PATH
    try:
        _, error = view(ws_url, "xx-station-0", "Station 0", timeout)
        run.rss_start = server.rss()
        if error:
            run.errors.append(f"first view: {error}")
        for edit in range(1, edits + 1):
            station_id, label = edit_label(data_dir, edit, edit)
            seconds, error = view(ws_url, station_id, label, timeout)
            run.rss.append(server.rss())
            run.seconds.append(seconds)
            if error:
                run.errors.append(f"edit {edit}: {error}")
            print(f"  {tree.name}: edit {edit}: {fmt(run.rss[-1], 0)} MB", flush=True)
    finally:
        if server.process.poll() is not None:
            run.errors.append(f"server exited {server.process.returncode}: {server.log_tail(400)}")
        server.stop()
    return run


def report(runs: list[Run]) -> str:
    """One row per edit, RSS (MB) and view seconds per run side by side; then a summary per run."""
    names = [run.tree.name or str(run.tree) for run in runs]
    header = ["edit"] + [f"{name} RSS MB" for name in names] + [f"{name} view s" for name in names]
    rows = [["start"] + [fmt(run.rss_start, 0) for run in runs] + ["" for _ in runs]]
    for i in range(max(len(run.rss) for run in runs)):
        rows.append([str(i + 1)] + [fmt(run.rss[i] if i < len(run.rss) else None, 0) for run in runs]
                    + [fmt(run.seconds[i] if i < len(run.seconds) else None) for run in runs])
    lines = [table(header, rows), ""]
    for name, run in zip(names, runs, strict=True):
        last = run.rss[-1] if run.rss else None
        lines.append(f"{name}: after the last edit {fmt(last, 0)} MB (target < 400); growth from edit "
                     f"{LEVEL_FROM} to the last {fmt(run.growth_after_level, 0)} MB")
        lines.extend(f"[{name}] {problem}" for problem in run.errors[:5])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=10_000, help="synthetic stations (default 10,000)")
    parser.add_argument("--edits", type=int, default=20, help="data edits, one page view each (default 20)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout (holding serve.py) to run the same edits on, side by side")
    parser.add_argument("--timeout", type=float, default=300, help="seconds allowed for server start and each view")
    args = parser.parse_args(argv)
    trees = ([args.baseline.resolve()] if args.baseline else []) + [ROOT]
    print(f"{args.stations:,} synthetic stations, {args.edits} edits, trees: {', '.join(map(str, trees))}",
          flush=True)
    runs = []
    for i, tree in enumerate(trees):
        with tempfile.TemporaryDirectory(prefix=f"bench-edits-{i}-") as work:
            runs.append(run_edits(tree, args.stations, args.edits, args.timeout, Path(work)))
    print("\n" + report(runs))
    return 1 if any(run.errors for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
