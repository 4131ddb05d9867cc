"""The page's language and tab title in the browser (``stationmap.render.page_meta`` holds the words)."""

from __future__ import annotations

import streamlit as st

from stationmap.render.page_meta import filters_button, page_language_script, page_title


def mark_page_language(page: str | None, language: str, *, filters: bool = False) -> None:
    """Tab title in ``language`` (Streamlit allows set_page_config more than once a run) and ``<html lang>``;
    on pages with filters, the phone's "Filters" button (one element, so one gap at the top of the page)."""
    st.set_page_config(page_title=page_title(page, language))
    html = page_language_script(language) + (filters_button(language) if filters else "")
    st.html(str(html), unsafe_allow_javascript=True, width="content")
