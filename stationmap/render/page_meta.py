"""What the browser tab and assistive technology are told about a page, per interface language. Pure.

Streamlit serves every page as ``<html lang="en">`` with one tab title; a Chinese page must say it is
Chinese (screen readers pick their pronunciation rules from ``lang``; tabs, bookmarks and history show the
title), and the map's frame needs a name in the page's language rather than the component's module name.
The published site can use the same words (``page_title``, ``map_frame_name``) for its own pages.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from stationmap.render.citation import TITLE as MAP_TITLE
from stationmap.render.i18n import HTML_LANG, N_, translator

FILTERS = N_("Filters")
MAP_FRAME_NAME = N_("Map of reported stations; use Tab to reach the markers and Enter to open one")


def page_title(page: str | None, language: str) -> str:
    """``Stations — <the map's title>`` in ``language`` (the map page: the map's title alone)."""
    tr = translator(language)
    title = tr(MAP_TITLE)
    return f"{page} — {title}" if page else title


def map_frame_name(language: str) -> str:
    return translator(language)(MAP_FRAME_NAME)


#: Streamlit's captions are faded text at 60% opacity, #828180 on white (3.88:1, below WCAG AA's 4.5:1):
#: a darker grey at full opacity instead, 7:1.
PAGE_CSS = Markup("""<style id="sm-page-css">
[data-testid="stCaptionContainer"] { color: #595857; opacity: 1; }
</style>""")


def page_language_script(language: str) -> Markup:
    """A script for the app's own document: set ``<html lang>`` and name the map frame, now and whenever
    Streamlit redraws it (our words only, JSON-encoded; no data string reaches it)."""
    settings = json.dumps({"lang": HTML_LANG[language], "map": map_frame_name(language)}, ensure_ascii=False)
    return PAGE_CSS + Markup("""<script>(function (s) {
  var doc = window.document;
  var queued = false;
  function zoomable(frame) {
    /* The map's frame comes with folium's viewport meta tag (maximum-scale=1.0, user-scalable=no), which
       blocks pinch zoom on phones (WCAG 1.4.4): allow zooming, now and whenever the frame redraws.
       (No less-than sign followed by a letter anywhere in this script: Streamlit's sanitiser drops it.) */
    var inner;
    try { inner = frame.contentDocument; } catch (e) { return; }
    if (!inner || !inner.head) return;
    var fix = function () {
      inner.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
        if (/maximum-scale|user-scalable/.test(meta.content)) meta.content = "width=device-width, initial-scale=1";
      });
    };
    fix();
    if (!frame.__smZoomable || frame.__smZoomable.doc !== inner) {
      var watch = new MutationObserver(fix);
      watch.observe(inner.documentElement, {childList: true, subtree: true});
      frame.__smZoomable = {doc: inner, watch: watch};
      frame.addEventListener("load", function () { zoomable(frame); });
    }
  }
  function apply() {
    queued = false;
    if (doc.documentElement.lang !== s.lang) doc.documentElement.lang = s.lang;
    doc.querySelectorAll('iframe[title="streamlit_folium.st_folium"]').forEach(function (frame) {
      if (frame.getAttribute("aria-label") !== s.map) frame.setAttribute("aria-label", s.map);
      zoomable(frame);
    });
  }
  apply();
  if (window.__smLanguageObserver) window.__smLanguageObserver.disconnect();
  window.__smLanguageObserver = new MutationObserver(function () {
    if (!queued) { queued = true; window.requestAnimationFrame(apply); }
  });
  window.__smLanguageObserver.observe(doc.documentElement, {attributes: true, attributeFilter: ["lang"],
                                                             childList: true, subtree: true});
})(%s);</script>""") % Markup(settings.replace("<", "\\u003c"))


#: Below this width Streamlit hides the sidebar behind a small arrow: a labelled button says where the
#: filters are (Streamlit's own breakpoint for the sidebar is 640 px as well).
FILTERS_BUTTON_BELOW_PX = 640


def filters_button(language: str) -> Markup:
    """A "Filters" button on the first screen of a phone that opens Streamlit's sidebar (hidden on wider
    screens, where the sidebar is open)."""
    return Markup("""<style>
#sm-filters{display:none}
@media (max-width:%(below)spx){#sm-filters{display:inline-flex;align-items:center;gap:.4rem;font:inherit;
  padding:.45rem .9rem;border:1px solid #555;border-radius:.5rem;background:#fff;color:#111;min-height:44px}}
</style><button type="button" id="sm-filters" aria-label="%(label)s">&#9776; %(label)s</button>
<script>(function () {
  var button = document.getElementById("sm-filters");
  if (!button || button.dataset.ready) return;
  button.dataset.ready = "1";
  button.addEventListener("click", function () {
    var open = document.querySelector('[data-testid="stExpandSidebarButton"]');
    if (open) open.click();
  });
})();</script>""") % {"below": FILTERS_BUTTON_BELOW_PX - 1, "label": translator(language)(FILTERS)}
