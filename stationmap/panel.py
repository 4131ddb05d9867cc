"""The station panel and source reader as HTML strings. Pure; every data string goes through escape_html.

Built as HTML (shown with ``st.html``) rather than Markdown because Markdown would give data strings live
syntax: links, images that load from third-party hosts, LaTeX between dollar signs.
"""

from __future__ import annotations

from urllib.parse import urlencode

from stationmap.dataset import Dataset
from stationmap.escaping import escape_html as e
from stationmap.escaping import safe_url
from stationmap.excerpts import normalise
from stationmap.models import Evidence, OfficialAction, Precision, Reliability, Source, Status
from stationmap.queries import country_name
from stationmap.status import derive_status
from stationmap.styles import status_badge_html

CLAIM_LABELS: dict[str, str] = {
    Status.REPORTED: "Reported",
    Status.VISITED_FOUND_NOTHING: "Visited, found nothing",
    Status.CONFIRMED_TRIAL_OPERATION: "Confirmed (trial) operation",
    Status.OFFICIALLY_DENIED: "Officially denied",
    OfficialAction.INVESTIGATION_OPENED: "Investigation opened",
    OfficialAction.ORDERED_CLOSED: "Closure ordered",
    OfficialAction.ARREST_OR_CHARGE: "Arrest or charge",
}

PRECISION_TEXT = {
    Precision.CITY: "Location known to the city",
    Precision.REGION: "Location known only to a region: the marker is an approximate centre",
    Precision.COUNTRY: "Location known only to the country: the marker is the country's centre",
}

RELIABILITY_TEXT = {
    Reliability.OFFICIAL: "Official record",
    Reliability.ESTABLISHED: "Major outlet or the reporting NGO",
    Reliability.SECONDARY: "Secondhand, partisan or unidentified publisher",
}

PANEL_CSS = """
<style>
.sm-panel{font-size:0.95rem;line-height:1.45}
.sm-panel h3{margin:0 0 .2rem 0;font-size:1.25rem}
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
</style>
"""


def _lines(text: str) -> str:
    """Escaped text with line breaks kept (never a blank line, so no Markdown parsing can start)."""
    return "<br>".join(e(line) for line in text.splitlines() if line.strip())


def link_html(url: str, text: str) -> str:
    """A link to a source, or the escaped text alone when the URL is not a safe http(s) URL."""
    safe = safe_url(url)
    if safe is None:
        return e(text)
    return f'<a href="{e(safe)}" target="_blank" rel="noopener noreferrer nofollow">{e(text)}</a>'


def source_line_html(source: Source) -> str:
    date = str(source.published) if source.published else "date unknown"
    if source.date_is_approximate:
        date = f"about {date}"
    grade = RELIABILITY_TEXT[source.reliability]
    title = link_html(source.url, source.title) if source.url else e(source.title)
    return (f'<div class="sm-source">{title} — {e(source.publisher)}, {e(date)} '
            f'<span class="sm-grade" title="{e(source.reliability_note)}">{e(grade)}</span></div>')


def evidence_html(item: Evidence, source: Source) -> str:
    date = str(item.effective_date) if item.effective_date else "undated"
    if item.is_quotation:
        body = (f'<div class="sm-kind">Quotation from the source</div>'
                f'<blockquote class="sm-quote">{_lines(item.excerpt)}</blockquote>')
    else:
        body = (f'<div class="sm-kind">Summary in our own words (source not stored in full)</div>'
                f'<div class="sm-summary">{_lines(item.summary)}</div>')
    notes = f'<div class="sm-meta">Note: {_lines(item.notes)}</div>' if item.notes else ""
    return (f'<div class="sm-evidence" id="ev-{e(item.evidence_id)}">'
            f'<div><span class="sm-claim">{e(CLAIM_LABELS[item.supports])}</span> · {e(item.claimant)} · '
            f'{e(date)}</div>{body}{source_line_html(source)}{notes}</div>')


def station_panel_html(dataset: Dataset, station_id: str) -> str:
    """Everything a reader needs to judge one station: where, what status, and the words behind it."""
    station = dataset.stations[station_id]
    evidence = dataset.evidence_for(station_id)
    verdict = derive_status(evidence)
    place = dataset.places.get(station_id)
    precision = place.precision if place else station.precision
    where = ", ".join(part for part in (station.city, station.region, country_name(station.country)) if part)
    batch = dataset.batches.get(station.batch)
    parts = [PANEL_CSS, '<div class="sm-panel">', f"<h3>{e(station.label)}</h3>",
             f'<div class="sm-meta">{e(where)}</div>',
             f'<div class="sm-meta">{e(PRECISION_TEXT[precision])}</div>']
    if place is None:
        parts.append('<div class="sm-meta">Not yet placed on the map.</div>')
    parts.append(f'<div class="sm-meta">Operator bureau: {e(station.bureau.value)} · Report: '
                 f'{e(batch.label if batch else station.batch)}</div>')
    if verdict is not None:
        parts.append(f'<div style="margin:.5rem 0">{status_badge_html(verdict.status)}</div>')
        if verdict.contested:
            parts.append('<div class="sm-contested"><strong>Contested:</strong> the sources disagree about '
                         "whether this station operated. Every claim is listed below.</div>")
        if verdict.actions:
            actions = ", ".join(CLAIM_LABELS[a] for a in verdict.actions)
            parts.append(f'<div class="sm-meta">Official actions: {e(actions)}</div>')
    if station.notes:
        parts.append(f'<div class="sm-meta">Notes: {_lines(station.notes)}</div>')
    parts.append(f"<h4>Evidence ({len(evidence)}), oldest first</h4>")
    parts += [evidence_html(item, dataset.sources[item.source_id]) for item in evidence]
    parts.append("</div>")
    return "".join(parts)


def highlighted_source_html(dataset: Dataset, source: Source) -> str:
    """A stored source's full text with every excerpt used as evidence highlighted and labelled.

    Matching uses the same normalisation as validation (whitespace and quote style), so the text shown is
    the normalised text, paragraph breaks kept.
    """
    assert source.text is not None
    quotes = [item for item in dataset.evidence if item.source_id == source.source_id and item.is_quotation]
    quotes += [b for b in dataset.batches.values() if b.source_id == source.source_id and b.excerpt]
    paragraphs = [normalise(p) for p in source.text.split("\n") if p.strip()]
    html_paragraphs = []
    for paragraph in paragraphs:
        spans: list[tuple[int, int, str]] = []
        for item in quotes:
            needle = normalise(item.excerpt)
            start = paragraph.find(needle)
            if start >= 0:
                spans.append((start, start + len(needle), _quote_label(dataset, item)))
        html_paragraphs.append(f"<p>{_highlight(paragraph, spans)}</p>")
    return PANEL_CSS + '<div class="sm-panel">' + "".join(html_paragraphs) + "</div>"


def quoted_stations_html(dataset: Dataset, source: Source) -> str:
    """Links from a source to the stations whose evidence quotes it (they open the map at that station)."""
    items = [i for i in dataset.evidence if i.source_id == source.source_id and i.station_id is not None]
    if not items:
        return ""
    links = []
    for item in items:
        station = dataset.stations[item.station_id]
        href = "./?" + urlencode({"station": item.station_id})
        links.append(f'<li><a href="{e(href)}" target="_self">{e(station.label)}</a>: '
                     f"{e(CLAIM_LABELS[item.supports])}</li>")
    return (f'<div class="sm-panel"><strong>Used as evidence for:</strong><ul>{"".join(links)}</ul>'
            f"{source_line_html(source)}</div>")


def _quote_label(dataset: Dataset, item) -> str:
    if isinstance(item, Evidence):
        if item.station_id is None:
            return f"Network-wide: {CLAIM_LABELS[item.supports]}"
        station = dataset.stations.get(item.station_id)
        return f"{station.label if station else item.station_id}: {CLAIM_LABELS[item.supports]}"
    return f"Report total: {item.label}"


def _highlight(paragraph: str, spans: list[tuple[int, int, str]]) -> str:
    """Wrap each span in <mark>; overlapping spans merge into one mark listing every label."""
    if not spans:
        return e(paragraph)
    merged: list[list] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    out, cursor = [], 0
    for start, end, labels in merged:
        title = "; ".join(dict.fromkeys(labels))
        out.append(e(paragraph[cursor:start]))
        out.append(f'<mark class="sm-hl" title="{e(title)}">{e(paragraph[start:end])}</mark>'
                   f'<sup class="sm-kind"> [{e(title)}]</sup>')
        cursor = end
    out.append(e(paragraph[cursor:]))
    return "".join(out)
