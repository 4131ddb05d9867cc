"""Methodology page: what each status means and the rules that derive it (from the code's own tables)."""

import streamlit as st

from stationmap.render.styles import legend_html
from stationmap.rules.methodology import coverage_html, methodology_markdown
from stationmap.ui.data import load, settings
from stationmap.ui.html import show_html
from stationmap.ui.language import interface_language, tr
from stationmap.ui.view_state import keep_view

loaded = load(settings())
keep_view(loaded.result.dataset, loaded.frame)
language = interface_language()
words = tr()
st.title(words("Methodology"))
show_html(legend_html(language=language))
st.markdown(methodology_markdown(language))  # code-generated text only: no data reaches Markdown
show_html(coverage_html(loaded.result.dataset, language))
