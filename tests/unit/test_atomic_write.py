"""The one atomic writer: normal file mode, whole file or nothing, no temp file left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stationmap.outputs.cli_io import write_atomically


def test_new_file_gets_the_umask_mode_not_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out.csv", "a,b\n")
    finally:
        os.umask(old)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "out.csv").read_text() == "a,b\n"


def test_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("old")
    path.chmod(0o664)
    write_atomically(path, b"new")
    assert path.stat().st_mode & 0o777 == 0o664 and path.read_bytes() == b"new"


def test_a_failure_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "places.csv"
    path.write_text("old content")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomically(path, "new content")
    assert path.read_text() == "old content"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["places.csv"]
