"""What the app loads for one data version (the dataset and its station table), and building it in a
separate process so a large build's temporary memory never stays with the server.

Python keeps freed memory in its own arenas: after building 100,000 stations in the server process, the
process stayed about 150 MB larger than after reading the same result back from the dataset cache. So for
large data the server runs ``python -m stationmap.records.app_data DATA_DIR CACHE_FILE`` (this module), which builds
and writes the cache file; the server then only reads the file. Small data is built in the process (a
second Python's start-up would cost more than it saves).
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd

from stationmap.outputs.cli_io import write_atomically
from stationmap.records.loading import LoadResult, load_dataset
from stationmap.rules.queries import station_frame

log = logging.getLogger(__name__)
#: Data files larger than this in total are built in a child process.
CHILD_BUILD_BYTES = 5_000_000
CHILD_TIMEOUT_S = 1800


def build(data_dir: Path) -> tuple[LoadResult, pd.DataFrame]:
    """The dataset (with every problem named) and the station table every page starts from."""
    result = load_dataset(data_dir, display_root=data_dir.parent)
    return result, station_frame(result.dataset)


def build_in_child(data_dir: Path, cache_file: Path) -> bool:
    """Build in a separate Python that writes ``cache_file``; True when it did. Never raises: on any
    failure the caller builds in its own process, as for small data."""
    try:
        done = subprocess.run([sys.executable, "-m", "stationmap.records.app_data", str(data_dir), str(cache_file)],
                              capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("building the dataset in a child process failed (%s); building here", exc)
        return False
    if done.returncode != 0:
        log.warning("building the dataset in a child process failed (exit %s): %s", done.returncode,
                    done.stderr.strip()[-500:])
        return False
    return cache_file.is_file()


def main(argv: list[str]) -> int:
    data_dir, cache_file = Path(argv[0]), Path(argv[1])
    write_atomically(cache_file, pickle.dumps(build(data_dir), protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
