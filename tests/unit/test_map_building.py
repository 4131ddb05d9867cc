"""Map building, escaping and click-to-selection: pure functions, checked without a browser."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import streamlit_folium
from markupsafe import escape

from scripts.vendor_assets import check as check_vendored
from stationmap.records.models import Precision, Status
from stationmap.render.assets import asset_urls
from stationmap.render.escaping import escape_html, json_for_script, safe_url
from stationmap.render.folium_map import (
    MapPoint,
    build_base_map,
    build_view_layer,
    clicked_station,
    map_config,
    parse_tiles,
    station_payload,
    tiles_or_default,
    visibility_mask,
)
from stationmap.render.styles import STATUS_STYLES, legend_html
from stationmap.rules.vocabulary import STATUS_DEFINITIONS, STATUS_LABELS

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
    (None, ""),                      # a missing value shows as nothing, not "None"
    ("", ""), (0, "0"), (2.5, "2.5"), ("Prato", "Prato"), ("城市", "城市"),
    ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
    ("\"q\" 'a'", "&quot;q&quot; &#x27;a&#x27;"),
    ("`${x}`", "&#96;&#36;{x}&#96;"),
])
def test_escape_html_keeps_the_text_readable(value, expected):
    assert escape_html(value) == expected


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


@pytest.mark.parametrize("value, expected", [
    ({"label": "Prato", "n": [1, 2]}, '{"label":"Prato","n":[1,2]}'),   # compact: no padding in the page
    ({"city": "Besançon", "zh": "青田"}, '{"city":"Besançon","zh":"青田"}'),  # non-ASCII stays readable
    ("a&b\u2029", '"a\\u0026b\\u2029"'),
    (None, "null"),
])
def test_json_for_script_is_compact_and_readable(value, expected):
    assert json_for_script(value) == expected


@pytest.mark.parametrize("value, url, embedded", [
    (None, None, True), ("embedded", None, True), ("EMBEDDED ", None, True),
    ("osm", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", False), ("none", None, False),
    ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}/{y}.png", False),
])
def test_parse_tiles(value, url, embedded):
    tiles = parse_tiles(value, "Tiles by example")
    assert (tiles.url, tiles.embedded) == (url, embedded)


def test_osm_tiles_say_they_contact_openstreetmap():
    assert "OpenStreetMap's servers" in parse_tiles("osm").attribution


@pytest.mark.parametrize("value, attribution", [
    ("javascript:alert(1)/{z}/{x}/{y}", "x"), ("https://tiles.example.org/tile.png", "x"),
    ("https://tiles.example.org/{z}/{x}/{y}.png", None), ("ftp://x/{z}/{x}/{y}", "x"), ("satellite", "x"),
])
def test_parse_tiles_rejects_bad_settings(value, attribution):
    with pytest.raises(ValueError):
        parse_tiles(value, attribution)
    tiles, problem = tiles_or_default(value, attribution)
    assert tiles.embedded and problem  # named, and the private default is used


def _rendered(points, tiles="none", mask=None, selected=None):
    assets = asset_urls()
    setting = parse_tiles(tiles, "x")
    base = build_base_map(setting, assets, station_payload(points, map_config(setting, assets)))
    leaflet = streamlit_folium._get_map_string(base)
    layer = streamlit_folium._get_feature_group_string(build_view_layer(mask, selected), map=base)
    return base, leaflet, layer


def test_base_map_is_identical_for_the_same_data_whatever_the_view():
    points = [point(1), point(2)]
    _, first, _ = _rendered(points, selected=None)
    _, second, _ = _rendered(points, mask="AQ==", selected="st-2")
    assert first == second  # streamlit-folium keys the component on this: no re-mount, no view reset
    assert first.count('"st-1"') == 1  # every station is sent once, with the base map


def test_map_declares_only_local_assets():
    base, leaflet, _ = _rendered([point(1)], tiles="embedded")
    links = []
    for element in [base, *base._children.values()]:
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
    assert links and all(url.startswith("/app/static/") for url in links)
    assert not re.search(r"https?://(?!www\.w3\.org)", leaflet)  # no host but ours, not even a tile server


def test_vendored_files_match_their_manifest():
    assert check_vendored() == []


def test_base_map_embeds_each_point_once_without_live_markup():
    points = [point(i, label=HOSTILE[i % len(HOSTILE)]) for i in range(40)]
    _, leaflet, _ = _rendered(points)
    for p in points:
        assert leaflet.count(f'"{p.station_id}"') == 1
    assert "<script>alert" not in leaflet and "<img src=x" not in leaflet  # JSON with < escaped: inert
    assert "bindPopup" not in leaflet


def test_view_layer_is_small_whatever_the_data():
    layer = _rendered([point(i) for i in range(2000)], mask=visibility_mask(pd.Index([f"st-{i}" for i in range(2000)]),
                                                                             ["st-1"]), selected="st-1")[2]
    assert len(layer.encode()) < 1500  # a 250-byte bitset and an id, not the stations again


def test_station_payload_is_compact():
    assets = asset_urls()
    payload = station_payload([point(i) for i in range(1000)], map_config(parse_tiles("none"), assets))
    assert len(payload.data_json.encode()) < 110 * 1000  # about 100 bytes a station


@pytest.mark.parametrize("shown, expected_bits", [
    (["a", "b", "c", "d", "e", "f", "g", "h", "i"], None),  # all shown: no mask at all
    ([], [0, 0]), (["a"], [1, 0]), (["h", "i"], [128, 1]), (["c", "unknown"], [4, 0]),
])
def test_visibility_mask(shown, expected_bits):
    order = pd.Index(list("abcdefghi"))
    mask = visibility_mask(order, shown)
    if expected_bits is None:
        assert mask is None
    else:
        import base64
        assert list(base64.b64decode(mask)) == expected_bits


@pytest.mark.parametrize("state, expected", [
    ({"last_active_drawing": {"type": "Feature", "properties": {"station_id": "st-1", "click": 3}}}, ("st-1", 3)),
    ({"last_active_drawing": {"properties": {"station_id": "st-1"}}}, ("st-1", 0)),
    ({"last_active_drawing": {"properties": {"station_id": "st-1", "click": "3"}}}, None),
    ({"last_active_drawing": {"properties": {"station_id": "unknown"}}}, None),
    ({"last_active_drawing": {"properties": {"station_id": 1}}}, None),
    ({"last_active_drawing": {"properties": None}}, None),
    ({"last_active_drawing": None}, None),
    ({"last_object_clicked": {"lat": 40.01, "lng": -3.0}}, None),  # coordinates are never matched
    ({}, None), (None, None), ("garbage", None),
])
def test_clicked_station(state, expected):
    assert clicked_station(state, {"st-1", "st-2"}) == expected


def test_every_status_has_a_style_and_a_legend_entry():
    legend = legend_html({s: 0 for s in Status})
    shapes = {style.shape for style in STATUS_STYLES.values()}
    colours = {style.colour for style in STATUS_STYLES.values()}
    assert set(STATUS_STYLES) == set(Status)
    assert len(shapes) == len(Status) and len(colours) == len(Status)  # status reads without colour too
    for status in Status:
        assert STATUS_LABELS[status] in legend and escape(STATUS_DEFINITIONS[status]) in legend
