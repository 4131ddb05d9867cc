"""The published site's changelog: ``changes.html`` (the app's Changes page, escaped the same way) and the
Atom feed ``changes.xml``. Called by ``stationmap.publish`` with the folder being written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from stationmap.changelog import Changelog, load_changelog
from stationmap.changelog_feed import changes_feed
from stationmap.changelog_html import changelog_html
from stationmap.citation import LICENCE_TEXT, TITLE
from stationmap.dataset import Dataset

PAGE, FEED = "changes.html", "changes.xml"


def site_station_href(station_id: str) -> str:
    """The site's map opened on a station (its view lives in the address's fragment)."""
    return f"index.html#station={station_id}"


def changes_page_html(changelog: Changelog, dataset: Dataset, version: dt.date | None) -> str:
    page = Markup("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Changes — {title}</title>
<link rel="alternate" type="application/atom+xml" title="Changes" href="{feed}">
<style>body{{max-width:860px;margin:0 auto;padding:12px;font:15px/1.5 system-ui,sans-serif;color:#222}}</style>
</head><body><p><a href="index.html">← Back to the map</a> · <a href="methodology.html">Methodology</a> ·
Data as of {version} · <a href="{feed}">Atom feed</a></p>
<h1>Changes</h1>{body}<p>{licence}</p></body></html>
""").format(title=TITLE, feed=FEED, version=version.isoformat() if version else "unknown",
            body=changelog_html(changelog, dataset, site_station_href), licence=LICENCE_TEXT)
    return str(page)


def write_changes_pages(site: Path, dataset: Dataset, data_dir: Path | None, version: dt.date | None) -> None:
    """Write changes.html and changes.xml into ``site`` (an empty changelog when no data folder is known)."""
    changelog = load_changelog(data_dir, dataset) if data_dir is not None else Changelog()
    (site / PAGE).write_text(changes_page_html(changelog, dataset, version), encoding="utf-8")
    (site / FEED).write_bytes(changes_feed(changelog, dataset, site_station_href, PAGE))
