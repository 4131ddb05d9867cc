"""Files that are not regular files where data should be: named, never opened, and never a hang.

A named pipe (FIFO) makes a plain ``open`` wait for a writer forever; every test here runs the load under
``within`` so the old code fails instead of stopping the suite.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from stationmap.cli import main as cli_main
from stationmap.records.loading import load_dataset
from tests.guards import within

PIPE = "is a named pipe (FIFO), not a regular file: it is not opened (reading it could wait forever)"


def load(data: Path):
    with within(10):
        return load_dataset(data, display_root=data.parent)


def messages(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def make_fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def test_a_pipe_where_a_source_text_should_be_is_named(data):
    make_fifo(data / "sources" / "article-one.txt")
    result = load(data)
    assert (f"data/sources.csv:2: column 'text_path': error: file 'sources/article-one.txt' {PIPE}; row skipped"
            in messages(result))
    assert [str(p) for p in result.unreadable] == [messages(result)[0]]  # named on every page
    assert "es-barcelona" in result.dataset.stations  # the rest is served


def test_a_pipe_where_a_table_should_be_is_named(data):
    make_fifo(data / "stations.csv")
    result = load(data)
    assert f"data/stations.csv: error: {PIPE}" in messages(result)
    assert [str(p) for p in result.unreadable] == [f"data/stations.csv: error: {PIPE}"]


def test_a_link_to_a_pipe_inside_the_data_folder_is_named_not_followed_into_a_hang(data):
    make_fifo(data / "pipe")
    (data / "places.csv").unlink()
    (data / "places.csv").symlink_to(data / "pipe")
    assert f"data/places.csv: error: {PIPE}" in messages(load(data))


def test_a_socket_where_an_optional_table_should_be_is_named(data):
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(data / "id_aliases.csv"))
        result = load(data)
    assert ("data/id_aliases.csv: error: is a socket, not a regular file: it is not opened (reading it could "
            "wait forever)") in messages(result)


def test_validate_with_a_pipe_ends_and_names_it(data, capsys):
    make_fifo(data / "sources" / "article-one.txt")
    with within(10):
        code = cli_main(["validate", "--data", str(data)])
    assert code == 1
    assert f"file 'sources/article-one.txt' {PIPE}" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["stations.csv", "text"])
def test_a_link_loop_is_named_not_raised(data, where):
    if where == "text":
        target = data / "sources" / "article-one.txt"
        target.unlink()
        (data / "sources" / "loop.txt").symlink_to(target)
        target.symlink_to(data / "sources" / "loop.txt")
        expected = ("data/sources.csv:2: column 'text_path': error: file 'sources/article-one.txt' cannot be read "
                    "(Too many levels of symbolic links); row skipped")
    else:
        (data / "stations.csv").unlink()
        (data / "loop.csv").symlink_to(data / "stations.csv")
        (data / "stations.csv").symlink_to(data / "loop.csv")
        expected = "data/stations.csv: error: cannot be read (Too many levels of symbolic links)"
    assert expected in messages(load(data))
