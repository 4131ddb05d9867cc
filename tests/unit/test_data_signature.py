"""The page-load change check (``data_signature``): notices every edit, and never raises, whatever happens
to the folder while it looks (a sync tool's temporary folders, a checkout, files it may not open)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from stationmap.ui.data import UNSEEN, data_signature

CALLS = 4_000
TIME_LIMIT_S = 20.0


def names(signature) -> list[str]:
    return [entry[0] for entry in signature]


def test_it_lists_data_files_at_any_depth_and_nothing_else(data):
    deep = data / "sources" / "2022" / "nov"
    deep.mkdir(parents=True)
    (deep / "report.txt").write_text("x", encoding="utf-8")
    (data / "README.md").write_text("notes", encoding="utf-8")
    (data / "folder.csv").mkdir()  # a folder is not a data file, whatever its name
    assert names(data_signature(data)) == [
        "batches.csv", "evidence.csv", "places.csv", "sources.csv", "sources/2022/nov/report.txt",
        "sources/article-one.txt", "stations.csv"]


def test_every_edit_changes_it(data):
    before = data_signature(data)
    (data / "stations.csv").write_text((data / "stations.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert data_signature(data) != before  # same size and text: the change time still moved


def test_a_missing_data_folder_has_an_empty_signature(tmp_path):
    assert data_signature(tmp_path / "absent") == ()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert data_signature(tmp_path / "a-file") == ()


def test_an_entry_that_vanishes_while_it_is_read_counts_as_a_change(data, monkeypatch):
    """A folder listed, then gone before it is opened: its entry is UNSEEN, so the signature taken meanwhile
    differs both from the one before (folder there) and from the one after (folder gone)."""
    (data / "sync").mkdir()
    (data / "sync" / "draft.csv").write_text("x", encoding="utf-8")
    with_folder = data_signature(data)
    real = os.scandir

    def vanishing(path):
        if os.path.basename(os.fspath(path)) == "sync":
            raise FileNotFoundError(2, "No such file or directory")
        return real(path)

    monkeypatch.setattr(os, "scandir", vanishing)
    meanwhile = data_signature(data)
    monkeypatch.setattr(os, "scandir", real)
    shutil.rmtree(data / "sync")
    without_folder = data_signature(data)
    assert ("sync", *UNSEEN) in meanwhile
    assert len({with_folder, meanwhile, without_folder}) == 3


def test_a_file_that_vanishes_before_its_stat_counts_as_a_change(data, monkeypatch):
    before = data_signature(data)
    listing = list(os.scandir(data))
    (data / "places.csv").unlink()  # listed above, gone now

    class Listing:
        def __enter__(self):
            return iter(listing)

        def __exit__(self, *exc):
            return False

    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: Listing() if Path(path) == data else real_scandir(path))
    meanwhile = data_signature(data)
    assert ("places.csv", *UNSEEN) in meanwhile and meanwhile != before


def test_folder_churn_never_raises(data):
    """A sync tool creating and removing folders of files under data/ while pages load: thousands of calls,
    none raises (the old rglob-based check raised in 124 and 975 of 4,000 calls)."""
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            for name in ("sync-a", "sync-b/inner"):
                folder = data / name
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                    for index in range(3):
                        (folder / f"part-{index}.csv").write_text("x", encoding="utf-8")
                    shutil.rmtree(data / name.split("/")[0])
                except OSError:
                    pass

    worker = threading.Thread(target=churn, daemon=True)
    worker.start()
    failures: list[BaseException] = []
    calls = 0
    deadline = time.monotonic() + TIME_LIMIT_S
    try:
        while calls < CALLS and time.monotonic() < deadline:
            calls += 1
            try:
                data_signature(data)
            except Exception as exc:  # noqa: BLE001 - counted, then reported together
                failures.append(exc)
    finally:
        stop.set()
        worker.join(timeout=10)
    assert calls >= 500, f"only {calls} calls in {TIME_LIMIT_S} s: the churn was not exercised"
    assert not failures, f"{len(failures)} of {calls} calls raised, first: {failures[0]!r}"
