"""The changelog as an Atom feed (``changes.xml``), so newsrooms can follow the data, in each interface
language. Pure.

One entry per data version. Entry ids are tag URIs built from the feed's id and the version's day only
(``tag:stationmap,2026:changes/2026-12-05``; a Chinese feed's ids name its language), so they stay the same
on every republish; ``updated`` is the version's last change time. The entry's content is the version's HTML
from ``changelog_html`` in the feed's language (escaped once there), carried as escaped text in
``type="html"``; the XML itself is written by ``xml.etree``, which escapes every text and attribute, so nothing
from the data can become markup in the feed. The feed says its language (``xml:lang``) and links to the other
languages' feeds (``hreflang``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

from stationmap.changelog.page import changelog_html, version_title
from stationmap.changelog.versions import Changelog, Version
from stationmap.records.dataset import Dataset
from stationmap.render.i18n import DEFAULT, HTML_LANG, N_, is_chinese, translator
from stationmap.render.page_meta import page_title

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ID = "tag:stationmap,2026:changes"
EPOCH = "1970-01-01T00:00:00Z"
CHANGES = N_("Changes")
EDITORS = N_("stationmap editors")
SUMMARY = N_("{status} status change(s), {sources} new source(s), {corrections} correction(s)")


def feed_id(language: str = DEFAULT) -> str:
    """The feed's id: English keeps the first one (its readers' subscriptions), each other language its own."""
    return FEED_ID if language == DEFAULT else f"{FEED_ID}/{HTML_LANG[language].lower()}"


def entry_id(version: Version, language: str = DEFAULT) -> str:
    return f"{feed_id(language)}/{version.day.isoformat()}"


def _summary(version: Version, language: str) -> str:
    return translator(language)(SUMMARY).format(status=len(version.status_changes),
                                                sources=len(version.new_sources),
                                                corrections=len(version.corrections))


def _entry_title(version: Version, language: str) -> str:
    """``Data version 2026-12-05: 1 status change(s), …`` / ``数据版本：2026年12月5日（1 项状态变化，…）``."""
    summary = _summary(version, language)
    return version_title(version, language) + (f"（{summary}）" if is_chinese(language) else f": {summary}")


def changes_feed(changelog: Changelog, dataset: Dataset, station_href: Callable[[str], str],
                 page_href: str = "changes.html", *, language: str = DEFAULT,
                 alternates: Mapping[str, str] | None = None) -> bytes:
    """The Atom document (UTF-8 bytes) for ``changelog`` in ``language``; links are relative to the feed's own
    address. ``alternates`` maps other languages to their feeds' addresses."""
    tr = translator(language)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: HTML_LANG[language]})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = feed_id(language)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = page_title(tr(CHANGES), language)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((v.updated for v in changelog.versions), default=EPOCH)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = tr(EDITORS)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href="changes.xml")
    for other, href in (alternates or {}).items():
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="application/atom+xml",
                      hreflang=HTML_LANG[other], href=href)
    for version in changelog.versions:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(version, language)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _entry_title(version, language)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = version.updated
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=f"{page_href}#v-{version.day.isoformat()}")
        one = Changelog((version,), changelog.recorded_changes)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = str(
            changelog_html(one, dataset, station_href, language=language, intro=False))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
