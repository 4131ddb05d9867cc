"""``python -m stationmap publish``: a self-contained site, written whole or not at all, inert with hostile data."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.outputs.publish import publish_site
from stationmap.outputs.site_folder import MARKER, PublishRefused
from stationmap.records.loading import load_dataset

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"
def published_files(out_dir: Path) -> list[str]:
    """Every file of a published site, relative."""
    return sorted(str(p.relative_to(out_dir)) for p in Path(out_dir).rglob("*") if p.is_file())


def payload_of(index_html: str) -> dict:
    """The JSON embedded in a published index.html."""
    start = index_html.index('<script id="sm-data" type="application/json">') + len(
        '<script id="sm-data" type="application/json">')
    return json.loads(index_html[start:index_html.index("</script>", start)])


HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def test_publish_writes_a_self_contained_site(tmp_path):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    files = published_files(out)
    assert "index.html" in files and "methodology.html" in files
    assert any(f.endswith("leaflet.js") for f in files) and any(f.endswith("countries.js") for f in files)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html.split("<body>")[0]
    payload = payload_of(html)
    assert set(payload["panels"]) == {"es-barcelona", "it-rome", "ls-lesotho"}
    assert "found a travel agency" in payload["panels"]["it-rome"]


def test_publish_filters_by_status_and_country(tmp_path):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE), "--status", "officially_denied"]) == 0
    assert payload_of((out / "index.html").read_text(encoding="utf-8"))["stations"]["id"] == ["ls-lesotho"]
    assert main(["publish", str(out), "--data", str(FIXTURE), "--country", "it"]) == 0
    assert payload_of((out / "index.html").read_text(encoding="utf-8"))["stations"]["id"] == ["it-rome"]


def test_publish_refuses_data_with_errors_unless_allowed(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    stations = data / "stations.csv"
    stations.write_text(stations.read_text().replace(",IT,city", ",XX,city"), encoding="utf-8")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 1
    assert "not published" in capsys.readouterr().err and not out.exists()
    assert main(["publish", str(out), "--data", str(data), "--allow-errors"]) == 0
    assert (out / "index.html").exists()


def test_a_failed_publish_leaves_the_old_site_and_no_half_site(tmp_path, monkeypatch):
    out = tmp_path / "site"
    result = load_dataset(FIXTURE)
    publish_site(result, out)
    before = (out / "index.html").read_text(encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("stationmap.outputs.publish._methodology_html", broken)
    with pytest.raises(OSError):
        publish_site(result, out)
    assert (out / "index.html").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_hostile_data_stays_inert_in_the_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    stations = data / "stations.csv"
    quoted = HOSTILE.replace('"', '""')
    stations.write_text(stations.read_text().replace("it-rome,Rome,Rome", f'it-rome,"{quoted}",Rome'), encoding="utf-8")
    out = tmp_path / "site"
    publish_site(load_dataset(data), out)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert HOSTILE not in html and "<script>window.__pwned" not in html
    panel = payload_of(html)["panels"]["it-rome"]
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in panel  # escaped once, as text


# --- What publish may replace: only nothing, an empty folder, or a site of its own ---------------------------

def _one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_publish_refuses_a_folder_it_did_not_write_and_keeps_its_files(tmp_path, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.txt").write_text("x", encoding="utf-8")
    assert main(["publish", str(notes), "--data", str(FIXTURE)]) == 2
    err = _one_line(capsys.readouterr().err)
    assert str(notes) in err and "empty" in err and MARKER in err
    assert sorted(p.name for p in notes.iterdir()) == ["thesis.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]  # no staging folder left behind


@pytest.mark.parametrize("where", ["data", "data/site", "."])
def test_publish_never_writes_into_around_or_over_the_data_folder(where, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert main(["publish", str(tmp_path / where), "--data", str(data)]) == 2
    assert "data folder" in _one_line(capsys.readouterr().err)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_a_site_it_published_is_replaced_without_force_and_says_what_it_holds(tmp_path):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE), "--country", "it"]) == 0
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert marker["generator"] == "stationmap publish" and marker["data_as_of"] == "2022-11-03"
    assert marker["countries"] == ["IT"] and marker["stations"] == 1
    assert set(marker["files"]) == set(published_files(out)) - {MARKER}
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0  # the normal re-publish
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["stations"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_empty_folder_is_published_into(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("added", ["notes.txt", "static/js/mine.js", "drafts/"])
def test_a_published_site_with_something_added_is_refused(added, tmp_path, capsys):
    out = tmp_path / "site"
    publish_site(load_dataset(FIXTURE), out)
    target = out / added
    target.parent.mkdir(parents=True, exist_ok=True)
    target.mkdir() if added.endswith("/") else target.write_text("mine", encoding="utf-8")
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 2
    err = _one_line(capsys.readouterr().err)
    assert added.rstrip("/") in err and str(out) in err
    assert target.exists()


@pytest.mark.parametrize("marker", ["not json", '{"generator": "something else", "files": []}', "fifo"])
def test_a_folder_with_a_foreign_or_broken_marker_is_refused(marker, tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("someone's page", encoding="utf-8")
    if marker == "fifo":
        os.mkfifo(out / MARKER)  # opening it would block: it must not be opened
    else:
        (out / MARKER).write_text(marker, encoding="utf-8")
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 2
    assert str(out) in _one_line(capsys.readouterr().err)
    assert (out / "index.html").read_text(encoding="utf-8") == "someone's page"


def test_a_folder_named_like_the_retired_site_is_never_removed(tmp_path):
    out = tmp_path / "site"
    publish_site(load_dataset(FIXTURE), out)
    theirs = tmp_path / ".site.old"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("mine", encoding="utf-8")
    publish_site(load_dataset(FIXTURE), out)
    assert (theirs / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "site"]


def test_a_file_is_not_a_folder_to_publish_into(tmp_path, capsys):
    target = tmp_path / "site.html"
    target.write_text("mine", encoding="utf-8")
    assert main(["publish", str(target), "--data", str(FIXTURE)]) == 2
    assert "not a folder" in _one_line(capsys.readouterr().err) and target.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(("options", "named"), [
    (["--country", "UK"], ["UK", "ES, IT, LS", "GB"]),  # the ISO code is GB: the message lists the valid ones
    (["--country", "IT", "--status", "officially_denied"], ["selects no station", "in IT: visited_found_nothing"]),
    (["--status", "confirmed_trial_operation", "--as-of", "2022-10-01"], ["selects no station", "--as-of"]),
])
def test_a_view_that_selects_nothing_is_refused_and_the_old_site_stays(options, named, tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    before = (out / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["publish", str(out), "--data", str(FIXTURE), *options]) == 2
    err = _one_line(capsys.readouterr().err)
    assert all(word in err for word in named), err
    assert (out / "index.html").read_text(encoding="utf-8") == before


def test_the_api_refuses_too(tmp_path):
    with pytest.raises(PublishRefused, match="data folder"):
        publish_site(load_dataset(FIXTURE), FIXTURE / "site", data_dir=FIXTURE)
    assert not (FIXTURE / "site").exists()


def test_the_site_carries_a_link_preview_and_the_map_in_words(tmp_path):
    import xml.etree.ElementTree as ET

    from PIL import Image

    from stationmap.image import ImageOptions, describe, map_svg
    from stationmap.rules.queries import station_frame

    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    with Image.open(out / "preview.png") as png:
        assert png.format == "PNG" and png.size == (1200, 675)
    html = (out / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    short = ("Map of 3 reported Chinese overseas police stations (data as of 2022-11-03). By status: 0 reported; "
             "1 visited, found nothing; 1 confirmed trial operation; 1 officially denied.")
    for tag in (f'<meta name="description" content="{short}">', f'<meta property="og:description" content="{short}">',
                '<meta property="og:image" content="preview.png">',
                '<meta property="og:title" content="Reported Chinese overseas police stations — reference map">'):
        assert tag in head
    dataset = load_dataset(FIXTURE).dataset
    frame = station_frame(dataset)
    words = describe(frame, "en", dataset.data_as_of, None)
    assert "By country: Italy 1, Lesotho 1, Spain 1." in words
    assert f'<p id="sm-map-summary" class="visually-hidden">{words}</p>' in html  # beside the map, for screen readers
    assert 'aria-describedby="sm-map-summary"' in html
    svg = ET.fromstring(map_svg(frame, ImageOptions(data_as_of=dataset.data_as_of)).encode("utf-8"))
    assert svg.find("{http://www.w3.org/2000/svg}desc").text == words  # the same words as the image's alt text


def test_a_site_address_makes_the_link_preview_absolute(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE), "--site-url", "https://example.org/map"]) == 0
    head = (out / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert '<meta property="og:image" content="https://example.org/map/preview.png">' in head
    assert '<meta property="og:url" content="https://example.org/map/">' in head
    with pytest.raises(SystemExit) as exit_:
        main(["publish", str(tmp_path / "other"), "--data", str(FIXTURE), "--site-url", "javascript:alert(1)"])
    assert exit_.value.code == 2 and "not an absolute http(s) address" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def _script_json(path: Path, variable: str) -> dict:
    """The object a site's data script assigns to ``window.<variable>``."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"window.{variable}=") and text.endswith(";\n")
    return json.loads(text[len(f"window.{variable}="):-2])


def test_a_large_sites_first_file_holds_only_what_the_map_draws_and_the_names_follow(tmp_path, monkeypatch):
    """Above INLINE_STATIONS the page loads data/stations.js before its first map: numbers only (coordinates,
    status, precision, contested, radius), no id, label or place. data/names.js holds those, by the same
    position; together they are every column of the stations, nothing missing, and a hostile label stays
    escaped in the script file."""
    from stationmap.outputs import publish
    from stationmap.render.folium_map import map_points, station_data
    from stationmap.rules.queries import station_frame

    monkeypatch.setattr(publish, "INLINE_STATIONS", 1)
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    stations_csv = data / "stations.csv"
    quoted = HOSTILE.replace('"', '""')
    stations_csv.write_text(stations_csv.read_text().replace("it-rome,Rome,Rome", f'it-rome,"{quoted}",Rome'),
                            encoding="utf-8")
    out = tmp_path / "site"
    dataset = load_dataset(data).dataset
    publish_site(load_dataset(data), out)
    first = _script_json(out / "data" / "stations.js", "SM_STATIONS")
    names = _script_json(out / "data" / "names.js", "SM_NAMES")
    assert tuple(first) == publish.MAP_COLUMNS == ("lat", "lon", "s", "p", "c", "r")
    assert all(isinstance(v, int | float) for column in first.values() for v in column)  # no strings at all
    assert tuple(names) == publish.NAME_COLUMNS == ("id", "label", "place")
    expected = station_data(map_points(station_frame(dataset)))
    assert {**first, **names} == expected  # every column, every station, the same order (10 == 10.0)
    assert set(expected) == set(publish.MAP_COLUMNS) | set(publish.NAME_COLUMNS)
    assert names["label"][names["id"].index("it-rome")] == HOSTILE
    for name in ("stations.js", "names.js"):
        text = (out / "data" / name).read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text  # json_for_script: no tag can close the script
    assert "it-rome" not in (out / "index.html").read_text(encoding="utf-8").split('id="sm-data"')[1]
