"""Map page: every placed station coloured and shaped by status; click one to read its evidence."""

import streamlit as st

from stationmap.render.i18n import local_date
from stationmap.rules.queries import MAP_PAGE_COLUMNS, apply_filters
from stationmap.ui.data import frame_as_of, load, settings
from stationmap.ui.first_screen import held, rest_pending
from stationmap.ui.image_download import image_downloads
from stationmap.ui.language import interface_language, tr
from stationmap.ui.mapframe import station_map
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.sidebar import sidebar_filters
from stationmap.ui.station_panel import station_panel, totals_line, unplaced_note
from stationmap.ui.timeline import timeline
from stationmap.ui.view_state import select_station

config = settings()
loaded = load(config)
dataset = loaded.result.dataset

words, language = tr(), interface_language()
st.title(words("Reported Chinese overseas police stations"))
first_screen = held()  # a session's first run: the map first, its report of drawing brings the rest
view = sidebar_filters(dataset, loaded.frame, draw=not first_screen)
known = frame_as_of(loaded, view.as_of)
totals_line(dataset, known, view.as_of)  # the headline follows the as-of date
data_problems_notice(loaded.result)
shown = apply_filters(known, view.filters, MAP_PAGE_COLUMNS)
if view.as_of is not None:
    st.info(words("As of {date}: {known} of {total} stations had been reported, with the statuses known then.").format(
        date=local_date(view.as_of, language), known=len(known), total=len(loaded.frame)), icon=":material/history:")

# The map takes the page's width; it shows a picked station's evidence itself at once (a drawer over it),
# and the same panel follows below it for reading at length, the keyboard picker and pages without the feed.
clicked = station_map(dataset, known, shown, view.station_id, config, (loaded.signature, view.as_of), language)
if clicked is not None:
    # The map already shows the click (halo, panel); the panel below reads the new selection in this run.
    select_station(clicked)
if first_screen:
    rest_pending()
else:
    unplaced_note(shown)
    image_downloads(loaded.signature, known, view, dataset.data_as_of, language)
    station_panel(dataset, shown, view.as_of)
    timeline(dataset, shown, view.as_of)
