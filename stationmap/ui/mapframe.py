"""The folium map inside Streamlit: a base map per data version plus a tiny view layer per rerun.

The base map (basemap, every placed station, our map script) changes only with the data or the tile
setting, so streamlit-folium keeps the same component and the user's pan and zoom survive filter changes
and clicks; each rerun sends only the view (``feature_group_to_add``: a bitset of visible stations and the
selected id). The component returns only ``last_active_drawing``, so panning and zooming do not rerun the
app; a marker click returns its station id and a click number.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from markupsafe import Markup
from streamlit_folium import st_folium

from stationmap.records.dataset import Dataset
from stationmap.render.assets import asset_urls
from stationmap.render.folium_map import (
    build_base_map,
    build_view_layer,
    clicked_station,
    tiles_or_default,
    visibility_mask,
)
from stationmap.render.script_bundle import SCRIPTS
from stationmap.settings import Settings
from stationmap.ui.html import show_html
from stationmap.ui.language import tr
from stationmap.ui.map_payload import data_url, map_payload, panel_feed, store

MAP_KEY = "station_map"
LAST_CLICK = "last_map_click"

#: The map fills about 70% of the window's height on a desktop (the iframe is sized by CSS, see below); the
#: page's title is kept small and the space above it short, so the map starts on the first screen.
MAP_CSS = Markup("""<style>
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }  /* just below Streamlit's top bar */
[data-testid="stMainBlockContainer"] h1 { font-size: 1.6rem; padding: 0 0 .25rem 0; }
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] h1 { font-size: 1.3rem; } }
iframe[title="streamlit_folium.st_folium"] { height: max(420px, 70vh) !important; }
@media (max-width: 640px) { iframe[title="streamlit_folium.st_folium"] { height: 75vh !important; } }
</style>""")
MAP_HEIGHT = 640  # fallback height before the CSS applies


def station_map(dataset: Dataset, full: pd.DataFrame, shown: pd.DataFrame, selected: str | None,
                settings: Settings, signature: tuple, language: str = "en") -> str | None:
    """Draw the map; return the station id a click selected, if it is a new click.

    ``full``: every station known at the as-of date; ``shown``: the rows of it the filters let through.
    ``signature`` is (data version, as-of date). The map shows a picked station's panel itself at once; the
    rerun this click causes then brings the address and the page up to date."""
    tiles, problem = tiles_or_default(settings.tiles, settings.tiles_attribution or None)
    if problem:
        words = tr()
        st.error(words("Basemap setting ignored, showing the embedded basemap: {problem}").format(problem=problem))
    with st.spinner(tr()("Building the map…")):  # a new as-of date at 100,000 stations: a second or two
        payload, order, key = map_payload(signature, settings.tiles, settings.tiles_attribution, language, full,
                                          store(settings))
    assets = asset_urls()
    base = build_base_map(tiles, assets, payload, data_url(payload, key),
                          panel_feed(signature, language, dataset, order), SCRIPTS.url(assets.scripts))
    # ``shown`` is ``full`` less what the filters took away: of the same length, it is all of it, and every
    # station the map holds shows (the lookup cost 30-60 ms of every unfiltered run at 100,000 stations).
    mask = None if len(shown) == len(full) else visibility_mask(order, shown["station_id"])
    layer = build_view_layer(mask, selected if selected in order else None)
    show_html(MAP_CSS)
    state = st_folium(base, key=MAP_KEY, feature_group_to_add=layer, returned_objects=["last_active_drawing"],
                      height=MAP_HEIGHT, use_container_width=True)
    click = clicked_station(state, order)
    if click is not None and click != st.session_state.get(LAST_CLICK):
        st.session_state[LAST_CLICK] = click
        return click[0]
    return None
