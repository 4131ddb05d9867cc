"""Building the folium map: a base map holding every placed station once, and a tiny per-view layer.

Why this shape:

- **Send the data once.** The base map embeds every placed station of the data version as compact
  columnar JSON; the browser builds a spatial index (supercluster) and creates DOM markers only for what
  is in view (``static/js/stationmap.js``). A filter or selection change sends only a *view*: a bitset of
  the visible stations and the selected id (``build_view_layer``), passed as ``feature_group_to_add``.
- **The view survives reruns.** streamlit-folium keys the component on the base map's script, which
  changes only with the data version or the tile setting, so pan and zoom survive filters and clicks.
- **Private by default.** The default basemap is drawn from files the app serves itself (Natural Earth
  shapes from ``world-atlas``, GeoNames city labels); third-party tiles are an explicit setting.
- **Safety.** The browser code sets every label with ``textContent``; the embedded JSON goes through
  ``json_for_script``. Popups are not used: the panel beside the map shows the details.
- **Selection by id.** A marker click hands streamlit-folium a feature with ``station_id`` and a click
  number (``clicked_station`` reads both), so every click counts and coordinates are never matched.
"""

from __future__ import annotations

import base64
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import folium
import numpy as np
import pandas as pd
import pycountry
from branca.element import MacroElement
from jinja2 import Template

from stationmap.records.models import Precision, Status
from stationmap.render.assets import AssetUrls
from stationmap.render.escaping import json_for_script, safe_url
from stationmap.render.evidence_html import PANEL_STYLES
from stationmap.render.i18n import DEFAULT, N_, country_name, full_stop, separator, translator
from stationmap.render.styles import STATUS_STYLES, symbol_svg
from stationmap.rules.queries import membership, placed
from stationmap.rules.vocabulary import STATUS_LABELS

STATUS_ORDER: tuple[Status, ...] = tuple(Status)
PRECISION_ORDER: tuple[Precision, ...] = tuple(Precision)
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                   "(tiles load from OpenStreetMap's servers)")
EMBEDDED_ATTRIBUTION = "Natural Earth · GeoNames (CC BY 4.0)"
MAX_ZOOM = 10  # city level is the finest this map shows; nothing to see closer
#: supercluster's options for the map's stations (stationmap.js; the app's index_worker.js builds with the same).
CLUSTER_OPTIONS = {"radius": 48, "maxZoom": MAX_ZOOM, "minPoints": 2}
#: Below this page width Streamlit stacks the columns, so the panel is under the map (the map says so on a tap).
STACKED_BELOW_PX = 640
TILE_CHOICES = ("embedded", "osm", "none")

#: Words the browser code shows (tooltips, accessible names, the legend's notes).
MAP_WORDS = {
    "contested": N_("contested"),
    "approximate": N_("place approximate"),
    "cluster_summary": N_("{count} stations: {counts}"),
    "open_cluster": N_("Press Enter to open"),
    "legend": N_("Legend"),
    "fit": N_("Zoom to matching stations"),
    "contested_legend": N_("dashed ring: contested (sources disagree)"),
    "approximate_legend": N_("faded: region or country only"),
    "panel_below": N_("Evidence below the map:"),
    "load_failed": N_("The stations could not be loaded. Reload the page to try again."),
    "evidence": N_("Evidence for the selected station"),
    "close": N_("Close the evidence and return to the map"),
    "hidden_selection": N_("{station} does not match the filters: the map shows the stations that do."),
}


@dataclass(frozen=True)
class MapPoint:
    station_id: str
    label: str
    city: str
    country: str
    lat: float
    lon: float
    status: Status
    contested: bool
    precision: Precision
    radius_km: float


@dataclass(frozen=True)
class TileSetting:
    url: str | None  # a tile URL template, or None
    attribution: str
    name: str  # embedded | osm | none | custom
    embedded: bool = False  # draw the app's own basemap (no tiles)


def parse_tiles(value: str | None, attribution: str | None = None) -> TileSetting:
    """``embedded`` (default), ``osm``, ``none``, or an http(s) URL template with {z}, {x} and {y}."""
    text = (value or "embedded").strip()
    if text.lower() == "embedded":
        return TileSetting(None, EMBEDDED_ATTRIBUTION, "embedded", embedded=True)
    if text.lower() == "osm":
        return TileSetting(OSM_URL, OSM_ATTRIBUTION, "osm")
    if text.lower() == "none":
        return TileSetting(None, "", "none")
    if safe_url(text.replace("{", "").replace("}", "")) is None:
        raise ValueError(f"STATIONMAP_TILES must be one of {', '.join(TILE_CHOICES)} or an http(s) URL "
                         f"template, not {text!r}")
    if not all(part in text for part in ("{z}", "{x}", "{y}")):
        raise ValueError("a custom STATIONMAP_TILES URL must contain {z}, {x} and {y}")
    if not attribution:
        raise ValueError("a custom STATIONMAP_TILES URL needs STATIONMAP_TILES_ATTRIBUTION (the tiles' credit)")
    return TileSetting(text, attribution, "custom")


def tiles_or_default(value: str | None, attribution: str | None = None) -> tuple[TileSetting, str | None]:
    """The tile setting to use and, when ``value`` was invalid, why it fell back to the embedded basemap."""
    try:
        return parse_tiles(value, attribution), None
    except ValueError as exc:
        return parse_tiles("embedded"), str(exc)


def map_points(frame: pd.DataFrame) -> list[MapPoint]:
    """The placed stations of a station frame, in frame order (the order the browser indexes them by)."""
    rows = placed(frame)
    return [MapPoint(sid, label, city, country, lat, lon, Status(status), bool(contested), Precision(precision),
                     float(radius))
            for sid, label, city, country, lat, lon, status, contested, precision, radius in zip(
                rows["station_id"], rows["label"], rows["city"], rows["country"], rows["lat"], rows["lon"],
                rows["status"], rows["contested"], rows["precision"], rows["radius_km"], strict=True)]


def station_data(points: Sequence[MapPoint]) -> dict[str, list]:
    """Every placed station as columns: compact, and the browser indexes it by position."""
    status_index = {status: i for i, status in enumerate(STATUS_ORDER)}
    precision_index = {precision: i for i, precision in enumerate(PRECISION_ORDER)}
    return {
        "id": [p.station_id for p in points],
        "lat": [round(p.lat, 4) for p in points],
        "lon": [round(p.lon, 4) for p in points],
        "s": [status_index[p.status] for p in points],
        "p": [precision_index[p.precision] for p in points],
        "c": [int(p.contested) for p in points],
        "r": [round(p.radius_km, 1) for p in points],
        "label": [p.label for p in points],
        "place": [", ".join(part for part in (p.city, p.country) if part) for p in points],
    }


def map_config(tiles: TileSetting, assets: AssetUrls, language: str = DEFAULT) -> dict:
    """What the browser code needs besides the stations: styles, words and names in ``language``, basemap files."""
    tr = translator(language)
    return {
        "max_zoom": MAX_ZOOM,
        "cluster": CLUSTER_OPTIONS,
        "min_zoom": 0,  # a phone sees the whole world at once
        "panel_below_under": STACKED_BELOW_PX,
        "language": language,  # picks the basemap's city labels (static/basemap/cities.json) in the browser
        "basemap": tiles.embedded,
        "attribution": tiles.attribution if tiles.embedded else "",
        "countries_url": assets.countries_json,
        "cities_url": assets.cities_json,
        "country_names": basemap_country_names(language),
        "symbols": _symbol_table(),
        "status_labels": [tr(STATUS_LABELS[s]) for s in STATUS_ORDER],
        "status_colours": [STATUS_STYLES[s].colour for s in STATUS_ORDER],
        "words": {key: tr(text) for key, text in MAP_WORDS.items()},
        # Punctuation the browser puts between words it joins (tooltips, a cluster's accessible name).
        "punctuation": {"separator": separator(language), "stop": full_stop(language)},
        "panel_css": PANEL_STYLES,
    }


def basemap_country_names(language: str) -> dict[str, str]:
    """Country labels for the basemap, keyed like world-atlas (ISO 3166 numeric), in ``language``."""
    return {country.numeric: country_name(country.alpha_2, language) for country in pycountry.countries}


class StationScript(MacroElement):
    """The base map's one script: draw the basemap, load every station once, furnish the map.

    The stations are embedded (``data_json``) or, when the server has a route for them, fetched once from
    ``data_url``; a view that arrives before them waits (``StationMap.view``). With ``panels`` (``{"url",
    "shard"}``: the panel feed of this data version and language) a picked station's evidence shows in the map
    at once (``static/js/panel.js``), before the app's rerun catches up.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var config = {{ this.config_json }};
  map.setMinZoom(config.min_zoom);
  map.setMaxZoom(config.max_zoom);
  if (config.attribution) map.attributionControl.addAttribution(config.attribution);
  if (config.basemap) StationMap.basemap(map, config);
  var bounds = {{ this.bounds_json }};
  if (bounds) map.fitBounds(bounds, {maxZoom: 4, animate: false});
  var clickLayer = L.featureGroup().addTo(map);  // on the map now, so streamlit-folium hears its clicks
  // The app draws the rest of its page once the map says it has drawn (stationmap/ui/first_screen.py).
  function drawn() { StationMap.reportDrawn(clickLayer); }
  function start(data) {
    var controller = StationMap.stations(map, config, data, clickLayer);
    controller.ondrawn = drawn;
    StationMap.furnish(map, config, controller);
    var panels = {{ this.panels_json }};  // the evidence panels, shown in the map the moment a marker is picked
    if (panels) {
      StationMap.panels(map, config, controller, StationMap.shardedPanels(panels.url, panels.shard, data.id.length));
    }
    StationMap.attach(controller);
  }
  // Drawn once the frame's style sheets have come too (the drawer and the markers are laid out by them).
{% if this.data_url_json %}
  var stations = StationMap.fetchStations({{ this.data_url_json }}, config.cluster);
  Promise.all([stations, StationMap.stylesReady()]).then(function (both) {
    start(both[0]);
  }).catch(function (error) {
    StationMap.failed(map, config, error);
    drawn();  // no stations to wait for: the rest of the page comes now
  });
{% else %}
  StationMap.stylesReady().then(function () { start({{ this.data_json }}); });
{% endif %}
})();
{% endmacro %}
""")

    def __init__(self, payload: StationPayload, data_url: str | None = None, panels: Mapping | None = None) -> None:
        super().__init__()
        self._name = "StationScript"
        self.data_json, self.config_json, self.bounds_json = payload
        self.data_url_json = json_for_script(data_url) if data_url else ""
        self.panels_json = json_for_script(dict(panels) if panels else None)


class StationPayload(NamedTuple):
    """The base map's data as ready JSON: built once per data version, reused by every map built from it."""

    data_json: str
    config_json: str
    bounds_json: str


def station_payload(points: Sequence[MapPoint], config: Mapping) -> StationPayload:
    return StationPayload(json_for_script(station_data(points)), json_for_script(dict(config)),
                          json_for_script(_bounds(points)))


def _bounds(points: Sequence[MapPoint]) -> list[list[float]] | None:
    if not points:
        return None
    lats, lons = [p.lat for p in points], [p.lon for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build_base_map(tiles: TileSetting, assets: AssetUrls, payload: StationPayload,
                   data_url: str | None = None, panels: Mapping | None = None,
                   script_bundle: str | None = None) -> folium.Map:
    """A new map holding one data version. Same inputs, same script: streamlit-folium does not remount.

    With ``data_url`` the script fetches the stations from there instead of carrying them; ``panels`` names
    where their evidence panels are fetched (``StationScript``); ``script_bundle`` is one file holding all of
    ``assets.scripts`` (``stationmap.render.script_bundle``), loaded instead of them.

    Built anew on each call because streamlit-folium adds the view layer to the map object it is given.
    """
    base = folium.Map(location=[30.0, 10.0], zoom_start=2, tiles=None, control_scale=True,
                      max_zoom=MAX_ZOOM, min_zoom=0, world_copy_jump=False)
    # Only self-hosted assets: replaces folium's CDN defaults (Leaflet, jQuery, Bootstrap, Font Awesome...).
    scripts = (script_bundle,) if script_bundle else assets.scripts
    base.default_js = [(f"sm_js_{i}", url) for i, url in enumerate(scripts)]
    base.default_css = [(f"sm_css_{i}", url) for i, url in enumerate(assets.styles)]
    if tiles.url is not None:
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name=tiles.name, max_zoom=MAX_ZOOM).add_to(base)
    base.add_child(StationScript(payload, data_url, panels))
    return base


class ViewScript(MacroElement):
    """Apply one view (visible stations, selection) to the stations the base map already holds."""

    _template = Template("""
{% macro script(this, kwargs) %}
StationMap.view({{ this.view_json }});
{% endmacro %}
""")

    def __init__(self, mask: str | None, selected: str | None) -> None:
        super().__init__()
        self._name = "ViewScript"
        self.view_json = json_for_script({"mask": mask, "selected": selected, "focus": selected is not None})


def build_view_layer(mask: str | None, selected: str | None) -> folium.FeatureGroup:
    """The feature group streamlit-folium adds to the base map (``feature_group_to_add``): a few bytes."""
    group = folium.FeatureGroup(name="View", control=False)
    group.add_child(ViewScript(mask, selected))
    return group


def visibility_mask(order: pd.Index, shown_ids: Iterable[str]) -> str | None:
    """Base64 bitset over the base map's station order (bit i of byte i//8 = station i); None when all show.

    ``order`` is the base map's station ids in order (a pandas Index: the lookup is vectorised, a few
    milliseconds at 100,000 stations)."""
    bits = membership(order, shown_ids)
    if bits.all():
        return None
    return base64.b64encode(np.packbits(bits, bitorder="little").tobytes()).decode("ascii")


def _symbol_table() -> dict[str, str]:
    """Every (status, precision, contested) symbol, keyed like the browser code looks them up."""
    table = {}
    for s, status in enumerate(STATUS_ORDER):
        for p, precision in enumerate(PRECISION_ORDER):
            for contested in (0, 1):
                table[f"{s}|{p}|{contested}"] = str(symbol_svg(status, contested=bool(contested),
                                                               faded=precision is not Precision.CITY))
    return table


def clicked_station(state: Mapping | None, known_ids: Collection[str]) -> tuple[str, int] | None:
    """(station id, click number) of the last marker click in st_folium's returned state, if any."""
    if not isinstance(state, Mapping):
        return None
    drawing = state.get("last_active_drawing")
    if not isinstance(drawing, Mapping):
        return None
    properties = drawing.get("properties")
    if not isinstance(properties, Mapping):
        return None
    station_id, click = properties.get("station_id"), properties.get("click", 0)
    if not isinstance(station_id, str) or station_id not in known_ids or not isinstance(click, int):
        return None
    return station_id, click
