"""Entry point: ``streamlit run app.py``. The frame only: page setup, navigation and the shared footer."""

import streamlit as st

from stationmap.ui.citing import page_footer
from stationmap.ui.data import load, settings

st.set_page_config(page_title="Reported Chinese overseas police stations — reference map",
                   layout="wide")

navigation = st.navigation([
    st.Page("pages/map.py", title="Map", default=True),
    st.Page("pages/stations.py", title="Stations", url_path="stations"),
    st.Page("pages/sources.py", title="Sources", url_path="sources"),
    st.Page("pages/methodology.py", title="Methodology", url_path="methodology"),
])
navigation.run()
page_footer(load(settings()).result.dataset)
