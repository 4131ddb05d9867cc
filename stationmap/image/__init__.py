"""The map as a picture: SVG or PNG of a view, for print, newsletters, social posts and link previews.

``map_svg`` draws the view as one SVG document (stationmap.image.compose), built element by element with
escaping and allow-lists (stationmap.image.svg), so it stays inert whatever the data holds; ``svg_to_png``
rasterises it with resvg (stationmap.image.raster). No Streamlit here, no browser, no network.
"""

from __future__ import annotations

from stationmap.image.compose import DEFAULT_SIZE, ImageOptions, credit_line, map_svg
from stationmap.image.raster import ImageError, svg_to_png
from stationmap.image.summary import describe

FORMATS = ("svg", "png")
MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def render(frame, options: ImageOptions, fmt: str, scale: float = 1.0) -> bytes:
    """The view as ``fmt`` ("svg" or "png") bytes; ``scale`` enlarges a PNG (2 for print)."""
    if fmt not in FORMATS:
        raise ImageError(f"unknown image format {fmt!r}: use .svg or .png")
    svg = map_svg(frame, options)
    return svg.encode("utf-8") if fmt == "svg" else svg_to_png(svg, scale)


__all__ = ["DEFAULT_SIZE", "FORMATS", "MEDIA_TYPES", "ImageError", "ImageOptions", "credit_line", "describe",
           "map_svg", "render", "svg_to_png"]
