"""Read a saved page (HTML, PDF or plain text) into text and the facts an editor needs to cite it.

Nothing here guesses silently: every headline the page offers is listed with where it came from (the
printed ``<h1>``, ``<title>`` without the site's suffix, ``og:title``, JSON-LD ``headline``) for the editor
to choose from, a date is given only when the page states one, and a short extraction gets a warning.
Refused inputs raise DeskError before anything is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from stationmap.desk.dates import first_date_in
from stationmap.desk.errors import DeskError
from stationmap.desk.language import classify as classify_language

MAX_INPUT_BYTES = 10_000_000
SHORT_TEXT_CHARS = 500
MAX_JSON_LD_CHARS = 200_000
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•]\s+|\s*[｜|_]\s*")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<!--)", re.I)


@dataclass(frozen=True)
class Headline:
    text: str
    found_in: tuple[str, ...]  # "h1", "title", "og:title", "json-ld", "pdf-metadata"

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "from": list(self.found_in)}


@dataclass
class Extraction:
    """What was read from one input file."""

    kind: str  # "html", "pdf" or "text"
    text: str
    sha256: str  # of the input file's bytes
    headline_candidates: list[Headline] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def read_input(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The file's bytes, or DeskError naming why the desk refuses it (missing, a folder, empty, too large)."""
    if not path.exists():
        raise DeskError(f"{path}: no such file")
    if path.is_dir():
        raise DeskError(f"{path}: is a folder; give one saved page (HTML, PDF or text)")
    if not path.is_file():
        raise DeskError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DeskError(f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit; save the article alone")
    if size == 0:
        raise DeskError(f"{path}: the file is empty")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeskError(f"{path}: cannot be read ({exc.strerror})") from None


def sniff_kind(path: Path, data: bytes) -> str:
    """``pdf``, ``html`` or ``text`` from the content (the name's suffix only breaks ties); DeskError for junk."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if path.suffix.lower() in {".html", ".htm", ".xhtml"} or _HTML_START.match(data.lstrip(b"\xef\xbb\xbf")):
        if b"\x00" in data:
            raise DeskError(f"{path}: binary data, not an HTML page")
        return "html"
    return "text"


def decode_text(path: Path, data: bytes) -> str:
    """A text file as UTF-8 (a BOM is fine); DeskError for binary junk or another encoding."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeskError(f"{path}: not UTF-8 text (byte {exc.start}); save the page as HTML, PDF or UTF-8 "
                        "text") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in text or controls > max(8, len(text) // 100):
        raise DeskError(f"{path}: binary data, not text")
    return text


def extract(path: Path, *, url: str | None = None, today: dt.date | None = None,
            max_bytes: int = MAX_INPUT_BYTES, cache_dir: Path | None = None) -> Extraction:
    """Read ``path`` (offline) into an Extraction; DeskError when the desk refuses it. ``cache_dir`` keeps the
    language model unpacked between runs (see stationmap.desk.language)."""
    today = today or dt.date.today()
    data = read_input(path, max_bytes=max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff_kind(path, data)
    if kind == "html":
        result = _from_html(data, sha, today, cache_dir)
    elif kind == "pdf":
        result = _from_pdf(path, sha, today, cache_dir)
    else:
        text = decode_text(path, data).replace("\r\n", "\n")
        result = Extraction("text", text.strip(), sha)
        result.language = detect_language(result.text, cache_dir)
        found = first_date_in(result.text, result.language, today)
        result.published = found.isoformat() if found else None
    if not result.text.strip():
        raise DeskError(f"{path}: no text could be extracted; paste the article's text into a .txt file and "
                        "ingest that")
    if result.publisher is None and url:
        result.publisher = urlsplit(url).hostname
    _warn(result)
    return result


def _warn(result: Extraction) -> None:
    if text_weight(result.text) < SHORT_TEXT_CHARS:
        result.warnings.append(f"only {len(result.text)} characters of text were extracted (the page may load "
                               "its article by JavaScript): paste the text into a .txt file and ingest that")
    if result.kind == "html" and not result.headline_candidates:
        result.warnings.append("the page offers no headline: write the title from the page as published")
    if result.published is None:
        result.warnings.append("no publication date was found: take it from the page")
    if _BIDI.search(result.text):
        result.warnings.append("the text contains bidirectional control characters (U+202A-U+202E, "
                               "U+2066-U+2069): check any excerpt reads as printed")


def text_weight(text: str) -> int:
    """Length in Latin-letter equivalents: a Chinese, Japanese or Korean character counts three times."""
    dense = len(_CJK.findall(text))
    return len(text) + 2 * dense


def detect_language(text: str, cache_dir: Path | None = None) -> str | None:
    """The text's language code (py3langid), or None for too little text to tell."""
    sample = text[:5000].strip()
    if len(sample) < 20:
        return None
    return classify_language(sample, cache_dir)


# --- HTML ------------------------------------------------------------------------------------------


def _from_html(data: bytes, sha: str, today: dt.date, cache_dir: Path | None) -> Extraction:
    import trafilatura
    from htmldate import find_date
    from lxml import html as lxml_html

    document = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False, favor_recall=True,
                                           include_tables=True)
    text = (document.text if document is not None else "") or ""
    tree = _parse_html(data, lxml_html)
    meta = _page_metadata(tree)
    publisher = meta.get("og:site_name") or meta.get("json-ld-publisher") or (
        document.sitename if document is not None else None)
    result = Extraction("html", text.strip(), sha, publisher=(publisher or None))
    result.headline_candidates = headline_candidates(tree, meta, publisher)
    result.language = detect_language(result.text, cache_dir) or meta.get("lang")
    published = None
    try:
        published = find_date(data.decode("utf-8", "replace"), original_date=True, extensive_search=False,
                              max_date=today.isoformat())
    except (ValueError, TypeError):
        published = None
    if not published and meta.get("json-ld-date"):
        published = meta["json-ld-date"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", meta["json-ld-date"]) else None
    if not published:
        found = first_date_in(result.text, result.language, today)
        published = found.isoformat() if found else None
    result.published = published
    return result


def _parse_html(data: bytes, lxml_html):
    try:
        return lxml_html.document_fromstring(data)
    except (ValueError, Exception):  # noqa: BLE001 - lxml raises ParserError and others for junk
        return None


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _page_metadata(tree) -> dict[str, str]:
    """og:title, og:site_name, the document language and JSON-LD headline/publisher/date, where present."""
    meta: dict[str, str] = {}
    if tree is None:
        return meta
    lang = tree.get("lang")
    if lang:
        meta["lang"] = lang.split("-")[0].lower()
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").lower()
        if key in {"og:title", "og:site_name"} and element.get("content") and key not in meta:
            meta[key] = _clean(element.get("content"))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        if len(script.text) > MAX_JSON_LD_CHARS:
            continue
        try:
            payload = json.loads(script.text)
        except (ValueError, RecursionError):
            continue
        for node in _walk_json(payload):
            if isinstance(node.get("headline"), str) and "json-ld" not in meta:
                meta["json-ld"] = _clean(node["headline"])
            if isinstance(node.get("datePublished"), str) and "json-ld-date" not in meta:
                meta["json-ld-date"] = node["datePublished"]
            publisher = node.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                meta.setdefault("json-ld-publisher", _clean(publisher["name"]))
    return meta


def _walk_json(payload: object, limit: int = 10_000):
    """Every dict inside a JSON value, breadth first, at most ``limit`` of them (no recursion)."""
    queue, seen = [payload], 0
    while queue and seen < limit:
        node = queue.pop(0)
        if isinstance(node, dict):
            seen += 1
            yield node
            queue.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            queue.extend(v for v in node if isinstance(v, dict | list))


def strip_site_suffix(title: str, site: str | None) -> str:
    """``<title>`` without the site's name: the named site if it ends the title, else the last segment."""
    if site:
        for sep in (" | ", " - ", " – ", " — ", " · ", "｜", "|", "_", " : "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and len(parts[-1]) < len(title) / 2:
        separator = list(_TITLE_SEPARATORS.finditer(title))[-1]
        return title[: separator.start()].strip()
    return title


def headline_candidates(tree, meta: dict[str, str], site: str | None) -> list[Headline]:
    """Every headline the page offers, each once, with where it was found; the editor picks one."""
    found: list[tuple[str, str]] = []
    if tree is not None:
        for h1 in list(tree.iter("h1"))[:3]:
            found.append((_clean(h1.text_content()), "h1"))
        title = tree.find(".//title")
        if title is not None and title.text:
            found.append((strip_site_suffix(_clean(title.text_content()), site), "title"))
    for key in ("og:title", "json-ld"):
        if meta.get(key):
            found.append((meta[key], key))
    merged: dict[str, list[str]] = {}
    for text, where in found:
        if text and len(text) <= 500:
            merged.setdefault(text, [])
            if where not in merged[text]:
                merged[text].append(where)
    return [Headline(text, tuple(where)) for text, where in merged.items()]


# --- PDF -------------------------------------------------------------------------------------------


def _from_pdf(path: Path, sha: str, today: dt.date, cache_dir: Path | None) -> Extraction:
    from stationmap.desk.pdf_text import read_pdf

    pdf = read_pdf(path)
    result = Extraction("pdf", pdf.text.strip(), sha)
    if pdf.title:
        result.headline_candidates = [Headline(_clean(pdf.title), ("pdf-metadata",))]
    result.language = detect_language(result.text, cache_dir)
    found = first_date_in(result.text, result.language, today)
    result.published = found.isoformat() if found else None
    if pdf.date and result.published is None:
        result.warnings.append(f"the PDF's metadata says it was created on {pdf.date}; not used as the "
                               "publication date")
    return result
