"""Map building, escaping and click-to-selection: pure functions, checked without a browser."""

from __future__ import annotations

import json
import re

import pytest
import streamlit_folium

from stationmap.assets import asset_urls, ensure_assets
from stationmap.escaping import escape_html, json_for_script, safe_url
from stationmap.mapview import (
    MapPoint,
    build_base_map,
    build_station_layer,
    parse_tiles,
    selection_from_map_state,
)
from stationmap.models import Precision, Status
from stationmap.styles import STATUS_STYLES, legend_html

HOSTILE = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "${alert(1)}", "`backtick`",
           "javascript:alert(1)", "\"quoted' attr", "</script><script>alert(1)</script>", "line\u2028sep"]


def point(i: int, label: str = "Label", **overrides) -> MapPoint:
    values = dict(station_id=f"st-{i}", label=label, city="City", country="ES", lat=40.0 + i / 100,
                  lon=-3.0, status=Status.REPORTED, contested=False, precision=Precision.CITY, radius_km=10.0)
    values.update(overrides)
    return MapPoint(**values)


@pytest.mark.parametrize("value", HOSTILE)
def test_escape_html_leaves_nothing_live(value):
    escaped = escape_html(value)
    assert not re.search(r"[<>`$]", escaped)
    assert '"' not in escaped and "'" not in escaped


@pytest.mark.parametrize("value, expected", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("  http://example.org  ", "http://example.org"),
    ("javascript:alert(1)", None), ("JAVASCRIPT:alert(1)", None), ("data:text/html,<script>", None),
    ("//example.org", None), ("/relative", None), ("https://", None), ("https://exa mple.org", None),
    ("java\nscript:alert(1)", None), (None, None), (42, None),
])
def test_safe_url(value, expected):
    assert safe_url(value) == expected


def test_json_for_script_cannot_close_the_script():
    text = json_for_script({"label": "</script><script>alert(1)</script>\u2028"})
    assert "</script" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": "</script><script>alert(1)</script>\u2028"}


@pytest.mark.parametrize("value, url", [
    (None, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"), ("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    ("none", None), ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}/{y}.png"),
])
def test_parse_tiles(value, url):
    assert parse_tiles(value, "Tiles by example").url == url


@pytest.mark.parametrize("value, attribution", [
    ("javascript:alert(1)/{z}/{x}/{y}", "x"), ("https://tiles.example.org/tile.png", "x"),
    ("https://tiles.example.org/{z}/{x}/{y}.png", None), ("ftp://x/{z}/{x}/{y}", "x"),
])
def test_parse_tiles_rejects_bad_settings(value, attribution):
    with pytest.raises(ValueError):
        parse_tiles(value, attribution)


def _rendered(points, tiles="none"):
    assets = asset_urls()
    base = build_base_map(parse_tiles(tiles, "x"), assets)
    leaflet = streamlit_folium._get_map_string(base)
    layer = streamlit_folium._get_feature_group_string(build_station_layer(points, assets), map=base)
    return base, leaflet, layer


def test_base_map_is_identical_across_builds_and_has_no_data():
    _, first, _ = _rendered([point(1)])
    _, second, _ = _rendered([point(2), point(3)])
    assert first == second  # streamlit-folium keys the component on this: no re-mount, no view reset
    assert "st-1" not in first


def test_map_declares_only_local_assets():
    base, leaflet, _ = _rendered([point(1)])
    links = []
    for element in [base, *base._children.values()]:
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
    assert links and all(url.startswith("/app/static/vendor/") for url in links)
    assert not re.search(r"https?://(?!tile\.openstreetmap|www\.openstreetmap|www\.w3\.org)", leaflet)


def test_station_layer_embeds_each_point_once_without_live_markup():
    points = [point(i, label=HOSTILE[i % len(HOSTILE)]) for i in range(40)]
    _, _, layer = _rendered(points)
    for p in points:
        assert layer.count(f'"{p.station_id}"') == 1
    assert "<script" not in layer and "<img" not in layer  # data text is JSON with < escaped: inert
    assert "L.marker(" in layer and layer.count("L.marker(") == 1  # created in a loop, not per station
    assert "station_id: d.id[i]" in layer  # each marker carries its stable id for click-to-selection
    assert "textContent" in layer and "bindPopup" not in layer


def test_station_layer_payload_is_compact():
    points = [point(i) for i in range(1000)]
    _, _, layer = _rendered(points)
    assert len(layer.encode()) < 150 * 1000  # about 100 bytes a station


@pytest.mark.parametrize("state, expected", [
    ({"last_active_drawing": {"type": "Feature", "properties": {"station_id": "st-1"}}}, "st-1"),
    ({"last_active_drawing": {"properties": {"station_id": "unknown"}}}, None),
    ({"last_active_drawing": {"properties": {"station_id": 1}}}, None),
    ({"last_active_drawing": {"properties": None}}, None),
    ({"last_active_drawing": None}, None),
    ({"last_object_clicked": {"lat": 40.01, "lng": -3.0}}, None),  # coordinates are never matched
    ({}, None), (None, None), ("garbage", None),
])
def test_selection_from_map_state(state, expected):
    assert selection_from_map_state(state, {"st-1", "st-2"}) == expected


def test_every_status_has_a_style_and_a_legend_entry():
    legend = legend_html({s: 0 for s in Status})
    shapes = {style.shape for style in STATUS_STYLES.values()}
    colours = {style.colour for style in STATUS_STYLES.values()}
    assert set(STATUS_STYLES) == set(Status)
    assert len(shapes) == len(Status) and len(colours) == len(Status)  # status reads without colour too
    for style in STATUS_STYLES.values():
        assert style.label in legend


def test_ensure_assets_copies_once(tmp_path):
    urls = ensure_assets(tmp_path)
    files = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert any(str(f).endswith("leaflet.js") for f in files)
    assert any(str(f).endswith("leaflet.markercluster.js") for f in files)
    assert urls.leaflet_js.endswith("/leaflet.js")
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    ensure_assets(tmp_path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == mtimes
