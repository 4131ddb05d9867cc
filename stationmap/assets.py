"""Leaflet and Leaflet.markercluster, served by the app itself from pip-installed XStatic packages.

Privacy: the map must not fetch scripts or styles from a CDN. Streamlit serves ``<app>/static/`` at
``/app/static/`` (``server.enableStaticServing``) with proper MIME types, so the files are copied there
from the XStatic packages at start-up (idempotent, atomic), versioned by package version.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

URL_ROOT = "/app/static/vendor"

_PACKAGES = {
    f"leaflet-{xleaflet.VERSION}": (Path(xleaflet.BASE_DIR), ("leaflet.js", "leaflet.css", "images")),
    f"leaflet.markercluster-{xcluster.VERSION}": (
        Path(xcluster.BASE_DIR), ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")),
}


@dataclass(frozen=True)
class AssetUrls:
    leaflet_js: str
    leaflet_css: str
    cluster_js: str
    cluster_css: tuple[str, ...]


def asset_urls() -> AssetUrls:
    leaflet, cluster = (f"{URL_ROOT}/{name}" for name in _PACKAGES)
    return AssetUrls(f"{leaflet}/leaflet.js", f"{leaflet}/leaflet.css", f"{cluster}/leaflet.markercluster.js",
                     (f"{cluster}/MarkerCluster.css", f"{cluster}/MarkerCluster.Default.css"))


def ensure_assets(static_dir: Path) -> AssetUrls:
    """Copy the vendored files under ``static_dir/vendor`` if missing; return their URLs."""
    vendor = static_dir / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    for name, (source, files) in _PACKAGES.items():
        target = vendor / name
        if all((target / f).exists() for f in files):
            continue
        staging = Path(tempfile.mkdtemp(dir=vendor, prefix=f".{name}-"))
        for file in files:
            if (source / file).is_dir():
                shutil.copytree(source / file, staging / file)
            else:
                shutil.copy2(source / file, staging / file)
        try:
            os.rename(staging, target)  # atomic: a concurrent start-up either wins or finds it complete
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not all((target / f).exists() for f in files):
                raise
    return asset_urls()
