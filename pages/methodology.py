"""Methodology page: what each status means and the rule that derives it (from the code's own table)."""

import streamlit as st

from stationmap.methodology import coverage_html, methodology_markdown
from stationmap.styles import legend_html
from stationmap.ui.data import load, settings

loaded = load(settings())
st.title("Methodology")
st.html(legend_html())
st.markdown(methodology_markdown())  # code-generated text only: no data reaches Markdown
st.html(coverage_html(loaded.result.dataset))
