"""Entry point: ``streamlit run app.py``. The frame only: page setup, the view, language, navigation, footer."""

import datetime as dt

import streamlit as st

from stationmap.ui.citing import page_footer
from stationmap.ui.data import load, settings
from stationmap.ui.first_screen import hold_for_the_map
from stationmap.ui.language import interface_language, language_switch, tr
from stationmap.ui.notices import unreadable_data_notice
from stationmap.ui.page_meta import mark_page_language
from stationmap.ui.view_state import choices_for, current_view

st.set_page_config(page_title="Reported Chinese overseas police stations — reference map", layout="wide")
loaded = load(settings())
current_view(choices_for(loaded.result.dataset, loaded.frame, dt.date.today()))  # the view, from the link
language_slot = st.sidebar.container()  # the language switch, at the sidebar's top, drawn after the page
words = tr()
unreadable_data_notice(loaded.result)  # on every page: what cannot be read is missing everywhere

map_page = st.Page("app_pages/map.py", title=words("Map"), default=True)
stations_page = st.Page("app_pages/stations.py", title=words("Stations"), url_path="stations")
navigation = st.navigation([
    map_page,
    stations_page,
    st.Page("app_pages/sources.py", title=words("Sources"), url_path="sources"),
    st.Page("app_pages/methodology.py", title=words("Methodology"), url_path="methodology"),
    st.Page("app_pages/changes.py", title=words("Changes"), url_path="changes"),
])
mark_page_language(None if navigation.title == map_page.title else navigation.title, interface_language(),
                   filters=navigation.title in (map_page.title, stations_page.title))
# A session's first run of the Map page draws the map and what is above it only (stationmap.ui.first_screen).
held = hold_for_the_map(navigation.title == map_page.title)
navigation.run()
if not held:
    language_switch(language_slot)
    page_footer(loaded.result.dataset)
