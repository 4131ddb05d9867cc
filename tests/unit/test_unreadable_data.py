"""Data the app's user may not read, tested as an ordinary user (root reads every file whatever its mode).

Each case copies the tiny fixture into a folder an ordinary user can reach, takes a permission away, and
runs the loader, ``validate`` and the page-load change check in a child process as that user: a named
problem (file and why, no traceback), and the rest of the data still served. (The pages: tests/app.)
"""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from stationmap.cli import main as cli_main
from stationmap.records.loading import load_dataset
from stationmap.ui.data import data_signature
from tests.guards import call_as_ordinary_user, shared_tmp_dir

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"
DENIED = "cannot be read: permission denied (check the file's permissions)"



def load(base: str) -> dict:
    result = load_dataset(Path(base) / "site" / "data", display_root=Path(base) / "site")
    return {"problems": [str(p) for p in result.problems], "unreadable": [str(p) for p in result.unreadable],
            "stations": sorted(result.dataset.stations)}


def validate(base: str) -> tuple[int, str]:
    os.chdir(base)  # messages name files from the working folder
    with redirect_stderr(io.StringIO()) as err:
        code = cli_main(["validate", "--data", "site/data"])
    return code, err.getvalue()


@pytest.fixture(scope="module", autouse=True)
def imports_done_as_root():
    """The child cannot import what lives where only root may read (the interpreter's own library under
    /root): run everything once here, so every module it needs is loaded before the fork."""
    with shared_tmp_dir() as base:
        shutil.copytree(FIXTURE, base / "site" / "data")
        load(str(base))
        data_signature(base / "site" / "data")
        cwd = os.getcwd()
        try:
            validate(str(base))
        finally:
            os.chdir(cwd)


@pytest.fixture
def site():
    with shared_tmp_dir() as base:
        shutil.copytree(FIXTURE, base / "site" / "data")
        yield base


def load_as_user(base: Path) -> dict:
    return call_as_ordinary_user(load, str(base))


def validate_as_user(base: Path) -> tuple[int, str]:
    code, err = call_as_ordinary_user(validate, str(base))
    assert "Traceback" not in err, err
    return code, err


def signature_as_user(base: Path) -> list:
    return call_as_ordinary_user(lambda: data_signature(base / "site" / "data"))


def test_the_control_case_loads_everything(site):
    assert load_as_user(site)["problems"] == []
    assert len(signature_as_user(site)) == 6  # five tables and one source text


@pytest.mark.parametrize("locked, expected", [
    ("site/data", "data: error: the data folder cannot be opened: permission denied (the user the app runs as "
                  "needs to read it)"),
    ("site", "data: error: the data folder cannot be reached: permission denied (check the permissions of the "
             "folders above it)"),
])
def test_a_data_folder_the_user_may_not_open_is_one_named_problem(site, locked, expected):
    (site / locked).chmod(0)
    loaded = load_as_user(site)
    assert loaded["problems"] == [expected] and loaded["unreadable"] == [expected]
    assert loaded["stations"] == []
    signature_as_user(site)  # the change check does not raise either
    code, err = validate_as_user(site)
    assert code == 1
    assert expected.replace("data:", "site/data:", 1) in err


def test_a_table_the_user_may_not_read_is_named_and_the_rest_still_loads(site):
    (site / "site" / "data" / "places.csv").chmod(0)
    loaded = load_as_user(site)
    assert loaded["unreadable"] == [f"data/places.csv: error: {DENIED}"]
    assert loaded["stations"] == ["es-barcelona", "it-rome", "ls-lesotho"]  # served, unplaced
    code, err = validate_as_user(site)
    assert code == 1 and f"site/data/places.csv: error: {DENIED}" in err


def test_a_sources_folder_the_user_may_not_enter_names_the_text(site):
    (site / "site" / "data" / "sources").chmod(0)
    loaded = load_as_user(site)
    expected = (f"data/sources.csv:2: column 'text_path': error: file 'sources/article-one.txt' {DENIED}; "
                "row skipped")
    assert expected in loaded["problems"] and loaded["unreadable"] == [expected]
    assert "ls-lesotho" in loaded["stations"]  # backed by the other source


def test_an_optional_file_the_user_may_not_read_is_named_not_skipped_silently(site):
    names = site / "site" / "data" / "place_names.csv"
    names.write_text("station_id,zh_hans,zh_hant,search\nit-rome,罗马,羅馬,\n", encoding="utf-8")
    names.chmod(0)
    assert load_as_user(site)["unreadable"] == [f"data/place_names.csv: error: {DENIED}"]
