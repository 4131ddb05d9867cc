"""The public changelog: per data version, status changes re-derived with the one rule, new sources,
corrections; the since filter; its HTML and Atom feed keep hostile text as text."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from stationmap.changelog.atom import ATOM, changes_feed
from stationmap.changelog.page import changelog_html
from stationmap.changelog.versions import ChangeRow, CorrectionRow, build_changelog, load_changelog
from stationmap.cli import main
from stationmap.records.loading import load_dataset
from stationmap.records.models import Status

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "desk"
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) $\\frac{1}{2}$ \u202egnp.exe'


def _change(n: int, time: str, table: str, row_id: str, *, field: str = "", old: str = "", new: str = "",
            action: str = "accept", reason: str = "") -> ChangeRow:
    return ChangeRow(f"c-{n}", time, "A. Editor", action, table, row_id, field, old, new, reason)


def _rome_row(supports: str = "visited_found_nothing") -> str:
    return json.dumps({"evidence_id": "rome-visit", "station_id": "it-rome", "source_id": "article-one",
                       "supports": supports, "claimant": "Reporters", "party": "journalists"})


def _href(station_id: str) -> str:
    return f"index.html#station={station_id}"


def test_status_changes_are_re_derived_per_version_with_edits_undone(data: Path) -> None:
    dataset = load_dataset(data).dataset
    changes = [
        _change(1, "2026-01-02T10:00:00Z", "evidence.csv", "rome-visit", new=_rome_row("reported"),
                reason="accepted proposal q-1-p1"),
        _change(2, "2026-02-01T09:00:00Z", "evidence.csv", "rome-visit", field="supports", old="reported",
                new="visited_found_nothing", action="edit", reason="the reporters went there"),
    ]
    log = build_changelog(changes, (), dataset)
    assert [v.day for v in log.versions] == [dt.date(2026, 2, 1), dt.date(2026, 1, 2)]  # newest first
    edit, added = (v.status_changes[0] for v in log.versions)
    assert (added.station_id, added.old, added.new) == ("it-rome", None, Status.REPORTED)
    assert (edit.old, edit.new, edit.reasons) == (Status.REPORTED, Status.VISITED_FOUND_NOTHING,
                                                  ("the reporters went there",))
    assert edit.deciding[0].evidence_id == "rome-visit" and edit.deciding[0].source_id == "article-one"
    assert log.versions[0].updated == "2026-02-01T09:00:00Z"


def test_a_change_that_leaves_the_status_alone_is_not_a_status_change(data: Path) -> None:
    dataset = load_dataset(data).dataset
    changes = [_change(1, "2026-01-02T10:00:00Z", "evidence.csv", "rome-visit", field="claimant", old="Others",
                       new="Reporters", action="edit")]
    assert build_changelog(changes, (), dataset).versions == ()


def test_a_removed_row_is_put_back_for_the_status_before(data: Path) -> None:
    dataset = load_dataset(data).dataset
    removed = json.dumps({"evidence_id": "rome-court", "station_id": "it-rome", "source_id": "article-one",
                          "supports": "court_finding", "claimant": "A court", "party": "host_authority"})
    log = build_changelog([_change(1, "2026-03-01T00:00:00Z", "evidence.csv", "rome-court", old=removed,
                                   action="edit", reason="the ruling was about another city")], (), dataset)
    change = log.versions[0].status_changes[0]
    assert (change.old, change.new) == (Status.CONFIRMED_TRIAL_OPERATION, Status.VISITED_FOUND_NOTHING)


def test_new_sources_and_resolved_corrections_are_listed_and_linked_to_stations(data: Path) -> None:
    dataset = load_dataset(data).dataset
    source = json.dumps({"source_id": "article-one", "title": "T", "publisher": "P"})
    corrections = [
        CorrectionRow("2026-01-rome", "2026-01-01", "it-rome", "The note names a district.", "https://e.org/x",
                      "rejected", "2026-01-05", "The note names the city only.", ()),
        CorrectionRow("2026-01-open", "2026-01-01", "it-rome", "Still open.", "", "open", "", "", ()),
    ]
    log = build_changelog([_change(1, "2026-01-05T08:00:00Z", "sources.csv", "article-one", new=source)],
                          corrections, dataset)
    (version,) = log.versions
    assert [s.source_id for s in version.new_sources] == ["article-one"]
    assert "it-rome" in version.new_sources[0].station_ids
    assert [(c.correction_id, c.status, c.station_ids) for c in version.corrections] == [
        ("2026-01-rome", "rejected", ("it-rome",))]


def test_since_keeps_the_versions_on_and_after_the_cited_date(data: Path) -> None:
    dataset = load_dataset(data).dataset
    changes = [
        _change(1, "2026-01-02T10:00:00Z", "evidence.csv", "rome-visit", new=_rome_row("reported")),
        _change(2, "2026-02-01T09:00:00Z", "evidence.csv", "rome-visit", field="supports", old="reported",
                new="visited_found_nothing", action="edit"),
    ]
    log = build_changelog(changes, (), dataset)
    assert [v.day for v in log.since(dt.date(2026, 1, 3)).versions] == [dt.date(2026, 2, 1)]
    assert [v.day for v in log.since(dt.date(2026, 2, 1)).versions] == [dt.date(2026, 2, 1)]
    assert log.since(dt.date(2026, 2, 2)).versions == ()
    assert log.since(None) is log


def test_empty_change_log_says_so_plainly(data: Path) -> None:
    dataset = load_dataset(data).dataset
    log = load_changelog(data, dataset)
    assert log.versions == () and log.recorded_changes == 0
    assert "No changes have been recorded yet" in str(changelog_html(log, dataset, _href))
    assert "No changes have been recorded yet" not in str(changelog_html(log, dataset, _href, language="zh-Hans"))


def test_accepting_through_the_desk_shows_in_the_changelog(desk_data: Path, capsys) -> None:
    assert main(["ingest", str(PAGES / "en-rome.html"), "--data", str(desk_data), "--json",
                 "--url", "https://example.org/article"]) == 0
    item = json.loads(capsys.readouterr().out)
    pid = next(p["proposal_id"] for p in item["proposals"] if p["excerpt"].startswith("Italian authorities"))
    assert main(["review", "accept", pid, "--data", str(desk_data), "--station", "it-rome", "--type",
                 "confirmed_trial_operation", "--claimant", "Italian authorities", "--party", "host_authority",
                 "--headline", "Italy orders Chinese 'police station' in Rome shut", "--editor", "A. Editor",
                 "--source-kind", "news", "--reliability", "secondary", "--reliability-note", "Invented."]) == 0
    dataset = load_dataset(desk_data).dataset
    log = load_changelog(desk_data, dataset)
    (version,) = log.versions
    assert version.day == dt.datetime.now(dt.UTC).date()
    (change,) = version.status_changes
    assert (change.station_id, change.old, change.new, change.new_contested) == (
        "it-rome", Status.VISITED_FOUND_NOTHING, Status.CONFIRMED_TRIAL_OPERATION, True)
    assert change.reasons == (f"accepted proposal {pid}",) and change.deciding[0].source_url == \
        "https://example.org/article"
    assert [s.title for s in version.new_sources] == ["Italy orders Chinese 'police station' in Rome shut"]
    html = str(changelog_html(log, dataset, _href))
    assert 'href="index.html#station=it-rome"' in html and 'href="https://example.org/article"' in html


def _hostile_log(data: Path):
    dataset = load_dataset(data).dataset
    row = json.loads(_rome_row("reported"))
    changes = [_change(1, "2026-01-02T10:00:00Z", "evidence.csv", "rome-visit", new=json.dumps(row),
                       reason=HOSTILE)]
    corrections = [CorrectionRow("2026-01-x", "2026-01-01", HOSTILE, HOSTILE, "javascript:alert(4)", "accepted",
                                 "2026-01-02", HOSTILE, ("c-1",))]
    return build_changelog(changes, corrections, dataset), dataset


def test_hostile_text_stays_text_in_the_html(data: Path) -> None:
    log, dataset = _hostile_log(data)
    html = str(changelog_html(log, dataset, _href))
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html.replace(
        "[x](javascript:alert(3))", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html


def test_feed_is_well_formed_atom_with_stable_ids_and_hostile_text_as_text(data: Path) -> None:
    log, dataset = _hostile_log(data)
    feed = changes_feed(log, dataset, _href)
    root = ET.fromstring(feed)
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    (entry,) = root.findall("a:entry", ns)
    assert entry.findtext("a:id", namespaces=ns) == "tag:stationmap,2026:changes/2026-01-02"
    assert entry.findtext("a:updated", namespaces=ns) == "2026-01-02T10:00:00Z"
    assert root.findtext("a:updated", namespaces=ns) == "2026-01-02T10:00:00Z"
    content = entry.find("a:content", ns)
    assert content is not None and content.get("type") == "html" and len(content) == 0  # text, no elements
    # the content is the escaped HTML: the hostile markup is escaped inside it, once more by the XML
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content.text
    assert b"<script>" not in feed and b"&lt;script&gt;" not in feed.replace(b"&amp;lt;script&amp;gt;", b"")
    assert changes_feed(log, dataset, _href) == feed  # stable: the same data gives the same feed


def test_a_source_behind_thousands_of_stations_links_the_first_twenty_and_counts_the_rest(data: Path) -> None:
    from stationmap.changelog.versions import Changelog, NewSource, Version

    dataset = load_dataset(data).dataset
    ids = tuple(f"st-{n:03d}" for n in range(25))
    log = Changelog((Version(dt.date(2026, 1, 1), new_sources=(NewSource("s", "T", "P", "", ids, "c-1"),)),), 1)
    html = str(changelog_html(log, dataset, _href))
    assert html.count('href="index.html#station=') == 20 and "and 5 more" in html


def test_when_only_the_contested_flag_moves_the_changed_evidence_is_shown(data: Path) -> None:
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("rome-closed,it-rome,web-report,ordered_closed,Italian authorities,host_authority,,,"
                     "Ordered closed.,\n")
    dataset = load_dataset(data).dataset
    added = json.dumps({"evidence_id": "rome-closed", "station_id": "it-rome", "source_id": "web-report",
                        "supports": "ordered_closed", "claimant": "Italian authorities", "party": "host_authority",
                        "summary": "Ordered closed."})
    log = build_changelog([_change(1, "2026-01-02T10:00:00Z", "evidence.csv", "rome-closed", new=added)], (),
                          dataset)
    (change,) = log.versions[0].status_changes
    assert (change.old, change.new, change.old_contested, change.new_contested) == (
        Status.VISITED_FOUND_NOTHING, Status.VISITED_FOUND_NOTHING, False, True)
    assert change.contested_only and [d.evidence_id for d in change.deciding] == ["rome-closed"]
    assert "Changed evidence" in str(changelog_html(log, dataset, _href))


#: The changelog's own English words: none may show in a Chinese changelog (data, marked lang="en", aside).
CHANGELOG_WORDS = ("Data version", "Status changes", "New sources", "Corrections", "Why", "Deciding source",
                   "Changed evidence", "stations", "supporting link", "Resolution", "not on the map", "and 5 more",
                   "accepted", "rejected", "Showing changes since", "Every change", "contested", "status change(s)")


def _every_kind(data: Path):
    """A changelog with a status change (reason, deciding source), a new source behind 25 stations, a correction
    with a supporting link, and hostile text everywhere data goes."""
    from stationmap.changelog.versions import Changelog, CorrectionEntry, NewSource, Version

    log, dataset = _hostile_log(data)
    (version,) = log.versions
    ids = ("it-rome", *(f"st-{n:03d}" for n in range(24)))
    more = Version(dt.date(2026, 1, 3), new_sources=(NewSource("s", "T", HOSTILE, "https://e.org/s", ids, "c-2"),),
                   corrections=(CorrectionEntry("2026-01-y", "rejected", "2026-01-01", "it-rome", "Wrong city.",
                                                "The city is right.", "https://e.org/y", ("it-rome",), ()),))
    return Changelog((more, version), 2), dataset


def test_a_chinese_changelog_has_no_english_words_of_ours_and_chinese_marks(data: Path) -> None:
    from stationmap.rules.vocabulary import status_label
    from tests.app.test_chinese_pages import PATTERN
    from tests.chinese_text import ascii_punctuation_in_chinese, visible_chinese_text

    log, dataset = _every_kind(data)
    english = str(changelog_html(log, dataset, _href, since=dt.date(2026, 1, 1)))
    assert "Data version 2026-01-03" in english and "Showing changes since 2026-01-01" in english
    assert "and 5 more" in english and "Rome</a>: " in english
    for language in ("zh-Hans", "zh-Hant"):
        html = str(changelog_html(log, dataset, _href, since=dt.date(2026, 1, 1), language=language))
        text = visible_chinese_text(html.split("</style>", 1)[1])
        assert sorted(set(PATTERN.findall(text))) == [], text
        assert [w for w in CHANGELOG_WORDS if w in text] == [], text
        assert ascii_punctuation_in_chinese(text) == [], text
        assert "2026年1月3日" in text and "2026年1月1日" in text and "2026-01" not in text
        assert status_label(Status.VISITED_FOUND_NOTHING, language) in text
        # hostile data stays text in Chinese too
        assert "<script>" not in html and "<img" not in html and 'href="javascript' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_chinese_feed_is_valid_atom_in_its_language(data: Path) -> None:
    log, dataset = _every_kind(data)
    feed = changes_feed(log, dataset, _href, language="zh-Hant", alternates={"en": "../changes.xml"})
    root = ET.fromstring(feed)
    ns = {"a": ATOM}
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant"
    assert root.findtext("a:title", namespaces=ns).startswith("更改紀錄")
    assert [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)] == [
        "tag:stationmap,2026:changes/zh-hant/2026-01-03", "tag:stationmap,2026:changes/zh-hant/2026-01-02"]
    assert root.findall("a:entry", ns)[0].findtext("a:title", namespaces=ns) == \
        "資料版本：2026年1月3日（0 項狀態變化，1 個新來源，1 項更正）"
    assert b"<script>" not in feed and b"<img" not in feed
    assert changes_feed(log, dataset, _href, language="zh-Hant", alternates={"en": "../changes.xml"}) == feed
