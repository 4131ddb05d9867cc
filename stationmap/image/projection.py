"""Fitting the view: which part of the Web Mercator world fills the image's map area. Pure.

The view is fitted to the selected stations: the narrowest band of longitudes that holds them all (so
stations in Fiji and Samoa are shown side by side, across the antimeridian, not at both ends of the
world), and their latitudes, with a margin; a single station gets a region around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from stationmap.image.basemap import MAX_LATITUDE, mercator

#: The smallest area a view shows, in world units (about 6° of longitude): a single city gets its region.
MIN_SPAN = 6 / 360
#: The world shown when nothing is selected: 170° W to 190° E, 58° S to 78° N.
WORLD = ((-170.0, 190.0), (-58.0, 78.0))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def contains(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


@dataclass(frozen=True)
class View:
    area: Box  # the map's part of the image, in pixels
    x0: float  # world x at the area's left edge
    y0: float  # world y at the area's top edge
    scale: float  # pixels per world unit (256 * 2**zoom in Leaflet's terms)

    @property
    def zoom(self) -> float:
        return math.log2(self.scale / 256)

    @property
    def centre_x(self) -> float:
        return self.x0 + self.area.width / 2 / self.scale

    def to_pixels(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (x - self.x0) * self.scale + self.area.left, (y - self.y0) * self.scale + self.area.top

    def nearest_copy(self, x: np.ndarray) -> np.ndarray:
        """World x moved by whole worlds to the copy nearest the view's centre."""
        return x + np.round(self.centre_x - x)

    def drawn_on(self, area: Box) -> View:
        """The same view, with the map drawn on the larger ``area`` around the one it was fitted to."""
        return View(area, self.x0 - (self.area.left - area.left) / self.scale,
                    self.y0 - (self.area.top - area.top) / self.scale, self.scale)

    def world_bounds(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x0 + self.area.width / self.scale, self.y0 + self.area.height / self.scale)


def longitude_band(lons: np.ndarray) -> tuple[float, float]:
    """The narrowest band of longitudes (west, east; east may pass 180) that holds every one of ``lons``."""
    values = np.unique(np.asarray(lons, dtype=float))
    if len(values) == 1:
        return float(values[0]), float(values[0])
    gaps = np.diff(values)
    wrap = values[0] + 360 - values[-1]
    widest = int(np.argmax(gaps))
    if wrap >= gaps[widest]:
        return float(values[0]), float(values[-1])
    return float(values[widest + 1]), float(values[widest] + 360)


def fit_view(lons: np.ndarray, lats: np.ndarray, area: Box, margin: float, min_scale: float | None = None) -> View:
    """The view that shows every (lon, lat) inside ``area`` with ``margin`` pixels to spare on each side,
    never zoomed out below ``min_scale`` (default: the world as wide as ``area``, so it never shows twice)."""
    if len(lons):
        west, east = longitude_band(lons)
        south, north = float(np.min(lats)), float(np.max(lats))
    else:
        (west, east), (south, north) = WORLD
    (x_lo, x_hi), (y_hi, y_lo) = (mercator(np.array([west, east]), np.array([south, north])))
    x_lo, x_hi, y_lo, y_hi = float(x_lo), float(x_hi), float(y_lo), float(y_hi)
    span_x, span_y = max(x_hi - x_lo, MIN_SPAN), max(y_hi - y_lo, MIN_SPAN)
    usable_w, usable_h = max(area.width - 2 * margin, 1.0), max(area.height - 2 * margin, 1.0)
    scale = min(usable_w / span_x, usable_h / span_y)
    scale = max(scale, area.width if min_scale is None else min_scale)
    cx, cy = (x_lo + x_hi) / 2, (y_lo + y_hi) / 2
    half_h = area.height / 2 / scale
    top, bottom = mercator(0.0, MAX_LATITUDE)[1], mercator(0.0, -MAX_LATITUDE)[1]
    if 2 * half_h < bottom - top:  # keep the view inside the map's edge at the poles
        cy = min(max(cy, float(top) + half_h), float(bottom) - half_h)
    return View(area, cx - area.width / 2 / scale, cy - half_h, scale)
