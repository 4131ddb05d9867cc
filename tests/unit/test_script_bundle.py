"""The map frame's scripts as one file: one round trip instead of six in a row, cached for good."""

from __future__ import annotations

import gzip

from starlette.applications import Starlette

from stationmap.render.assets import asset_urls
from stationmap.render.folium_map import build_base_map, parse_tiles, station_payload
from stationmap.render.script_bundle import STATIC_DIR, ScriptBundle, bundle_routes
from tests.unit.test_station_feed import get


def test_without_the_route_the_map_loads_its_files_one_by_one():
    assert ScriptBundle().url(asset_urls().scripts) is None


def test_the_bundle_holds_every_script_in_order_and_is_cached_for_good():
    bundle = ScriptBundle()
    app = Starlette(routes=bundle_routes(bundle))
    scripts = asset_urls().scripts
    url = bundle.url(scripts)
    assert url == bundle.url(list(scripts))  # the same files, the same address
    status, headers, body = get(app, url)
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert "immutable" in headers["cache-control"] and headers["content-type"].startswith("text/javascript")
    text = gzip.decompress(body).decode("utf-8")
    starts = [text.index((STATIC_DIR / u.removeprefix("/app/static/")).read_text(encoding="utf-8")[:200])
              for u in scripts]
    assert starts == sorted(starts) and starts[0] == 0
    assert "sourceMappingURL" not in text
    assert get(app, url, accept_encoding="")[2].decode("utf-8") == text
    assert get(app, "/stationmap-data/scripts/0123456789abcdef0123.js")[0] == 404


def test_only_our_own_static_files_are_bundled():
    bundle = ScriptBundle()
    bundle_routes(bundle)
    assert bundle.url(["/app/static/js/stationmap.js", "https://cdn.example/x.js"]) is None
    assert bundle.url(["/app/static/../serve.py"]) is None
    assert bundle.url(["/app/static/js/no-such-file.js"]) is None


def test_the_map_loads_the_bundle_instead_of_the_files():
    payload = station_payload([], {})
    base = build_base_map(parse_tiles("none"), asset_urls(), payload, script_bundle="/stationmap-data/scripts/x.js")
    assert [url for _, url in base.default_js] == ["/stationmap-data/scripts/x.js"]
    plain = build_base_map(parse_tiles("none"), asset_urls(), payload)
    assert [url for _, url in plain.default_js] == list(asset_urls().scripts)
