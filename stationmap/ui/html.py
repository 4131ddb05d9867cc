"""The one place that hands HTML to Streamlit.

Only ``markupsafe.Markup`` is accepted: HTML built by the core's render functions, where every data
string was escaped on the way in. A plain ``str`` is refused, so data can never reach the page as markup
by accident (and nothing from the data ever goes to ``st.markdown``).
"""

from __future__ import annotations

import streamlit as st
from markupsafe import Markup


def show_html(html: Markup) -> None:
    if not isinstance(html, Markup):
        raise TypeError("show_html takes markupsafe.Markup built by a render function, not a plain string")
    st.html(str(html))
