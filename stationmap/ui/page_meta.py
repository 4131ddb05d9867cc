"""The page's language and tab title in the browser (``stationmap.page_meta`` holds the words)."""

from __future__ import annotations

import streamlit as st

from stationmap.page_meta import page_language_script, page_title


def mark_page_language(page: str | None, language: str) -> None:
    """Tab title in ``language`` (Streamlit allows set_page_config more than once a run) and ``<html lang>``."""
    st.set_page_config(page_title=page_title(page, language))
    st.html(str(page_language_script(language)), unsafe_allow_javascript=True, width="content")
