"""The station feed: one compressed file per data version, served by our route, never written to disk."""

from __future__ import annotations

import asyncio
import gzip
import json
import threading

import pytest
import streamlit_folium
from starlette.applications import Starlette

from stationmap.render.assets import asset_urls
from stationmap.render.folium_map import build_base_map, map_config, parse_tiles, station_payload
from stationmap.render.station_feed import PATH_PREFIX, StationFeed, feed_routes
from tests.unit.test_map_building import point


def get(app, path: str, accept_encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    """One GET through the ASGI app (no HTTP client needed): status, headers, body."""
    scope = {"type": "http", "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 1), "headers": [(b"accept-encoding", accept_encoding.encode())]}
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: another test's browser (Playwright) may keep an event loop running in this one.
    worker = threading.Thread(target=lambda: asyncio.run(app(scope, receive, send)))
    worker.start()
    worker.join(timeout=30)
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, body


def test_same_text_same_key_and_only_the_newest_versions_are_kept():
    feed = StationFeed(max_versions=2)
    first = feed.publish('{"id": ["a"]}')
    assert feed.publish('{"id": ["a"]}') == first and len(first) == 20
    second, third = feed.publish('{"id": ["b"]}'), feed.publish('{"id": ["c"]}')
    assert len({first, second, third}) == 3
    assert feed.compressed(first) is None  # dropped: the oldest of three
    assert gzip.decompress(feed.compressed(third)) == b'{"id": ["c"]}'


def test_no_url_until_a_route_serves_the_feed():
    feed = StationFeed()
    key = feed.publish("{}")
    assert feed.url_for(key) is None  # `streamlit run app.py`, AppTest: the stations stay embedded
    feed_routes(feed)
    assert feed.url_for(key) == f"{PATH_PREFIX}/{key}.json"


@pytest.mark.parametrize("accept, compressed", [("gzip, deflate, br", True), ("identity", False)])
def test_route_serves_a_published_version_cacheably(accept, compressed):
    feed = StationFeed()
    key = feed.publish('{"id": ["es-barcelona-1"]}')
    status, headers, body = get(Starlette(routes=feed_routes(feed)), f"{PATH_PREFIX}/{key}.json", accept)
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert "immutable" in headers["cache-control"] and headers["x-content-type-options"] == "nosniff"
    assert (headers.get("content-encoding") == "gzip") is compressed
    assert json.loads(gzip.decompress(body) if compressed else body) == {"id": ["es-barcelona-1"]}


@pytest.mark.parametrize("key", ["0" * 20, "../../etc/passwd", "ABCDEF0123456789abcd", "x" * 5000])
def test_route_answers_unknown_or_malformed_keys_with_404(key):
    feed = StationFeed()
    feed.publish("{}")
    status, _, body = get(Starlette(routes=feed_routes(feed)), f"{PATH_PREFIX}/{key}.json")
    assert status == 404 and body in (b"unknown data version", b"Not Found")  # the router or our route


def test_a_map_with_a_feed_url_carries_no_stations_in_its_script():
    assets, setting = asset_urls(), parse_tiles("none")
    payload = station_payload([point(i) for i in range(50)], map_config(setting, assets))
    fetched = streamlit_folium._get_map_string(build_base_map(setting, assets, payload, "/stationmap-data/x.json"))
    embedded = streamlit_folium._get_map_string(build_base_map(setting, assets, payload))
    assert '"st-7"' not in fetched and '"st-7"' in embedded
    assert '"/stationmap-data/x.json"' in fetched and "fetchStations" in fetched
    assert len(fetched) < len(embedded) - 2000
