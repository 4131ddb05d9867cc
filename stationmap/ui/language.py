"""The interface language: chosen in the sidebar, kept in the view (and so in the URL as ``lang=``).

A link's ``lang`` wins; an unknown value means English; with none, the browser's language decides
(``st.context.locale``). Every page gets its words from ``tr()`` for the language of this run.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from stationmap.render.i18n import LANGUAGES, Translate, language_for, translator
from stationmap.rules.shared_view import ViewState
from stationmap.ui.view_state import VIEW, store_view

W_LANGUAGE = "w_language"


def interface_language() -> str:
    view = st.session_state.get(VIEW)
    chosen = view.language if view is not None else None
    return chosen or language_for(st.query_params.get("lang"), st.context.locale)


def tr() -> Translate:
    return translator(interface_language())


def _switched() -> None:
    view = st.session_state.get(VIEW, ViewState())
    store_view(replace(view, language=st.session_state[W_LANGUAGE]))


def language_switch(where=None) -> None:
    """English · 简体中文 · 繁體中文, at the top of the sidebar on every page (``where``: a container kept there,
    when the switch is drawn after the page)."""
    st.session_state[W_LANGUAGE] = interface_language()
    (where or st.sidebar).selectbox("Language · 语言 · 語言", list(LANGUAGES), key=W_LANGUAGE,
                                    format_func=LANGUAGES.get, on_change=_switched)
