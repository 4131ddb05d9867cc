"""Stations page: the filtered stations as a sortable table, with downloads of exactly what is shown."""

import streamlit as st

from stationmap.citation import LICENCE_TEXT, download_name
from stationmap.export import to_csv, to_geojson
from stationmap.queries import apply_filters
from stationmap.shared_view import view_params
from stationmap.ui.data import frame_as_of, load, settings
from stationmap.ui.data_tables import station_table
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.sidebar import select_station, sidebar_filters

loaded = load(settings())
dataset = loaded.result.dataset

st.title("Stations")
data_problems_notice(loaded.result)
view = sidebar_filters(dataset, loaded.frame)
shown = apply_filters(frame_as_of(loaded, view.as_of), view.filters)

as_of_text = f" as of {view.as_of.isoformat()}" if view.as_of else ""
st.caption(f"{len(shown)} of {len(loaded.frame)} stations match the filters{as_of_text}. Click a column header to "
           "sort; select a row to open that station on the map.")
picked = station_table(shown)
if picked is not None:
    select_station(picked)
    st.switch_page("pages/map.py")

params = {name: value for name, value in view_params(view).items() if name not in ("station", "source")}
version = dataset.data_as_of
left, right = st.columns(2)
# Built only when someone clicks (deferred): no export work on ordinary reruns.
left.download_button("Download CSV (one row per claim)", lambda: to_csv(dataset, shown, as_of=view.as_of),
                     download_name("stations", version, params, "csv"), "text/csv", width="stretch",
                     on_click="ignore")
right.download_button("Download GeoJSON", lambda: to_geojson(dataset, shown, as_of=view.as_of, view=params),
                      download_name("stations", version, params, "geojson"), "application/geo+json",
                      width="stretch", on_click="ignore")
st.caption(f"Data as of {version.isoformat() if version else 'unknown'}; the file name says the version and the "
           f"filters. {LICENCE_TEXT} The CSV is UTF-8 with a byte-order mark, so Excel reads accents correctly.")
