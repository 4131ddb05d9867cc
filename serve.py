"""Server entry point: ``streamlit run serve.py``. The app (``app.py``) plus one route of our own.

Streamlit's ASGI ``st.App`` runs ``app.py`` exactly as ``streamlit run app.py`` would, and also serves the
map's stations once per data version (``stationmap.station_feed``), so reruns never resend them.
"""

import streamlit as st

from stationmap.station_feed import feed_routes

app = st.App("app.py", routes=feed_routes())
