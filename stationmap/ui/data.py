"""Loading the dataset once per change on disk, shared by every session and page.

The load (and the map's station payload, the first page's heaviest part) runs in a background thread once
per data version; a page that arrives while it runs shows its stages and a progress bar (a first-ever build
of 100,000 stations takes a minute), never a bare spinner.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from geocoding.terminal import printable
from stationmap.records.app_data import CHILD_BUILD_BYTES, build, build_in_child
from stationmap.records.build_progress import Job, Jobs, Progress, Report, ignore
from stationmap.records.data_signature import UNSEEN, data_signature
from stationmap.records.dataset_cache import load_or_build
from stationmap.records.loading import LoadResult
from stationmap.rules.queries import station_frame
from stationmap.settings import Settings, load_settings
from stationmap.ui.language import tr
from stationmap.ui.long_lived import freeze_loaded_data

__all__ = ["UNSEEN", "Loaded", "data_signature", "frame_as_of", "load", "settings"]

THREAD_NAME = "stationmap-preload"  # the threads that fill the process-wide caches without a page
_JOBS = Jobs()


@st.cache_resource(show_spinner=False, max_entries=1)  # one version in memory; progress: see load()
def _load(data_dir: str, signature: tuple, cache_dir: str, _report: Report = ignore,
          _failed=lambda why: None) -> tuple[LoadResult, pd.DataFrame]:
    folder = Path(data_dir)
    large = sum(entry[1] for entry in signature) > CHILD_BUILD_BYTES
    _report(Progress("open"))

    def elsewhere(path: Path) -> bool:
        built = build_in_child(folder, path, _report, _failed)
        if built:
            _report(Progress("open"))  # the server reads what the child wrote
        return built

    return load_or_build(Path(cache_dir), folder, signature, lambda: build(folder, _report),
                         elsewhere if large else None)


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


def load(config: Settings, *, quietly: bool = False) -> Loaded:
    """The dataset as it is on disk now; reloaded only when a data file changes. While it is being built
    the page shows how far it has come (``quietly``: the server's start-up thread, with no page)."""
    signature = data_signature(config.data_dir)
    args = (str(config.data_dir), signature, str(config.cache_dir))
    from stationmap.ui.preload import quiet_context_warning  # (preload imports this module)

    quiet_context_warning()  # the build thread fills the caches without a page, on purpose
    job = _JOBS.start(args, lambda job: _build(args, config, job), THREAD_NAME)
    if not job.wait(None if quietly else 0):
        _show_progress(job)
    job.result()  # the build's error, if it failed
    result, frame = _load(*args)  # built: read from the cache
    return Loaded(result, frame, signature)


def _build(args: tuple, config: Settings, job: Job) -> None:
    """Load the data, then the map's stations for today (what the Map page asks for first); then keep them out of
    the garbage collector's full passes."""
    from stationmap.render.i18n import DEFAULT
    from stationmap.ui.map_payload import warm_map  # never streamlit-folium here: see map_payload

    def failed(why: str) -> None:
        job.note = why

    _, frame = _load(*args, _report=job.report, _failed=failed)
    job.report(Progress("map"))
    warm_map(frame, config, args[1], DEFAULT)
    freeze_loaded_data()  # out of the collector's passes after every script run (see long_lived)


def _show_progress(job: Job, poll_s: float = 0.25) -> None:
    """Stages in words and a bar, polled until the build ends (then removed)."""
    box = st.empty()
    while True:
        with box.container():
            _draw(job)
        if job.wait(poll_s):
            break
    box.empty()


def _draw(job: Job) -> None:
    """One frame of the build's progress: a note when the separate process failed, the stage and the bar."""
    words = tr()
    if job.note is not None:
        # The reason is the child's last error line, which may quote the data: plain text, never Markdown.
        st.warning(words("The data could not be built in a separate process; building it in the server "
                         "instead. The reason:"), icon=":material/warning:")
        st.text(printable(job.note))
    st.progress(job.fraction, text=progress_text(words, job.progress))


def progress_text(words, progress: Progress) -> str:
    """The stage in words, with rows done of rows in all when counted."""
    if progress.stage == "open":
        return words("Opening the saved data…")
    if progress.stage == "table":
        return words("Building the station table…")
    if progress.stage == "map":
        return words("Building the map…")
    if progress.stage == "check":
        if progress.total and progress.file == "evidence.csv":
            return words("Checking evidence ({done} of {total} claims)…").format(
                done=f"{progress.done:,}", total=f"{progress.total:,}")
        if progress.total:
            return words("Checking {file} ({done} of {total} rows)…").format(
                file=progress.file, done=f"{progress.done:,}", total=f"{progress.total:,}")
        return words("Checking evidence…")
    if progress.total:
        return words("Reading {file} ({done} of {total} rows)…").format(
            file=progress.file, done=f"{progress.done:,}", total=f"{progress.total:,}")
    return words("Reading {file}…").format(file=progress.file)
