"""The map first: a session's first run of the Map page stops after the map, and the map's report that it has
drawn brings the rest of the page.

Why: the browser draws everything a script run sends on its one main thread, and the map's frame is made in
the same pass as the elements around it. Below the map sit the station picker and panel, the image downloads,
the timeline chart and the footer; drawing them (and the chart's Vega) held a new reader's first map back by
about 0.2 s at 100,000 stations. They are below the fold, so a new reader loses nothing by getting them a
moment after the map.

How: the map reports its first drawing through streamlit-folium's one channel back, a feature with the
property ``drawn`` and no station (``reportDrawn`` in ``static/js/stationmap.js``), which causes a rerun. That
run, and every later one, draws the whole page: the hold lasts one run only, so should the map never report,
the rest of the page waits only until the reader's next action.
"""

from __future__ import annotations

import streamlit as st
from markupsafe import Markup

from stationmap.ui.html import show_html

#: Session state: the Map page has had its first run in this session (later runs draw the whole page).
MAP_SEEN = "first_screen_map_seen"
#: Session state, for this run only: the Map page held back what follows the map (app.py's footer reads it).
HELD = "first_screen_held"
#: Where the rest of the page will come, while it waits: an empty element a test (or a script) can wait on.
PENDING = Markup('<div class="sm-rest-pending" hidden></div>')


def hold_below_the_map() -> bool:
    """Call once per run of the Map page, after the map: True when the rest of the page waits for the map's
    report (the session's first run of the Map page), and then it leaves ``PENDING`` in its place."""
    held = not st.session_state.get(MAP_SEEN, False)
    st.session_state[MAP_SEEN] = True
    st.session_state[HELD] = held
    if held:
        show_html(PENDING)
    return held


def footer_held() -> bool:
    """For the frame around every page: True when this run's page held back what follows its content."""
    return bool(st.session_state.pop(HELD, False))

