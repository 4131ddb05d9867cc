"""Stations page: the filtered stations as a sortable table, with downloads of exactly what is shown."""

import datetime as dt

import streamlit as st

from stationmap.outputs.export import to_csv_zip, to_geojson
from stationmap.render.citation import LICENCE_TEXT, citation, download_name
from stationmap.render.i18n import local_date, sentences
from stationmap.rules.queries import apply_filters
from stationmap.rules.shared_view import view_params
from stationmap.ui.citing import current_permalink
from stationmap.ui.data import frame_as_of, load, settings
from stationmap.ui.data_tables import station_table
from stationmap.ui.language import interface_language, tr
from stationmap.ui.notices import data_problems_notice
from stationmap.ui.sidebar import sidebar_filters
from stationmap.ui.view_state import select_station

loaded = load(settings())
dataset = loaded.result.dataset

words, language = tr(), interface_language()
st.title(words("Stations"))
data_problems_notice(loaded.result)
view = sidebar_filters(dataset, loaded.frame)
shown = apply_filters(frame_as_of(loaded, view.as_of), view.filters)

matching = (words("{shown} of {total} stations match the filters as of {date}.").format(
    shown=len(shown), total=len(loaded.frame), date=local_date(view.as_of, language)) if view.as_of else
    words("{shown} of {total} stations match the filters.").format(shown=len(shown), total=len(loaded.frame)))
st.caption(sentences((matching, words("Click a column header to sort; select a row to open that station on "
                                             "the map.")), language))
picked = station_table(shown, dataset)
if picked is not None:
    select_station(picked)
    st.switch_page("app_pages/map.py")

params = {name: value for name, value in view_params(view).items() if name not in ("station", "source")}
version = dataset.data_as_of
left, right = st.columns(2)
# Built only when someone clicks (deferred): no export work on ordinary reruns.
csv_name = download_name("stations", version, params, "csv")
cite = citation(current_permalink(), version, dt.date.today())
left.download_button(
    words("Download CSV with licence and credit (zip)"),
    lambda: to_csv_zip(dataset, shown, csv_name, as_of=view.as_of, view=params, cite=cite),
    download_name("stations", version, params, "zip"), "application/zip", width="stretch", on_click="ignore",
    help=words("The zip holds the CSV (one row per claim) and a README with the citation, the licence and the "
               "data version, so the credit travels with the file."))
right.download_button(words("Download GeoJSON"), lambda: to_geojson(dataset, shown, as_of=view.as_of, view=params),
                      download_name("stations", version, params, "geojson"), "application/geo+json",
                      width="stretch", on_click="ignore")
st.caption(sentences((
    words("Data as of {version}; the file name says the version and the filters.").format(
        version=local_date(version, language) if version else words("unknown")),
    words(LICENCE_TEXT),
    words("The CSV is UTF-8 with a byte-order mark, so Excel reads accents correctly; its column names stay in "
          "English.")), language))
