"""The order the map holds its stations in: along a space-filling curve, so neighbours on the map are
neighbours in the list.

Why: the browser fetches the evidence panels in shards of consecutive stations (``station_feed.PanelSet``).
In any other order (by id, as the station frame is) the stations of one map view are spread over a shard each,
so fetching ahead for the view would mean dozens of shards and a click waits for its own. Along a Hilbert
curve the stations drawn in a view fall into a few shards, which the browser can fetch before the click.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np

#: Bits per axis of the curve's grid: 2**16 cells a side, about 600 m of longitude at the equator.
BITS = 16


class Located(Protocol):
    lat: float
    lon: float


P = TypeVar("P", bound=Located)


def hilbert_keys(lats: np.ndarray, lons: np.ndarray, bits: int = BITS) -> np.ndarray:
    """Each point's position along a Hilbert curve over the whole globe (longitude and latitude as a square
    grid of ``2**bits`` cells a side): points close on the curve are close on the map."""
    side = 1 << bits
    x = np.clip(((np.asarray(lons, dtype=float) + 180.0) / 360.0 * side).astype(np.int64), 0, side - 1)
    y = np.clip(((np.asarray(lats, dtype=float) + 90.0) / 180.0 * side).astype(np.int64), 0, side - 1)
    return hilbert_index(x, y, bits)


def hilbert_index(x: np.ndarray, y: np.ndarray, bits: int) -> np.ndarray:
    """The classic (x, y) -> distance along the Hilbert curve of a ``2**bits`` grid, for every cell at once."""
    side = 1 << bits
    x, y = np.asarray(x, dtype=np.int64), np.asarray(y, dtype=np.int64)
    keys = np.zeros(x.shape, dtype=np.int64)
    s = side >> 1
    while s > 0:  # quadrant by quadrant, turning the grid as the curve does
        rx = (x & s) > 0
        ry = (y & s) > 0
        keys += s * s * ((3 * rx.astype(np.int64)) ^ ry.astype(np.int64))
        flip = ~ry & rx
        x = np.where(flip, side - 1 - x, x)
        y = np.where(flip, side - 1 - y, y)
        x, y = np.where(ry, x, y), np.where(ry, y, x)
        s >>= 1
    return keys


def in_space_order(points: Sequence[P]) -> list[P]:
    """``points`` sorted along the Hilbert curve; points in the same cell keep their order (a stable sort)."""
    if not points:
        return []
    keys = hilbert_keys(np.array([p.lat for p in points]), np.array([p.lon for p in points]))
    return [points[k] for k in np.argsort(keys, kind="stable")]
