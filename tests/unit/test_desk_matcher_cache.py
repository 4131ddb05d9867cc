"""The desk's matcher cache: built once per data version, rebuilt after any edit that can change it, never
trusted when damaged, and never in the way (no cache folder, an unwritable one)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stationmap.desk.ingest import matcher_for
from stationmap.desk.matcher_cache import cached_matcher
from stationmap.desk.matching import StationMatcher, StationNames

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Officials in Madrid and Budapest said so; 布达佩斯 too, but not Prague."


class Builds:
    """A build function for cached_matcher that counts its calls; ``sha256s`` are the archived texts the
    would-be dataset refers to."""

    def __init__(self, *sha256s: str) -> None:
        self.calls = 0
        self.sha256s = list(sha256s)

    def __call__(self) -> tuple[StationMatcher, list[str]]:
        self.calls += 1
        return StationMatcher([StationNames("es-madrid-1", "Madrid #1", "Madrid", country="ES")]), self.sha256s


def _found(matcher: StationMatcher) -> list[tuple[int, int, str, tuple[str, ...]]]:
    return [(m.start, m.end, m.name, m.station_ids) for m in matcher.find(TEXT)]


def test_a_second_run_reads_the_matcher_and_finds_the_same(desk_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = matcher_for(desk_data, cache)
    assert len(list((cache / "desk").glob("matcher-*.bin"))) == 1
    builds = Builds()
    second = cached_matcher(desk_data, cache, builds)
    assert builds.calls == 0
    assert _found(second) == _found(first) == _found(matcher_for(desk_data, None))
    assert {m.name for m in second.find(TEXT)} == {"Madrid", "Budapest", "布达佩斯", "Prague"}


def test_an_edited_data_file_makes_a_new_matcher(desk_data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert "Prague" in {m.name for m in matcher_for(desk_data, cache).find(TEXT)}
    stations = desk_data / "stations.csv"
    stations.write_text("".join(line for line in stations.read_text(encoding="utf-8").splitlines(keepends=True)
                                if "Prague" not in line), encoding="utf-8")
    assert "Prague" not in {m.name for m in matcher_for(desk_data, cache).find(TEXT)}


def test_texts_added_to_the_archive_keep_the_matcher_but_a_referenced_one_rebuilds_it(data: Path,
                                                                                      tmp_path: Path) -> None:
    cache, archive = tmp_path / "cache", data / "desk" / "archive"
    builds = Builds("a" * 64)
    cached_matcher(data, cache, builds)
    archive.mkdir(parents=True)
    (archive / f"{'b' * 64}.txt").write_text("a newly ingested text", encoding="utf-8")
    cached_matcher(data, cache, builds)
    assert builds.calls == 1  # an ingest archives a text no source refers to: the dataset is the same
    (archive / f"{'a' * 64}.txt").write_text("the text a source refers to", encoding="utf-8")
    cached_matcher(data, cache, builds)
    assert builds.calls == 2  # its excerpts are now checked: the dataset may differ
    cached_matcher(data, cache, builds)
    assert builds.calls == 2


def test_a_damaged_cache_file_is_rebuilt_not_trusted(data: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    builds = Builds()
    cached_matcher(data, cache, builds)
    (path,) = (cache / "desk").glob("matcher-*.bin")
    payload = path.read_bytes()
    for damaged in (payload[:-10], payload[:-1] + bytes([payload[-1] ^ 1]), b"not a matcher"):
        path.write_bytes(damaged)
        assert _found(cached_matcher(data, cache, builds)) == _found(builds()[0])
    assert builds.calls == 1 + 3 + 3
    cached_matcher(data, cache, builds)
    assert builds.calls == 7  # the last rebuild was written whole and is read again


def test_no_cache_folder_or_an_unwritable_one_still_matches(data: Path, tmp_path: Path) -> None:
    builds = Builds()
    assert _found(cached_matcher(data, None, builds)) == _found(builds()[0])
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    assert _found(cached_matcher(data, blocked, builds)) == _found(builds()[0])
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_ingest_does_not_load_pandas(desk_data: Path, tmp_path: Path) -> None:
    """`stationmap ingest` starts without the table libraries the export commands need (about 0.5 s)."""
    page = tmp_path / "page.txt"
    page.write_text("Officials in Madrid said on 3 March 2023 that the office was a service centre. " * 8,
                    encoding="utf-8")
    code = ("import sys; from stationmap.cli import main; "
            f"status = main(['ingest', {str(page)!r}, '--data', {str(desk_data)!r}]); "
            "print(status, 'pandas' in sys.modules)")
    env = {**os.environ, "STATIONMAP_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[-2:] == ["0", "False"]
