"""What the app loads for one data version (the dataset and its station table), and building it in a
separate process so a large build's temporary memory never stays with the server.

Python keeps freed memory in its own arenas: after building 100,000 stations in the server process, the
process stayed about 150 MB larger than after reading the same result back from the dataset cache. So for
large data the server runs ``python -m stationmap.records.app_data DATA_DIR CACHE_FILE`` (this module), which builds
and writes the cache file; the server then only reads the file. Small data is built in the process (a
second Python's start-up would cost more than it saves). The child writes how far it has come to a small
file beside the cache file (``stationmap.records.build_progress``), which the server polls for the page's progress bar.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from stationmap.outputs.cli_io import write_atomically
from stationmap.records import build_progress
from stationmap.records.build_progress import Progress, Report, ignore
from stationmap.records.dataset import Dataset
from stationmap.records.loading import LoadResult, load_dataset
from stationmap.rules.queries import station_frame
from stationmap.rules.timeline import claims_table

log = logging.getLogger(__name__)
#: Data files larger than this in total are built in a child process.
CHILD_BUILD_BYTES = 5_000_000
CHILD_TIMEOUT_S = 1800


def build(data_dir: Path, report: Report = ignore) -> tuple[LoadResult, pd.DataFrame]:
    """The dataset (with every problem named) and the station table every page starts from."""
    result = load_dataset(data_dir, display_root=data_dir.parent, report=report)
    report(Progress("table"))
    frame = station_frame(result.dataset)
    _ahead_of_the_first_page(result.dataset)
    return result, frame


def _ahead_of_the_first_page(dataset: Dataset) -> None:
    """Work every first page view of a version asks for, done here so it is kept with the cached dataset and a
    restarted server reads it instead of doing it (at 100,000 stations the timeline's claims table and the
    first claim day are about 0.55 s). Only what depends on the data alone (never on today's date)."""
    _ = dataset.first_known
    claims_table(dataset)


def build_in_child(data_dir: Path, cache_file: Path, report: Report = ignore,
                   failed: Callable[[str], None] = lambda why: None, poll_s: float = 0.25) -> bool:
    """Build in a separate Python that writes ``cache_file``, passing on its progress to ``report``; True
    when it did. Never raises: on any failure it tells ``failed`` why (exit status and the last line of the
    child's stderr) and the caller builds in its own process, as for small data."""
    progress_file = cache_file.with_name(cache_file.name + ".progress")
    with tempfile.TemporaryFile() as errors:
        try:
            command = [sys.executable, "-m", "stationmap.records.app_data", str(data_dir), str(cache_file),
                       str(progress_file)]
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        except OSError as exc:
            log.warning("building the dataset in a child process failed (%s); building here", exc)
            failed(str(exc))
            return False
        try:
            _follow(child, progress_file, report, poll_s)
        finally:
            with contextlib.suppress(OSError):
                progress_file.unlink(missing_ok=True)
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    if child.returncode != 0 or not cache_file.is_file():
        why = f"exit status {child.returncode}" + (f": {tail[0][:300]}" if tail else "")
        log.warning("building the dataset in a child process failed (%s); building here", why)
        failed(why)
        return False
    return True


def _follow(child: subprocess.Popen, progress_file: Path, report: Report, poll_s: float) -> None:
    """Wait for ``child`` (killed after ``CHILD_TIMEOUT_S``), reporting each new progress it writes."""
    deadline, last = time.monotonic() + CHILD_TIMEOUT_S, None
    while True:
        try:
            child.wait(timeout=poll_s)
            return
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                return
        progress = build_progress.read(progress_file)
        if progress is not None and progress != last:
            report(last := progress)


def main(argv: list[str]) -> int:
    data_dir, cache_file = Path(argv[0]), Path(argv[1])
    report = (lambda progress: build_progress.write(Path(argv[2]), progress)) if len(argv) > 2 else ignore
    write_atomically(cache_file, pickle.dumps(build(data_dir, report), protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
