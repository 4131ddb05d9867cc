"""Reading a data file: regular files only, never a blocking open (the loader's tests cover the messages)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from stationmap.records.safe_read import UnreadableFile, not_regular, read_regular_file, real_path
from tests.guards import within


def test_a_device_is_never_opened():
    with pytest.raises(UnreadableFile, match="is a device, not a regular file"):
        read_regular_file(Path("/dev/zero"))  # would stream zeros for ever
    assert not_regular(stat.S_IFBLK | 0o600).startswith("is a device")
    assert not_regular(stat.S_IFREG | 0o600) is None


def test_a_file_swapped_for_a_pipe_after_the_check_is_caught_on_the_open_file(tmp_path, monkeypatch):
    """stat says "regular file", then the file is replaced by a pipe before it is opened: the check on the
    open descriptor (fstat) still refuses it, and opening never blocked (O_NONBLOCK)."""
    regular = tmp_path / "regular.txt"
    regular.write_text("x", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *args, **kwargs: real_stat(regular))
    with within(10), pytest.raises(UnreadableFile, match="named pipe"):
        read_regular_file(tmp_path / "pipe.txt")


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (3 << 20) + b"end")  # more than one read's worth
    assert read_regular_file(path) == b"x" * (3 << 20) + b"end"


def test_real_path_of_a_link_loop_returns_instead_of_raising(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    assert real_path(tmp_path / "a").parent == real_path(tmp_path)  # Path.resolve raises RuntimeError here
