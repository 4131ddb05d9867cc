"""The panel feed: each station's escaped panel, delivered with the map in shards built on first request."""

from __future__ import annotations

import gzip
import json

from starlette.applications import Starlette

from stationmap.records.loading import load_dataset
from stationmap.render.evidence_html import station_panel_html
from stationmap.render.station_feed import PANEL_PREFIX, PanelFeed, PanelSet, StationFeed, feed_routes, panel_key
from tests.unit.test_station_feed import get

HOSTILE = '</script><img src=x onerror="window.__pwned=1">'


def test_shards_are_built_once_on_first_request_and_hold_their_positions():
    built: list[tuple[int, int]] = []

    def build(first: int, last: int) -> list[str]:
        built.append((first, last))
        return [f"panel {i}" for i in range(first, last)]

    panels = PanelSet(5, build, shard_size=2)
    assert panels.shards == 3 and built == []  # nothing is built before a reader asks
    body = json.loads(gzip.decompress(panels.compressed(2)))
    assert body == {"first": 4, "panels": ["panel 4"]}
    panels.compressed(2)
    assert built == [(4, 5)]
    assert panels.compressed(3) is None and panels.compressed(-1) is None


def test_panel_feed_keeps_the_newest_sets_and_refuses_bad_keys():
    feed = PanelFeed(max_sets=2)
    keys = [feed.publish(panel_key("data", n), lambda: PanelSet(1, lambda a, b: ["x"])) for n in range(3)]
    assert feed.compressed(keys[0], 0) is None and feed.compressed(keys[2], 0) is not None
    assert feed.compressed("../../etc/passwd", 0) is None


def test_route_serves_escaped_panels_gzipped(data):
    stations = data / "stations.csv"
    stations.write_text(stations.read_text(encoding="utf-8").replace("Rome", HOSTILE.replace('"', '""'), 1),
                        encoding="utf-8")
    dataset = load_dataset(data).dataset
    order = sorted(dataset.stations)
    feed, panels = StationFeed(), PanelFeed()
    key = panels.publish(panel_key("tiny"), lambda: PanelSet(len(order), lambda a, b: [
        str(station_panel_html(dataset, sid, with_css=False)) for sid in order[a:b]]))
    app = Starlette(routes=feed_routes(feed, panels))
    status, headers, body = get(app, f"{PANEL_PREFIX}/{key}/0.json")
    assert status == 200 and headers["content-encoding"] == "gzip"
    shard = json.loads(gzip.decompress(body))
    assert len(shard["panels"]) == len(order)
    assert all(HOSTILE not in panel and "<style>" not in panel for panel in shard["panels"])
    assert any("&lt;/script&gt;&lt;img" in panel for panel in shard["panels"])  # there, as text
    assert get(app, f"{PANEL_PREFIX}/{key}/7.json")[0] == 404


def test_one_panel_is_served_on_its_own_before_its_shard_is_built(data):
    dataset = load_dataset(data).dataset
    order = sorted(dataset.stations)
    built: list[tuple[int, int]] = []

    def build(first: int, last: int) -> list[str]:
        built.append((first, last))
        return [str(station_panel_html(dataset, sid, with_css=False)) for sid in order[first:last]]

    panels = PanelFeed()
    key = panels.publish(panel_key("one"), lambda: PanelSet(len(order), build, shard_size=2))
    app = Starlette(routes=feed_routes(StationFeed(), panels))
    status, headers, body = get(app, f"{PANEL_PREFIX}/{key}/one/2.json")
    assert status == 200 and headers["content-encoding"] == "gzip"
    answer = json.loads(gzip.decompress(body))
    assert answer["i"] == 2 and f'data-station="{order[2]}"' in answer["panel"]
    assert built == [(2, 3)]  # that station alone, not its shard
    assert get(app, f"{PANEL_PREFIX}/{key}/one/{len(order)}.json")[0] == 404
    assert get(app, f"{PANEL_PREFIX}/0123456789abcdef0123/one/0.json")[0] == 404
