"""Loading the dataset once per change on disk, shared by every session and page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from stationmap.app_data import CHILD_BUILD_BYTES, build, build_in_child
from stationmap.dataset_cache import load_or_build
from stationmap.loading import LoadResult
from stationmap.queries import station_frame
from stationmap.settings import Settings, load_settings

#: A signature entry for a file or folder that vanished or could not be looked at while the signature was
#: taken: no real file has these numbers, so the signature differs from the one before (with the entry) and
#: the one after (without it), and the data is read again.
UNSEEN = (0, -1, -1, -1)


def data_signature(data_dir: Path) -> tuple[tuple[str, int, int, int, int], ...]:
    """Names, sizes, modification and change times and inodes of the data files: the key that notices an edit.

    The inode change time moves on every write even when an editor restores the modification time. Never
    raises: a sub-folder that appears and vanishes while it is walked (a sync tool, a checkout), or one the
    app may not open, is an ``UNSEEN`` entry, so a vanished entry counts as a change.
    """
    signature: list[tuple[str, int, int, int, int]] = []
    # (path, name under data_dir): a stack rather than recursion, so any depth of folders is fine
    folders: list[tuple[str, str]] = [(str(data_dir), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if not prefix and isinstance(exc, FileNotFoundError | NotADirectoryError):
                return ()  # no data folder at all (the loader names that)
            signature.append((prefix.rstrip("/") or ".", *UNSEEN))
            continue
        for entry in entries:
            name = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):  # linked folders are not followed (as rglob did not)
                    folders.append((entry.path, name + "/"))
                    continue
                if os.path.splitext(entry.name)[1] not in {".csv", ".txt"}:
                    continue
                info = entry.stat()  # follows a link to a file, as the loader does
            except OSError:
                signature.append((name, *UNSEEN))
                continue
            signature.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(sorted(signature))


@st.cache_resource(show_spinner="Loading stations…", max_entries=1)  # one version in memory
def _load(data_dir: str, signature: tuple, cache_dir: str) -> tuple[LoadResult, pd.DataFrame]:
    folder = Path(data_dir)
    large = sum(entry[1] for entry in signature) > CHILD_BUILD_BYTES
    return load_or_build(Path(cache_dir), folder, signature, lambda: build(folder),
                         (lambda path: build_in_child(folder, path)) if large else None)


def settings() -> Settings:
    """Read on every run (cheap), so a changed environment is never hidden behind a cache."""
    return load_settings()


class Loaded(NamedTuple):
    result: LoadResult
    frame: pd.DataFrame  # every station with a status; shared, treat as read-only
    signature: tuple  # identifies this version of the data (a cache key for derived work)


@st.cache_resource(max_entries=3)  # a whole station frame each (tens of MB at 100,000 stations)
def _frame_as_of(signature: tuple, as_of, _dataset) -> pd.DataFrame:
    return station_frame(_dataset, as_of)


def frame_as_of(loaded: Loaded, as_of) -> pd.DataFrame:
    """Every station known by ``as_of`` with its status then (the whole frame for today)."""
    return loaded.frame if as_of is None else _frame_as_of(loaded.signature, as_of, loaded.result.dataset)


def load(config: Settings) -> Loaded:
    """The dataset as it is on disk now; reloaded only when a data file changes."""
    signature = data_signature(config.data_dir)
    result, frame = _load(str(config.data_dir), signature, str(config.cache_dir))
    return Loaded(result, frame, signature)
