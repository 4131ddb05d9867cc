"""Server entry point: ``streamlit run serve.py``. The app (``app.py``) plus routes of our own.

Streamlit's ASGI ``st.App`` runs ``app.py`` exactly as ``streamlit run app.py`` would, and also serves the
map's stations once per data version (``stationmap.render.station_feed``), so reruns never resend them, the map's
scripts as one file (``stationmap.render.script_bundle``), and the
pages' own addresses (``stationmap.ui.page_routes``), so a direct load of ``/stations`` makes no 404s. At start
the data is loaded in the background, so the first reader after a restart does not wait for it. Every
connection has Nagle's algorithm off (``stationmap.ui.tcp_nodelay``): with it on, each request after the first
on a kept-alive connection waited about 40 ms.
"""

import threading
from contextlib import asynccontextmanager

import streamlit as st

from stationmap.render.script_bundle import bundle_routes
from stationmap.render.station_feed import feed_routes
from stationmap.ui.page_routes import page_routes
from stationmap.ui.preload import THREAD_NAME, preload
from stationmap.ui.tcp_nodelay import enable as nodelay_for_every_connection

nodelay_for_every_connection()  # before the server accepts its first connection


@asynccontextmanager
async def load_data_early(_app):
    threading.Thread(target=preload, name=THREAD_NAME, daemon=True).start()
    yield


app = st.App("app.py", routes=[*feed_routes(), *bundle_routes(), *page_routes()], lifespan=load_data_early)
