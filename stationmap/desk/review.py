"""``stationmap review list|show|accept|reject``: an editor's decisions on the desk's proposals.

Accepting adds a source row (unless the source is already in the data) and an evidence row, but only after
the validator (``load_dataset``) has loaded the would-be dataset, built in a temporary copy, without an
error; then each file is replaced atomically and every added row is recorded in ``changes.csv``. The
source's full text stays in the local archive (its SHA-256 in ``sources.csv``'s ``text_sha256``); only the
excerpt is published. Rejecting records the reason. Every decision updates the queue item too.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from stationmap.desk.errors import DeskError
from stationmap.desk.queue import DeskPaths, all_items, find_proposal, load_item, save_item
from stationmap.desk.tables import appended, as_json_cell, change_rows, header_of, one_line
from stationmap.outputs.cli_io import write_atomically
from stationmap.records import schema
from stationmap.records.loading import LoadResult, load_dataset
from stationmap.records.models import PartialDate, Party
from stationmap.records.problems import printable
from stationmap.rules.audit import utc_now_text
from stationmap.rules.excerpts import normalise_quotation


def run(args: argparse.Namespace) -> int:
    paths = DeskPaths(args.data)
    if args.action in {"edit", "keep", "rename"}:
        from stationmap.desk import edit

        return {"edit": edit.run_edit, "keep": edit.run_keep, "rename": edit.run_rename}[args.action](
            args, paths.data_dir)
    handlers = {"list": _list, "show": _show, "accept": _accept, "reject": _reject}
    return handlers[args.action](args, paths)


# --- list and show: everything printed through printable() (no terminal control, no bidi tricks) ---------


def _out(text: str) -> None:
    print(printable(text))


def _headline(item: dict) -> str:
    candidates = item["source"]["headline_candidates"]
    return candidates[0]["text"] if candidates else "(no headline found)"


def _list(args: argparse.Namespace, paths: DeskPaths) -> int:
    items = all_items(paths)
    if not items:
        print(f"the queue is empty ({paths.queue})", file=sys.stderr)
        return 0
    for item in items:
        source = item["source"]
        counts: dict[str, int] = {}
        for proposal in item["proposals"]:
            counts[proposal["status"]] = counts.get(proposal["status"], 0) + 1
        state = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no proposals"
        _out(f"{item['queue_id']}  {source['published'] or 'undated'}  {source['publisher'] or 'unknown'}  "
             f"\"{_headline(item)[:80]}\"  ({state})")
        for proposal in item["proposals"]:
            _out(f"  {proposal['proposal_id']}  {proposal['status']:<8}  {proposal['suggested_type']:<27}  "
                 f"{' '.join(proposal['station_ids'])}  \"{proposal['excerpt'][:70]}\"")
    return 0


def _show(args: argparse.Namespace, paths: DeskPaths) -> int:
    if "-p" in args.item_id:
        item, proposal = find_proposal(paths, args.item_id)
        _show_proposal(proposal)
        _out(f"  from {item['queue_id']}: \"{_headline(item)}\"")
        return 0
    item = load_item(paths, args.item_id)
    source = item["source"]
    _out(f"{item['queue_id']}  ({item['input']['kind']} file {item['input']['file_name']}, ingested "
         f"{item['ingested']})")
    _out(f"  publisher: {source['publisher'] or 'unknown'}; published: {source['published'] or 'not found'}; "
         f"language: {source['language'] or 'unknown'}; url: {source['url'] or 'none'}")
    _out(f"  text: {source['text_chars']} characters, archived as {source['sha256']}")
    _out("  headline candidates (choose one with --headline):")
    for candidate in source["headline_candidates"]:
        _out(f"    \"{candidate['text']}\"  [{', '.join(candidate['from'])}]")
    for warning in item["warnings"]:
        _out(f"  warning: {warning}")
    for proposal in item["proposals"]:
        _show_proposal(proposal)
    return 0


def _show_proposal(proposal: dict) -> None:
    rule = f"rule {proposal['rule']} on \"{proposal['rule_keyword']}\"" if proposal["rule"] else "no rule fired"
    _out(f"{proposal['proposal_id']}  {proposal['status']}  suggested: {proposal['suggested_type']} ({rule}; "
         f"fired: {', '.join(proposal['rules_fired']) or 'none'})")
    _out(f"  stations: {', '.join(proposal['station_ids'])}  (names found: {', '.join(proposal['names_found'])})")
    _out(f"  excerpt [{proposal['start']}:{proposal['end']}]: \"{proposal['excerpt']}\"")
    if proposal.get("decision"):
        _out(f"  decision: {proposal['decision']}")


# --- reject --------------------------------------------------------------------------------------------


def _pending(proposal: dict) -> None:
    if proposal["status"] != "pending":
        raise DeskError(f"proposal {proposal['proposal_id']} is already {proposal['status']}")


def _reject(args: argparse.Namespace, paths: DeskPaths) -> int:
    item, proposal = find_proposal(paths, args.proposal_id)
    _pending(proposal)
    reason, editor = _required_text(args.reason, "--reason"), _required_text(args.editor, "--editor")
    changes = change_rows(paths.data_dir, [dict(
        editor=editor, action="reject", table="queue", row_id=proposal["proposal_id"], field="status",
        old="pending", new="rejected", reason=reason, queue_id=item["queue_id"])])
    write_atomically(paths.data_dir / schema.CHANGES.name,
                     appended(paths.data_dir / schema.CHANGES.name, schema.CHANGES, changes))
    proposal.update(status="rejected", decision={"by": editor, "at": changes[0]["time_utc"], "reason": reason,
                                                 "change_ids": [changes[0]["change_id"]]})
    save_item(paths, item)
    print(f"rejected {proposal['proposal_id']} ({changes[0]['change_id']})", file=sys.stderr)
    return 0


def _required_text(value: str, option: str) -> str:
    text = one_line(value)
    if not text:
        raise DeskError(f"{option} is empty")
    return text


# --- accept --------------------------------------------------------------------------------------------


def _accept(args: argparse.Namespace, paths: DeskPaths) -> int:
    item, proposal = find_proposal(paths, args.proposal_id)
    _pending(proposal)
    data_dir = paths.data_dir
    current = load_dataset(data_dir)
    if current.errors:
        raise DeskError(f"the data has {len(current.errors)} error(s) already (run validate): "
                        f"{current.errors[0]}")
    editor = _required_text(args.editor, "--editor")
    station_id = _accepted_station(args.station, proposal, current)
    kind = args.kind.strip()
    if kind not in schema.CLAIM_VALUES:
        raise DeskError(f"--type '{kind[:40]}' is not a claim kind; use one of: {', '.join(schema.CLAIM_VALUES)}")
    if args.party not in {p.value for p in Party}:
        raise DeskError(f"--party '{args.party[:40]}' is not a party; use one of: "
                        f"{', '.join(p.value for p in Party)}")
    excerpt = _excerpt(args.excerpt, proposal)
    source_row, source_edit = _source_row(args, item, current)
    source_id = source_row["source_id"] if source_row else source_edit["source_id"]
    evidence_row = {
        "evidence_id": _unique_id(f"{station_id}-{_slug(source_id, 24)}-{kind}",
                                  {e.evidence_id for e in current.dataset.evidence}),
        "station_id": station_id, "source_id": source_id, "supports": kind,
        "claimant": _required_text(args.claimant, "--claimant"), "party": args.party,
        "event_date": _date_text(args.event_date, "--event-date") if args.event_date else "",
        "excerpt": excerpt, "summary": "", "notes": one_line(args.notes or ""),
    }
    reason = f"accepted proposal {proposal['proposal_id']}"
    entries = []
    if source_row:
        entries.append(dict(editor=editor, action="accept", table="sources.csv", row_id=source_id,
                            new=as_json_cell(source_row), reason=reason, queue_id=item["queue_id"]))
    elif source_edit.get("text_sha256"):
        entries.append(dict(editor=editor, action="accept", table="sources.csv", row_id=source_id,
                            field="text_sha256", old="", new=source_edit["text_sha256"], reason=reason,
                            queue_id=item["queue_id"]))
    entries.append(dict(editor=editor, action="accept", table="evidence.csv", row_id=evidence_row["evidence_id"],
                        new=as_json_cell(evidence_row), reason=reason, queue_id=item["queue_id"]))
    changes = change_rows(data_dir, entries, now_text=utc_now_text())
    files = _new_files(data_dir, source_row, source_edit, evidence_row, changes)
    validate_would_be(data_dir, files, evidence_row["evidence_id"])
    for name in ("sources.csv", "evidence.csv", "changes.csv"):  # the change log last: it records what is done
        if name in files:
            write_atomically(data_dir / name, files[name])
    proposal.update(status="accepted", decision={
        "by": editor, "at": changes[0]["time_utc"], "station_id": station_id, "type": kind,
        "source_id": source_id, "evidence_id": evidence_row["evidence_id"],
        "change_ids": [c["change_id"] for c in changes]})
    item["source_id"] = source_id
    save_item(paths, item)
    print(evidence_row["evidence_id"])
    print(f"accepted {proposal['proposal_id']} as evidence {evidence_row['evidence_id']} (source {source_id}; "
          f"{', '.join(c['change_id'] for c in changes)})", file=sys.stderr)
    return 0


def _accepted_station(station_id: str, proposal: dict, current: LoadResult) -> str:
    if station_id not in current.dataset.stations:
        raise DeskError(f"--station '{printable(station_id[:60])}' is not a loaded station")
    if station_id not in proposal["station_ids"]:
        print(f"note: {station_id} is not among the stations the passage names "
              f"({', '.join(proposal['station_ids'])})", file=sys.stderr)
    return station_id


def _excerpt(requested: str | None, proposal: dict) -> str:
    """The excerpt to publish: the proposal's passage, or a verbatim part of it, on one line."""
    passage = " ".join(proposal["excerpt"].split())
    if not requested:
        return passage
    excerpt = " ".join(requested.split())
    if normalise_quotation(excerpt) not in normalise_quotation(passage):
        raise DeskError("--excerpt is not a verbatim part of the proposal's passage")
    return excerpt


def _date_text(text: str, option: str) -> str:
    try:
        return str(PartialDate.parse(text.strip()))
    except ValueError as exc:
        raise DeskError(f"{option}: {exc}") from None


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def _unique_id(base: str, taken: set[str]) -> str:
    base = _slug(base, 100) or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _source_row(args: argparse.Namespace, item: dict, current: LoadResult) -> tuple[dict | None, dict]:
    """(a new source row, None) or (None, the existing source to cite and the cell to fill, if any)."""
    sources = current.dataset.sources
    sha = item["source"]["sha256"]
    url = (args.url or item["source"]["url"] or "").strip()
    if item.get("source_id") in sources:  # a proposal of this item was accepted before
        return None, {"source_id": item["source_id"]}
    same_url = [s for s in sources.values() if url and s.url == url]
    if same_url:
        existing = same_url[0]
        fill = not existing.text_path and not existing.text_sha256
        return None, {"source_id": existing.source_id, **({"text_sha256": sha} if fill else {})}
    if not url:
        raise DeskError("the source has no URL: give --url (a published excerpt must point to the original)")
    headline = _required_text(args.headline, "--headline")
    candidates = [c["text"] for c in item["source"]["headline_candidates"]]
    if headline not in candidates:
        print("note: --headline is none of the page's candidates; make sure it is the headline as published",
              file=sys.stderr)
    publisher = one_line(args.publisher or item["source"]["publisher"] or "unknown")
    published_text = args.published or item["source"]["published"]
    if not published_text:
        raise DeskError("no publication date was found on the page: give --published YYYY[-MM[-DD]]")
    published = PartialDate.parse(_date_text(published_text, "--published"))
    outlet = [s for s in sources.values() if s.publisher == publisher]
    defaults = outlet[-1] if outlet else None
    kind = args.source_kind or (defaults.kind if defaults else None)
    reliability = args.reliability or (defaults.reliability.value if defaults else None)
    note = args.reliability_note or (defaults.reliability_note if defaults else None)
    missing = [o for o, v in (("--source-kind", kind), ("--reliability", reliability),
                              ("--reliability-note", note)) if not v]
    if missing:
        raise DeskError(f"'{printable(publisher[:40])}' has no source in the data to take defaults from: give "
                        f"{', '.join(missing)}")
    source_id = args.source_id or _unique_id(
        "-".join((_slug(publisher, 24) or _slug(urlsplit(url).hostname or "", 24) or "source",
                  str(published)[:7], _slug(headline, 36) or item["queue_id"][2:])), set(sources))
    row = {"source_id": source_id, "title": headline, "publisher": publisher, "published": str(published),
           "date_precision": published.precision, "date_inferred": "", "url": url, "kind": kind,
           "reliability": reliability, "reliability_note": one_line(note or ""), "text_path": "",
           "title_gloss": "", "text_sha256": sha}
    return row, {}


def _new_files(data_dir: Path, source_row: dict | None, source_edit: dict, evidence_row: dict,
               changes: list[dict]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if "text_sha256" not in header_of(data_dir / "sources.csv", schema.SOURCES):
        raise DeskError("sources.csv has no 'text_sha256' column: add it to the header (see data/README.md)")
    if source_row:
        files["sources.csv"] = appended(data_dir / "sources.csv", schema.SOURCES, [source_row])
    elif source_edit.get("text_sha256"):
        files["sources.csv"] = _filled_cell(data_dir, source_edit["source_id"], "text_sha256",
                                            source_edit["text_sha256"])
    files["evidence.csv"] = appended(data_dir / "evidence.csv", schema.EVIDENCE, [evidence_row])
    files["changes.csv"] = appended(data_dir / schema.CHANGES.name, schema.CHANGES, changes)
    return files


def _filled_cell(data_dir: Path, source_id: str, column: str, value: str) -> bytes:
    """sources.csv rewritten with one empty cell of one row filled (the csv module writes every row as it
    was read when quoting is minimal, as the data files' is)."""
    path = data_dir / "sources.csv"
    raw = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    header = header_of(path, schema.SOURCES)
    if column not in header:
        raise DeskError(f"sources.csv has no '{column}' column: add it to the header first")
    at = header.index(column)
    for row in rows[1:]:
        if row and row[0].strip() == source_id:
            row.extend([""] * (len(header) - len(row)))
            row[at] = value
    newline = "\r\n" if "\r\n" in raw[:4096] else "\n"
    return _rows_bytes(rows, newline)


def _rows_bytes(rows: list[list[str]], newline: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue().encode("utf-8")


def validate_would_be(data_dir: Path, files: dict[str, bytes], evidence_id: str | None = None) -> None:
    """Load a temporary copy of the data with the new files; DeskError (nothing written) on any error."""
    with tempfile.TemporaryDirectory(prefix="stationmap-accept-") as tmp:
        copy = Path(tmp) / "data"
        copy.mkdir()
        for path in data_dir.glob("*.csv"):
            shutil.copy2(path, copy / path.name)
        if (data_dir / "sources").is_dir():
            shutil.copytree(data_dir / "sources", copy / "sources")
        if (data_dir / schema.ARCHIVE_DIR).is_dir():
            shutil.copytree(data_dir / schema.ARCHIVE_DIR, copy / schema.ARCHIVE_DIR)
        for name, payload in files.items():
            (copy / name).write_bytes(payload)
        result = load_dataset(copy, display_root=Path(tmp))
    if result.errors:
        raise DeskError(f"not accepted, nothing written: the data would have {len(result.errors)} error(s), "
                        f"first: {result.errors[0]}")
    if evidence_id is not None and not any(e.evidence_id == evidence_id for e in result.dataset.evidence):
        raise DeskError(f"not accepted, nothing written: evidence {evidence_id} would not load")
