"""The published site's changelog, in every language: ``changes.html`` (the app's Changes page, escaped the
same way) and the Atom feed ``changes.xml`` beside each language's map and methodology pages, linked to the
other languages' versions like those pages are. Called by ``stationmap.outputs.publish`` with the folder being written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from stationmap.changelog.atom import changes_feed
from stationmap.changelog.page import changelog_html
from stationmap.changelog.versions import Changelog
from stationmap.outputs.site_languages import (
    BACK_TO_MAP,
    CHANGES,
    METHODOLOGY,
    Page,
    dates,
    language_head,
    language_nav,
)
from stationmap.records.dataset import Dataset
from stationmap.render.citation import LICENCE_TEXT
from stationmap.render.i18n import HTML_LANG, LANGUAGES, N_, translator
from stationmap.render.page_meta import page_title

PAGE, FEED = "changes.html", "changes.xml"
ATOM_FEED = N_("Atom feed")


def site_station_href(station_id: str) -> str:
    """The site's map opened on a station (its view lives in the address's fragment), beside the changelog."""
    return f"index.html#station={station_id}"


def changes_page_html(changelog: Changelog, dataset: Dataset, version: dt.date | None, page: Page) -> str:
    """One language's ``changes.html``: header and links like the methodology page's, then the changelog."""
    language = page.language
    tr = translator(language)
    feed_title = page_title(tr(CHANGES), language)
    header_dates = dates(tr, language, version, None)
    html = Markup("""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
{alternates}
<link rel="alternate" type="application/atom+xml" title="{feed_title}" href="{feed}">
<style>body{{max-width:860px;margin:0 auto;padding:12px;font:15px/1.5 system-ui,sans-serif;color:#222}}</style>
</head><body><header><p><a href="index.html">← {back}</a>{gap}<a href="methodology.html">{methodology}</a>{gap}
{dates}{dates_gap}<a href="{feed}" type="application/atom+xml">{atom}</a></p>{nav}</header>
<main><h1>{heading}</h1>{body}<p>{licence}</p></main></body></html>
""").format(lang=HTML_LANG[language], title=feed_title, alternates=language_head(page, PAGE),
            feed_title=feed_title, feed=FEED, back=tr(BACK_TO_MAP), gap=page.gap, methodology=tr(METHODOLOGY),
            dates=header_dates, dates_gap=page.gap if header_dates else "", atom=tr(ATOM_FEED),
            nav=language_nav(page, PAGE), heading=tr(CHANGES),
            body=changelog_html(changelog, dataset, site_station_href, language=language), licence=tr(LICENCE_TEXT))
    return str(html)


def write_changes_pages(folder: Path, dataset: Dataset, changelog: Changelog, version: dt.date | None,
                        page: Page) -> None:
    """Write one language's changes.html and changes.xml into ``folder`` (that language's folder of the site)."""
    (folder / PAGE).write_text(changes_page_html(changelog, dataset, version, page), encoding="utf-8")
    alternates = {other: page.href(other, FEED) for other in LANGUAGES if other != page.language}
    (folder / FEED).write_bytes(changes_feed(changelog, dataset, site_station_href, PAGE, language=page.language,
                                             alternates=alternates))
