"""Sources page: every source with its metadata; read a stored source with its excerpts highlighted."""

import streamlit as st

from stationmap.panel import highlighted_source_html, quoted_stations_html
from stationmap.ui.data import load, settings
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.tables import source_table

loaded = load(settings())
dataset = loaded.result.dataset

st.title("Sources")
data_problems_notice(loaded.result)
st.caption("Every source behind the map. Stored sources can be read in full below, with each passage used as "
           "evidence highlighted; for the others we show a summary in our own words and link to the original.")
source_table(dataset)

stored = [s for s in dataset.sources.values() if s.text is not None]
if stored:
    st.subheader("Read a stored source")
    picked = st.selectbox("Source", [s.source_id for s in stored],
                          format_func=lambda sid: dataset.sources[sid].title, key="source_reader")
    source = dataset.sources[picked]
    st.html(quoted_stations_html(dataset, source))
    st.html(highlighted_source_html(dataset, source))
