"""The published site's changelog: changes.html (escaped, linked from index.html and methodology.html) and
the Atom feed changes.xml (well-formed, stable ids, hostile text as text)."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from stationmap.changelog.atom import ATOM
from stationmap.cli import main
from stationmap.records.schema import CHANGE_COLUMNS
from stationmap.rules.audit import GENESIS, row_hash

HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def record_accept(data: Path, reason: str) -> None:
    row = {"evidence_id": "rome-court", "station_id": "it-rome", "source_id": "web-report",
           "supports": "court_finding", "claimant": "A court", "party": "host_authority",
           "summary": "A court found the site ran."}
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("rome-court,it-rome,web-report,court_finding,A court,host_authority,,,"
                     "A court found the site ran.,\n")
    change = {"change_id": "c-1", "time_utc": "2026-01-02T10:00:00Z", "editor": "A. Editor", "action": "accept",
              "table": "evidence.csv", "row_id": "rome-court", "field": "", "old": "", "new": json.dumps(row),
              "reason": reason, "queue_id": "q-1", "prev_hash": GENESIS}
    change["row_hash"] = row_hash(GENESIS, change)
    with (data / "changes.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([CHANGE_COLUMNS, [change[c] for c in CHANGE_COLUMNS]])


def test_the_site_has_a_changes_page_and_feed_linked_from_its_pages(data: Path, tmp_path: Path) -> None:
    record_accept(data, "the court ruled")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 0
    for page in ("index.html", "methodology.html"):
        assert 'href="changes.html"' in (out / page).read_text(encoding="utf-8")
    changes = (out / "changes.html").read_text(encoding="utf-8")
    assert "Data version 2026-01-02" in changes and 'href="index.html#station=it-rome"' in changes
    assert "the court ruled" in changes and 'href="changes.xml"' in changes
    root = ET.fromstring((out / "changes.xml").read_bytes())
    assert [e.findtext(f"{{{ATOM}}}id") for e in root.findall(f"{{{ATOM}}}entry")] == [
        "tag:stationmap,2026:changes/2026-01-02"]


def test_an_empty_change_log_publishes_a_page_that_says_so_and_an_empty_feed(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 0
    assert "No changes have been recorded yet" in (out / "changes.html").read_text(encoding="utf-8")
    assert ET.fromstring((out / "changes.xml").read_bytes()).findall(f"{{{ATOM}}}entry") == []


def test_hostile_reasons_stay_text_in_the_page_and_the_feed(data: Path, tmp_path: Path) -> None:
    record_accept(data, HOSTILE)
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 0
    page = (out / "changes.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    root = ET.fromstring((out / "changes.xml").read_bytes())
    content = root.find(f"{{{ATOM}}}entry/{{{ATOM}}}content")
    assert content is not None and len(content) == 0  # no element got into the feed
    assert "&lt;script&gt;window.__pwned=1" in content.text and "<script>window.__pwned" not in content.text
