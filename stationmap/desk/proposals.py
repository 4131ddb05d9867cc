"""Turn an extracted text into proposals: each a verbatim sentence naming a station, with offsets.

The excerpt is a slice of the extracted text (``text[start:end]``), never rewritten, so it can be checked
against the archived text later. A sentence ends at ``. ! ?`` followed by a space, at Chinese ``。！？``, or
at a line break (never after Dr., Mr., Ms., St., No., U.S., U.K. or U.N.); a sentence naming no station
proposes nothing, so an article naming none proposes nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from stationmap.desk.classify import suggest
from stationmap.desk.matching import StationMatcher

_NOT_AFTER = r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bNo)(?<!\bU\.S)(?<!\bU\.K)(?<!\bU\.N)"  # abbreviations
#: ``(?=[.!?])`` only spares the eight look-behinds at every character that is not a full stop (twice as fast).
_END = r"(?:(?=[.!?])" + _NOT_AFTER + r"[.!?][\"'”’»)]*(?=\s|$)|[。！？][」』”’)）]*|$)"
#: A sentence within one line (HTML and text: a line is a paragraph)
_SENTENCE = re.compile(r"[^\n]+?" + _END, re.M)
#: or across single line breaks (PDF: lines are wrapped, a blank line ends a paragraph).
_SENTENCE_WRAPPED = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+?(?:" + _END + r"|(?=\n[ \t]*\n))")
MAX_EXCERPT_CHARS = 1200


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, *, wrapped_lines: bool = False) -> list[Sentence]:
    """The text's sentences with their offsets (leading and trailing spaces trimmed)."""
    result = []
    for match in (_SENTENCE_WRAPPED if wrapped_lines else _SENTENCE).finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        result.append(Sentence(start, start + len(stripped), stripped))
    return result


def build_proposals(text: str, matcher: StationMatcher, queue_id: str, *,
                    wrapped_lines: bool = False) -> list[dict[str, object]]:
    """One proposal per sentence that names at least one station (JSON-ready dicts, see ingest)."""
    proposals: list[dict[str, object]] = []
    matches = matcher.find(text)
    if not matches:
        return proposals
    starts = [m.start for m in matches]  # matches come in text order: each sentence looks up its own
    for sentence in sentences(text, wrapped_lines=wrapped_lines):
        first = bisect.bisect_left(starts, sentence.start)
        inside = []
        for match in matches[first:]:
            if match.start >= sentence.end:
                break
            if match.end <= sentence.end:
                inside.append(match)
        if not inside:
            continue
        excerpt = text[sentence.start:sentence.end]
        end = sentence.end
        if len(excerpt) > MAX_EXCERPT_CHARS:  # a run-on "sentence" (a table, a list): keep the part naming it
            first = inside[0]
            start = max(sentence.start, first.start - MAX_EXCERPT_CHARS // 2)
            end = min(sentence.end, start + MAX_EXCERPT_CHARS)
            inside = [m for m in inside if m.end <= end]
            excerpt = text[start:end]
        else:
            start = sentence.start
        station_ids = sorted({sid for m in inside for sid in m.station_ids})
        suggestion = suggest(excerpt)
        proposals.append({
            "proposal_id": f"{queue_id}-p{len(proposals) + 1}",
            "station_ids": station_ids,
            "excerpt": excerpt,
            "start": start,
            "end": end,
            "names_found": sorted({m.name for m in inside}),
            "suggested_type": suggestion.kind,
            "rule": suggestion.rule_id,
            "rule_keyword": suggestion.keyword,
            "rules_fired": list(suggestion.fired),
            "status": "pending",
        })
    return proposals
