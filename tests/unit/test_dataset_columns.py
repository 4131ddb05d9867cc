"""The dataset pickled by columns (the cache a restarted server reads): the same dataset comes back."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from stationmap.records import dataset_columns
from stationmap.records.dataset import Dataset
from stationmap.records.loading import load_dataset
from stationmap.records.models import Place, Precision, Station
from stationmap.rules.timeline import claims_table

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def real() -> Dataset:
    dataset = load_dataset(ROOT / "data").dataset
    _ = dataset.first_known
    claims_table(dataset)  # computed values travel with the dataset
    return dataset


def round_trip(dataset: Dataset) -> Dataset:
    return pickle.loads(pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))


def test_the_real_data_comes_back_the_same(real):
    again = round_trip(real)
    for name in dataset_columns.FIELDS:
        assert getattr(again, name) == getattr(real, name), name
    assert list(again.stations) == list(real.stations) and list(again.by_station) == list(real.by_station)
    assert again.first_known == real.first_known
    assert claims_table(again).frame.equals(claims_table(real).frame)


def test_it_is_pickled_by_columns_and_groups_share_the_evidence_objects(real):
    reduced = real.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    assert reduced[0] is dataset_columns.dataset_from_state
    again = round_trip(real)
    evidence = {id(item) for item in again.evidence}
    assert all(id(item) in evidence for items in again.by_station.values() for item in items)
    assert all(id(item) in evidence for item in again.network_wide)


def test_a_dataset_made_by_hand_is_pickled_the_ordinary_way(real):
    station = next(iter(real.stations.values()))
    stray = next(iter(real.by_station.values()))
    hand_made = Dataset({}, {}, {station.station_id: station}, (), {}, {station.station_id: stray})
    assert dataset_columns.dataset_state(hand_made) is None
    assert round_trip(hand_made) == hand_made


def test_a_state_of_another_layout_is_refused(real):
    state = dataset_columns.dataset_state(real)
    with pytest.raises(ValueError):
        dataset_columns.dataset_from_state(Dataset, {**state, "format": dataset_columns.FORMAT + 1})
    station_ids, counts, grouped = state["by_station"]
    with pytest.raises(ValueError):
        dataset_columns.dataset_from_state(Dataset, {**state, "by_station": (station_ids, counts, grouped[:-1])})


def test_records_are_made_from_columns_without_their_init():
    places = [Place("xx-a-1", 1.0, 2.0, Precision.CITY, 5.0, "gazetteer", "A"),
              Place("xx-b-1", -3.5, 4.25, Precision.REGION, 50.0, "overrides", "B")]
    assert dataset_columns.records(Place, dataset_columns.columns(places, Place)) == places
    with pytest.raises(ValueError):
        dataset_columns.records(Station, dataset_columns.columns(places, Place))
