"""The basemap the app ships, read in Python: Natural Earth country shapes and GeoNames city labels.

``static/vendor/world-atlas-2.0.2/countries-50m.json`` is TopoJSON: quantised, delta-encoded arcs shared
by neighbouring countries. It is decoded here once per process into rings of Web Mercator coordinates
(0..1 across the world), unwrapped at the antimeridian as the browser code does (``unwrapRing`` in
``static/js/stationmap.js``), so Russia or Fiji never draw a band across the map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from stationmap.settings import PROJECT_ROOT

COUNTRIES_FILE = PROJECT_ROOT / "static" / "vendor" / "world-atlas-2.0.2" / "countries-50m.json"
CITIES_FILE = PROJECT_ROOT / "static" / "basemap" / "cities.json"
MAX_LATITUDE = 85.0  # Web Mercator's edge, as in Leaflet


@dataclass(frozen=True)
class Polygon:
    rings: tuple[np.ndarray, ...]  # (n, 2) Web Mercator x, y; the first ring is the outline, the rest holes
    bounds: tuple[float, float, float, float]  # min x, min y, max x, max y


@dataclass(frozen=True)
class Country:
    numeric: str  # ISO 3166 numeric code, as world-atlas keys its features ("" when it has none)
    name: str  # Natural Earth's English name
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class City:
    name: str
    lat: float
    lon: float
    tier: int  # 0: the biggest cities, shown first
    zh_hans: str
    zh_hant: str

    def label(self, language: str) -> str:
        """The city's name in ``language``: GeoNames' Chinese name where it has one, else the English one."""
        if language == "zh-Hant":
            return self.zh_hant or self.zh_hans or self.name
        if language == "zh-Hans":
            return self.zh_hans or self.name
        return self.name


def mercator(lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator in world units: x 0..1 from -180° to 180° (beyond for unwrapped rings), y 0 at the top."""
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LATITUDE, MAX_LATITUDE)
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0
    y = 0.5 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)
    return x, y


def unwrap_ring(ring: np.ndarray) -> np.ndarray:
    """Continuous longitudes along a ring (a jump of more than 180° is a crossing of the antimeridian); a
    ring that goes round a pole (Antarctica) is closed along that pole."""
    steps = np.diff(ring[:, 0])
    shift = np.concatenate(([0.0], np.cumsum(np.where(steps > 180, -360.0, np.where(steps < -180, 360.0, 0.0)))))
    out = np.column_stack((ring[:, 0] + shift, ring[:, 1]))
    first, last = out[0], out[-1]
    if abs(last[0] - first[0]) > 180:
        pole = -90.0 if first[1] < 0 else 90.0
        out = np.vstack((out, [[last[0], pole], [first[0], pole], [first[0], first[1]]]))
    return out


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """The topology's arcs as (n, 2) longitude/latitude arrays (undoing the quantisation and delta coding)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float).reshape(-1, 2)
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts = []
    for n, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if n == 0 else arc[1:])  # each arc starts where the previous one ended
    return np.concatenate(parts)


def _polygon(rings: list[list[int]], arcs: list[np.ndarray]) -> Polygon:
    projected = []
    for indices in rings:
        lonlat = unwrap_ring(_ring(indices, arcs))
        x, y = mercator(lonlat[:, 0], lonlat[:, 1])
        projected.append(np.column_stack((x, y)))
    outline = projected[0]
    bounds = (float(outline[:, 0].min()), float(outline[:, 1].min()),
              float(outline[:, 0].max()), float(outline[:, 1].max()))
    return Polygon(tuple(projected), bounds)


def decode_countries(topology: dict) -> tuple[Country, ...]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = ([geometry["arcs"]] if kind == "Polygon" else geometry["arcs"] if kind == "MultiPolygon" else [])
        countries.append(Country(str(geometry.get("id", "")), str(geometry.get("properties", {}).get("name", "")),
                                 tuple(_polygon(rings, arcs) for rings in polygons if rings)))
    return tuple(countries)


@cache
def countries(path: Path = COUNTRIES_FILE) -> tuple[Country, ...]:
    """Every country of the app's basemap file (decoded once per process, about 0.2 s)."""
    return decode_countries(json.loads(path.read_text(encoding="utf-8")))


@cache
def cities(path: Path = CITIES_FILE) -> tuple[City, ...]:
    """The city labels the app shows (rows ``[name, lat, lon, tier, zh_hans?, zh_hant?]``), biggest first."""
    rows = json.loads(path.read_text(encoding="utf-8"))["cities"]
    return tuple(City(str(row[0]), float(row[1]), float(row[2]), int(row[3]),
                      str(row[4]) if len(row) > 4 and row[4] else "", str(row[5]) if len(row) > 5 and row[5] else "")
                 for row in rows)
