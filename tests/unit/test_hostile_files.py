"""Data files a user (or an unlucky disk) can break: each ends as a named problem, never a traceback.

Every case breaks one file of a copy of the tiny fixture and checks that ``load_dataset`` names the file
(and line where there is one), does not raise, and still serves the rest of the data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stationmap.cli import main as cli_main
from stationmap.records.csv_reader import MAX_CELL_CHARS
from stationmap.records.loading import load_dataset
from stationmap.records.problems import Problem

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


def load(data: Path):
    return load_dataset(data, display_root=data.parent)


def messages(result) -> str:
    return "\n".join(str(p) for p in result.problems)


def test_a_cell_beyond_the_csv_module_limit_is_one_named_row(data):
    notes = data / "stations.csv"
    text = notes.read_text(encoding="utf-8").rstrip("\n").split("\n")
    text[2] = text[2] + "x" * 140_000  # row 3 (Rome): its notes cell grows past csv's 131,072 limit
    notes.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = load(data)
    assert f"data/stations.csv:3: error: a cell is longer than {MAX_CELL_CHARS:,}" in messages(result)
    assert set(result.dataset.stations) == {"es-barcelona", "ls-lesotho"}


def test_an_unclosed_quote_that_swallows_the_file_is_named_where_it_opens(data):
    path = data / "evidence.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",", ',"', 1)  # line 3: opens a quote that never closes
    path.write_text("\n".join(lines) + ("\nfiller," * 30_000), encoding="utf-8")  # > 128 KB after it
    result = load(data)
    text = messages(result)
    assert ("data/evidence.csv:3: column 'station_id': error: a quoted cell begins here (line 3, character 11) "
            "and its quote (\") is never closed, so lines 3–30007 were read as one cell") in text
    assert "es-barcelona" in result.dataset.stations  # line 2's evidence still counts


@pytest.mark.parametrize("damage, words", [
    ("delete", "warning: no coordinates yet"),  # a missing places file is expected before the first geocode
    ("directory", "error: is a folder, not a file"),
    ("outside link", "error: is a link to a file outside the data folder"),
])
def test_a_file_that_cannot_be_read_is_named(data, tmp_path, damage, words):
    path = data / "places.csv"
    if damage == "delete":
        path.unlink()
    elif damage == "directory":
        path.unlink()
        path.mkdir()
    else:
        outside = tmp_path / "elsewhere.csv"
        shutil.copy(path, outside)
        path.unlink()
        path.symlink_to(outside)
    result = load(data)
    assert f"data/places.csv: {words}" in messages(result)
    assert len(result.dataset.stations) == 3  # the rest is served (unplaced)


def test_unreadable_file_is_reported_not_raised(data, refuse_to_open):
    """Root ignores file modes, so simulate the open failing as it does for another user (the real thing,
    as an ordinary user, is in test_unreadable_data.py)."""
    refuse_to_open({"batches.csv", "article-one.txt"}, PermissionError(13, "Permission denied"))
    result = load(data)
    text = messages(result)
    assert "data/batches.csv: error: cannot be read: permission denied" in text
    assert "'sources/article-one.txt' cannot be read: permission denied" in text


def test_a_file_that_vanishes_while_read_is_named(data, refuse_to_open):
    refuse_to_open({"places.csv"}, FileNotFoundError(2, "No such file"))
    result = load(data)
    assert "data/places.csv: error: file is missing" in messages(result)
    assert result.dataset.stations  # the rest is served


def test_problem_text_never_carries_terminal_escapes():
    problem = Problem("stations.csv", 1, "\x1b[31mred\x1b[0m", "unknown column \x1b]0;title\x07")
    text = str(problem)
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b[31mred" in text


def test_validate_prints_header_escape_codes_inert(data, capsys):
    path = data / "batches.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary", "summary,\x1b[2Jboom", 1), encoding="utf-8")
    code = cli_main(["validate", "--data", str(data)])
    err = capsys.readouterr().err
    assert code == 1
    assert "\x1b" not in err and "\\x1b[2Jboom" in err


def test_a_stray_quote_that_swallows_a_station_is_named_with_where_it_began(data):
    """Rome's notes open a quote; the quote opening Lesotho's notes on the next line closes it. The csv
    module reads both lines as Rome's row (Lesotho's row inside Rome's notes): the loader says so."""
    path = data / "stations.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    .replace("Qingtian,first,\n", "Qingtian,first,\"Rome's desk\n")
                    .replace("first,Only the country is known.", "first,\"Only the country is known.\""),
                    encoding="utf-8")
    result = load(data)
    assert ("data/stations.csv:3: column 'notes': error: a quoted cell begins here (line 3, character 43) and runs "
            "on to line 4, where a quote that seems to open a cell closes it: a quote (\") is probably missing on "
            "line 3 (or there is one too many); lines 3–4 were read as one row, which is skipped") in messages(result)
    assert set(result.dataset.stations) == {"es-barcelona"}  # the two swallowed stations are named, not kept
