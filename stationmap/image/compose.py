"""The map as one SVG document: basemap, stations and clusters, legend with counts, title, dates and credit.

Every element is made by ``stationmap.image.svg.element`` (escaped, allow-listed), so the document is
inert whatever the data holds. Sizes scale with the image (``_Layout.k``); text is placed with estimated
widths (a Latin letter about 0.6 of the font size, a Chinese character one full size), generously, so a
label never runs into another. Nothing depends on time, randomness or dictionary order beyond the data:
the same data and options give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from markupsafe import Markup

from stationmap.image import basemap
from stationmap.image.clusters import cluster
from stationmap.image.projection import Box, View, fit_view
from stationmap.image.summary import describe
from stationmap.image.svg import SVG_NAMESPACE, element, group, number
from stationmap.records.models import Precision, Status
from stationmap.render.citation import DATA_LICENCE, TITLE
from stationmap.render.folium_map import EMBEDDED_ATTRIBUTION, MAP_WORDS, basemap_country_names
from stationmap.render.i18n import DEFAULT, HTML_LANG, N_, country_name, translator
from stationmap.render.styles import STATUS_STYLES, shape_markup
from stationmap.rules.queries import Filters
from stationmap.rules.vocabulary import CONTESTED_LABEL, STATUS_LABELS

DEFAULT_SIZE = (1200, 675)  # a social card's 16:9
MIN_SIZE, MAX_SIZE = 320, 4000
STATUS_ORDER: tuple[Status, ...] = tuple(Status)
#: Latin text first in English images, Chinese first in Chinese ones; the names of the fonts the PNG is
#: drawn with (stationmap.image.raster) lead, common system fonts follow for an SVG opened elsewhere.
FONTS = {
    "en": "'DejaVu Sans', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', Arial, sans-serif",
    "zh-Hans": "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', 'DejaVu Sans', sans-serif",
    "zh-Hant": "'WenQuanYi Micro Hei', 'Noto Sans CJK TC', 'PingFang TC', 'Microsoft JhengHei', 'DejaVu Sans', "
               "sans-serif",
}
IMAGE_TITLE = N_("Reported Chinese overseas police stations")
DATA_AS_OF = N_("Data as of {version}.")  # the data version (Dataset.data_as_of)
SHOWN_AS_OF = N_("Shown as of {date}.")
SHOWING = N_("Showing: {filters}.")
CREDIT = N_("Data: {licence}, credit “{title}” · Basemap: {basemap}")
NOT_DRAWN = N_("{count} without a known place, not drawn")
OCEAN, LAND, BORDER, INK, MUTED = "#cfe0ea", "#f4f1ea", "#8f8a7e", "#222222", "#5b574f"
STATION_LABELS_UP_TO = 30  # marks on the map; more, and only clusters and symbols are drawn


@dataclass(frozen=True)
class ImageOptions:
    """What to draw besides the stations: size, language, the dates and the filters to name."""

    width: int = DEFAULT_SIZE[0]
    height: int = DEFAULT_SIZE[1]
    language: str = DEFAULT
    data_as_of: dt.date | None = None
    as_of: dt.date | None = None
    filters: Filters = Filters()  # named under the title (the stations drawn are filtered by the caller)


@dataclass
class _Layout:
    width: int
    height: int
    k: float = field(init=False)  # the size of everything, relative to a 1200 x 675 image
    map_area: Box = field(init=False)

    def __post_init__(self) -> None:
        self.k = max(0.6, min(self.width / 1200, self.height / 675, 3.0))
        header, footer = 66 * self.k, 26 * self.k
        self.map_area = Box(0.0, header, float(self.width), self.height - header - footer)


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` at ``size`` px: Chinese characters are square, Latin letters narrower."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.62 for ch in text)


class _Placer:
    """Greedy label placement: a box is taken only if it overlaps no box taken before."""

    def __init__(self, area: Box) -> None:
        self.area = area
        self.taken: list[Box] = []

    def take(self, box: Box) -> bool:
        inside = (box.left >= self.area.left and box.right <= self.area.right and box.top >= self.area.top
                  and box.bottom <= self.area.bottom)
        if not inside or any(box.overlaps(other) for other in self.taken):
            return False
        self.taken.append(box)
        return True


def _label(x: float, y: float, text: str, size: float, *, anchor: str = "middle", weight: str | None = None,
           fill: str = MUTED, spacing: float | None = None) -> Markup:
    return element("text", {"x": x, "y": y, "font-size": size, "text-anchor": anchor, "font-weight": weight,
                            "fill": fill, "letter-spacing": spacing, "stroke": "#fff", "stroke-width": size / 4,
                            "stroke-linejoin": "round", "paint-order": "stroke"}, text)


# --- basemap ------------------------------------------------------------------------------------------------

def _ring_path(x: np.ndarray, y: np.ndarray) -> str:
    """A ring as path data on a half-pixel grid, points that fall together dropped (``M x,y x,y …Z``)."""
    points = np.round(np.column_stack((x, y)) * 2) / 2 + 0.0
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    points = points[keep]
    if len(points) < 3:
        return ""
    return "M" + " ".join(f"{a:g},{b:g}" for a, b in points.tolist()) + "Z"


def _copies(bounds: tuple[float, float, float, float], view: View) -> list[int]:
    """Which whole-world shifts of a shape with these bounds fall inside the view."""
    x0, y0, x1, y1 = view.world_bounds()
    if bounds[3] < y0 or bounds[1] > y1:
        return []
    return [shift for shift in (-1, 0, 1) if bounds[0] + shift <= x1 and bounds[2] + shift >= x0]


def _land(view: View, countries: Iterable[basemap.Country]) -> Markup:
    parts = []
    for country in countries:
        for polygon in country.polygons:
            for shift in _copies(polygon.bounds, view):
                for ring in polygon.rings:
                    px, py = view.to_pixels(ring[:, 0] + shift, ring[:, 1])
                    if px.max() - px.min() < 1 and py.max() - py.min() < 1:
                        continue
                    parts.append(_ring_path(px, py))
    d = "".join(part for part in parts if part)
    return element("path", {"d": d or "M0,0Z", "fill": LAND, "fill-rule": "evenodd", "stroke": BORDER,
                            "stroke-width": 0.7, "stroke-linejoin": "round"})


def _label_point(country: basemap.Country) -> tuple[float, float, float, float] | None:
    """Where to write a country's name (as the browser does): its largest polygon's box centre, pulled towards
    the outline's mean point; with that polygon's width and area, in world units."""
    best, best_area = None, -1.0
    for polygon in country.polygons:
        ring = polygon.rings[0]
        area = abs(float(np.dot(ring[:-1, 0], ring[1:, 1]) - np.dot(ring[1:, 0], ring[:-1, 1]))) / 2
        if area > best_area:
            best, best_area = ring, area
    if best is None:
        return None
    x0, x1, y0, y1 = best[:, 0].min(), best[:, 0].max(), best[:, 1].min(), best[:, 1].max()
    return ((x0 + x1 + 2 * best[:, 0].mean()) / 4, (y0 + y1 + 2 * best[:, 1].mean()) / 4, x1 - x0, best_area)


def _country_labels(view: View, placer: _Placer, language: str, k: float) -> list[Markup]:
    names = basemap_country_names(language)
    size = 10.5 * k
    candidates = []
    for country in basemap.countries():
        point = _label_point(country)
        if point is None or not (country.name or country.numeric in names):
            continue
        candidates.append((point, names.get(country.numeric) or country.name))
    candidates.sort(key=lambda item: (-item[0][3], item[1]))
    labels = []
    for (wx, wy, width, _), text in candidates:
        shown = text.upper() if language == DEFAULT else text
        [x], [y] = view.to_pixels(view.nearest_copy(np.array([wx])), np.array([wy]))
        box_width = text_width(shown, size) * (1.3 if language == DEFAULT else 1.0)  # capitals, spaced
        if width * view.scale < box_width * 0.9 and view.zoom < 5:
            continue
        if placer.take(Box(x - box_width / 2 - 12 * k, y - size * 0.8, box_width + 24 * k, size * 1.6)):
            labels.append(_label(x, y + size * 0.35, shown, size, weight="600",
                                 spacing=0.6 * k if language == DEFAULT else None, fill="#6d685d"))
        if len(labels) >= 80:
            break
    return labels


def _city_labels(view: View, placer: _Placer, language: str, k: float) -> list[Markup]:
    zoom = view.zoom
    tier = 2 if zoom >= 7 else 1 if zoom >= 6 else 0 if zoom >= 5 else -1
    size = 11 * k
    labels = []
    for city in basemap.cities():
        if city.tier > tier:
            continue
        x_world, y_world = basemap.mercator(city.lon, city.lat)
        [x], [y] = view.to_pixels(view.nearest_copy(np.array([float(x_world)])), np.array([float(y_world)]))
        text = city.label(language)
        width = text_width(text, size) + size
        if placer.take(Box(x - 3 * k, y - size * 0.75, width + 3 * k, size * 1.5)):
            labels.append(element("circle", {"cx": x, "cy": y, "r": 2 * k, "fill": "#555"}))
            labels.append(_label(x + 5 * k, y + size * 0.35, text, size, anchor="start", fill="#333"))
        if len(labels) >= 300:
            break
    return labels


# --- stations -----------------------------------------------------------------------------------------------

def _symbol_defs() -> Markup:
    """Each status's shape once (``#sm-s0`` …), reused by every marker and the legend."""
    return Markup("").join(
        element("g", {"id": f"sm-s{i}", "fill": STATUS_STYLES[status].colour, "stroke": "#fff", "stroke-width": 1.5},
                shape_markup(STATUS_STYLES[status].shape))
        for i, status in enumerate(STATUS_ORDER))


def _symbol(x: float, y: float, status: Status, size: float, *, contested: bool = False,
            faded: bool = False) -> Markup:
    scale = size / 24
    use = element("use", {"href": f"#sm-s{STATUS_ORDER.index(status)}", "opacity": 0.55 if faded else None,
                          "transform": f"translate({number(x)} {number(y)}) scale({number(scale, 3)}) "
                                       "translate(-12 -12)"})
    if not contested:
        return use
    ring = element("circle", {"cx": x, "cy": y, "r": 11 * scale, "fill": "none", "stroke": "#000",
                              "stroke-width": 1.6 * scale, "stroke-dasharray": f"{number(3 * scale)} "
                                                                               f"{number(2 * scale)}"})
    return use + ring


def _cluster(x: float, y: float, counts: list[int], contested: int, k: float) -> Markup:
    """A ring of the status colours in proportion, a dashed black arc for the contested share, the count
    inside (as the app's clusters)."""
    total = sum(counts)
    size = (34 if total < 10 else 40 if total < 100 else 46 if total < 1000 else 52) * k
    r = size / 2 - 4 * k
    circumference = 2 * math.pi * r
    rotate = f"rotate(-90 {number(x)} {number(y)})"
    parts = [element("circle", {"cx": x, "cy": y, "r": r, "fill": "#fff", "stroke": "#ddd", "stroke-width": 7 * k})]
    offset = 0.0
    for status, count in zip(STATUS_ORDER, counts, strict=True):
        if not count:
            continue
        length = circumference * count / total
        parts.append(element("circle", {
            "cx": x, "cy": y, "r": r, "fill": "none", "stroke": STATUS_STYLES[status].colour, "stroke-width": 7 * k,
            "stroke-dasharray": f"{number(length)} {number(circumference - length)}",
            "stroke-dashoffset": -offset, "transform": rotate}))
        offset += length
    if contested:
        outer = r + 3.2 * k
        arc = max(2 * math.pi * outer * contested / total, 3 * k)
        parts.append(element("circle", {
            "cx": x, "cy": y, "r": outer, "fill": "none", "stroke": "#000", "stroke-width": 1.6 * k,
            "stroke-dasharray": f"{number(arc)} {number(2 * math.pi * outer)}", "transform": rotate}))
    parts.append(element("text", {"x": x, "y": y + 4.5 * k, "text-anchor": "middle", "font-size": 12.5 * k,
                                  "font-weight": "700", "fill": INK}, str(total)))
    return Markup("").join(parts)


def _km_to_pixels(view: View, km: float, lat: float) -> float:
    return km / (40075.016686 * max(math.cos(math.radians(lat)), 0.01)) * view.scale


@dataclass(frozen=True)
class _Marks:
    areas: list[Markup]
    marks: list[Markup]
    labels: list[Markup]


def _stations(frame: pd.DataFrame, view: View, placer: _Placer, language: str, k: float) -> _Marks:
    wx, wy = basemap.mercator(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    px, py = view.to_pixels(view.nearest_copy(wx), wy)
    status_index = frame["status"].map({s.value: i for i, s in enumerate(STATUS_ORDER)}).to_numpy(int)
    contested = frame["contested"].to_numpy(bool)
    faded = (frame["precision"] != Precision.CITY.value).to_numpy(bool)
    groups = cluster(px, py, 32 * k)
    centres = [(float(px[g].mean()), float(py[g].mean()), g) for g in groups]
    centres.sort(key=lambda item: (round(item[1], 2), round(item[0], 2), int(item[2][0])))
    areas, marks, singles = [], [], []
    for x, y, members in centres:
        if len(members) > 1:
            counts = np.bincount(status_index[members], minlength=len(STATUS_ORDER)).tolist()
            marks.append(_cluster(x, y, counts, int(contested[members].sum()), k))
            placer.taken.append(Box(x - 20 * k, y - 20 * k, 40 * k, 40 * k))
            continue
        i = int(members[0])
        status = STATUS_ORDER[status_index[i]]
        if faded[i]:
            radius = _km_to_pixels(view, float(frame["radius_km"].iat[i] or 0), float(frame["lat"].iat[i]))
            if 6 * k < radius < 2 * view.area.width:
                areas.append(element("circle", {"cx": x, "cy": y, "r": radius, "fill": STATUS_STYLES[status].colour,
                                                "fill-opacity": 0.08, "stroke": STATUS_STYLES[status].colour,
                                                "stroke-opacity": 0.5, "stroke-width": k,
                                                "stroke-dasharray": f"{number(4 * k)} {number(3 * k)}"}))
        marks.append(element("g", None, element("title", None, str(frame["label"].iat[i])),
                             _symbol(x, y, status, 22 * k, contested=bool(contested[i]), faded=bool(faded[i]))))
        placer.taken.append(Box(x - 12 * k, y - 12 * k, 24 * k, 24 * k))
        singles.append((x, y, i))
    labels = []
    if len(centres) <= STATION_LABELS_UP_TO:
        size = 11.5 * k
        for x, y, i in singles:
            text = str(frame["label"].iat[i])
            width = text_width(text, size)
            for left, anchor in ((x + 14 * k, "start"), (x - 14 * k - width, "end")):
                if placer.take(Box(left, y - size * 0.7, width, size * 1.4)):
                    labels.append(_label(x + 14 * k if anchor == "start" else x - 14 * k, y + size * 0.35, text,
                                         size, anchor=anchor, weight="600", fill=INK))
                    break
    return _Marks(areas, marks, labels)


# --- legend, title, credit ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Legend:
    rows: list[tuple[Markup, str, str]]  # symbol, words, count
    notes: list[str]
    width: float
    height: float


def _legend_content(frame: pd.DataFrame, language: str, k: float) -> _Legend:
    tr = translator(language)
    counts = frame["status"].value_counts()
    size = 12.5 * k
    rows: list[tuple[Markup, str, str]] = [
        (_symbol(0, 0, status, 16 * k), tr(STATUS_LABELS[status]), str(int(counts.get(status.value, 0))))
        for status in STATUS_ORDER]
    if frame["contested"].any():
        rows.append((_symbol(0, 0, Status.REPORTED, 16 * k, contested=True), tr(MAP_WORDS["contested_legend"]), ""))
    if (frame["precision"] != Precision.CITY.value).any():
        rows.append((_symbol(0, 0, Status.REPORTED, 16 * k, faded=True), tr(MAP_WORDS["approximate_legend"]), ""))
    unplaced = int((frame["lat"].isna() | frame["lon"].isna()).sum())
    notes = [tr(NOT_DRAWN).format(count=unplaced)] if unplaced else []
    label_width = max(text_width(text, size) for _, text, _ in rows)
    count_width = max(text_width(count, size) for _, _, count in rows)
    width = max([label_width + count_width + 52 * k, *(text_width(n, 11 * k) + 20 * k for n in notes)])
    return _Legend(rows, notes, width, 21 * k * (len(rows) + len(notes)) + 12 * k)


def _legend_corner(legend: _Legend, area: Box, k: float, x: np.ndarray, y: np.ndarray) -> Box | None:
    """The first corner of the map (bottom left, bottom right, top left, top right) where the legend covers
    no station; None when every corner would."""
    inset, clear = 12 * k, 22 * k
    lefts = (area.left + inset, area.right - inset - legend.width)
    tops = (area.bottom - inset - legend.height, area.top + inset)
    for top in tops:
        for left in lefts:
            box = Box(left, top, legend.width, legend.height)
            if not np.any((x > box.left - clear) & (x < box.right + clear) & (y > box.top - clear)
                          & (y < box.bottom + clear)):
                return box
    return None


def _legend(legend: _Legend, box: Box, k: float) -> Markup:
    size, row = 12.5 * k, 21 * k
    parts = [element("rect", {"x": box.left, "y": box.top, "width": box.width, "height": box.height,
                              "fill": "#fff", "fill-opacity": 0.94, "stroke": "#bbb", "stroke-width": 0.8})]
    for n, (symbol, text, count) in enumerate(legend.rows):
        y = box.top + 6 * k + row * n + row / 2
        parts.append(element("g", {"transform": f"translate({number(box.left + 16 * k)} {number(y)})"}, symbol))
        parts.append(element("text", {"x": box.left + 30 * k, "y": y + size * 0.36, "font-size": size, "fill": INK},
                             text))
        if count:
            parts.append(element("text", {"x": box.right - 10 * k, "y": y + size * 0.36, "font-size": size,
                                          "font-weight": "700", "text-anchor": "end", "fill": INK}, count))
    for n, note in enumerate(legend.notes):
        y = box.top + 6 * k + row * (len(legend.rows) + n) + row / 2
        parts.append(element("text", {"x": box.left + 10 * k, "y": y + 4 * k, "font-size": 11 * k, "fill": MUTED},
                             note))
    return Markup("").join(parts)


def _fit(placed: pd.DataFrame, area: Box, legend: _Legend, k: float) -> tuple[View, Box]:
    """The view fitted to the stations and where the legend goes: a corner where it covers no station; else
    the stations are kept out of a strip along the bottom or the left (whichever leaves them bigger)."""
    lons, lats = placed["lon"].to_numpy(float), placed["lat"].to_numpy(float)
    wx, wy = basemap.mercator(lons, lats)

    def positions(view: View) -> tuple[np.ndarray, np.ndarray]:
        return view.to_pixels(view.nearest_copy(wx), wy)

    view = fit_view(lons, lats, area, 40 * k)
    corner = _legend_corner(legend, area, k, *positions(view))
    if corner is not None:
        return view, corner
    bottom = Box(area.left, area.top, area.width, area.height - legend.height - 24 * k)
    left = Box(area.left + legend.width + 24 * k, area.top, area.width - legend.width - 24 * k, area.height)
    view = max((fit_view(lons, lats, strip, 40 * k, min_scale=area.width).drawn_on(area) for strip in (bottom, left)),
               key=lambda candidate: candidate.scale)
    corner = _legend_corner(legend, area, k, *positions(view))
    return view, corner or Box(area.left + 12 * k, area.bottom - 12 * k - legend.height, legend.width, legend.height)


def _filters_text(options: ImageOptions) -> str:
    """The filters in a few words: statuses, countries, bureaus, reports, "contested only", the search."""
    tr, language, f = translator(options.language), options.language, options.filters
    named = [tr(STATUS_LABELS[s]) for s in STATUS_ORDER if s in f.statuses]
    named += sorted(country_name(code, language) for code in f.countries)
    named += sorted(f.bureaus) + sorted(f.batches)
    if f.contested_only:
        named.append(tr(CONTESTED_LABEL))
    if f.text.strip():
        named.append(f"“{f.text.strip()}”")
    text = ", ".join(named) if language == DEFAULT else "、".join(named)
    return text if len(text) <= 90 else text[:89] + "…"


def _header(options: ImageOptions, layout: _Layout) -> Markup:
    tr, k = translator(options.language), layout.k
    lines = [tr(DATA_AS_OF).format(version=options.data_as_of.isoformat() if options.data_as_of else "—")]
    if options.as_of:
        lines.append(tr(SHOWN_AS_OF).format(date=options.as_of.isoformat()))
    if options.filters != Filters():
        lines.append(tr(SHOWING).format(filters=_filters_text(options)))
    return (element("text", {"x": 20 * k, "y": 32 * k, "font-size": 23 * k, "font-weight": "700", "fill": INK},
                    tr(IMAGE_TITLE))
            + element("text", {"x": 20 * k, "y": 54 * k, "font-size": 13 * k, "fill": MUTED},
                      " ".join(lines) if options.language == DEFAULT else "".join(lines)))


def credit_line(language: str) -> str:
    """The credit and licence line under the image (also usable as a caption)."""
    return translator(language)(CREDIT).format(licence=DATA_LICENCE, title=TITLE, basemap=EMBEDDED_ATTRIBUTION)


def _footer(options: ImageOptions, layout: _Layout) -> Markup:
    k = layout.k
    return element("text", {"x": 20 * k, "y": layout.height - 9 * k, "font-size": 11 * k, "fill": MUTED},
                   credit_line(options.language))


# --- the document -------------------------------------------------------------------------------------------

def clamp_size(width: int, height: int) -> tuple[int, int]:
    """The image size, or ValueError when it is outside 320..4000 pixels on a side."""
    for name, value in (("width", width), ("height", height)):
        if not MIN_SIZE <= value <= MAX_SIZE:
            raise ValueError(f"{name} must be {MIN_SIZE} to {MAX_SIZE} pixels, not {value}")
    return width, height


def map_svg(frame: pd.DataFrame, options: ImageOptions = ImageOptions()) -> str:
    """The stations of ``frame`` (a station frame, already filtered) drawn as one SVG document."""
    width, height = clamp_size(options.width, options.height)
    if options.language not in FONTS:
        options = replace(options, language=DEFAULT)
    language = options.language
    layout = _Layout(width, height)
    k, area = layout.k, layout.map_area
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    legend_content = _legend_content(frame, language, k)
    view, legend_box = _fit(placed, area, legend_content, k)
    legend = _legend(legend_content, legend_box, k)
    placer = _Placer(area)
    placer.taken.append(legend_box)
    stations = _stations(placed, view, placer, language, k)
    country_labels = _country_labels(view, placer, language, k)
    city_labels = _city_labels(view, placer, language, k)
    map_layer = element("g", None,
                        element("rect", {"x": area.left, "y": area.top, "width": area.width, "height": area.height,
                                         "fill": OCEAN}),
                        _land(view, basemap.countries()),
                        group({"aria-hidden": "true"}, stations.areas),
                        group({"aria-hidden": "true"}, country_labels + city_labels),
                        group(None, stations.marks), group(None, stations.labels), legend)
    description = describe(frame, language, options.data_as_of, options.as_of)
    title = translator(language)(IMAGE_TITLE)
    # The map spills past its area; the bands drawn over it after hide that (cheaper to draw than a clip path).
    bands = (element("rect", {"x": 0, "y": 0, "width": width, "height": area.top, "fill": "#fff"})
             + element("rect", {"x": 0, "y": area.bottom, "width": width, "height": height - area.bottom,
                                "fill": "#fff"}))
    body = element("g", {"font-family": FONTS[language]}, map_layer, bands, _header(options, layout),
                   _footer(options, layout))
    document = element(
        "svg", {"xmlns": SVG_NAMESPACE, "width": width, "height": height, "viewBox": f"0 0 {width} {height}",
                "role": "img", "lang": HTML_LANG[language], "xml:lang": HTML_LANG[language],
                "aria-labelledby": "sm-title sm-desc"},
        element("title", {"id": "sm-title"}, title), element("desc", {"id": "sm-desc"}, description),
        element("defs", None, _symbol_defs()),
        body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(document) + "\n"

