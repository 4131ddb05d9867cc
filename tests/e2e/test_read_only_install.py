"""The app runs from an installation it cannot write to: nothing is copied or written into its folder."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from scripts.app_server import ROOT, AppServer

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
        frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
        frame.wait_for(timeout=30_000)
        content = frame.element_handle().content_frame()
        content.wait_for_function("() => document.querySelectorAll('.sm-halo').length === 1", timeout=30_000)
        for url in ("stations", "sources", "methodology"):
            page.goto(f"{server.url}/{url}")
            page.wait_for_selector('[data-testid="stAppViewContainer"]')
        assert page.watch.errors == []
    finally:
        server.stop()
        for path in [install, *install.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert _snapshot(install) == before
