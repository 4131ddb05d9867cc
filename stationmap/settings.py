"""Settings from environment variables, read in one place and passed in everywhere else."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: The repository root (the folder holding app.py); default paths are relative to it.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "STATIONMAP_DATA_DIR": "data",
    "STATIONMAP_TILES": "embedded",
    "STATIONMAP_TILES_ATTRIBUTION": "",
    "STATIONMAP_CACHE_DIR": "~/.cache/stationmap",  # outside the app folder: it may be read-only
}


@dataclass(frozen=True)
class Settings:
    data_dir: Path  # the dataset to serve
    tiles: str  # "embedded" (default), "osm", "none", or an http(s) URL template with {z}/{x}/{y}
    tiles_attribution: str  # attribution for a custom tile URL
    cache_dir: Path  # geocoder cache, gazetteer index, parsed-dataset cache, the desk's unpacked language model


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = {**DEFAULTS, **{k: v for k, v in (os.environ if environ is None else environ).items() if v}}
    return Settings(
        data_dir=_path(env["STATIONMAP_DATA_DIR"]),
        tiles=env["STATIONMAP_TILES"].strip(),
        tiles_attribution=env["STATIONMAP_TILES_ATTRIBUTION"].strip(),
        cache_dir=_path(env["STATIONMAP_CACHE_DIR"]),
    )
