"""The map's station payload: the stations built once per data version and shared by every session and
language, published to the station feed (``stationmap.render.station_feed``) for the browser to fetch; the
settings and words per language beside them.

Kept apart from ``mapframe`` so the server's start-up thread can build it without importing
streamlit-folium (a component declared from that thread is never served).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.records.dataset_cache import load_or_build
from stationmap.render.assets import asset_urls
from stationmap.render.escaping import json_for_script
from stationmap.render.evidence_html import station_panel_html
from stationmap.render.folium_map import StationPayload, map_config, map_points, station_payload, tiles_or_default
from stationmap.render.map_order import in_space_order
from stationmap.render.station_feed import FEED, PANEL_PREFIX, PANEL_SHARD, PANELS, PanelSet, gzipped, panel_key
from stationmap.settings import Settings


@st.cache_resource(max_entries=2, show_spinner=False)  # the page says "Building the map…" (mapframe)
def _stations(signature: tuple, _frame: pd.DataFrame,
              _store: tuple[Path, Path] | None = None) -> tuple[StationPayload, pd.Index, str]:
    """Every placed station of one data version (and as-of date) as ready JSON, shared by every session and
    every language; their order (along a space-filling curve, so a map view's stations share few panel
    shards); the key the station feed serves them under.

    ``_store`` (cache folder, data folder): keep the result on disk per data version and code version, so a
    restarted server reads it back (about 0.1 s at 100,000 stations) instead of building it (about 2 s)."""

    def build() -> tuple[StationPayload, list[str], bytes]:
        points = in_space_order(map_points(_frame))
        payload = station_payload(points, {})
        return payload, [point.station_id for point in points], gzipped(payload.data_json)

    if _store is None:
        payload, ids, body = build()
    else:
        cache_dir, data_dir = _store
        payload, ids, body = load_or_build(cache_dir, data_dir, (signature, code_version()), build,
                                           kind="stations")
    return payload, pd.Index(ids), FEED.publish(payload.data_json, body)


@functools.cache
def code_version() -> str:
    """A hash of the package's source: a payload kept on disk is only used by the code that built it."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=12)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=12)
def _config_json(tiles_value: str, attribution: str, language: str) -> str:
    """The map's words, names and settings in one language (small; a few of them kept)."""
    tiles, _ = tiles_or_default(tiles_value, attribution)
    return json_for_script(map_config(tiles, asset_urls(), language))


def map_payload(signature: tuple, tiles_value: str, attribution: str, language: str, frame: pd.DataFrame,
                store: tuple[Path, Path] | None = None) -> tuple[StationPayload, pd.Index, str]:
    """The stations of ``frame`` (cached per ``signature``, and on disk with ``store``: see ``_stations``)
    with the map's settings in ``language``."""
    stations, order, key = _stations(signature, frame, store)
    return stations._replace(config_json=_config_json(tiles_value, attribution, language)), order, key


def data_url(payload: StationPayload, key: str) -> str | None:
    """Where the browser fetches the stations (None: embed them, when no server route serves the feed)."""
    if FEED.url_for(key) is not None and FEED.compressed(key) is None:
        FEED.publish(payload.data_json)  # dropped from the feed by a newer version, still cached here
    return FEED.url_for(key)


def panel_feed(signature: tuple, language: str, dataset: Dataset, order: pd.Index) -> dict | None:
    """Where the map fetches its stations' panels (built by ``station_panel_html``, the one escaping path),
    in shards of ``PANEL_SHARD`` stations in ``order``; None when no server route serves the feed.

    ``signature`` is the station payload's (data version, as-of date): the panels show what was known then.
    """
    if not FEED.mounted:
        return None
    as_of = signature[1]

    def build(first: int, last: int) -> list[str]:
        return [str(station_panel_html(dataset, sid, as_of, language, with_css=False)) for sid in order[first:last]]

    key = PANELS.publish(panel_key(signature, language), lambda: PanelSet(len(order), build))
    return {"url": f"{PANEL_PREFIX}/{key}/", "shard": PANEL_SHARD}


def warm_map(full: pd.DataFrame, settings: Settings, signature: tuple, language: str) -> None:
    """Build the station payload the Map page asks for first: today's view, keyed (data signature, None); the
    station feed names it as the first view's."""
    _, _, key = map_payload((signature, None), settings.tiles, settings.tiles_attribution, language, full,
                            store(settings))
    FEED.first_view = key


def store(settings: Settings) -> tuple[Path, Path]:
    """Where the map's station payload is kept between restarts (see ``_stations``)."""
    return settings.cache_dir, settings.data_dir
