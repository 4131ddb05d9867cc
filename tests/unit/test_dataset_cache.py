"""The parsed dataset survives restarts: keyed on the files' signature, rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path

from stationmap.dataset_cache import cache_path, load_or_build


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
