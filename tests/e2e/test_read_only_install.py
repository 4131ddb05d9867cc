"""The app runs from an installation it cannot write to: nothing is copied or written into its folder."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from scripts.app_server import ROOT, AppServer
from tests.e2e.conftest import map_frame, settled

pytestmark = pytest.mark.e2e
PARTS = ("serve.py", "app.py", "app_pages", "stationmap", "geocoding", "static", ".streamlit", "data")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if "__pycache__" not in p.parts}


def test_app_serves_from_a_read_only_copy_and_writes_nothing_there(page, tmp_path):
    install = tmp_path / "install"
    install.mkdir()
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, install / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, install / part)
    for path in [install, *install.rglob("*")]:  # no write bit anywhere (root could still write: we also compare)
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _snapshot(install)
    server = AppServer(install / "data", tmp_path / "server.log", tiles=None, root=install,
                       extra_env={"PYTHONPATH": str(install), "PYTHONDONTWRITEBYTECODE": "1",
                                  "STATIONMAP_CACHE_DIR": str(tmp_path / "cache")})
    try:
        page.goto(f"{server.url}/?station=es-barcelona-1")
        map_frame(page, "() => document.querySelectorAll('.sm-halo').length === 1")
        for url in ("stations", "sources", "methodology"):
            page.goto(f"{server.url}/{url}")
            settled(page)  # the page's run has finished: whatever it would write is written
        assert page.watch.errors == []
    finally:
        server.stop()
        for path in [install, *install.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert _snapshot(install) == before
