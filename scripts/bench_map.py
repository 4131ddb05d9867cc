"""Map building at 100 / 1,000 / 10,000 synthetic stations: our approach beside the naive one.

Run: ``.venv/bin/python -m scripts.bench_map``. Prints build time (median of several runs) and payload
(the bytes streamlit-folium sends to the browser) for:

- ours: the base map holding every station once as compact JSON plus the view layer (what
  ``stationmap.ui.mapframe`` sends on a first view); a filter change then sends only a new view layer;
- naive: one ``folium.Marker`` with a ``folium.Popup`` per station, the whole map rendered.

Numbers, not assertions: machines here are shared and noisy, so compare the ratios within one run.
"""

from __future__ import annotations

import random
import statistics
import time

import folium
import pandas as pd
import streamlit_folium

from stationmap.records.models import Precision, Status
from stationmap.render.assets import asset_urls
from stationmap.render.escaping import escape_html
from stationmap.render.folium_map import (
    MapPoint,
    build_base_map,
    build_view_layer,
    map_config,
    parse_tiles,
    station_payload,
    visibility_mask,
)

SIZES = (100, 1_000, 10_000)
NAMES = ["Madrid", "Milano", "Kőbánya", "São Paulo", "Москва", "布达佩斯", "<img src=x onerror=alert(1)>", "O'Neil"]


def synthetic(n: int, seed: int = 7) -> list[MapPoint]:
    rng = random.Random(seed)
    statuses, precisions = list(Status), list(Precision)
    return [MapPoint(f"xx-station-{i}", f"{rng.choice(NAMES)} #{i}", rng.choice(NAMES), "ES",
                     rng.uniform(-55, 70), rng.uniform(-170, 170), rng.choice(statuses), rng.random() < 0.1,
                     rng.choices(precisions, weights=(8, 1, 1))[0], rng.choice((10.0, 150.0, 600.0)))
            for i in range(n)]


def ours(points: list[MapPoint]) -> int:
    assets = asset_urls()
    tiles = parse_tiles("none")
    base = build_base_map(tiles, assets, station_payload(points, map_config(tiles, assets)))
    leaflet = streamlit_folium._get_map_string(base)
    layer = streamlit_folium._get_feature_group_string(build_view_layer(None, None), map=base)
    header = streamlit_folium._get_header(base)
    return len((leaflet + layer + header).encode())


def view_change(points: list[MapPoint]) -> int:
    """What a filter change sends: a bitset of the visible stations and the selection."""
    order = pd.Index([p.station_id for p in points])
    shown = [p.station_id for p in points if p.status is Status.OFFICIALLY_DENIED]
    layer = build_view_layer(visibility_mask(order, shown), shown[0] if shown else None)
    return len(streamlit_folium._get_feature_group_string(layer, map=folium.Map(tiles=None)).encode())


def naive(points: list[MapPoint]) -> int:
    fmap = folium.Map(location=[30, 10], zoom_start=2, tiles=None)
    for p in points:
        label = escape_html(p.label)
        folium.Marker([p.lat, p.lon], popup=folium.Popup(label), tooltip=label).add_to(fmap)
    return len(fmap.get_root().render().encode())


def measure(build, points, repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = build(points)
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    print(f"{'stations':>8} | {'ours s':>7} | {'ours MB':>7} | {'filter KB':>9} | {'naive s':>7} | {'naive MB':>8} | "
          f"{'speed-up':>8} | {'smaller':>7}")
    for n in SIZES:
        points = synthetic(n)
        repeats = 5 if n < 10_000 else 3
        t_ours, b_ours = measure(ours, points, repeats)
        t_naive, b_naive = measure(naive, points, 1 if n == 10_000 else 3)
        b_view = view_change(points)
        print(f"{n:>8} | {t_ours:7.3f} | {b_ours / 1e6:7.2f} | {b_view / 1e3:9.1f} | {t_naive:7.2f} | "
              f"{b_naive / 1e6:8.2f} | "
              f"{t_naive / t_ours:7.0f}x | {b_naive / b_ours:6.1f}x")


if __name__ == "__main__":
    main()
