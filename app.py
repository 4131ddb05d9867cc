"""Entry point: ``streamlit run app.py``. The frame only: page setup, the view, language, navigation, footer."""

import datetime as dt

import streamlit as st

from stationmap.ui.citing import page_footer
from stationmap.ui.data import load, settings
from stationmap.ui.language import language_switch, tr
from stationmap.ui.view_state import choices_for, current_view

st.set_page_config(page_title="Reported Chinese overseas police stations — reference map", layout="wide")
loaded = load(settings())
current_view(choices_for(loaded.result.dataset, loaded.frame, dt.date.today()))  # the view, from the link
language_switch()
words = tr()

navigation = st.navigation([
    st.Page("app_pages/map.py", title=words("Map"), default=True),
    st.Page("app_pages/stations.py", title=words("Stations"), url_path="stations"),
    st.Page("app_pages/sources.py", title=words("Sources"), url_path="sources"),
    st.Page("app_pages/methodology.py", title=words("Methodology"), url_path="methodology"),
    st.Page("app_pages/changes.py", title=words("Changes"), url_path="changes"),
])
navigation.run()
page_footer(loaded.result.dataset)
