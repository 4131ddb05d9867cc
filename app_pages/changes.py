"""Changes page: every change to the data per data version (linkable: ``?since=YYYY-MM-DD``)."""

import streamlit as st

from stationmap.changelog.page import changelog_html
from stationmap.ui.changes import changelog_for, since_picker, station_href_for
from stationmap.ui.data import load, settings
from stationmap.ui.html import show_html
from stationmap.ui.language import interface_language, tr
from stationmap.ui.view_state import keep_view

config = settings()
loaded = load(config)
asked_since = st.query_params.get("since")  # read before keep_view rewrites the address
view = keep_view(loaded.result.dataset, loaded.frame)
words, language = tr(), interface_language()
st.title(words("Changes"))
if asked_since and view.since is None:
    st.warning(words("The date in the link is not a date up to today (YYYY-MM-DD), so every change is shown."))
log = changelog_for(loaded, config.data_dir)
since = since_picker(view, words("Show changes since (the \"data as of\" date you cited)"))
show_html(changelog_html(log.since(since), loaded.result.dataset, station_href_for(view), since=since,
                         language=language))
