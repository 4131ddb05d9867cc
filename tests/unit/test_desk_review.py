"""`stationmap review list|show|accept|reject`: validated, atomic, audited decisions on proposals."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.records.loading import load_dataset

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "desk"
ROME = ["--station", "it-rome", "--type", "ordered_closed", "--claimant", "Italian authorities",
        "--party", "host_authority", "--headline", "Italy orders Chinese 'police station' in Rome shut",
        "--editor", "A. Editor", "--source-kind", "news", "--reliability", "secondary",
        "--reliability-note", "An invented page written for the tests."]


def _ingest(data: Path, name: str, capsys, url: str | None = "https://example.org/article") -> dict:
    assert main(["ingest", str(PAGES / name), "--data", str(data), "--json",
                 *(["--url", url] if url else [])]) == 0
    return json.loads(capsys.readouterr().out)


def _proposal(item: dict, starts: str) -> str:
    return next(p["proposal_id"] for p in item["proposals"] if p["excerpt"].startswith(starts))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data.glob("*.csv")}


def test_accept_appends_a_validated_source_and_evidence_and_logs_them(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    pid = _proposal(item, "Italian authorities ordered")
    assert main(["review", "accept", pid, "--data", str(desk_data), *ROME]) == 0
    evidence_id = capsys.readouterr().out.strip()
    result = load_dataset(desk_data)
    assert result.errors == ()
    evidence = next(e for e in result.dataset.evidence if e.evidence_id == evidence_id)
    assert (evidence.station_id, evidence.supports.value, evidence.party.value) == ("it-rome", "ordered_closed",
                                                                                "host_authority")
    assert evidence.excerpt.startswith("Italian authorities ordered the closure")
    source = result.dataset.sources[evidence.source_id]
    assert (source.title, source.publisher, str(source.published), source.url) == (
        "Italy orders Chinese 'police station' in Rome shut", "The Example Herald", "2023-03-04",
        "https://example.org/article")
    # the full text stays in the archive, named by its hash; only the excerpt is in the published files
    assert source.text is None and source.text_path == ""
    archived = desk_data / "desk" / "archive" / f"{source.text_sha256}.txt"
    assert hashlib.sha256(archived.read_bytes()).hexdigest() == source.text_sha256
    assert "Prosecutors in Milan" not in "".join(p.read_text(encoding="utf-8") for p in desk_data.glob("*.csv")
                                                  if p.name != "changes.csv")
    changes = _rows(desk_data / "changes.csv")
    assert [(c["change_id"], c["action"], c["table"], c["row_id"]) for c in changes] == [
        ("c-1", "accept", "sources.csv", source.source_id), ("c-2", "accept", "evidence.csv", evidence_id)]
    assert all(c["editor"] == "A. Editor" and c["queue_id"] == item["queue_id"] for c in changes)
    queued = json.loads((desk_data / "desk" / "queue" / f"{item['queue_id']}.json").read_text(encoding="utf-8"))
    decided = next(p for p in queued["proposals"] if p["proposal_id"] == pid)
    assert decided["status"] == "accepted" and decided["decision"]["change_ids"] == ["c-1", "c-2"]


def test_second_accept_from_the_same_page_reuses_its_source(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    assert main(["review", "accept", _proposal(item, "Italian authorities"), "--data", str(desk_data), *ROME]) == 0
    sources_before = (desk_data / "sources.csv").read_bytes()
    assert main(["review", "accept", _proposal(item, "Officials in Florence"), "--data", str(desk_data),
                 "--station", "it-florence-1", "--type", "no_knowledge", "--claimant", "Florence officials",
                 "--party", "host_authority", "--headline", "-", "--editor", "A. Editor"]) == 0
    assert (desk_data / "sources.csv").read_bytes() == sources_before
    assert [c["change_id"] for c in _rows(desk_data / "changes.csv")] == ["c-1", "c-2", "c-3"]
    assert load_dataset(desk_data).errors == ()


def test_outlet_defaults_come_from_its_existing_source_row(desk_data: Path, capsys, tmp_path: Path) -> None:
    page = tmp_path / "example-news.txt"
    page.write_text("Example News, 4 March 2023\n\nPolice in Rome said on Friday that they had ordered the "
                    "office closed after a long inquiry into its activities in the city.\n" * 3, encoding="utf-8")
    assert main(["ingest", str(page), "--data", str(desk_data), "--json", "--url", "https://example.org/x"]) == 0
    item = json.loads(capsys.readouterr().out)
    assert main(["review", "accept", item["proposals"][1]["proposal_id"], "--data", str(desk_data),
                 "--station", "it-rome", "--type", "ordered_closed", "--claimant", "Rome police",
                 "--party", "host_authority", "--headline", "Rome office closed", "--publisher", "Example News",
                 "--editor", "A. Editor"]) == 0
    capsys.readouterr()
    new = _rows(desk_data / "sources.csv")[-1]
    assert (new["kind"], new["reliability"], new["reliability_note"]) == ("news", "established", "Major outlet.")


@pytest.mark.parametrize(("change", "message"), [
    (["--type", "rumour"], "--type 'rumour' is not a claim kind"),
    (["--party", "aliens"], "--party 'aliens' is not a party"),
    (["--station", "xx-nowhere"], "is not a loaded station"),
    (["--excerpt", "words the page never said"], "not a verbatim part"),
    (["--event-date", "2031-02-30"], "--event-date"),
    (["--claimant", "Officials\u202e"], "invisible control or bidirectional character"),
])
def test_bad_accepts_write_nothing(desk_data: Path, capsys, change: list[str], message: str) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    before = _snapshot(desk_data)
    args = list(ROME)
    for option, value in zip(change[::2], change[1::2], strict=True):
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    code = main(["review", "accept", _proposal(item, "Italian authorities"), "--data", str(desk_data), *args])
    err = capsys.readouterr().err
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert _snapshot(desk_data) == before


def test_validator_refusal_writes_nothing(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    before = _snapshot(desk_data)
    code = main(["review", "accept", _proposal(item, "Italian authorities"), "--data", str(desk_data), *ROME,
                 "--source-id", "Not A Slug"])
    err = capsys.readouterr().err
    assert code == 1 and "not accepted, nothing written" in err and "is not a valid id" in err
    assert _snapshot(desk_data) == before


def test_accept_needs_a_url_and_a_date(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "hostile.html", capsys, url=None)
    pid = _proposal(item, "Reporters who visited")
    args = ["review", "accept", pid, "--data", str(desk_data), "--station", "es-madrid-1", "--type",
            "visited_found_nothing", "--claimant", "Reporters", "--party", "journalists", "--headline",
            "Reporters visit the Madrid address", "--editor", "A. Editor", "--source-kind", "news",
            "--reliability", "secondary", "--reliability-note", "Invented."]
    assert main(args) == 1 and "give --url" in capsys.readouterr().err
    assert main([*args, "--url", "https://example.org/h"]) == 1 and "--published" in capsys.readouterr().err
    assert main([*args, "--url", "https://example.org/h", "--published", "2023-05"]) == 0
    capsys.readouterr()
    loaded = load_dataset(desk_data)
    assert loaded.errors == ()
    hostile = [e for e in loaded.dataset.evidence if e.station_id == "es-madrid-1" and e.excerpt]
    assert "**nobody**" in hostile[0].excerpt  # Markdown stays as typed; the app escapes it where shown


def test_reject_records_the_reason(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    pid = _proposal(item, "Italy orders")
    before = {n: b for n, b in _snapshot(desk_data).items() if n != "changes.csv"}
    assert main(["review", "reject", pid, "--reason", "a headline, not a claim", "--editor", "B. Editor",
                 "--data", str(desk_data)]) == 0
    assert {n: b for n, b in _snapshot(desk_data).items() if n != "changes.csv"} == before
    change = _rows(desk_data / "changes.csv")[-1]
    assert (change["action"], change["row_id"], change["old"], change["new"], change["reason"]) == (
        "reject", pid, "pending", "rejected", "a headline, not a claim")
    assert main(["review", "reject", pid, "--reason", "again", "--editor", "B. Editor",
                 "--data", str(desk_data)]) == 1
    assert "already rejected" in capsys.readouterr().err
    assert load_dataset(desk_data).errors == ()


def test_list_and_show_print_text_as_text(desk_data: Path, capsys, tmp_path: Path) -> None:
    page = tmp_path / "rtl.txt"
    page.write_text("Officials in Madrid said the sign read \u202etxet\u202c and \x1b[31mred\x1b[0m. "
                    + "Nothing else happened that day in the town, and the office stayed shut. " * 10,
                    encoding="utf-8")
    assert main(["ingest", str(page), "--data", str(desk_data)]) == 0
    capsys.readouterr()
    _ingest(desk_data, "hostile.html", capsys)
    assert main(["review", "list", "--data", str(desk_data)]) == 0
    listed = capsys.readouterr().out
    assert "\u202e" not in listed and "\x1b" not in listed and "\\u202e" in listed
    queue_id = next(p.stem for p in (desk_data / "desk" / "queue").glob("*.json")
                    if "hostile" in p.read_text(encoding="utf-8"))
    assert main(["review", "show", queue_id, "--data", str(desk_data)]) == 0
    shown = capsys.readouterr().out
    assert '"<img src=x onerror=alert(1)> Madrid"  [og:title]' in shown
    assert main(["review", "show", f"{queue_id}-p2", "--data", str(desk_data)]) == 0
    assert "rule visited_found_nothing/en" in capsys.readouterr().out


@pytest.mark.parametrize("bad_id", ["q-nothing", "../../etc/passwd", "q-0123456789ab-p1"])
def test_unknown_ids_are_one_line(desk_data: Path, capsys, bad_id: str) -> None:
    assert main(["review", "show", bad_id, "--data", str(desk_data)]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("python -m stationmap review: error:")


def test_a_tampered_change_log_stops_the_desk_and_fails_validate(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys)
    assert main(["review", "reject", _proposal(item, "Italy orders"), "--reason", "a headline",
                 "--editor", "B. Editor", "--data", str(desk_data)]) == 0
    log = desk_data / "changes.csv"
    log.write_text(log.read_text(encoding="utf-8").replace("a headline", "something else"), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--data", str(desk_data)]) == 1
    assert "changes.csv:2: column 'row_hash': error:" in capsys.readouterr().err
    before = _snapshot(desk_data)
    assert main(["review", "accept", _proposal(item, "Italian authorities"), "--data", str(desk_data), *ROME]) == 1
    assert "changes.csv" in capsys.readouterr().err and _snapshot(desk_data) == before


def test_a_page_already_cited_by_url_gets_its_archived_text_linked(desk_data: Path, capsys) -> None:
    item = _ingest(desk_data, "en-rome.html", capsys, url="https://example.org/report")  # web-report's URL
    lines_before = (desk_data / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert main(["review", "accept", _proposal(item, "Italian authorities"), "--data", str(desk_data), *ROME]) == 0
    capsys.readouterr()
    lines_after = (desk_data / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines_after) == len(lines_before)
    changed = [(a, b) for a, b in zip(lines_before, lines_after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1] == changed[0][0] + item["source"]["sha256"]  # one cell filled
    log = _rows(desk_data / "changes.csv")
    assert (log[0]["table"], log[0]["row_id"], log[0]["field"], log[0]["new"]) == (
        "sources.csv", "web-report", "text_sha256", item["source"]["sha256"])
    result = load_dataset(desk_data)
    assert result.errors == () and result.dataset.sources["web-report"].text_sha256 == item["source"]["sha256"]
