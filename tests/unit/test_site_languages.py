"""The published site in English, 简体 and 繁體: one ``publish`` writes all three, each page (map, methodology,
changelog and its Atom feed) in its language."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from stationmap.changelog.atom import ATOM
from stationmap.cli import main
from stationmap.image import ImageError
from stationmap.outputs.publish import HINT, SHOW_ONLY
from stationmap.outputs.site_folder import MARKER
from stationmap.outputs.site_languages import BACK_TO_MAP, LANGUAGE_LINKS
from stationmap.records.models import Status
from stationmap.rules.vocabulary import status_label
from tests.app.test_chinese_pages import PATTERN
from tests.chinese_text import ascii_punctuation_in_chinese, visible_chinese_text
from tests.unit.test_publish import FIXTURE, payload_of
from tests.unit.test_publish_changes import HOSTILE, record_accept

PAGES = {"en": "", "zh-Hans": "zh-hans/", "zh-Hant": "zh-hant/"}
TITLES = {"en": "Reported Chinese overseas police stations — reference map",
          "zh-Hans": "已报道的中国“海外警察站”——参考地图", "zh-Hant": "已報導的中國「海外警察站」——參考地圖"}
#: The site's own English words: none may show on a Chinese page.
SITE_WORDS = (HINT, SHOW_ONLY, BACK_TO_MAP, LANGUAGE_LINKS, "Methodology", "Data as of", "Click", "Map of",
              # the changelog's
              "Changes", "Data version", "Status changes", "New sources", "Corrections", "Deciding source",
              "Changed evidence", "Why", "Resolution", "not on the map", "Atom feed", "Every change", "contested",
              "status change(s)", "new source(s)", "correction(s)")
PAGE_NAMES = ("index.html", "methodology.html", "changes.html")
REASON = "the court ruled " + HOSTILE


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The tiny data with one recorded change (a court finding for Rome, its reason hostile text)."""
    data = tmp_path_factory.mktemp("languages") / "data"
    shutil.copytree(FIXTURE, data)
    record_accept(data, REASON)
    out = data.parent / "site"
    assert main(["publish", str(out), "--data", str(data), "--site-url", "https://example.org/map"]) == 0
    return out


class _Links(HTMLParser):
    """Links, landmarks and the head's alternates of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.alternates: dict[str, str] = {}
        self.tags: list[str] = []
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "type" not in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        if tag == "link" and attrs.get("type") == "application/atom+xml":
            self.feeds.append(attrs["href"])


def _read(site: Path, language: str, name: str) -> str:
    return (site / PAGES[language] / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", PAGES)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_each_language_has_its_pages_with_lang_title_main_and_links(site, language, name):
    html = _read(site, language, name)
    assert f'<html lang="{language}">' in html
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.endswith(TITLES[language]) and (name == "index.html") == (title == TITLES[language])
    parser = _Links()
    parser.feed(html)
    assert parser.tags.count("main") == 1
    here = (site / PAGES[language]).resolve()
    # hreflang alternates: every language's version of this page (English the default), each a real file.
    assert set(parser.alternates) == {"en", "zh-Hans", "zh-Hant", "x-default"}
    for other, href in parser.alternates.items():
        target = (here / href).resolve()
        assert target == (site / PAGES.get(other, "") / name).resolve() and target.is_file()
    # Visible links to the same page in the two other languages, each named in its own language.
    switch = {a["hreflang"]: a for a in parser.links if "sm-language" in a.get("class", "")}
    assert set(switch) == set(PAGES) - {language}
    for other, a in switch.items():
        assert a["lang"] == other and (here / a["href"]).resolve() == (site / PAGES[other] / name).resolve()
    # Every link inside the site (back to the map, methodology, the changelog, its feed) reaches a file.
    for a in parser.links:
        target = a["href"].split("#")[0]
        if target and not target.startswith(("http://", "https://", "mailto:")):
            assert (here / target).resolve().is_file(), a["href"]
    # The other pages are this language's: the map, the methodology, the changelog beside this page.
    ours = {a["href"].split("#")[0] for a in parser.links if "sm-language" not in a.get("class", "")}
    assert set(PAGE_NAMES) - {name} <= ours
    assert not [a for a in parser.links if "sm-language" not in a.get("class", "") and "hreflang" in a]
    if name == "changes.html":
        assert parser.feeds == ["changes.xml"] and "changes.xml" in ours


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_no_english_word_of_ours_on_a_chinese_page(site, language):
    for name in PAGE_NAMES:
        html = _read(site, language, name)
        body = html.split("<body>")[1] if "<body>" in html else html.split("</head>")[1]
        body = re.sub(r'<script id="sm-data".*?</script>', "", body, flags=re.S)
        text = visible_chinese_text(body).replace(TITLES["en"], "")  # the credit quotes the English title
        assert sorted(set(PATTERN.findall(text))) == [], name
        assert [w for w in SITE_WORDS if w in text] == [], name
        assert ascii_punctuation_in_chinese(text) == [], name
    payload = payload_of(_read(site, language, "index.html"))
    words = " ".join([*payload["config"]["words"].values(), *payload["config"]["status_labels"],
                      *(s["label"] for s in payload["statuses"])])
    # Placeholders and the name of the Enter key aside, no Latin word.
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}|Enter", "", words)), words
    for panel in payload["panels"].values():
        text = visible_chinese_text(panel)
        assert sorted(set(PATTERN.findall(text))) == [], text
        assert ascii_punctuation_in_chinese(text) == [], text
    assert payload["config"]["language"] == language


def test_the_english_page_stays_english(site):
    payload = payload_of(_read(site, "en", "index.html"))
    assert payload["config"]["language"] == "en" and "Reported" in [s["label"] for s in payload["statuses"]]
    assert HINT in _read(site, "en", "index.html")


@pytest.mark.parametrize("language", PAGES)
def test_each_language_has_its_own_link_preview_and_map_summary(site, language):
    html = _read(site, language, "index.html")
    head = html.split("</head>")[0]
    meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', head))
    assert meta["og:title"] == TITLES[language]
    assert meta["og:image"] == f"https://example.org/map/{PAGES[language]}preview.png"
    assert meta["og:url"] == f"https://example.org/map/{PAGES[language]}"
    summary = re.search(r'<p id="sm-map-summary" class="visually-hidden">(.*?)</p>', html).group(1)
    assert meta["description"] == meta["og:description"] and meta["description"] in meta["og:image:alt"]
    if language == "en":
        assert meta["description"].startswith("Map of 3 reported")
    else:
        assert meta["description"].startswith("3 个" if language == "zh-Hans" else "3 個")
        assert "reported" not in summary and summary.startswith(meta["description"][:4])
    assert (site / PAGES[language] / "preview.png").is_file()


def test_the_previews_differ_by_language_and_the_marker_lists_every_file(site):
    previews = {language: (site / PAGES[language] / "preview.png").read_bytes() for language in PAGES}
    assert len(set(previews.values())) == 3
    marker = json.loads((site / MARKER).read_text(encoding="utf-8"))
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != MARKER)
    assert marker["files"] == files
    for folder in PAGES.values():
        assert {f"{folder}index.html", f"{folder}methodology.html", f"{folder}preview.png", f"{folder}changes.html",
                f"{folder}changes.xml"} <= set(files)


def test_pages_in_folders_find_the_shared_assets(site):
    for language in ("zh-Hans", "zh-Hant"):
        html = _read(site, language, "index.html")
        sources = re.findall(r'(?:src|href)="(\.\./static/[^"]+)"', html)
        assert sources and all((site / PAGES[language] / s).resolve().is_file() for s in sources)
        assert not re.search(r'(?:src|href)="static/', html)


def test_a_language_without_its_font_is_published_without_only_that_preview(tmp_path, monkeypatch, caplog):
    from stationmap.outputs import publish

    real = publish.render

    def render(frame, options, fmt, *args, **kwargs):
        if options.language != "en":
            raise ImageError("no font with Chinese glyphs")
        return real(frame, options, fmt, *args, **kwargs)

    monkeypatch.setattr(publish, "render", render)
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    assert (out / "preview.png").is_file()
    assert not (out / "zh-hans" / "preview.png").exists() and not (out / "zh-hant" / "preview.png").exists()
    assert "og:image" not in _read(out, "zh-Hans", "index.html") and "og:image" in _read(out, "en", "index.html")
    assert (out / "zh-hans" / "index.html").is_file()
    assert "without a preview image" in caplog.text


def test_a_large_site_keeps_stations_and_panels_out_of_its_pages(tmp_path, monkeypatch):
    """Above INLINE_STATIONS: two columnar stations scripts for every language (the map's columns, then the
    names), each language's panels in script shards of the same layout, and pages that carry only the words and
    where those files are."""
    from stationmap.outputs import publish

    monkeypatch.setattr(publish, "INLINE_STATIONS", 1)
    monkeypatch.setattr(publish, "PANEL_SHARD", 2)
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(FIXTURE)]) == 0
    stations = (out / "data" / "stations.js").read_text(encoding="utf-8")
    assert stations.startswith("window.SM_STATIONS={") and '"it-rome"' not in stations
    names = (out / "data" / "names.js").read_text(encoding="utf-8")
    assert names.startswith("window.SM_NAMES={") and '"it-rome"' in names
    for language, folder in PAGES.items():
        payload = payload_of(_read(out, language, "index.html"))
        assert "stations" not in payload and "panels" not in payload
        assert payload["stations_script"] == ("../" if folder else "") + "data/stations.js"
        assert payload["names_script"] == ("../" if folder else "") + "data/names.js"
        assert 'src="' + payload["stations_script"] + '"' in _read(out, language, "index.html")
        assert payload["names_script"] not in _read(out, language, "index.html").split('id="sm-data"')[0]
        assert payload["panel_shards"] == {"url": "panels/", "shard": 2}
        shards = sorted(p.name for p in (out / folder / "panels").iterdir())
        assert shards == ["0.js", "1.js"]  # three stations, two a shard: the same layout in every language
        body = (out / folder / "panels" / "1.js").read_text(encoding="utf-8")
        assert body.startswith("StationMap.panelShard(1,{") and "<" not in body  # escaped for a script file
    marker = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert {"data/stations.js", "data/names.js", "panels/0.js", "zh-hans/panels/1.js",
            "zh-hant/panels/0.js"} <= set(marker["files"])


def _visible(html: str) -> str:
    body = html.split("<body>")[1] if "<body>" in html else html
    return visible_chinese_text(body).replace(TITLES["en"], "")


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_the_changelog_speaks_the_page_language_and_keeps_data_as_written(site, language):
    html = _read(site, language, "changes.html")
    text = _visible(html)
    # Chinese status names, the version's day written the Chinese way, full-width marks between our words.
    assert status_label(Status.VISITED_FOUND_NOTHING, language) in text
    assert status_label(Status.CONFIRMED_TRIAL_OPERATION, language) in text
    assert "2026年1月2日" in text and "2026-01-02" not in text
    assert ("数据版本" if language == "zh-Hans" else "資料版本") in text
    assert ("更改记录" if language == "zh-Hans" else "更改紀錄") in text
    # The data stays as written (marked lang="en"), escaped: the reason shows as text, never as markup.
    assert "the court ruled" in html and 'lang="en"' in html
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # The station links open this language's map on the station.
    assert 'href="index.html#station=it-rome"' in html


@pytest.mark.parametrize("language", PAGES)
def test_each_language_has_its_own_valid_feed(site, language):
    root = ET.fromstring((site / PAGES[language] / "changes.xml").read_bytes())  # well-formed XML
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == 1
    links = {(link.get("rel"), link.get("hreflang")): link.get("href") for link in root.findall(f"{{{ATOM}}}link")}
    assert links[("alternate", None)] == "changes.html" and links[("self", None)] == "changes.xml"
    here = site / PAGES[language]
    for other in set(PAGES) - {language}:
        assert (here / links[("alternate", other)]).resolve() == (site / PAGES[other] / "changes.xml").resolve()
    entry = entries[0]
    assert entry.find(f"{{{ATOM}}}link").get("href") == "changes.html#v-2026-01-02"
    content = entry.find(f"{{{ATOM}}}content")
    assert len(content) == 0 and "<script>window.__pwned" not in content.text  # no element got into the feed
    assert "&lt;script&gt;window.__pwned=1" in content.text
    title = entry.findtext(f"{{{ATOM}}}title")
    if language == "en":
        assert entry.findtext(f"{{{ATOM}}}id") == "tag:stationmap,2026:changes/2026-01-02"  # as before
        assert title.startswith("Data version 2026-01-02: 1 status change")
        return
    for words in (title, root.findtext(f"{{{ATOM}}}title"), _visible(content.text)):
        assert sorted(set(PATTERN.findall(words))) == [], words
        assert [w for w in SITE_WORDS if w in words] == [], words
        assert ascii_punctuation_in_chinese(words) == [], words
    assert "2026年1月2日" in title and status_label(Status.CONFIRMED_TRIAL_OPERATION, language) in content.text


def test_the_feeds_have_one_id_each(site):
    ids = [ET.fromstring((site / folder / "changes.xml").read_bytes()).findtext(f"{{{ATOM}}}id")
           for folder in PAGES.values()]
    entries = [ET.fromstring((site / folder / "changes.xml").read_bytes()).find(f"{{{ATOM}}}entry").findtext(
        f"{{{ATOM}}}id") for folder in PAGES.values()]
    assert len(set(ids)) == 3 and len(set(entries)) == 3 and ids[0] == "tag:stationmap,2026:changes"
