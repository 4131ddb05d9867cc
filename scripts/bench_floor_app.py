"""The floor of the browser benchmark: a Streamlit page holding nothing but one streamlit-folium map with one
marker. No data, no sidebar, no panel, no basemap; Leaflet is the app's vendored copy.

Every page built the way the app is (Streamlit's frontend, then a streamlit-folium frame, then Leaflet) pays
at least this before its first marker shows, so ``scripts/bench_browser.py`` prints it beside the bare
Leaflet page: what the app itself adds is the new reader's time minus this one. Started by the benchmark
(``streamlit run scripts/bench_floor_app.py``), which passes the address of its bare site's vendored files in
``BENCH_FLOOR_VENDOR``.
"""

import os

import folium
import streamlit as st
from streamlit_folium import st_folium

VENDOR = os.environ["BENCH_FLOOR_VENDOR"]  # e.g. http://127.0.0.1:PORT/vendor (the bench's bare site)


class VendoredMap(folium.Map):
    """A folium map loading only the vendored Leaflet (folium's default scripts come from CDNs)."""

    default_js = [("leaflet", f"{VENDOR}/leaflet-1.9.4/leaflet.js")]
    default_css = [("leaflet_css", f"{VENDOR}/leaflet-1.9.4/leaflet.css")]


st.set_page_config(page_title="benchmark floor", layout="wide")
floor_map = VendoredMap(location=[20, 0], zoom_start=2, tiles=None)
folium.Marker([0, 0], icon=folium.DivIcon(class_name="sm-marker", html="<div>1</div>", icon_size=(24, 24))
              ).add_to(floor_map)
st_folium(floor_map, height=640, use_container_width=True, returned_objects=[])
