"""The map as an image: inert SVG whatever the data holds, deterministic, Chinese without tofu, the command."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from stationmap.cli import main
from stationmap.image import ImageError, ImageOptions, describe, map_svg, render, svg_to_png
from stationmap.image.clusters import cluster
from stationmap.image.projection import Box, fit_view, longitude_band
from stationmap.image.raster import CJK_FONTS, LATIN_FONTS, find_fonts, fonts_for
from stationmap.image.svg import element
from stationmap.records.loading import load_dataset
from stationmap.records.models import Status
from stationmap.render.styles import STATUS_STYLES
from stationmap.rules.queries import station_frame, status_counts
from stationmap.settings import PROJECT_ROOT

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_LABELS = [
    '</text></svg><script>alert(1)</script>',
    '"/><foreignObject><iframe src="https://evil.example/"/></foreignObject>'
    "x\" onload=\"alert(2)\" href=\"https://evil.example/\" style=\"fill:url(https://evil.example/p)",
    "&amp; ]]> <!-- --> <?pi?> <![CDATA[ x ]]>",
]
#: The loader refuses invisible characters; the image must not depend on that.
CONTROL_LABEL = "bell\x07 nul\x00 esc\x1b \ufffe end"


#: Like the browser tests: without the Debian fonts (scripts/ensure-fonts installs them as root) these skip
#: locally and fail in CI.
needs_chinese_font = pytest.mark.skipif(not find_fonts(CJK_FONTS) and os.environ.get("CI") != "true",
                                        reason="fonts-wqy-microhei is not installed: run scripts/ensure-fonts")


def frame_of(data: Path):
    result = load_dataset(data)
    return result.dataset, station_frame(result.dataset)


def with_labels(data: Path, labels: list[str]) -> Path:
    """The tiny dataset with its three station labels replaced (CSV-quoted)."""
    stations = data / "stations.csv"
    lines = stations.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line, label in zip(lines[1:], labels, strict=False):
        parts = line.split(",")
        quoted = '"' + label.replace('"', '""') + '"'
        out.append(",".join([parts[0], quoted, *parts[2:]]))
    stations.write_text("\n".join(out) + "\n", encoding="utf-8")
    return data


def assert_inert(svg: str) -> ET.Element:
    """Well-formed XML, only drawing elements, no event attributes, references only inside the file."""
    root = ET.fromstring(svg.encode("utf-8"))  # raises on anything that is not well-formed
    for node in root.iter():
        tag = node.tag.replace(SVG, "")
        assert tag not in ("script", "foreignObject", "iframe", "image", "a", "style"), tag
        for name, value in node.attrib.items():
            local = name.split("}")[-1].lower()
            assert not local.startswith("on"), (tag, name)
            if local == "href":
                assert value.startswith("#"), value
            assert "url(" not in value, (name, value)
    return root


# --- inert -----------------------------------------------------------------------------------------------------

def test_hostile_labels_stay_text_in_well_formed_svg(data):
    dataset, frame = frame_of(with_labels(data, HOSTILE_LABELS))
    assert set(frame["label"]) >= {HOSTILE_LABELS[0], HOSTILE_LABELS[1]}
    svg = map_svg(frame, ImageOptions(data_as_of=dataset.data_as_of))
    root = assert_inert(svg)
    titles = [node.text for node in root.iter(f"{SVG}title")]  # each station's name, shown on hover
    assert HOSTILE_LABELS[0] in titles and HOSTILE_LABELS[1] in titles  # kept as the very text it is
    drawn = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert HOSTILE_LABELS[0] in drawn  # written beside its symbol
    assert "<script" not in svg and "<foreignObject" not in svg and "https://evil" not in svg.split("<text")[0]


def test_characters_xml_cannot_hold_are_dropped(data):
    dataset, frame = frame_of(data)
    frame = frame.assign(label=CONTROL_LABEL)
    root = assert_inert(map_svg(frame, ImageOptions(data_as_of=dataset.data_as_of)))
    assert "bell nul esc  end" in [node.text for node in root.iter(f"{SVG}title")]


@pytest.mark.parametrize("make", [
    lambda: element("script", None, "alert(1)"),
    lambda: element("foreignObject"),
    lambda: element("rect", {"onload": "alert(1)"}),
    lambda: element("use", {"href": "https://example.org/a.svg#x"}),
    lambda: element("use", {"href": "data:image/svg+xml,<svg/>"}),
    lambda: element("rect", {"fill": "url(https://example.org/p.svg#x)"}),
    lambda: element("rect", {"clip-path": "url(#ok) url(file:///etc/passwd)"}),
    lambda: element("rect", {"style": "fill:red"}),
])
def test_the_builder_cannot_write_active_or_outside_content(make):
    with pytest.raises(ValueError):
        make()


def test_the_builder_escapes_text_and_attributes():
    made = str(element("text", {"fill": '"><script>'}, "<b>&</b>"))
    assert made == '<text fill="&#34;&gt;&lt;script&gt;">&lt;b&gt;&amp;&lt;/b&gt;</text>'


# --- content ---------------------------------------------------------------------------------------------------

def test_the_image_carries_title_dates_legend_counts_and_credit(data):
    dataset, frame = frame_of(data)
    svg = map_svg(frame, ImageOptions(data_as_of=dataset.data_as_of, as_of=dataset.data_as_of))
    root = assert_inert(svg)
    texts = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert "Reported Chinese overseas police stations" in texts
    assert any(f"Data as of {dataset.data_as_of.isoformat()}" in t and "Shown as of" in t for t in texts)
    assert any("CC BY 4.0" in t and "Natural Earth" in t for t in texts)
    counts = status_counts(frame)
    for status in Status:
        assert str(counts[status]) in texts
    assert root.find(f"{SVG}desc").text == describe(frame, "en", dataset.data_as_of, dataset.data_as_of)
    assert len(root.findall(f".//{SVG}use[@href='#sm-s1']")) >= 1  # Rome: visited, found nothing (a square)


def test_crowded_stations_become_clusters_with_their_status_mix(data):
    dataset, frame = frame_of(data)
    crowd = frame.iloc[[0, 1] * 20].copy()  # 40 stations on two places, two statuses
    crowd["lat"], crowd["lon"] = 41.9, 12.5
    svg = map_svg(crowd, ImageOptions(data_as_of=dataset.data_as_of))
    root = assert_inert(svg)
    assert "40" in ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    ring_colours = {node.get("stroke") for node in root.iter(f"{SVG}circle") if node.get("stroke-dasharray")}
    assert {STATUS_STYLES[Status(s)].colour for s in crowd["status"]} <= ring_colours
    assert len({Status(s) for s in crowd["status"]}) == 2


def test_grid_clustering_groups_neighbours_and_keeps_apart_the_rest():
    x = np.array([0.0, 1.0, 100.0, 39.0, 41.0, 300.0])
    y = np.array([0.0, 1.0, 100.0, 0.0, 0.0, 300.0])
    groups = cluster(x, y, 40)
    assert [g.tolist() for g in groups] == [[0, 1, 3, 4], [2], [5]]
    assert [g.tolist() for g in cluster(x, y, 40)] == [g.tolist() for g in groups]
    assert cluster(np.array([]), np.array([]), 40) == []


def test_the_view_spans_the_antimeridian_the_short_way():
    assert longitude_band(np.array([178.0, -178.0, -175.0])) == (178.0, 185.0)
    assert longitude_band(np.array([10.0, 20.0, -70.0])) == (-70.0, 20.0)
    area = Box(0, 60, 1200, 580)
    lons, lats = np.array([178.0, -178.0, -175.0]), np.array([-18.0, -14.0, -13.5])
    view = fit_view(lons, lats, area, 40)
    from stationmap.image.basemap import mercator
    x, y = view.to_pixels(view.nearest_copy(mercator(lons, lats)[0]), mercator(lons, lats)[1])
    assert np.all((x > 40) & (x < 1160) & (y > 100) & (y < 600))
    assert x.max() - x.min() > 200  # zoomed in on the islands, not the whole world


def test_a_view_holds_every_selected_station(data):
    _, frame = frame_of(PROJECT_ROOT / "data")
    placed = frame.dropna(subset=["lat", "lon"])
    area = Box(0, 66, 1200, 583)
    view = fit_view(placed["lon"].to_numpy(), placed["lat"].to_numpy(), area, 40)
    from stationmap.image.basemap import mercator
    wx, wy = mercator(placed["lon"].to_numpy(), placed["lat"].to_numpy())
    x, y = view.to_pixels(view.nearest_copy(wx), wy)
    assert np.all((x >= area.left) & (x <= area.right) & (y >= area.top) & (y <= area.bottom))


# --- deterministic ---------------------------------------------------------------------------------------------

@needs_chinese_font
def test_two_runs_write_the_same_bytes(tmp_path):
    for name in ("a.svg", "b.svg", "a.png", "b.png"):
        assert main(["image", str(tmp_path / name), "--data", str(FIXTURE), "--lang", "zh-Hant"]) == 0
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    # another process, another hash seed: no set or dict order leaks into the drawing
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-m", "stationmap", "image", str(tmp_path / "c.svg"), "--data", str(FIXTURE),
                    "--lang", "zh-Hant"], check=True, env=env, capture_output=True)
    assert (tmp_path / "c.svg").read_bytes() == (tmp_path / "a.svg").read_bytes()


# --- Chinese ---------------------------------------------------------------------------------------------------

def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


@needs_chinese_font
def test_chinese_glyphs_are_drawn_not_tofu():
    """Each character is drawn as itself: with a missing glyph every character would be the same empty box."""
    def draw(character: str) -> np.ndarray:
        svg = str(element("svg", {"xmlns": "http://www.w3.org/2000/svg", "width": 40, "height": 40},
                          element("rect", {"width": 40, "height": 40, "fill": "#fff"}),
                          element("text", {"x": 4, "y": 32, "font-size": 32, "font-family": "WenQuanYi Micro Hei"},
                                  character)))
        return pixels(svg_to_png(svg))

    glyphs = [draw(ch) for ch in "警察站臺灣报"]
    for n, glyph in enumerate(glyphs):
        assert (glyph < 128).any(), "no ink"
        for other in glyphs[n + 1:]:
            assert np.abs(glyph - other).sum() > 1000


@needs_chinese_font
def test_a_chinese_image_differs_from_the_english_one_in_the_title(tmp_path):
    english = pixels(render(frame_of(FIXTURE)[1], ImageOptions(), "png"))
    chinese = pixels(render(frame_of(FIXTURE)[1], ImageOptions(language="zh-Hans"), "png"))
    title = (slice(0, 45), slice(0, 600))
    assert english.shape == chinese.shape == (675, 1200, 3)
    assert (chinese[title] < 128).sum() > 500  # the title is written in ink …
    assert np.abs(english[title] - chinese[title]).sum() > 100_000  # … and in other letters


def test_chinese_without_its_font_is_refused_in_one_line(tmp_path, monkeypatch, capsys):
    latin_only = tmp_path / "fonts"
    latin_only.mkdir()
    for path in find_fonts(LATIN_FONTS):
        (latin_only / Path(path).name).symlink_to(path)
    assert fonts_for("latin", (latin_only,))
    with pytest.raises(ImageError, match="fonts-wqy-microhei"):
        fonts_for("中文", (latin_only,))
    monkeypatch.setattr("stationmap.image.raster.FONT_DIRS", (latin_only,))
    assert main(["image", str(tmp_path / "zh.png"), "--data", str(FIXTURE), "--lang", "zh-Hans"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("python -m stationmap image: error:") and "fonts-wqy-microhei" in err[-1]
    assert not (tmp_path / "zh.png").exists()


# --- the command -----------------------------------------------------------------------------------------------

def test_the_command_writes_svg_or_png_by_suffix(tmp_path):
    assert main(["image", str(tmp_path / "map.svg"), "--data", str(FIXTURE), "--country", "it"]) == 0
    assert_inert((tmp_path / "map.svg").read_text(encoding="utf-8"))
    assert main(["image", str(tmp_path / "map.png"), "--data", str(FIXTURE), "--width", "800", "--height", "450",
                 "--scale", "2"]) == 0
    with Image.open(tmp_path / "map.png") as png:
        assert png.format == "PNG" and png.size == (1600, 900)


@pytest.mark.parametrize("argv, words", [
    (["out.jpg"], "must end in .svg or .png"),
    (["out.png", "--width", "10"], "width must be 320 to 4000"),
    (["out.png", "--country", "UK"], "the data has stations in ES, IT, LS"),  # GB is the code: never an empty map
])
def test_the_command_fails_in_one_line(tmp_path, capsys, argv, words):
    argv = [str(tmp_path / argv[0]), *argv[1:]]
    assert main(["image", *argv, "--data", str(FIXTURE)]) in (1, 2)
    err = capsys.readouterr().err.strip().splitlines()
    assert words in err[-1] and "Traceback" not in "".join(err)
    assert not any(tmp_path.iterdir())


def test_the_words_count_by_status_and_country(data):
    dataset, frame = frame_of(data)
    text = describe(frame, "en", dataset.data_as_of, None)
    assert text.startswith("Map of 3 reported Chinese overseas police stations (data as of ")
    assert "By status: 0 reported; 1 visited, found nothing; 1 confirmed trial operation; 1 officially denied." in text
    assert "By country: Italy 1, Lesotho 1, Spain 1." in text


def test_an_as_of_date_before_any_report_draws_the_empty_world_and_says_so(tmp_path):
    out = tmp_path / "before.svg"
    assert main(["image", str(out), "--data", str(FIXTURE), "--as-of", "2022-10-01"]) == 0
    root = assert_inert(out.read_text(encoding="utf-8"))
    texts = ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]
    assert any("Shown as of 2022-10-01." in t for t in texts)
    assert root.find(f"{SVG}desc").text.startswith("Map of 0 reported Chinese overseas police stations (data as of "
                                                   "2022-11-03, shown as of 2022-10-01).")
    assert "CHINA" in texts and "BRAZIL" in texts  # the whole world, with its country names
