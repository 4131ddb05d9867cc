"""The station panel and source reader as HTML. Pure; escaping is the default (markupsafe ``Markup``).

Every function returns ``Markup``: ``Markup(template).format(...)`` escapes each argument unless it is
itself ``Markup``, so a data string cannot be inserted unescaped by forgetting a call.

Built as HTML (shown with ``st.html``) rather than Markdown because Markdown would give data strings live
syntax: links, images that load from third-party hosts, LaTeX between dollar signs.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from markupsafe import Markup

from stationmap.records.dataset import Dataset
from stationmap.records.models import Evidence, Source
from stationmap.render.escaping import safe_url
from stationmap.render.i18n import (
    DEFAULT,
    colon,
    country_name,
    enumeration,
    is_chinese,
    labelled,
    local_date,
    parenthesis_template,
    separator,
    translator,
)
from stationmap.render.styles import status_badge_html
from stationmap.rules.excerpts import normalise_quotation
from stationmap.rules.status import counts_by, derive_status
from stationmap.rules.vocabulary import (
    CLAIM_LABELS,
    PARTY_LABELS,
    PRECISION_TEXT,
    RELIABILITY_LABELS,
    WEAK_SOURCES_DEFINITION,
    WEAK_SOURCES_LABEL,
    bureau_label,
    publisher_label,
)

PANEL_STYLES = """
.sm-panel{font-size:0.95rem;line-height:1.45}
.sm-panel h2{margin:0 0 .2rem 0;font-size:1.25rem}
.sm-panel h3{margin:1.2rem 0 .4rem 0;font-size:1rem}
.sm-meta{color:#444;margin:.1rem 0}
.sm-contested{background:#fff3cd;border-left:4px solid #8a6d00;padding:.3rem .6rem;margin:.5rem 0}
.sm-evidence{border-top:1px solid #ddd;padding:.6rem 0}
.sm-claim{font-weight:600}
.sm-quote{border-left:4px solid #555;margin:.4rem 0;padding:.2rem .8rem;font-style:italic;background:#f7f7f7}
.sm-summary{border-left:4px dashed #999;margin:.4rem 0;padding:.2rem .8rem;background:#fafafa}
.sm-kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:#555}
.sm-source{font-size:.85rem;color:#333}
.sm-grade{display:inline-block;border:1px solid #999;border-radius:3px;padding:0 .3rem;font-size:.75rem}
mark.sm-hl{background:#ffe08a;padding:0 .1rem}
.sm-weak{background:#fde2e1;border-left:4px solid #a4262c;padding:.3rem .6rem;margin:.5rem 0}
.sm-basis{margin:.3rem 0}
.sm-status{margin:.5rem 0 .2rem 0}
.sm-deciding .sm-evidence{border-top:none;padding-top:.2rem}
"""
#: The panel's style sheet in a page; the map's panel in the browser adds ``PANEL_STYLES`` once instead.
PANEL_CSS = Markup("<style>{}</style>").format(Markup(PANEL_STYLES))


def _lines(text: str) -> Markup:
    """Escaped text with line breaks kept (never a blank line, so no Markdown parsing can start)."""
    return Markup("<br>").join(line for line in text.splitlines() if line.strip())


def link_html(url: str, text: str) -> Markup:
    """A link to a source, or the escaped text alone when the URL is not a safe http(s) URL."""
    safe = safe_url(url)
    if safe is None:
        return Markup("{}").format(text)
    return Markup('<a href="{}" target="_blank" rel="noopener noreferrer nofollow">{}</a>').format(safe, text)


def source_line_html(source: Source, language: str = DEFAULT) -> Markup:
    tr = translator(language)
    date = local_date(source.published, language) if source.published else tr("date unknown")
    if source.date_is_approximate:
        date = tr("about {date}").format(date=date)
    title = link_html(source.url, source.title) if source.url else Markup("{}").format(source.title)
    gloss = Markup(' <span lang="en">({})</span>').format(source.title_gloss) if source.title_gloss else ""
    publisher = publisher_label(source.publisher, language)
    # The publisher is data, in its own language: marked translate="no" (names are not for machine translation).
    return Markup('<div class="sm-source">{}{} — <span translate="no">{}</span>{}{} '
                  '<span class="sm-grade" title="{}">{}</span></div>').format(
        title, gloss, publisher, separator(language), date, source.reliability_note,
        tr(RELIABILITY_LABELS[source.reliability]))


def claim_line(item: Evidence, language: str = DEFAULT) -> Markup:
    """What the claim is, who made it and on whose side they stand, and when."""
    tr = translator(language)
    date = local_date(item.effective_date, language) if item.effective_date else tr("undated")
    party = Markup(parenthesis_template(language)).format(tr(PARTY_LABELS[item.party]))
    return Markup('<span class="sm-claim">{}</span> · <span lang="en">{}</span>{} · {}').format(
        tr(CLAIM_LABELS[item.supports]), item.claimant, party, date)


def evidence_html(item: Evidence, source: Source, language: str = DEFAULT) -> Markup:
    """One claim: the exact words or our summary (both in English, marked so), and its source."""
    tr = translator(language)
    if item.is_quotation:
        body = Markup('<div class="sm-kind">{}</div><blockquote class="sm-quote" lang="en">{}</blockquote>').format(
            tr("Quotation from the source"), _lines(item.excerpt))
    else:
        body = Markup('<div class="sm-kind">{}</div><div class="sm-summary" lang="en">{}</div>').format(
            tr("Summary in our own words (source not stored in full)"), _lines(item.summary))
    notes = Markup('<div class="sm-meta">{}</div>').format(labelled(
        tr("Note:"), Markup('<span lang="en">{}</span>').format(_lines(item.notes)), language)) if item.notes else ""
    return Markup('<div class="sm-evidence" id="ev-{}"><div>{}</div>{}{}{}</div>').format(
        item.evidence_id, claim_line(item, language), body, source_line_html(source, language), notes)


def station_panel_html(dataset: Dataset, station_id: str, as_of: dt.date | None = None,
                       language: str = DEFAULT, *, with_css: bool = True) -> Markup:
    """Everything a reader needs to judge one station, deciding evidence first.

    The panel opens with the station, its status, who set it and the claim(s) that set it (their exact words
    or our summary), so a reader sees why the station has its status without scrolling; the station's details
    and the rest of the evidence, oldest first, follow. With ``as_of``, only what had been published by then is
    shown, and the panel says how much came later. Interface words follow ``language``; data (labels, claims,
    summaries) stays as written, marked ``lang``. ``with_css=False`` leaves out the style sheet (the browser
    adds it once when it shows panels delivered in bulk).
    """
    tr = translator(language)
    station = dataset.stations[station_id]
    every = dataset.evidence_for(station_id)
    evidence = tuple(item for item in every if counts_by(item, as_of))
    later = len(every) - len(evidence)
    verdict = derive_status(evidence)
    deciding = verdict.deciding if verdict is not None else ()
    place = dataset.places.get(station_id)
    precision = place.precision if place else station.precision
    city = dataset.city_name(station_id, language)
    where = separator(language).join(
        part for part in (city, station.region, country_name(station.country, language)) if part)
    batch = dataset.batches.get(station.batch)
    meta = Markup('<div class="sm-meta">{}</div>')
    parts = [PANEL_CSS if with_css else Markup(""),
             Markup('<div class="sm-panel" data-station="{}"><h2 lang="en">{}</h2>').format(station_id, station.label),
             meta.format(where)]
    if verdict is not None:
        parts.append(Markup('<div class="sm-status">{}</div>').format(status_badge_html(verdict.status, language)))
        parts.append(_basis_html(evidence, deciding, language))
        parts.append(Markup('<div class="sm-deciding">{}</div>').format(Markup("").join(
            evidence_html(item, dataset.sources[item.source_id], language)
            for item in evidence if item.evidence_id in deciding)))
        if verdict.contested:
            parts.append(_flag("sm-contested", tr("Contested:"), tr(
                "the sources disagree about whether this station operated. Every claim is listed below."), language))
        if verdict.actions:
            parts.append(meta.format(labelled(tr("Official actions:"),
                                              enumeration((tr(CLAIM_LABELS[a]) for a in verdict.actions), language),
                                              language)))
    if dataset.rests_on_weak_sources(station_id):
        parts.append(_flag("sm-weak", tr(WEAK_SOURCES_LABEL).capitalize() + colon(language).rstrip(),
                           tr(WEAK_SOURCES_DEFINITION), language))
    if as_of is not None:
        later_text = (tr("{count} more piece(s) of evidence were published after this date; set the As-of date to "
                         "its last day to see them.").format(count=later) if later
                      else tr("nothing about this station was published later."))
        parts.append(_flag("sm-contested", tr("As of {date}:").format(date=local_date(as_of, language)), later_text,
                           language))
    parts.append(meta.format(tr(PRECISION_TEXT[precision])))
    if place is None:
        parts.append(meta.format(tr("Not yet placed on the map.")))
    parts.append(Markup('<div class="sm-meta">{} · {}{}<span lang="en">{}</span></div>').format(
        tr("Operator bureau: {bureau}").format(bureau=bureau_label(station.bureau, language)), tr("Report:"),
        "" if tr("Report:").endswith("：") else " ",
        batch.label if batch else station.batch))
    if station.notes:
        parts.append(Markup('<div class="sm-meta">{}</div>').format(labelled(
            tr("Notes:"), Markup('<span lang="en">{}</span>').format(_lines(station.notes)), language)))
    rest = [item for item in evidence if item.evidence_id not in deciding]
    if rest:
        parts.append(Markup("<h3>{}</h3>").format(
            tr("Other evidence ({count}), oldest first").format(count=len(rest))))
        parts += [evidence_html(item, dataset.sources[item.source_id], language) for item in rest]
    parts.append(Markup("</div>"))
    return Markup("").join(parts)


def _flag(css_class: str, label: str, text: str, language: str) -> Markup:
    """A boxed note: a bold label ending in a colon, then its text (no space after a full-width colon)."""
    gap = "" if label.endswith("：") else " "
    return Markup('<div class="{}"><strong>{}</strong>{}{}</div>').format(css_class, label, gap, text)


def _basis_html(evidence: tuple[Evidence, ...], deciding: tuple[str, ...], language: str = DEFAULT) -> Markup:
    """Which claims set the headline status, and who made them: a denial always says whose it is."""
    tr = translator(language)
    items = [item for item in evidence if item.evidence_id in deciding]
    if not items:
        return Markup("")
    party = Markup('<span lang="en">{}</span>') + Markup(parenthesis_template(language))
    who = sorted({party.format(item.claimant, tr(PARTY_LABELS[item.party])) for item in items})
    return Markup('<div class="sm-meta sm-basis">{}</div>').format(
        labelled(tr("Status set by:"), Markup("；" if is_chinese(language) else "; ").join(who), language))


def highlighted_source_html(dataset: Dataset, source: Source, language: str = DEFAULT) -> Markup:
    """A stored source's full text with every excerpt used as evidence highlighted and labelled.

    Matching uses the same normalisation as validation (whitespace and quote style), so the text shown is
    the normalised text, paragraph breaks kept.
    """
    assert source.text is not None
    quotes = [item for item in dataset.evidence if item.source_id == source.source_id and item.is_quotation]
    quotes += [b for b in dataset.batches.values() if b.source_id == source.source_id and b.excerpt]
    paragraphs = [normalise_quotation(p) for p in source.text.split("\n") if p.strip()]
    html_paragraphs = []
    for paragraph in paragraphs:
        spans: list[tuple[int, int, Markup]] = []
        for item in quotes:
            needle = normalise_quotation(item.excerpt)
            start = paragraph.find(needle)
            if start >= 0:
                spans.append((start, start + len(needle), _quote_label(dataset, item, language)))
        html_paragraphs.append(Markup("<p>{}</p>").format(_highlight(paragraph, spans, language)))
    return PANEL_CSS + Markup('<div class="sm-panel">{}</div>').format(Markup("").join(html_paragraphs))


def quoted_stations_html(dataset: Dataset, source: Source, language: str = DEFAULT) -> Markup:
    """Links from a source to the stations whose evidence quotes it (they open the map at that station)."""
    items = [i for i in dataset.evidence if i.source_id == source.source_id and i.station_id is not None]
    if not items:
        return Markup("")
    tr = translator(language)
    link = Markup('<li><a href="{}" target="_self" lang="en">{}</a>{}{}</li>')
    query = {} if language == DEFAULT else {"lang": language}
    links = [link.format("./?" + urlencode({**query, "station": item.station_id}),
                         dataset.stations[item.station_id].label, colon(language), tr(CLAIM_LABELS[item.supports]))
             for item in items]
    return Markup('<div class="sm-panel"><strong>{}</strong><ul>{}</ul>{}</div>').format(
        tr("Used as evidence for:"), Markup("").join(links), source_line_html(source, language))


def _quote_label(dataset: Dataset, item, language: str = DEFAULT) -> Markup:
    """What a highlighted passage is evidence of, in the interface language; a station label or report name
    is data, kept as written and marked ``lang="en"``."""
    tr = translator(language)
    if isinstance(item, Evidence):
        if item.station_id is None:
            return Markup("{}{}{}").format(tr("Network-wide"), colon(language), tr(CLAIM_LABELS[item.supports]))
        station = dataset.stations.get(item.station_id)
        return Markup('<span lang="en">{}</span>{}{}').format(station.label if station else item.station_id,
                                                              colon(language), tr(CLAIM_LABELS[item.supports]))
    return Markup('{}{}<span lang="en">{}</span>').format(tr("Report total"), colon(language), item.label)


def _highlight(paragraph: str, spans: list[tuple[int, int, Markup]], language: str = DEFAULT) -> Markup:
    """Wrap each span in <mark>; overlapping spans merge into one mark listing every label."""
    if not spans:
        return Markup("{}").format(paragraph)
    merged: list[list] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    out, cursor = [], 0
    mark = Markup('<mark class="sm-hl" title="{0}">{1}</mark><sup class="sm-kind"> {2}</sup>')
    brackets = Markup("〔{}〕" if is_chinese(language) else "[{}]")
    between = Markup("；" if is_chinese(language) else "; ")
    for start, end, labels in merged:
        out.append(Markup("{}").format(paragraph[cursor:start]))
        names = between.join(dict.fromkeys(labels))
        out.append(mark.format(names.striptags(), paragraph[start:end], brackets.format(names)))
        cursor = end
    out.append(Markup("{}").format(paragraph[cursor:]))
    return Markup("").join(out)
