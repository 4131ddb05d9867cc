"""`stationmap review edit|keep|rename` and `stationmap correction add|resolve`: validated, atomic, logged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stationmap.cli import main
from stationmap.records.loading import load_dataset

ED = ["--editor", "A. Editor"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in data.glob("*.csv")}


def _one_line_failure(capsys, code: int, message: str) -> None:
    err = capsys.readouterr().err
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1, err


def test_edit_changes_cells_and_logs_one_row_per_field(data: Path, capsys) -> None:
    assert main(["review", "edit", "sources.csv", "web-report", "--data", str(data), "--field", "reliability",
                 "--value", "secondary", "--field", "reliability_note", "--value", "A copy of a report.",
                 "--reason", "the outlet relays another's story", *ED]) == 0
    assert capsys.readouterr().out.split() == ["c-1", "c-2"]
    result = load_dataset(data)
    assert result.errors == ()
    source = result.dataset.sources["web-report"]
    assert (source.reliability.value, source.reliability_note) == ("secondary", "A copy of a report.")
    changes = _rows(data / "changes.csv")
    assert [(c["action"], c["table"], c["row_id"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("edit", "sources.csv", "web-report", "reliability", "established", "secondary"),
        ("edit", "sources.csv", "web-report", "reliability_note", "Major outlet.", "A copy of a report.")]
    assert all(c["reason"] == "the outlet relays another's story" and c["editor"] == "A. Editor" for c in changes)
    # every other row is written back as it was
    before = (Path(__file__).parents[1] / "fixtures" / "tiny" / "sources.csv").read_text(encoding="utf-8")
    after = (data / "sources.csv").read_text(encoding="utf-8")
    assert before.splitlines()[:2] == after.splitlines()[:2]


def test_edit_that_changes_a_status_claim_is_logged_with_old_and_new(data: Path, capsys) -> None:
    assert main(["review", "edit", "evidence.csv", "ls-denied", "--data", str(data), "--field", "supports",
                 "--value", "no_knowledge", "--reason", "the police said they knew of none", *ED]) == 0
    capsys.readouterr()
    evidence = next(e for e in load_dataset(data).dataset.evidence if e.evidence_id == "ls-denied")
    assert evidence.supports.value == "no_knowledge"
    assert _rows(data / "changes.csv")[0]["old"] == "officially_denied"


@pytest.mark.parametrize(("args", "message"), [
    (["evidence.csv", "ls-denied", "--field", "supports", "--value", "rumour"], "nothing written"),
    (["evidence.csv", "ls-denied", "--field", "source_id", "--value", "no-such-source"], "nothing written"),
    (["evidence.csv", "no-such-row", "--field", "notes", "--value", "x"], "has no row 'no-such-row'"),
    (["evidence.csv", "ls-denied", "--field", "colour", "--value", "x"], "has no column 'colour'"),
    (["evidence.csv", "ls-denied", "--field", "evidence_id", "--value", "x"], "review rename"),
    (["evidence.csv", "ls-denied", "--field", "supports", "--value", "officially_denied"], "nothing to change"),
    (["evidence.csv", "ls-denied", "--field", "notes"], "in pairs"),
    (["changes.csv", "c-1", "--field", "new", "--value", "x"], "is not a table the desk edits"),
    (["evidence.csv", "ls-denied", "--field", "notes", "--value", "x\u202e"], "invisible control"),
])
def test_bad_edits_write_nothing(data: Path, capsys, args: list[str], message: str) -> None:
    before = _snapshot(data)
    code = main(["review", "edit", *args, "--data", str(data), "--reason", "r", *ED])
    _one_line_failure(capsys, code, message)
    assert _snapshot(data) == before and not (data / "changes.csv").exists()


def test_keep_records_a_reviewed_kept_row_and_changes_no_table(data: Path, capsys) -> None:
    before = _snapshot(data)
    assert main(["review", "keep", "evidence.csv", "rome-visit", "--data", str(data), "--reason",
                 "the visit was to the listed address", *ED]) == 0
    assert capsys.readouterr().out.strip() == "c-1"
    after = _snapshot(data)
    assert {k: v for k, v in after.items() if k != "changes.csv"} == before
    (row,) = _rows(data / "changes.csv")
    assert (row["action"], row["table"], row["row_id"], row["field"], row["reason"]) == (
        "reviewed_kept", "evidence.csv", "rome-visit", "", "the visit was to the listed address")
    assert load_dataset(data).errors == ()
    code = main(["review", "keep", "evidence.csv", "nope", "--data", str(data), "--reason", "r", *ED])
    _one_line_failure(capsys, code, "has no row 'nope'")


def test_rename_rewrites_every_reference_and_keeps_the_old_id_as_an_alias(data: Path, capsys) -> None:
    assert main(["review", "rename", "source", "web-report", "example-2022-11-report", "--data", str(data),
                 "--reason", "the old id read like an internal name", *ED]) == 0
    capsys.readouterr()
    result = load_dataset(data)
    assert result.errors == ()
    assert "web-report" not in result.dataset.sources and "example-2022-11-report" in result.dataset.sources
    assert result.dataset.aliases[("source", "web-report")] == "example-2022-11-report"
    assert {e.source_id for e in result.dataset.evidence if e.evidence_id in {"bcn-visit", "ls-denied"}} == {
        "example-2022-11-report"}
    assert result.dataset.batches["first"].source_id == "example-2022-11-report"
    changes = _rows(data / "changes.csv")
    assert [(c["table"], c["row_id"]) for c in changes] == [
        ("sources.csv", "example-2022-11-report"), ("evidence.csv", "bcn-visit"), ("evidence.csv", "ls-denied"),
        ("evidence.csv", "network-denial"),
        ("batches.csv", "first"), ("id_aliases.csv", "web-report")]
    code = main(["review", "rename", "source", "article-one", "example-2022-11-report", "--data", str(data),
                 "--reason", "r", *ED])
    _one_line_failure(capsys, code, "is already a source id")


def test_correction_add_then_accept_with_the_changes_made(data: Path, capsys) -> None:
    assert main(["correction", "add", "--data", str(data), "--concerns", "web-report", "--what-is-wrong",
                 "Graded as a major outlet, but it copies another outlet.", "--link", "https://example.org/x",
                 "--received", "2026-12-01", "--id", "2026-12-web-report-grade"]) == 0
    assert capsys.readouterr().out.strip() == "2026-12-web-report-grade"
    assert main(["review", "edit", "sources.csv", "web-report", "--data", str(data), "--field", "reliability",
                 "--value", "secondary", "--reason", "correction 2026-12-web-report-grade", *ED]) == 0
    capsys.readouterr()
    assert main(["correction", "resolve", "2026-12-web-report-grade", "--data", str(data), "--status", "accepted",
                 "--resolution", "Regraded: it relays another outlet's story.", "--change-ids", "c-2",
                 "--resolved", "2026-12-06", *ED]) == 0
    capsys.readouterr()
    result = load_dataset(data)
    assert result.errors == ()
    (row,) = _rows(data / "corrections.csv")
    assert (row["status"], row["resolved"], row["change_ids"], row["supporting_link"]) == (
        "accepted", "2026-12-06", "c-2", "https://example.org/x")
    changes = _rows(data / "changes.csv")
    assert [(c["action"], c["table"], c["field"]) for c in changes] == [
        ("correction", "corrections.csv", ""), ("edit", "sources.csv", "reliability"),
        ("correction", "corrections.csv", "status"), ("correction", "corrections.csv", "resolved"),
        ("correction", "corrections.csv", "resolution"), ("correction", "corrections.csv", "change_ids")]
    code = main(["correction", "resolve", "2026-12-web-report-grade", "--data", str(data), "--status", "rejected",
                 "--resolution", "r", *ED])
    _one_line_failure(capsys, code, "is already accepted")


@pytest.mark.parametrize(("args", "message"), [
    (["--status", "accepted", "--resolution", "done"], "give --change-ids"),
    (["--status", "accepted", "--resolution", "done", "--change-ids", "c-99"], "nothing written"),
    (["--status", "rejected", "--resolution", "  "], "--resolution is empty"),
    (["--status", "rejected", "--resolution", "r", "--resolved", "2020-01-01"], "nothing written"),
])
def test_bad_resolutions_write_nothing(data: Path, capsys, args: list[str], message: str) -> None:
    assert main(["correction", "add", "--data", str(data), "--concerns", "ls-lesotho", "--what-is-wrong",
                 "The denial is only of knowledge.", "--received", "2026-12-01"]) == 0
    correction_id = capsys.readouterr().out.strip()
    assert correction_id == "2026-12-ls-lesotho"
    before = _snapshot(data)
    code = main(["correction", "resolve", correction_id, "--data", str(data), *args, *ED])
    _one_line_failure(capsys, code, message)
    assert _snapshot(data) == before


def test_correction_add_refuses_a_link_that_is_not_http(data: Path, capsys) -> None:
    code = main(["correction", "add", "--data", str(data), "--concerns", "x", "--what-is-wrong", "y", "--link",
                 "javascript:alert(1)"])
    _one_line_failure(capsys, code, "nothing written")
    assert not (data / "corrections.csv").exists() and not (data / "changes.csv").exists()
