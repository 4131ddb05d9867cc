"""The map first: a session's first run of the Map page draws the title, the notes above the map and the map,
and nothing else; the map's report that it has drawn brings the rest of the page.

Why: the browser draws everything a script run sends on its one main thread, and the map's frame is made in
the same pass as the elements around it. The sidebar's filters (and the language switch), and below the map
the station picker and panel, the image downloads, the timeline chart and the footer: drawing them held a new
reader's first map back by about 0.45 s at 100,000 stations (about 0.25 s of it the elements below the map).
The map is what a new reader came for; the rest follows it a moment later.

How: the map reports its first drawing through streamlit-folium's one channel back, a feature with the
property ``drawn`` and no station (``reportDrawn`` in ``static/js/stationmap.js``), which causes a rerun. That
run, and every later one, draws the whole page: the hold lasts one run only, so should the map never report,
the rest of the page waits only until the reader's next action. The view itself (filters, as-of date,
selection, language) is read from the link and the session as always, so the held run's map is the one the
full page shows.
"""

from __future__ import annotations

import streamlit as st
from markupsafe import Markup

from stationmap.ui.html import show_html

#: Session state: the Map page has had its first run in this session (later runs draw the whole page).
MAP_SEEN = "first_screen_map_seen"
#: Session state, for this run only: this run of the Map page draws the map first and holds the rest.
HELD = "first_screen_held"
#: Where the rest of the page will come, while it waits: an empty element a test (or a script) can wait on.
PENDING = Markup('<div class="sm-rest-pending" hidden></div>')


def hold_for_the_map(map_page: bool) -> bool:
    """Call once per run, before the page runs (``map_page``: this run is the Map page's): True when this run
    draws only the map and what is above it (the session's first run of the Map page)."""
    held = map_page and not st.session_state.get(MAP_SEEN, False)
    if map_page:
        st.session_state[MAP_SEEN] = True
    st.session_state[HELD] = held
    return held


def held() -> bool:
    """For the page: whether this run holds back everything but the map and what is above it."""
    return bool(st.session_state.get(HELD, False))


def rest_pending() -> None:
    """In a held run, after the map: mark where the rest of the page will come (``PENDING``)."""
    show_html(PENDING)
