"""Sources page: every source with its metadata; open one (linkable: ``?source=<id>``) to see what it backs."""

import streamlit as st

from stationmap.render.evidence_html import highlighted_source_html, quoted_stations_html
from stationmap.rules.vocabulary import publisher_label
from stationmap.ui.data import load, settings
from stationmap.ui.data_tables import source_table
from stationmap.ui.html import show_html
from stationmap.ui.language import interface_language, tr
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.view_state import keep_view, select_source

W_SOURCE = "w_source"

loaded = load(settings())
dataset = loaded.result.dataset
view = keep_view(dataset, loaded.frame)

words, language = tr(), interface_language()
st.title(words("Sources"))
data_problems_notice(loaded.result)
st.caption(words("Every source behind the map. Select a row (or pick a source below) to see which stations it "
                 "backs; the page address then links to that source. Stored sources can be read in full, with each "
                 "passage used as evidence highlighted; for the others we show a summary in our own words and link "
                 "to the original."))
picked_row = source_table(dataset)
if picked_row is not None and picked_row != view.source_id:
    select_source(picked_row)
    st.rerun()

ids = sorted(dataset.sources, key=lambda sid: dataset.sources[sid].title.casefold())
st.session_state[W_SOURCE] = view.source_id
picked = st.selectbox(words("Source"), ids, key=W_SOURCE, index=None, placeholder=words("Choose a source…"),
                      format_func=lambda sid: f"{dataset.sources[sid].title} — "
                                              f"{publisher_label(dataset.sources[sid].publisher, language)}",
                      on_change=lambda: select_source(st.session_state[W_SOURCE]))
if picked is not None:
    source = dataset.sources[picked]
    show_html(quoted_stations_html(dataset, source, language))
    if source.text is not None:
        st.header(words("The stored text, with the passages used as evidence highlighted"))  # h2 after the h1
        show_html(highlighted_source_html(dataset, source, language))
