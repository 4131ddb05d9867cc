"""The parsed dataset survives restarts: keyed on the files' signature, rebuilt when damaged."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from stationmap.outputs.cli_io import write_atomically
from stationmap.records import models
from stationmap.records.app_data import build, build_in_child
from stationmap.records.dataset_cache import cache_path, load_or_build


def test_built_once_then_read_back(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return {"stations": 3}

    assert load_or_build(tmp_path, Path("data"), ("sig",), build) == {"stations": 3}
    assert load_or_build(tmp_path, Path("data"), ("sig",), build) == {"stations": 3}
    assert len(calls) == 1
    load_or_build(tmp_path, Path("data"), ("edited",), build)  # a new signature is a new key
    assert len(calls) == 2


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    path = cache_path(tmp_path, Path("data"), ("sig",))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert load_or_build(tmp_path, Path("data"), ("sig",), lambda: "fresh") == "fresh"
    assert load_or_build(tmp_path, Path("data"), ("sig",), lambda: "again") == "fresh"


def test_an_unwritable_cache_folder_still_serves(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    assert load_or_build(blocker, Path("data"), ("sig",), lambda: "served") == "served"


def test_only_the_newest_files_are_kept(tmp_path):
    for n in range(6):
        load_or_build(tmp_path, Path("data"), (n,), lambda value=n: value)
    assert len(list((tmp_path / "datasets").glob("*.pickle"))) == 3


def test_a_builder_elsewhere_writes_the_file_and_the_result_is_read_back(tmp_path):
    def elsewhere(path: Path) -> bool:
        write_atomically(path, pickle.dumps({"built": "in a child"}))  # as the child does, folder and all
        return True

    def here():
        raise AssertionError("must not build in this process")

    assert load_or_build(tmp_path, Path("data"), ("sig",), here, elsewhere) == {"built": "in a child"}


@pytest.mark.parametrize("outcome", ["fails", "writes garbage", "raises nothing but writes nothing"])
def test_when_the_builder_elsewhere_fails_the_data_is_built_here(tmp_path, outcome):
    def elsewhere(path: Path) -> bool:
        if outcome == "writes garbage":
            write_atomically(path, b"half a pickle")
            return True
        return outcome != "fails" and False

    assert load_or_build(tmp_path, Path("data"), ("sig",), lambda: "here", elsewhere) == "here"
    assert load_or_build(tmp_path, Path("data"), ("sig",), lambda: "again") == "here"  # and cached


def test_a_child_process_builds_the_same_dataset_and_table(tmp_path):
    data_dir = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"
    cache_file = tmp_path / "dataset.pickle"
    assert build_in_child(data_dir, cache_file)
    result, frame = pickle.loads(cache_file.read_bytes())
    expected_result, expected_frame = build(data_dir)
    assert sorted(result.dataset.stations) == sorted(expected_result.dataset.stations)
    assert [str(p) for p in result.problems] == [str(p) for p in expected_result.problems]
    assert frame.equals(expected_frame)
    blocker = tmp_path / "a-file"
    blocker.write_text("where the cache folder should be")
    assert not build_in_child(data_dir, blocker / "out.pickle")  # the child cannot write: say so, never raise


# Records unpickle through their own quick __setstate__ (a restart reads 400,000 of them at 100,000 stations).

RECORDS = [
    models.PartialDate(2022, 9),
    models.Station("xx-city-1", "City 1", "City", "", "XX", models.Precision.CITY, models.Bureau.UNKNOWN, "b1", ""),
    models.Place("xx-city-1", 1.5, -2.25, models.Precision.CITY, 5.0, "gazetteer", "City"),
]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_records_round_trip_through_the_quick_setstate(record):
    assert type(record).__setstate__.__qualname__.startswith("quick_to_unpickle")
    again = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == record and again is not record
    with pytest.raises(dataclasses.FrozenInstanceError):
        again.__setattr__(dataclasses.fields(again)[0].name, "changed")


def test_every_slots_record_class_unpickles_quickly():
    frozen_slots = [cls for cls in vars(models).values() if dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)]
    assert len(frozen_slots) == 6
    assert all(cls.__setstate__.__qualname__.startswith("quick_to_unpickle") for cls in frozen_slots)


def test_a_cached_record_of_another_shape_fails_to_load_so_the_cache_is_rebuilt(tmp_path):
    """A state with a field more or less (a cache written by other code) is refused, never half-filled."""
    station = RECORDS[1]
    with pytest.raises(ValueError):
        station.__setstate__([*dataclasses.astuple(station), "extra"])
    path = cache_path(tmp_path, tmp_path, ("sig",))
    path.parent.mkdir(parents=True)
    state = dataclasses.astuple(station)[:-1]
    write_atomically(path, pickle.dumps(_ShortState(state), protocol=pickle.HIGHEST_PROTOCOL))
    assert load_or_build(tmp_path, tmp_path, ("sig",), lambda: "rebuilt") == "rebuilt"


class _ShortState:
    """Pickles as a Station whose state lacks its last field, as a cache from older code would."""

    def __init__(self, state):
        self.state = list(state)

    def __reduce__(self):
        return (object.__new__, (models.Station,), self.state)
