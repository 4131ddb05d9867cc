"""Loading the dataset once per change on disk, shared by every session and page."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pandas as pd
import streamlit as st

from stationmap.records.app_data import CHILD_BUILD_BYTES, build, build_in_child
from stationmap.records.data_signature import UNSEEN, data_signature
from stationmap.records.dataset_cache import load_or_build
from stationmap.records.loading import LoadResult
from stationmap.rules.queries import station_frame
from stationmap.settings import Settings, load_settings

__all__ = ["UNSEEN", "Loaded", "data_signature", "frame_as_of", "load", "settings"]

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
