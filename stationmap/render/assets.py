"""The browser files the app serves itself: vendored libraries, the basemap data and our map script.

Privacy: the map must not fetch anything from a CDN or tile server by default. Everything lives in the
repository's ``static/`` folder (vendored at pinned versions by ``scripts/vendor_assets.py``, checked against
``static/vendor/manifest.json``) and Streamlit serves it at ``/app/static/`` (``server.enableStaticServing``).
Nothing is copied or written at run time, so the app runs from a read-only installation.
"""

from __future__ import annotations

from dataclasses import dataclass

STATIC_URL = "/app/static"


@dataclass(frozen=True)
class AssetUrls:
    leaflet_js: str
    leaflet_css: str
    supercluster_js: str
    topojson_js: str
    gesture_js: str
    gesture_css: str
    stationmap_js: str
    panel_js: str
    stationmap_css: str
    countries_json: str
    cities_json: str

    @property
    def scripts(self) -> tuple[str, ...]:
        """Scripts in load order (each after the ones it needs)."""
        return (self.leaflet_js, self.supercluster_js, self.topojson_js, self.gesture_js, self.stationmap_js,
                self.panel_js)

    @property
    def styles(self) -> tuple[str, ...]:
        return (self.leaflet_css, self.gesture_css, self.stationmap_css)


def asset_urls(root: str = STATIC_URL) -> AssetUrls:
    """URLs under ``root``: the app's static route, or a relative folder in a published site."""
    vendor = f"{root}/vendor"
    return AssetUrls(
        leaflet_js=f"{vendor}/leaflet-1.9.4/leaflet.js",
        leaflet_css=f"{vendor}/leaflet-1.9.4/leaflet.css",
        supercluster_js=f"{vendor}/supercluster-8.0.1/supercluster.min.js",
        topojson_js=f"{vendor}/topojson-client-3.1.0/topojson-client.min.js",
        gesture_js=f"{vendor}/leaflet-gesture-handling-1.2.2/leaflet-gesture-handling.min.js",
        gesture_css=f"{vendor}/leaflet-gesture-handling-1.2.2/leaflet-gesture-handling.min.css",
        stationmap_js=f"{root}/js/stationmap.js",
        panel_js=f"{root}/js/panel.js",
        stationmap_css=f"{root}/js/stationmap.css",
        countries_json=f"{vendor}/world-atlas-2.0.2/countries-50m.json",
        cities_json=f"{root}/basemap/cities.json",
    )
