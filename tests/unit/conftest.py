"""Shared fixtures for the unit tests: a fresh copy of the tiny dataset to break one way at a time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    return target


DESK_STATIONS = [  # (station_id, label, city, country): the places the desk's fixture pages name
    ("es-madrid-1", "Madrid #1 (Fuzhou)", "Madrid", "ES"), ("es-madrid-2", "Madrid #2 (Fuzhou)", "Madrid", "ES"),
    ("es-madrid-3", "Madrid #3 (Qingtian)", "Madrid", "ES"), ("hu-budapest-1", "Budapest #1", "Budapest", "HU"),
    ("hu-budapest-2", "Budapest #2", "Budapest", "HU"), ("ro-dobroesti-1", "Dobroești (Nantong)", "Dobroești", "RO"),
    ("it-milan-1", "Milan #1", "Milan", "IT"), ("it-florence-1", "Florence", "Florence", "IT"),
    ("nl-amsterdam-1", "Amsterdam", "Amsterdam", "NL"), ("nl-rotterdam-1", "Rotterdam", "Rotterdam", "NL"),
    ("cz-prague-1", "Prague #1", "Prague", "CZ"), ("cz-prague-2", "Prague #2", "Prague", "CZ"),
    ("es-valencia-1", "Valencia", "Valencia", "ES"),
]


@pytest.fixture(scope="session")
def desk_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the desk's tests: the language model is unpacked there once per session."""
    return tmp_path_factory.mktemp("desk-cache")


@pytest.fixture
def desk_data(data: Path, desk_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The tiny dataset plus the stations the desk's fixture pages name, with Chinese names for Budapest.

    Commands run with STATIONMAP_CACHE_DIR set to a test folder, never the user's cache."""
    monkeypatch.setenv("STATIONMAP_CACHE_DIR", str(desk_cache))
    with (data / "stations.csv").open("a", encoding="utf-8") as handle:
        for sid, label, city, country in DESK_STATIONS:
            handle.write(f"{sid},{label},{city},,{country},city,unknown,first,\n")
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        for sid, *_ in DESK_STATIONS:
            handle.write(f"{sid}-listed,{sid},web-report,reported,Example News,journalists,,,Listed.,\n")
    (data / "place_names.csv").write_text(
        "station_id,zh_hans,zh_hant,search\nhu-budapest-1,布达佩斯,布達佩斯,布達佩斯 布达佩斯\n"
        "hu-budapest-2,布达佩斯,布達佩斯,布達佩斯 布达佩斯\nes-madrid-1,马德里,馬德里,馬德里 马德里\n",
        encoding="utf-8")
    return data


@pytest.fixture
def refuse_to_open(monkeypatch):
    """``refuse_to_open({"a.csv"}, PermissionError(13, "Permission denied"))``: opening files of those names
    fails with that error, as it does for another user or on a failing disk (root ignores file modes)."""
    real = os.open

    def install(names: set[str], error: OSError) -> None:
        def fake(path, flags, *args, **kwargs):
            if os.path.basename(os.fspath(path)) in names:
                raise error
            return real(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake)

    return install


@pytest.fixture
def editor_page(monkeypatch: pytest.MonkeyPatch):
    """``build(data_dir, address="127.0.0.1")``: the editor page (editor.py) as an AppTest on ``data_dir``,
    served on ``address`` (Streamlit's option, restored afterwards), with no editor token set."""
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    root = FIXTURE.parents[2]
    monkeypatch.delenv("STATIONMAP_EDITOR_TOKEN", raising=False)
    monkeypatch.chdir(root)
    before = config.get_option("server.address")

    def build(data_dir: Path, address: str | None = "127.0.0.1") -> AppTest:
        monkeypatch.setenv("STATIONMAP_DATA_DIR", str(data_dir))
        config.set_option("server.address", address)
        return AppTest.from_file(str(root / "editor.py"), default_timeout=30)

    yield build
    config.set_option("server.address", before)
