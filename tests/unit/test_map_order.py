"""The map's station order: along a Hilbert curve, so one map view's stations share few panel shards."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

import numpy as np

from stationmap.records.loading import load_dataset
from stationmap.render.folium_map import map_points
from stationmap.render.map_order import hilbert_index, in_space_order
from stationmap.rules.queries import station_frame
from stationmap.ui.map_payload import _stations


@dataclass(frozen=True)
class Spot:
    name: str
    lat: float
    lon: float


def test_the_curve_visits_every_cell_once_stepping_to_a_neighbour_each_time():
    xs, ys = np.meshgrid(np.arange(16), np.arange(16))
    x, y = xs.ravel(), ys.ravel()
    keys = hilbert_index(x, y, 4)
    assert sorted(keys.tolist()) == list(range(256))
    walk = np.argsort(keys)
    assert (np.abs(np.diff(x[walk])) + np.abs(np.diff(y[walk])) == 1).all()


def test_every_station_is_kept_once_and_stations_in_one_place_keep_their_order():
    spots = [Spot("a", 10, 10), Spot("b", -40, 150), Spot("c", 10, 10), Spot("d", 60, -100), Spot("e", 10, 10)]
    ordered = in_space_order(spots)
    assert sorted(s.name for s in ordered) == ["a", "b", "c", "d", "e"]
    same_place = [s.name for s in ordered if (s.lat, s.lon) == (10, 10)]
    assert same_place == ["a", "c", "e"]
    assert in_space_order([]) == []


def shards_in_box(spots: list[Spot], shard: int, south: float, west: float, north: float, east: float) -> int:
    return len({k // shard for k, s in enumerate(spots) if south <= s.lat <= north and west <= s.lon <= east})


def test_a_map_views_stations_fall_into_few_shards():
    rng = random.Random(7)
    spots = [Spot(f"s{k}", rng.uniform(-60, 70), rng.uniform(-180, 180)) for k in range(20_000)]
    shard = 200
    box = (40, 0, 50, 15)  # a view about the size of central Europe at zoom 5: some 70 of the stations
    by_id = shards_in_box(spots, shard, *box)
    in_space = shards_in_box(in_space_order(spots), shard, *box)
    assert by_id > 40  # in id order most stations of the view are in a shard of their own
    assert in_space <= 4


def test_the_apps_map_holds_its_stations_in_space_order(data):
    frame = station_frame(load_dataset(data).dataset)
    payload, order, _key = _stations(("test_map_order", None), frame)
    ids = json.loads(payload.data_json)["id"]
    assert list(order) == ids  # masks and panel shards count positions in the order the browser holds
    expected = [p.station_id for p in in_space_order(map_points(frame))]
    assert ids == expected and sorted(ids) == sorted(p.station_id for p in map_points(frame))
