"""`stationmap ingest`: extraction, headline candidates, dates, language, matching, proposals and refusals.

Fixture pages are invented articles written for these tests (tests/fixtures/desk/).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.desk.dates import first_date_in, parse_date
from stationmap.desk.extract import extract, strip_site_suffix
from stationmap.desk.matching import StationMatcher, StationNames
from stationmap.desk.proposals import build_proposals, sentences

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "desk"
TODAY = dt.date(2026, 12, 5)


def ingest(data: Path, name: str, *extra: str, capsys) -> dict:
    assert main(["ingest", str(PAGES / name), "--data", str(data), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _csv_snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data.glob("*.csv")}


# --- the item ---------------------------------------------------------------------------------------


def test_english_page_item_has_every_field_and_writes_only_the_desk(desk_data: Path, capsys) -> None:
    before = _csv_snapshot(desk_data)
    item = ingest(desk_data, "en-rome.html", "--url", "https://example.org/rome", capsys=capsys)
    assert _csv_snapshot(desk_data) == before  # never changes data/*.csv
    source = item["source"]
    assert [h["text"] for h in source["headline_candidates"]] == [
        "Italy orders Chinese 'police station' in Rome shut", "Rome outpost shut",
        "Italy orders closure of Chinese police outpost in Rome"]
    assert source["headline_candidates"][0]["from"] == ["h1", "title"]  # <title> minus " | The Example Herald"
    assert (source["publisher"], source["published"], source["language"]) == ("The Example Herald", "2023-03-04", "en")
    assert len(source["sha256"]) == 64 and item["queue_id"] == "q-" + source["sha256"][:12]
    assert item["warnings"] == []
    queued = desk_data / "desk" / "queue" / f"{item['queue_id']}.json"
    assert json.loads(queued.read_text(encoding="utf-8")) == item
    archived = (desk_data / "desk" / "archive" / f"{source['sha256']}.txt").read_text(encoding="utf-8")
    for proposal in item["proposals"]:  # each excerpt is the archived text's own slice
        assert archived[proposal["start"]:proposal["end"]] == proposal["excerpt"]


def test_english_page_proposals_name_stations_and_rules(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "en-rome.html", capsys=capsys)
    by_text = {p["excerpt"][:30]: p for p in item["proposals"]}
    closure = by_text["Italian authorities ordered th"]
    assert closure["station_ids"] == ["it-rome"]
    assert (closure["suggested_type"], closure["rule"], closure["rule_keyword"]) == (
        "ordered_closed", "ordered_closed/en", "ordered the closure")
    madrid = by_text["Safeguard Defenders, the Madri"]
    assert madrid["station_ids"] == ["es-madrid-1", "es-madrid-2", "es-madrid-3"]  # a city names all its stations
    assert by_text["Officials in Florence said the"]["suggested_type"] == "no_knowledge"
    assert by_text["Prosecutors in Milan have open"]["suggested_type"] == "investigation_opened"
    # a sentence naming no station proposes nothing
    assert not any(p["excerpt"].startswith("The Chinese embassy said") for p in item["proposals"])


def test_plain_path_output_and_a_second_ingest_writes_nothing(desk_data: Path, capsys) -> None:
    assert main(["ingest", str(PAGES / "en-rome.html"), "--data", str(desk_data)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file() and path.parent == desk_data / "desk" / "queue"
    stamp = path.stat().st_mtime_ns
    assert main(["ingest", str(PAGES / "en-rome.html"), "--data", str(desk_data)]) == 0
    assert "already in the queue" in capsys.readouterr().err and path.stat().st_mtime_ns == stamp


def test_chinese_page(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "zh-budapest.html", capsys=capsys)
    source = item["source"]
    assert [h["text"] for h in source["headline_candidates"]] == ["匈牙利警方称未发现中国“海外警务站”活动"]
    assert (source["publisher"], source["published"], source["language"]) == ("示例新闻网", "2022-11-08", "zh")
    kinds = [(p["station_ids"], p["suggested_type"], p["rule"]) for p in item["proposals"]]
    assert kinds[0] == (["hu-budapest-1", "hu-budapest-2"], "host_found_nothing", "host_found_nothing/zh")
    assert kinds[1] == (["hu-budapest-1", "hu-budapest-2"], "officially_denied", "officially_denied/zh")
    assert kinds[2][0] == ["es-madrid-1", "hu-budapest-1", "hu-budapest-2"]  # 马德里 is only given for #1 here
    assert item["warnings"] == []  # 250 Chinese characters are not a "short" article


def test_romanian_page_both_spellings_and_unclassified(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "ro-dobroesti.html", capsys=capsys)
    assert (item["source"]["published"], item["source"]["language"]) == ("2022-12-06", "ro")
    names = {name for p in item["proposals"] for name in p["names_found"]}
    assert {"Dobroești", "Dobroeşti"} <= names  # comma below (data) and cedilla (the page's second spelling)
    ministry = next(p for p in item["proposals"] if p["excerpt"].startswith("Ministerul"))
    assert (ministry["suggested_type"], ministry["rule"], ministry["rules_fired"]) == ("unclassified", None, [])


def test_pdf(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "report.pdf", capsys=capsys)
    assert item["input"]["kind"] == "pdf"
    assert item["source"]["headline_candidates"] == [{"text": "Answer on reported police stations",
                                                      "from": ["pdf-metadata"]}]
    assert item["source"]["published"] == "2023-02-15"  # from the text, not the metadata's creation date
    rotterdam = next(p for p in item["proposals"] if "nl-rotterdam-1" in p["station_ids"])
    assert rotterdam["station_ids"] == ["nl-amsterdam-1", "nl-rotterdam-1"]  # one sentence over wrapped lines
    assert rotterdam["suggested_type"] == "host_found_nothing"


def test_text_file(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "cs-prague.txt", capsys=capsys)
    assert item["input"]["kind"] == "text" and item["source"]["published"] == "2022-11-02"
    assert item["proposals"][1]["station_ids"] == ["cz-prague-1", "cz-prague-2"]


def test_page_naming_no_station_proposes_nothing(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "no-station.html", capsys=capsys)
    assert item["proposals"] == []
    assert item["warnings"] == ["the text names no station on the map: nothing is proposed"]


def test_javascript_page_warns_to_paste_the_text(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "short-js.html", capsys=capsys)
    assert any("paste the text" in w for w in item["warnings"])
    assert [h["text"] for h in item["source"]["headline_candidates"]] == ["Inside the Rome outpost",
                                                                           "What we found in Rome"]


def test_hostile_page_text_stays_text(desk_data: Path, capsys) -> None:
    item = ingest(desk_data, "hostile.html", capsys=capsys)
    everything = json.dumps(item, ensure_ascii=False)
    for executed in ("Madrid station confirmed by script", "tracker.example", "alert('onload')", "alert('img')",
                     "alert('link')", "Rome"):  # scripts, handlers, javascript: hrefs and noscript never become text
        assert executed not in everything
    excerpts = " ".join(p["excerpt"] for p in item["proposals"])
    assert "[a Markdown link](javascript:alert(3))" in excerpts and "\\textbf{LaTeX}" in excerpts  # kept as typed
    assert '<script>alert("escaped")</script>' in excerpts  # the page's escaped text, as text
    assert "\u202e" not in everything
    candidates = [h["text"] for h in item["source"]["headline_candidates"]]
    assert "<img src=x onerror=alert(1)> Madrid" in candidates  # a candidate string, never markup


def test_bidi_controls_in_a_text_file_are_escaped_in_json_and_warned(desk_data: Path, tmp_path: Path,
                                                                     capsys) -> None:
    page = tmp_path / "rtl.txt"
    page.write_text("Officials in Madrid said the words \u202etxet\u202c were written backwards. " * 12,
                    encoding="utf-8")
    assert main(["ingest", str(page), "--data", str(desk_data), "--json"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\\u202e" in out
    assert any("bidirectional" in w for w in json.loads(out)["warnings"])


# --- refusals: one line, non-zero, nothing written ---------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda d: d / "missing.html",
    lambda d: d,  # a folder
    lambda d: _write(d / "junk.bin", bytes(range(256)) * 40),
    lambda d: _write(d / "junk.html", b"<html>\x00\x01\x02" * 100),
    lambda d: _write(d / "empty.txt", b""),
    lambda d: _write(d / "big.txt", b"Madrid " * 1_500_000),  # over the 10 MB cap
    lambda d: _write(d / "latin1.txt", "Dobroe\u015fti a negat".encode("cp1250") * 50),
    lambda d: _write(d / "broken.pdf", b"%PDF-1.4\nnot really a pdf\n"),
])
def test_refused_inputs(desk_data: Path, tmp_path: Path, capsys, make) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    target = make(folder)
    before = _csv_snapshot(desk_data)
    assert main(["ingest", str(target), "--data", str(desk_data)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1
    assert captured.err.startswith("python -m stationmap ingest: error: ")
    assert not (desk_data / "desk").exists() and _csv_snapshot(desk_data) == before


def test_bad_url_is_refused(desk_data: Path, capsys) -> None:
    assert main(["ingest", str(PAGES / "en-rome.html"), "--data", str(desk_data), "--url", "javascript:x"]) == 1
    assert "--url" in capsys.readouterr().err and not (desk_data / "desk").exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- the rules underneath -----------------------------------------------------------------------------


def test_title_site_suffix() -> None:
    assert strip_site_suffix("Rome shut | The Herald", "The Herald") == "Rome shut"
    assert strip_site_suffix("Rome shut - Some Site", None) == "Rome shut"
    assert strip_site_suffix("A long headline: with a colon in it", None) == "A long headline: with a colon in it"


def test_dates_are_absolute_and_ordered_by_language() -> None:
    assert parse_date("05/12/2022", "ro", TODAY) == dt.date(2022, 12, 5)
    assert parse_date("05/12/2022", "en", TODAY) is None  # US or UK order? not guessed
    assert parse_date("12/25/2022", "en", TODAY) == dt.date(2022, 12, 25)
    assert parse_date("yesterday", "en", TODAY) is None
    assert parse_date("3 days ago", "en", TODAY) is None
    assert parse_date("4 noiembrie 2022", "ro", TODAY) == dt.date(2022, 11, 4)
    assert parse_date("2022年11月3日", "zh", TODAY) == dt.date(2022, 11, 3)
    assert parse_date("1 January 2031", "en", TODAY) is None  # later than today
    assert first_date_in("Posted yesterday. Updated November 3, 2022", "en", TODAY) == dt.date(2022, 11, 3)


def test_matching_rules() -> None:
    matcher = StationMatcher([
        StationNames("it-rome-1", "Rome", "Rome", country="IT"),
        StationNames("it-prato-1", "Prato #1 (Fuzhou)", "Prato", country="IT"),
        StationNames("us-ny-1", "New York #1", "New York", country="US"),
        StationNames("us-ny-2", "New York #2", "New York", country="US"),
        StationNames("ro-d-1", "Dobroești", "Dobroești", country="RO"),
        StationNames("hu-b-1", "Budapest", "Budapest", country="HU", other_names=("布达佩斯", "布達佩斯")),
        StationNames("ls-1", "Lesotho (Maseru per copies)", country="LS", precision="country"),
        StationNames("it-x-1", "Italy (city unknown) #1", country="IT", precision="country"),
    ])

    def found(text: str) -> list[tuple[str, tuple[str, ...]]]:
        return [(m.name, m.station_ids) for m in matcher.find(text)]

    assert found("Romeo and the prato near Rome's centre") == [("Rome", ("it-rome-1",))]  # whole, case-sensitive
    assert found("In New York, police") == [("New York", ("us-ny-1", "us-ny-2"))]
    assert found("Dobroeşti and Dobroesti") == [("Dobroeşti", ("ro-d-1",)), ("Dobroesti", ("ro-d-1",))]
    assert found("在布達佩斯的") == [("布達佩斯", ("hu-b-1",))]
    assert found("Officials in Lesotho said") == [("Lesotho", ("ls-1",))]  # the country's only station
    assert found("Officials in Italy said") == []  # Italy has other stations: the country does not name this one
    assert found("Prato #1 (Fuzhou) was listed") == [("Prato #1 (Fuzhou)", ("it-prato-1",))]
    assert StationMatcher([]).find("Rome") == []


def test_sentences_keep_offsets() -> None:
    text = "In Rome, police acted. The embassy said “no.” Dr. X left!\n在布达佩斯。第二句？"
    parts = sentences(text)
    assert [s.text for s in parts] == ["In Rome, police acted.", "The embassy said “no.”", "Dr. X left!",
                                      "在布达佩斯。", "第二句？"]
    assert all(text[s.start:s.end] == s.text for s in parts)


def test_abbreviated_country_names_do_not_end_a_sentence() -> None:
    # a real headline (a2znews, May 2026) lost "U.S." when the sentence was cut after it
    text = "U.S. Citizen Convicted for Running Secret Chinese Police Station in New York\nThe U.K. and U.N. said so."
    assert [s.text for s in sentences(text)] == [
        "U.S. Citizen Convicted for Running Secret Chinese Police Station in New York", "The U.K. and U.N. said so."]


def test_no_match_no_proposals() -> None:
    matcher = StationMatcher([StationNames("it-rome-1", "Rome", "Rome", country="IT")])
    assert build_proposals("Nothing here names a station.", matcher, "q-000000000000") == []


def test_fixture_pdf_is_rebuilt_identically() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_pdf", PAGES / "make_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.build() == (PAGES / "report.pdf").read_bytes()


def test_ingest_does_not_need_the_queue_folder_to_exist(desk_data: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "page.html"
    shutil.copy(PAGES / "no-station.html", copy)
    assert extract(copy, today=TODAY).published == "2024-03-14"


def test_local_spellings_from_local_names_csv(desk_data: Path, tmp_path: Path, capsys) -> None:
    (desk_data / "local_names.csv").write_text("country,city,name,language,note\nIT,Milan,Milano,it,\n"
                                               "IT,Rome,Roma,it,\nCZ,Prague,Praha,cs,\n", encoding="utf-8")
    page = tmp_path / "it.txt"
    page.write_text("La sede di Milano è stata chiusa. A Roma e a Praha nessun controllo. " * 4, encoding="utf-8")
    assert main(["ingest", str(page), "--data", str(desk_data), "--json"]) == 0
    proposals = json.loads(capsys.readouterr().out)["proposals"]
    assert [p["station_ids"] for p in proposals[:2]] == [["it-milan-1"], ["cz-prague-1", "cz-prague-2", "it-rome"]]


def test_a_pdf_that_takes_too_long_is_refused(monkeypatch) -> None:
    from stationmap.desk import pdf_text
    from stationmap.desk.errors import DeskError

    monkeypatch.setattr(pdf_text, "WALL_SECONDS", 0.001)
    with pytest.raises(DeskError, match="longer than"):
        pdf_text.read_pdf(PAGES / "report.pdf")


def test_the_pdf_child_runs_under_memory_and_cpu_limits(monkeypatch) -> None:
    import resource
    import subprocess

    from stationmap.desk import pdf_text

    seen = {}
    real_run = subprocess.run

    def spy(cmd, **kwargs):
        seen["preexec_fn"] = kwargs.get("preexec_fn")
        return real_run(cmd, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    assert "Amsterdam" in pdf_text.read_pdf(PAGES / "report.pdf").text
    assert seen["preexec_fn"] is pdf_text._limit
    before = resource.getrlimit(resource.RLIMIT_AS)
    try:
        child = real_run([sys.executable, "-c", "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0],"
                          " resource.getrlimit(resource.RLIMIT_CPU)[0])"], capture_output=True, text=True,
                         preexec_fn=pdf_text._limit, check=True)
    finally:
        assert resource.getrlimit(resource.RLIMIT_AS) == before  # the parent keeps its own limits
    assert child.stdout.split() == [str(pdf_text.MEMORY_BYTES), str(pdf_text.CPU_SECONDS)]
