"""The folium map inside Streamlit: a constant base map plus a station layer that follows the filters.

The base map (tiles, self-hosted assets) never changes between reruns, so streamlit-folium keeps the
same component and the user's pan and zoom survive filter changes and clicks; only the station layer is
swapped (``feature_group_to_add``). The component returns only ``last_active_drawing``, so panning and
zooming do not rerun the app; a marker click returns its station id.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from stationmap.assets import ensure_assets
from stationmap.mapview import (
    MapPoint,
    build_base_map,
    build_station_layer,
    parse_tiles,
    selection_from_map_state,
)
from stationmap.models import Precision, Status
from stationmap.queries import placed
from stationmap.settings import PROJECT_ROOT, Settings

MAP_KEY = "station_map"


@st.cache_resource
def _assets():
    return ensure_assets(PROJECT_ROOT / "static")


def map_points(frame: pd.DataFrame) -> list[MapPoint]:
    rows = placed(frame)
    return [MapPoint(sid, label, city, country, lat, lon, Status(status), bool(contested), Precision(precision),
                     float(radius))
            for sid, label, city, country, lat, lon, status, contested, precision, radius in zip(
                rows["station_id"], rows["label"], rows["city"], rows["country"], rows["lat"], rows["lon"],
                rows["status"], rows["contested"], rows["precision"], rows["radius_km"], strict=True)]


@st.cache_resource(max_entries=64)
def _layer(signature: tuple, station_ids: tuple[str, ...], _frame: pd.DataFrame):
    """The station layer for one filtered set (cached: returning to an earlier filter costs nothing)."""
    return build_station_layer(map_points(_frame), _assets())


def station_map(frame: pd.DataFrame, settings: Settings, signature: tuple, height: int = 560) -> str | None:
    """Draw the map of ``frame``'s placed stations; return the station id a click selected, if new."""
    try:
        tiles = parse_tiles(settings.tiles, settings.tiles_attribution or None)
    except ValueError as exc:
        st.error(f"Basemap setting ignored, showing no tiles: {exc}")
        tiles = parse_tiles("none")
    base = build_base_map(tiles, _assets())
    layer = _layer(signature, tuple(frame["station_id"]), frame)
    state = st_folium(base, key=MAP_KEY, feature_group_to_add=layer, returned_objects=["last_active_drawing"],
                      height=height, use_container_width=True)
    clicked = selection_from_map_state(state, set(frame["station_id"]))
    if clicked is not None and clicked != st.session_state.get("last_map_click"):
        st.session_state["last_map_click"] = clicked
        return clicked
    return None
