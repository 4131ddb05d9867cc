"""Server entry point: ``streamlit run serve.py``. The app (``app.py``) plus one route of our own.

Streamlit's ASGI ``st.App`` runs ``app.py`` exactly as ``streamlit run app.py`` would, and also serves the
map's stations once per data version (``stationmap.station_feed``), so reruns never resend them. At start
the data is loaded in the background, so the first reader after a restart does not wait for it.
"""

import threading
from contextlib import asynccontextmanager

import streamlit as st

from stationmap.station_feed import feed_routes
from stationmap.ui.preload import preload


@asynccontextmanager
async def load_data_early(_app):
    threading.Thread(target=preload, name="stationmap-preload", daemon=True).start()
    yield


app = st.App("app.py", routes=feed_routes(), lifespan=load_data_early)
