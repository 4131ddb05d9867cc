"""Publish the map as a static site: any web server, CDN or ``file://`` serves it to any number of readers.

The site reuses what the app uses: the same vendored Leaflet, supercluster and basemap files, the same
browser code (``static/js/stationmap.js``), the same symbols and words, and the same panel HTML built by
``stationmap.render.evidence_html`` (escaped by construction) — embedded through ``json_for_script``. Basemap data is
written as small script files, because browsers refuse ``fetch`` from ``file://``. The site is written to a
temporary folder beside the target and moved into place at the end, so a failed run never leaves half a site;
where it may go, and how it replaces an old site, is :mod:`stationmap.outputs.site_folder`'s job.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from stationmap.changelog.site import PAGE as CHANGES_PAGE
from stationmap.changelog.site import write_changes_pages
from stationmap.changelog.versions import Changelog, load_changelog
from stationmap.image import DEFAULT_SIZE, ImageError, ImageOptions, describe, render
from stationmap.outputs.site_folder import PublishRefused, check_target, swap_into_place, write_marker
from stationmap.outputs.site_languages import (
    BACK_TO_MAP,
    CHANGES,
    METHODOLOGY,
    Page,
    dates,
    language_head,
    language_nav,
)
from stationmap.records.loading import LoadResult
from stationmap.records.models import Status
from stationmap.render.assets import asset_urls
from stationmap.render.citation import LICENCE_TEXT, TITLE
from stationmap.render.escaping import json_for_script
from stationmap.render.evidence_html import station_panel_html
from stationmap.render.folium_map import STATUS_ORDER, map_config, map_points, parse_tiles, station_data
from stationmap.render.i18n import DEFAULT, HTML_LANG, LANGUAGES, N_, translator
from stationmap.render.page_meta import map_frame_name, page_title
from stationmap.render.station_feed import PANEL_SHARD
from stationmap.render.styles import legend_html
from stationmap.rules.methodology import coverage_html, methodology_markdown
from stationmap.rules.queries import Filters, apply_filters, station_frame
from stationmap.rules.vocabulary import status_label
from stationmap.settings import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
SITE_STATIC = "static"  # the assets' folder inside the published site (relative URLs work from file://)
COUNTRIES_GLOBAL, CITIES_GLOBAL = "SM_COUNTRIES", "SM_CITIES"
#: The basemap as script files under SITE_STATIC (browsers refuse fetch from file://): they set the globals above.
BASEMAP_SCRIPTS = ("basemap/countries.js", "basemap/cities.js")
VENDORED = ("vendor/leaflet-1.9.4", "vendor/supercluster-8.0.1", "vendor/topojson-client-3.1.0",
            "vendor/leaflet-gesture-handling-1.2.2", "js")


@dataclass(frozen=True)
class Published:
    stations: int
    size_bytes: int


def publish_site(result: LoadResult, out_dir: Path, *, as_of: dt.date | None = None,
                 statuses: Collection[Status] = (), countries: Collection[str] = (),
                 data_dir: Path | None = None, site_url: str | None = None) -> Published:
    """Write the site for ``result``'s dataset (as of a date, filtered) to ``out_dir``, atomically.

    ``out_dir`` must be absent, empty, or a site published here before (:func:`check_target`), and never the
    ``data_dir`` read, inside it or around it; the view must select at least one station
    (:func:`check_view`). Otherwise :class:`PublishRefused` is raised before anything is written. ``site_url``
    (where the site will be served) makes the link preview's addresses absolute, as social networks want them.
    """
    dataset = result.dataset
    out_dir = Path(out_dir).resolve()
    check_target(out_dir, data_dir)
    whole = station_frame(dataset, as_of)
    frame = apply_filters(whole, Filters(statuses=frozenset(statuses), countries=frozenset(countries)))
    check_view(dataset, whole, frame, statuses=statuses, countries=countries, as_of=as_of)
    points = map_points(frame)
    filters = Filters(frozenset(statuses), frozenset(countries))
    version = dataset.data_as_of
    changelog = load_changelog(data_dir, dataset) if data_dir is not None else Changelog()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        _copy_assets(staging)
        inline = len(points) <= INLINE_STATIONS
        if not inline:
            _write_stations_script(staging, points)
        for language in LANGUAGES:
            page = Page(language)
            folder = staging / page.folder if page.folder else staging
            folder.mkdir(exist_ok=True)
            urls = asset_urls(page.up + SITE_STATIC)
            if not inline:
                _write_panel_shards(folder, dataset, points, as_of, language)
            payload = _payload(dataset, points, urls, as_of, page, inline)
            preview = _write_preview(folder, frame, version, as_of, filters, language,
                                     site_url=page.url(site_url))
            (folder / "index.html").write_text(_index_html(payload, urls, version, as_of, preview, page),
                                               encoding="utf-8")
            (folder / "methodology.html").write_text(_methodology_html(dataset, version, page), encoding="utf-8")
            write_changes_pages(folder, dataset, changelog, version, page)
        staging.chmod(0o755)
        size = write_marker(staging, version=version, as_of=as_of, statuses=statuses, countries=countries,
                             stations=len(points))
        check_target(out_dir, data_dir)  # again: the folder may have changed while the site was written
        swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Published(len(points), size)


#: Up to this many stations a page carries its stations and panels (one file, as small sites always were);
#: above it, the stations are two columnar script files shared by the languages, and each language's panels are
#: script files of PANEL_SHARD stations, loaded when a station is opened (index.html stays small, a reader
#: downloads what the first view needs). Script files, not fetch: browsers refuse fetch from file://.
INLINE_STATIONS = 2_000
#: What the map draws and filters on (MAP_COLUMNS), loaded by the page before its script runs ...
STATIONS_SCRIPT = "data/stations.js"
#: ... and the names (NAME_COLUMNS: only tooltips, markers' accessible names and ``#station=`` need them),
#: loaded after the first paint, so the first map waits for the coordinates alone.
NAMES_SCRIPT = "data/names.js"
NAME_COLUMNS = ("id", "label", "place")
MAP_COLUMNS = ("lat", "lon", "s", "p", "c", "r")
PANELS_FOLDER = "panels"


def _payload(dataset, points, urls, as_of: dt.date | None, page: Page, inline: bool) -> dict:
    """What a language's page script needs: map settings and words in that language, where the basemap's script
    files are (loaded after the first paint), and the stations and panels themselves or (not ``inline``: a large
    site) where their script files are."""
    language = page.language
    config = map_config(parse_tiles("embedded"), urls, language)
    config.update(countries_global=COUNTRIES_GLOBAL, cities_global=CITIES_GLOBAL,
                  panel_below_under=SITE_STACKED_BELOW_PX)
    payload = {"config": config,
               "statuses": [{"value": s.value, "label": status_label(s, language)} for s in STATUS_ORDER],
               "basemap_scripts": [f"{page.up}{SITE_STATIC}/{name}" for name in BASEMAP_SCRIPTS]}
    if not inline:
        payload.update(stations_script=page.up + STATIONS_SCRIPT, names_script=page.up + NAMES_SCRIPT,
                       panel_shards={"url": f"{PANELS_FOLDER}/", "shard": PANEL_SHARD})
        return payload
    payload.update(
        stations=station_data(points),
        panels={p.station_id: str(station_panel_html(dataset, p.station_id, as_of, language, with_css=False))
                for p in points})
    return payload


def split_station_data(points) -> tuple[dict[str, list], dict[str, list]]:
    """Every station as columns (:func:`station_data`), split into what the first map needs (MAP_COLUMNS; whole
    numbers written without ".0") and the names (NAME_COLUMNS), both by the same position."""
    columns = station_data(points)
    names = {key: columns.pop(key) for key in NAME_COLUMNS}
    columns["r"] = [int(r) if r == int(r) else r for r in columns["r"]]
    return columns, names


def _write_stations_script(site: Path, points) -> None:
    """The stations' two script files (:func:`split_station_data`), shared by all the languages' pages."""
    columns, names = split_station_data(points)
    for name, variable, body in ((STATIONS_SCRIPT, "SM_STATIONS", columns), (NAMES_SCRIPT, "SM_NAMES", names)):
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"window.{variable}={json_for_script(body)};\n", encoding="utf-8")


def _write_panel_shards(folder: Path, dataset, points, as_of: dt.date | None, language: str) -> None:
    """A language's panels as script files of :data:`PANEL_SHARD` stations by position (the same layout in
    every language), each calling ``StationMap.panelShard(shard, {first, panels})`` (static/js/panel.js)."""
    shards = folder / PANELS_FOLDER
    shards.mkdir()
    for shard, first in enumerate(range(0, len(points), PANEL_SHARD)):
        panels = [str(station_panel_html(dataset, p.station_id, as_of, language, with_css=False))
                  for p in points[first:first + PANEL_SHARD]]
        body = json_for_script({"first": first, "panels": panels})
        (shards / f"{shard}.js").write_text(f"StationMap.panelShard({shard},{body});\n", encoding="utf-8")


def _copy_assets(site: Path) -> None:
    for folder in VENDORED:
        shutil.copytree(STATIC / folder, site / SITE_STATIC / folder)
    basemap = site / SITE_STATIC / "basemap"
    basemap.mkdir(parents=True)
    sources = (STATIC / "vendor" / "world-atlas-2.0.2" / "countries-50m.json", STATIC / "basemap" / "cities.json")
    for name, variable, source in zip(BASEMAP_SCRIPTS, (COUNTRIES_GLOBAL, CITIES_GLOBAL), sources, strict=True):
        data = source.read_text(encoding="utf-8").strip()
        (site / SITE_STATIC / name).write_text(f"window.{variable}={data};\n", encoding="utf-8")
    shutil.copy(STATIC / "vendor" / "world-atlas-2.0.2" / "LICENSE", basemap / "LICENSE-world-atlas")


def unknown_countries(dataset, countries: Collection[str]) -> str | None:
    """Why ``countries`` (``--country`` codes) name a country without stations, or ``None`` when they do not."""
    present = sorted({station.country for station in dataset.stations.values()})
    unknown = sorted(set(countries) - set(present))
    if not unknown:
        return None
    return (f"no station in --country {', '.join(unknown)}; the data has stations in "
            f"{', '.join(present) or 'no country'} (ISO 3166-1 codes, e.g. GB for the United Kingdom)")


def check_view(dataset, whole, frame, *, statuses: Collection[Status], countries: Collection[str],
               as_of: dt.date | None) -> None:
    """Refuse an unknown ``--country`` and a view that selects no station, naming the valid choices.

    ``whole`` is every station as of ``as_of``; ``frame`` the stations the filters keep. A country is known
    when the data has a station there (``UK`` is not: the ISO code is ``GB``, and the message lists them).
    """
    unknown = unknown_countries(dataset, countries)
    if unknown:
        raise PublishRefused(unknown)
    if len(frame):
        return
    asked = [f"--status {', '.join(sorted(str(s) for s in statuses))}" if statuses else "",
             f"--country {', '.join(sorted(countries))}" if countries else "",
             f"--as-of {as_of.isoformat()}" if as_of else ""]
    there = whole[whole["country"].isin(set(countries))] if countries and len(whole) else whole
    shown = sorted(set(there["status"])) if len(there) else []
    scope = f" in {', '.join(sorted(countries))}" if countries else ""
    raise PublishRefused(f"the view {' '.join(a for a in asked if a) or '(everything)'} selects no station "
                         f"(statuses{scope}{' then' if as_of else ''}: {', '.join(shown) or 'none'}); "
                         "choose another view")


#: Below this page width the map's evidence drawer is a bottom sheet (stationmap.css says the same).
SITE_STACKED_BELOW_PX = 700
PAGE_CSS = """
* { box-sizing: border-box; }
html, body { height: 100%; }
body { margin: 0; display: flex; flex-direction: column; font: 15px/1.45 system-ui, -apple-system, "Segoe UI",
       "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #222; }
header { padding: 6px 10px; border-bottom: 1px solid #ddd; flex: none; }
header h1 { font-size: 1rem; margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
header p, header nav { margin: 0; font-size: .78rem; color: #555; }
header a { color: #1a4f8a; }
fieldset { border: none; margin: 3px 0 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 12px;
           font-size: .82rem; }
main { flex: 1; min-height: 300px; display: flex; }
#map { flex: 1; min-width: 0; height: auto !important; }  /* fills main, whatever furnish() set */
"""

PAGE_SCRIPT = """
(function () {
  "use strict";
  var payload = JSON.parse(document.getElementById("sm-data").textContent);
  var config = payload.config;
  /* A small site carries its stations and panels. A large one has the stations' map columns in a script file
     loaded by the page (a script tag, so the browser fetches it beside the others), their names in another
     loaded after the first paint, and each panel shard's script file loaded when a station in it is opened. */
  var stations = payload.stations || window.SM_STATIONS;
  if (stations) start(stations);
  else document.getElementById("map").textContent = config.words.load_failed;

  function start(data) {
    var n = data.lat.length;
    var panels = payload.panels ? StationMap.tablePanels(data.id, payload.panels)
      : StationMap.shardedPanels(payload.panel_shards.url, payload.panel_shards.shard, n, StationMap.scriptShard);
    var map = L.map("map", {minZoom: config.min_zoom, maxZoom: config.max_zoom, worldCopyJump: false});
    map.setView([30, 10], 2);
    map.attributionControl.addAttribution(config.attribution);
    map.getContainer().classList.add("sm-embedded");  // the sea's colour at once; the land follows (below)
    var controller = StationMap.stations(map, config, data);
    StationMap.furnish(map, config, controller);
    // The evidence shows in the map (a drawer, a bottom sheet in a narrow frame): in view even in an embed.
    var drawer = StationMap.panels(map, config, controller, panels);
    drawer.element.id = "panel";  // a stable hook for pages that embed or style the site
    StationMap.attach(controller);  // window.smStations, as in the app
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=status]"));

    /* Ids known once the names are here; until then a station in the address waits for them. */
    var known = null, waiting = [];
    function whenNamed(action) {
      if (known) action();
      else waiting.push(action);
    }
    function named(names) {
      known = {};
      names.id.forEach(function (id) { known[id] = true; });
      if (!data.id) controller.name(names);
      waiting.splice(0).forEach(function (action) { action(); });
    }
    function readHash() {
      var params = new URLSearchParams(location.hash.slice(1));
      var statuses = (params.get("status") || "").split(",").filter(Boolean);
      return checked({statuses: statuses, station: params.get("station")});
    }
    /* An id the data does not have selects nothing (checked when the names are known). */
    function checked(state) {
      var station = state.station && (!known || known.hasOwnProperty(state.station)) ? state.station : null;
      return {statuses: state.statuses, station: station};
    }
    /* The address names the view; replaceState, so a page that embeds the map keeps its own history. */
    function writeHash(state) {
      var params = new URLSearchParams();
      if (state.statuses.length) params.set("status", state.statuses.join(","));
      if (state.station) params.set("station", state.station);
      var text = params.toString().replace(/%2C/g, ",");
      if (location.hash.slice(1) !== text) {
        history.replaceState(history.state, "", text ? "#" + text : location.pathname + location.search);
      }
      carryHash(text);
    }
    /* The links to the other languages keep the view: the same statuses and station there. */
    var languageLinks = Array.prototype.slice.call(document.querySelectorAll("a.sm-language"));
    function carryHash(text) {
      languageLinks.forEach(function (a) {
        a.setAttribute("href", a.getAttribute("href").split("#")[0] + (text ? "#" + text : ""));
      });
    }
    function apply(state, focus) {
      boxes.forEach(function (box) { box.checked = state.statuses.indexOf(box.value) >= 0; });
      var wanted = state.statuses.map(function (v) { return config_status_index[v]; });
      var visible = null;  // every station
      if (wanted.length) {
        visible = new Array(n);
        for (var i = 0; i < n; i++) visible[i] = wanted.indexOf(data.s[i]) < 0 ? 0 : 1;
      }
      var station = known ? state.station : null;
      controller.show({visible: visible, mask: null, selected: station, focus: focus && !!station});
    }
    var config_status_index = {};
    payload.statuses.forEach(function (s, i) { config_status_index[s.value] = i; });
    var state = readHash();
    /* A pick on the map: the controller has selected the station and moves to it; the address follows. */
    controller.onselect = function (id, i) {
      whenNamed(function () {
        state = {statuses: state.statuses, station: controller.idAt(i)};
        writeHash(state);
      });
    };
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        state = {statuses: boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
                 station: state.station};
        writeHash(state);
        apply(state, false);
      });
    });
    window.addEventListener("hashchange", function () {
      state = readHash();
      carryHash(location.hash.slice(1));
      apply(state, true);
    });
    if (data.id) named(data);
    if (!state.station || !known) controller.fitVisible(false);
    carryHash(location.hash.slice(1));
    apply(state, true);
    if (!known) {
      whenNamed(function () {  // the station the address names, if the data has it
        state = checked(state);
        if (state.station) apply(state, true);
      });
    }
    /* After the first paint, so the first map waits for the stations alone: the basemap (about 1 MB of script:
       land, borders, labels) and the names. */
    requestAnimationFrame(function () {
      setTimeout(function () {
        var basemap = payload.basemap_scripts.slice(), left = basemap.length;
        basemap.forEach(function (src) {
          load(src, function () { if (--left === 0) StationMap.basemap(map, config); });  // it warns if one failed
        });
        if (known) return;
        load(payload.names_script, function (script, ok) {
          if (ok && window.SM_NAMES) named(window.SM_NAMES);
          else StationMap.failed(map, config, new Error("station names not loaded: " + script.src));
        });
      }, 0);
    });

    function load(src, done) {
      var script = document.createElement("script");
      script.onload = function () { done(script, true); };
      script.onerror = function () { done(script, false); };
      script.src = src;
      document.head.appendChild(script);
    }
  }
})();
"""


PREVIEW_FILE = "preview.png"


@dataclass(frozen=True)
class Preview:
    """The published view in words and as a picture: link-preview tags and the map's text alternative."""

    meta: Markup  # description, og:title, og:description, og:image … for the page's <head>
    summary: str  # counts by status and country: the image's alt text and the screen-reader text by the map


def _write_preview(site: Path, frame, version: dt.date | None, as_of: dt.date | None, filters: Filters,
                   language: str = DEFAULT, site_url: str | None = None) -> Preview:
    """Draw the published view into the site as ``preview.png`` (the link preview) and say it in words. Without
    the fonts to draw it, the site is published without the picture (and says so on stderr)."""
    options = ImageOptions(language=language, data_as_of=version, as_of=as_of, filters=filters)
    summary = describe(frame, language, version, as_of)
    try:
        (site / PREVIEW_FILE).write_bytes(render(frame, options, "png"))
        image = True
    except ImageError as exc:
        logging.getLogger(__name__).warning("published without a preview image: %s", exc)
        image = False
    return Preview(_preview_meta(frame, version, as_of, language, image, site_url), summary)


def _preview_meta(frame, version: dt.date | None, as_of: dt.date | None, language: str, image: bool,
                  site_url: str | None = None) -> Markup:
    """Tags for search results and link previews: the title, the counts by status with the data date, the picture
    (its address relative to the page, or absolute under ``site_url``)."""
    short = describe(frame, language, version, as_of, with_countries=False)
    base = site_url.rstrip("/") + "/" if site_url else ""
    tags = [("name", "description", short), ("property", "og:type", "website"),
            ("property", "og:title", translator(language)(TITLE)), ("property", "og:locale", OG_LOCALE[language]),
            ("property", "og:description", short), ("name", "twitter:card", "summary_large_image")]
    if base:
        tags.append(("property", "og:url", base))
    if image:
        width, height = DEFAULT_SIZE
        tags += [("property", "og:image", base + PREVIEW_FILE), ("property", "og:image:type", "image/png"),
                 ("property", "og:image:width", str(width)), ("property", "og:image:height", str(height)),
                 ("property", "og:image:alt", describe(frame, language, version, as_of))]
    return Markup("\n").join(Markup('<meta {}="{}" content="{}">').format(*tag) for tag in tags)


#: The site's own words (the map's words come from map_config, the panels' from evidence_html).
HINT = N_("Click a station to read the sources behind its status; numbered rings are clusters.")
SHOW_ONLY = N_("Show only")
#: og:locale wants language_TERRITORY; Simplified Chinese as read in mainland China, Traditional in Taiwan.
OG_LOCALE = {"en": "en_GB", "zh-Hans": "zh_CN", "zh-Hant": "zh_TW"}


def _changes_link(page: Page) -> Markup:
    """The link to the changelog in the page's own language (changes.html beside the page)."""
    return Markup('<a href="{}">{}</a>').format(CHANGES_PAGE, translator(page.language)(CHANGES))


def _index_html(payload: dict, urls, version: dt.date | None, as_of: dt.date | None, preview: Preview,
                page: Page) -> str:
    language = page.language
    tr = translator(language)
    boxes = Markup("").join(
        Markup('<label><input type="checkbox" name="status" value="{}"> {}</label>').format(s["value"], s["label"])
        for s in payload["statuses"])
    scripts = Markup("").join(Markup('<script src="{}"></script>').format(url) for url in urls.scripts)
    styles = Markup("").join(Markup('<link rel="stylesheet" href="{}">').format(url) for url in urls.styles)
    gap = " " if language == "en" else ""
    page_html = Markup("""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self' 'unsafe-inline' data: blob:; connect-src 'self'">
<title>{title}</title>
{preview_meta}
{alternates}
{styles}
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{hint}{gap}{dates}{sep}<a href="methodology.html">{methodology}</a>{sep}{changes}{sep}{licence}</p>
{nav}
<fieldset><legend class="visually-hidden">{show_only}</legend>{boxes}</fieldset>
</header>
<main>
<div id="map" role="region" aria-label="{map_name}" aria-describedby="sm-map-summary"></div>
<p id="sm-map-summary" class="visually-hidden">{map_summary}</p>
</main>
<script id="sm-data" type="application/json">{data}</script>
{scripts}
{stations_script}<script>{script}</script>
</body>
</html>
""").format(lang=HTML_LANG[language], title=page_title(None, language), styles=styles, css=Markup(PAGE_CSS),
            hint=tr(HINT), gap=gap, sep=page.gap, changes=_changes_link(page),
            dates=dates(tr, language, version, as_of), methodology=tr(METHODOLOGY),
            licence=tr(LICENCE_TEXT), nav=language_nav(page, "index.html"), show_only=tr(SHOW_ONLY),
            boxes=boxes, map_name=map_frame_name(language), data=Markup(json_for_script(payload)),
            scripts=scripts, script=Markup(PAGE_SCRIPT),
            preview_meta=preview.meta, alternates=language_head(page, "index.html"), map_summary=preview.summary,
            stations_script=Markup('<script src="{}"></script>\n').format(payload["stations_script"])
            if "stations_script" in payload else "")
    return str(page_html)


def _methodology_html(dataset, version: dt.date | None, page: Page) -> str:
    """The methodology page: the app's own text (code-generated Markdown, no data) plus escaped data parts."""
    language = page.language
    tr = translator(language)
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(methodology_markdown(language))
    page_html = Markup("""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{alternates}
<style>body{{max-width:860px;margin:0 auto;padding:12px;font:15px/1.5 system-ui,sans-serif;color:#222}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 6px;vertical-align:top}}</style>
</head><body><header><p><a href="index.html">← {back}</a>{gap}{changes}{gap}{dates}</p>{nav}</header>
<main><h1>{heading}</h1>{legend}{body}{coverage}<p>{licence}</p></main></body></html>
""").format(lang=HTML_LANG[language], title=page_title(tr(METHODOLOGY), language), back=tr(BACK_TO_MAP),
            gap=page.gap, dates=dates(tr, language, version, None),
            nav=language_nav(page, "methodology.html"), alternates=language_head(page, "methodology.html"),
            heading=tr(METHODOLOGY), legend=legend_html(None, language), changes=_changes_link(page), body=Markup(body),
            coverage=coverage_html(dataset, language), licence=tr(LICENCE_TEXT))
    return str(page_html)
