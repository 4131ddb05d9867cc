"""AppTest fixtures: run the real app.py against a data directory chosen per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stationmap.ui.first_screen import MAP_SEEN

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


@pytest.fixture
def make_app(monkeypatch):
    """Build an AppTest for app.py serving ``data_dir`` (tiles off: tests never reach out)."""

    def build(data_dir: Path, **query) -> AppTest:
        monkeypatch.setenv("STATIONMAP_DATA_DIR", str(data_dir))
        monkeypatch.setenv("STATIONMAP_TILES", "none")
        monkeypatch.chdir(ROOT)
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        # As a session whose map has drawn once: its first run of the Map page would stop after the map and
        # wait for the map's report, which only a browser sends (stationmap.ui.first_screen; test_first_screen).
        app.session_state[MAP_SEEN] = True
        for name, value in query.items():
            app.query_params[name] = value
        return app

    return build


def map_view(app: AppTest) -> dict:
    """The view the Map page hands its map in the last run (``StationMap.view`` in the map's feature group)."""
    import json
    import re

    (component,) = app.get("component_instance")
    script = json.loads(component.proto.json_args)["feature_group"]
    (view,) = re.findall(r"StationMap\.view\((\{.*?\})\);", script)
    return json.loads(view)
