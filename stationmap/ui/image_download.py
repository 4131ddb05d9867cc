"""The Map page's "Download image": the current view as PNG or SVG, named like the other downloads.

The image is drawn only when a reader clicks (Streamlit's deferred download data), and kept per view
(data version, filters, as-of date, language, format), so ordinary reruns do no drawing at all and a
second click on the same view is instant.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from stationmap.image import MEDIA_TYPES, ImageOptions, render
from stationmap.render.citation import download_name
from stationmap.rules.queries import apply_filters
from stationmap.rules.shared_view import ViewState, view_params
from stationmap.ui.language import tr


@st.cache_data(max_entries=8, show_spinner=False)
def _image(signature: tuple, options: ImageOptions, fmt: str, _frame: pd.DataFrame) -> bytes:
    """The view's image (``signature`` and ``options`` are the cache key: the frame follows from them)."""
    return render(_frame, options, fmt, scale=2.0 if fmt == "png" else 1.0)


def image_downloads(signature: tuple, known: pd.DataFrame, view: ViewState, data_as_of: dt.date | None,
                    language: str) -> None:
    """Two buttons, PNG (at 2x, for print and posts) and SVG, of the stations ``view`` shows of ``known``."""
    words = tr()
    params = {name: value for name, value in view_params(view).items() if name not in ("station", "source")}
    options = ImageOptions(language=language, data_as_of=data_as_of, as_of=view.as_of, filters=view.filters)

    def make(fmt: str):
        return lambda: _image(signature, options, fmt, apply_filters(known, view.filters))

    st.caption(words("Download image"))
    left, right = st.columns(2)
    left.download_button(words("PNG (for posts and print)"), make("png"),
                         download_name("map", data_as_of, params, "png"), MEDIA_TYPES["png"], on_click="ignore",
                         width="stretch", icon=":material/image:")
    right.download_button(words("SVG (scalable)"), make("svg"), download_name("map", data_as_of, params, "svg"),
                          MEDIA_TYPES["svg"], on_click="ignore", width="stretch", icon=":material/image:")
