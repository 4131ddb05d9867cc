"""A restarted server reads the map's station payload back from the cache folder instead of building it
again (issue 26: after a restart with a warm cache the first map ≤ 4× the bare Leaflet page)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.records.app_data import build
from stationmap.records.dataset_cache import cache_path
from stationmap.render.station_feed import FEED, gzipped
from stationmap.ui import map_payload as mp

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def test_the_payload_is_built_once_then_read_back_after_a_restart(tmp_path, monkeypatch):
    _, frame = build(TINY)
    signature, store = (("stored-payload-test",), None), (tmp_path / "cache", TINY)
    mp._stations.clear()
    first, order, key = mp._stations(signature, frame, store)
    files = list((tmp_path / "cache" / "datasets").glob("stations-*.pickle"))
    assert len(files) == 1

    def no_building(_frame):
        raise AssertionError("built again although the cache folder holds this version")

    mp._stations.clear()  # as after a restart: nothing in memory
    monkeypatch.setattr(mp, "map_points", no_building)
    again, order_again, key_again = mp._stations(signature, frame, store)
    assert (again, list(order_again), key_again) == (first, list(order), key)
    assert FEED.compressed(key) == gzipped(first.data_json)

    mp._stations.clear()  # another code version (or data version) is never served from that file
    monkeypatch.setattr(mp, "code_version", lambda: "another")
    with pytest.raises(AssertionError, match="built again"):
        mp._stations(signature, frame, store)
    mp._stations.clear()


def test_a_damaged_stored_payload_is_rebuilt(tmp_path):
    _, frame = build(TINY)
    signature, store = (("damaged-payload-test",), None), (tmp_path / "cache", TINY)
    path = cache_path(tmp_path / "cache", TINY, (signature, mp.code_version()), "stations")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    mp._stations.clear()
    payload, order, _ = mp._stations(signature, frame, store)
    assert len(order) > 0 and payload.data_json.startswith("{")
    assert path.read_bytes() != b"not a pickle"  # replaced by the rebuilt payload
    mp._stations.clear()


def test_the_cached_dataset_carries_what_every_first_page_view_asks_for():
    import pickle

    result, _ = pickle.loads(pickle.dumps(build(TINY)))  # as a restarted server reads it
    assert "timeline_claims" in result.dataset._derived and "first_known" in vars(result.dataset)
