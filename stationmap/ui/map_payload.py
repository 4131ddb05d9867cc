"""The map's station payload, built once per data version, tile setting and language and shared by every
session; published to the station feed (``stationmap.station_feed``) for the browser to fetch.

Kept apart from ``mapframe`` so the server's start-up thread can build it without importing
streamlit-folium (a component declared from that thread is never served).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from stationmap.assets import asset_urls
from stationmap.folium_map import StationPayload, map_config, map_points, station_payload, tiles_or_default
from stationmap.settings import Settings
from stationmap.station_feed import FEED


@st.cache_resource(max_entries=2)
def map_payload(signature: tuple, tiles_value: str, attribution: str, language: str, _frame: pd.DataFrame):
    """Every placed station of one data version as ready JSON (shared by every session), their order, and
    the key the station feed serves them under."""
    tiles, _ = tiles_or_default(tiles_value, attribution)
    points = map_points(_frame)
    order = pd.Index([point.station_id for point in points])
    payload = station_payload(points, map_config(tiles, asset_urls(), language))
    return payload, order, FEED.publish(payload.data_json)


def data_url(payload: StationPayload, key: str) -> str | None:
    """Where the browser fetches the stations (None: embed them, when no server route serves the feed)."""
    if FEED.url_for(key) is not None and FEED.compressed(key) is None:
        FEED.publish(payload.data_json)  # dropped from the feed by a newer version, still cached here
    return FEED.url_for(key)


def warm_map(full: pd.DataFrame, settings: Settings, signature: tuple, language: str) -> None:
    """Build the station payload the map will ask for (the same cache entry as ``station_map``'s)."""
    map_payload((signature, None), settings.tiles, settings.tiles_attribution, language, full)
