"""The footer every page shows (data version, licence) and the "Cite this view" box."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from stationmap.records.dataset import Dataset
from stationmap.render.citation import CORRECTIONS_TO, LICENCE_TEXT, citation, permalink
from stationmap.render.i18n import local_date, sentences
from stationmap.rules.shared_view import ViewState, view_params
from stationmap.ui.language import interface_language, tr
from stationmap.ui.view_state import VIEW


def current_permalink() -> str:
    view = st.session_state.get(VIEW, ViewState())
    return permalink(st.context.url or "", view_params(view))


def cite_this_view(dataset: Dataset) -> None:
    """A popover with a ready citation to copy (st.code has a copy button)."""
    words = tr()
    with st.popover(words("Cite this view"), icon=":material/format_quote:"):
        st.code(citation(current_permalink(), dataset.data_as_of, dt.date.today(), interface_language()),
                language=None, wrap_lines=True)
        st.caption(words("The link reproduces exactly this view: filters, as-of date, language and selected "
                         "station."))


def page_footer(dataset: Dataset) -> None:
    words = tr()
    version = local_date(dataset.data_as_of, interface_language()) if dataset.data_as_of else words("unknown")
    st.divider()
    left, right = st.columns([4, 1])
    left.caption(sentences((
        words("Data as of {version}.").format(version=version), words(LICENCE_TEXT),
        words("Corrections: see Methodology → How to report a correction, or write to {where}.").format(
            where=words(CORRECTIONS_TO))), interface_language()))
    with right:
        cite_this_view(dataset)
