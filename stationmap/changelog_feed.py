"""The changelog as an Atom feed (``changes.xml``), so newsrooms can follow the data. Pure.

One entry per data version. Entry ids are tag URIs built from the version's day only
(``tag:stationmap,2026:changes/2026-12-05``), so they stay the same on every republish; ``updated`` is the
version's last change time. The entry's content is the version's HTML from ``changelog_html`` (escaped
once there), carried as escaped text in ``type="html"``; the XML itself is written by ``xml.etree``, which
escapes every text and attribute, so nothing from the data can become markup in the feed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from stationmap.changelog import Changelog, Version
from stationmap.changelog_html import changelog_html
from stationmap.citation import TITLE
from stationmap.dataset import Dataset

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:stationmap,2026:changes"
EPOCH = "1970-01-01T00:00:00Z"


def entry_id(version: Version) -> str:
    return f"{FEED_ID}/{version.day.isoformat()}"


def _summary(version: Version) -> str:
    return (f"{len(version.status_changes)} status change(s), {len(version.new_sources)} new source(s), "
            f"{len(version.corrections)} correction(s)")


def changes_feed(changelog: Changelog, dataset: Dataset, station_href: Callable[[str], str],
                 page_href: str = "changes.html") -> bytes:
    """The Atom document (UTF-8 bytes) for ``changelog``; links are relative to the feed's own address."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{TITLE} — changes"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((v.updated for v in changelog.versions), default=EPOCH)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "stationmap editors"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=page_href)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href="changes.xml")
    for version in changelog.versions:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(version)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Data version {version.day.isoformat()}: {_summary(version)}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = version.updated
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                      href=f"{page_href}#v-{version.day.isoformat()}")
        one = Changelog((version,), changelog.recorded_changes)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = str(
            changelog_html(one, dataset, station_href))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
