"""Stations page: the filtered stations as a sortable table, with downloads of exactly what is shown."""

import streamlit as st

from stationmap.export import to_csv, to_geojson
from stationmap.queries import apply_filters
from stationmap.ui.data import load, settings
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.tables import station_table
from stationmap.ui.view import sidebar_filters

loaded = load(settings())
dataset = loaded.result.dataset

st.title("Stations")
data_problems_notice(loaded.result)
view = sidebar_filters(dataset, loaded.frame)
shown = apply_filters(loaded.frame, view.filters)

st.caption(f"{len(shown)} of {len(loaded.frame)} stations match the filters. Click a column header to sort; "
           "the search box in the sidebar searches labels, places, bureaus and notes.")
station_table(shown)

left, right = st.columns(2)
left.download_button("Download CSV (one row per claim)", to_csv(dataset, shown), "stations.csv", "text/csv",
                     width="stretch")
right.download_button("Download GeoJSON", to_geojson(dataset, shown), "stations.geojson",
                      "application/geo+json", width="stretch")
