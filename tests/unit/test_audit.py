"""The loader's checks of the audit trail: changes.csv's hash chain, corrections.csv, archived texts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from stationmap.records.loading import load_dataset
from stationmap.rules.audit import GENESIS, row_hash

HEADER = "change_id,time_utc,editor,action,table,row_id,field,old,new,reason,queue_id,prev_hash,row_hash\n"


def _chain(entries: list[dict[str, str]]) -> str:
    lines, prev = [HEADER], GENESIS
    for number, entry in enumerate(entries, start=1):
        row = {"change_id": f"c-{number}", "time_utc": f"2026-12-0{number}T10:00:00Z", "editor": "Ed",
               "action": "reject", "table": "queue", "row_id": f"q-0123456789ab-p{number}", "field": "status",
               "old": "pending", "new": "rejected", "reason": "not a claim", "queue_id": "q-0123456789ab",
               **entry}
        row["prev_hash"] = prev
        row["row_hash"] = prev = row_hash(prev, row)
        lines.append(",".join(row[c] for c in HEADER.strip().split(",")) + "\n")
    return "".join(lines)


def _errors(data: Path, file: str) -> list[str]:
    return [f"{p.line}:{p.column}:{p.message}" for p in load_dataset(data).errors if p.file.endswith(file)]


def test_a_clean_chain_loads(data: Path) -> None:
    (data / "changes.csv").write_text(_chain([{}, {}, {"action": "accept"}]), encoding="utf-8")
    assert _errors(data, "changes.csv") == []


@pytest.mark.parametrize(("tamper", "expected"), [
    (lambda t: t.replace("not a claim", "edited", 1), ["2:row_hash"]),  # an edited row
    (lambda t: "".join(t.splitlines(keepends=True)[:2] + t.splitlines(keepends=True)[3:]),
     ["3:change_id", "3:prev_hash"]),  # a removed row
    (lambda t: "".join(t.splitlines(keepends=True)[:1] + t.splitlines(keepends=True)[2:3]
                       + t.splitlines(keepends=True)[1:2] + t.splitlines(keepends=True)[3:]),
     ["2:change_id", "2:prev_hash", "3:change_id", "3:time_utc", "3:prev_hash", "4:prev_hash"]),  # reordered
])
def test_tampering_breaks_the_chain(data: Path, tamper, expected: list[str]) -> None:
    (data / "changes.csv").write_text(tamper(_chain([{}, {}, {}])), encoding="utf-8")
    assert [e.rsplit(":", 1)[0] if e.count(":") > 1 else e for e in
            [":".join(x.split(":")[:2]) for x in _errors(data, "changes.csv")]] == expected


def test_unknown_action_and_bad_time(data: Path) -> None:
    (data / "changes.csv").write_text(_chain([{"action": "delete"}, {"time_utc": "yesterday"}]), encoding="utf-8")
    assert [":".join(e.split(":")[:2]) for e in _errors(data, "changes.csv")] == ["2:action", "3:time_utc"]


CORRECTIONS = "correction_id,received,concerns,what_is_wrong,supporting_link,status,resolved,resolution,change_ids\n"


@pytest.mark.parametrize(("row", "column"), [
    ("fix-1,2026-12-01,it-rome,The date is wrong.,,open,,,", None),
    ("fix-1,2026-12-01,it-rome,The date is wrong.,https://example.org/x,accepted,2026-12-03,Fixed.,c-1", None),
    ("fix-1,2026-12-01,it-rome,Wrong.,,rejected,2026-12-02,The source says so.,", None),
    ("Fix 1,2026-12-01,it-rome,Wrong.,,open,,,", "correction_id"),
    ("fix-1,2026-13-01,it-rome,Wrong.,,open,,,", "received"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,closed,,,", "status"),
    ("fix-1,2026-12-01,it-rome,Wrong.,javascript:alert(1),open,,,", "supporting_link"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,accepted,,Fixed.,c-1", "resolved"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,accepted,2026-12-03,,c-1", "resolution"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,accepted,2026-12-03,Fixed.,", "change_ids"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,accepted,2026-12-03,Fixed.,c-9", "change_ids"),
    ("fix-1,2026-12-01,it-rome,Wrong.,,open,2026-12-03,,", "resolved"),
    ("fix-1,2026-12-05,it-rome,Wrong.,,duplicate,2026-12-01,Same as fix-0.,", "resolved"),
    ("fix-1,2026-12-01,it-rome,,,open,,,", "what_is_wrong"),
])
def test_corrections_rules(data: Path, row: str, column: str | None) -> None:
    (data / "changes.csv").write_text(_chain([{}]), encoding="utf-8")
    (data / "corrections.csv").write_text(CORRECTIONS + row + "\n", encoding="utf-8")
    errors = _errors(data, "corrections.csv")
    assert errors == [] if column is None else [e.split(":")[1] for e in errors] == [column]


def _archived_source(data: Path, text: str, *, store: bool = True) -> str:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if store:
        (data / "desk" / "archive").mkdir(parents=True)
        (data / "desk" / "archive" / f"{sha}.txt").write_text(text, encoding="utf-8")
    sources = (data / "sources.csv").read_text(encoding="utf-8")
    sources += f"archived,Archived page,Example,2023-01-02,day,,https://example.org/a,news,secondary,Test.,,,{sha}\n"
    (data / "sources.csv").write_text(sources, encoding="utf-8")
    with (data / "evidence.csv").open("a", encoding="utf-8") as handle:
        handle.write("rome-archived,it-rome,archived,reported,Example,journalists,,Officials in Rome spoke.,,\n")
    return sha


def test_excerpts_are_checked_against_the_archived_text(data: Path) -> None:
    _archived_source(data, "Yesterday. Officials in Rome spoke. Nothing else.")
    result = load_dataset(data)
    assert result.errors == () and "rome-archived" in {e.evidence_id for e in result.dataset.evidence}
    assert result.dataset.sources["archived"].text is None  # the archive is never published through the app


def test_an_excerpt_not_in_the_archived_text_is_an_error(data: Path) -> None:
    _archived_source(data, "Something else entirely.")
    assert [e.split(":")[1] for e in _errors(data, "evidence.csv")] == ["excerpt"]


def test_a_changed_archive_is_an_error(data: Path) -> None:
    sha = _archived_source(data, "Officials in Rome spoke.")
    (data / "desk" / "archive" / f"{sha}.txt").write_text("Officials in Rome spoke!", encoding="utf-8")
    assert [e.split(":")[1] for e in _errors(data, "sources.csv")] == ["text_sha256"]


def test_without_the_archive_excerpts_load_unchecked_with_a_warning(data: Path) -> None:
    _archived_source(data, "Officials in Rome spoke.", store=False)
    result = load_dataset(data)
    assert result.errors == ()
    assert any(w.column == "text_sha256" and "not on this machine" in w.message for w in result.warnings)


@pytest.mark.parametrize(("sha", "text_path", "url", "message"), [
    ("abc", "", "https://example.org/a", "is not a SHA-256"),
    ("a" * 64, "sources/article-one.txt", "https://example.org/a", "not both"),
    ("a" * 64, "", "", "is empty"),
])
def test_text_sha256_cell_rules(data: Path, sha: str, text_path: str, url: str, message: str) -> None:
    sources = (data / "sources.csv").read_text(encoding="utf-8")
    sources += f"bad,Bad,Example,2023-01-02,day,,{url},news,secondary,Test.,{text_path},,{sha}\n"
    (data / "sources.csv").write_text(sources, encoding="utf-8")
    problems = [p for p in load_dataset(data).errors if p.file.endswith("sources.csv")]
    assert len(problems) == 1 and message in problems[0].message


LOCAL = "country,city,name,language,note\n"


@pytest.mark.parametrize(("row", "column", "severity"), [
    ("IT,Rome,Roma,it,", None, None),
    ("IT,Milan,Milano,it,", "city", "warning"),  # no station in Milan in the tiny data
    ("IT,Rome,Rome,it,", "name", "warning"),
    ("IT,Rome,Roma,Italian,", "language", "error"),
    ("IT,Rome,,it,", "name", "error"),
])
def test_local_names_rules(data: Path, row: str, column: str | None, severity: str | None) -> None:
    (data / "local_names.csv").write_text(LOCAL + row + "\n", encoding="utf-8")
    problems = [p for p in load_dataset(data).problems if p.file.endswith("local_names.csv")]
    assert [(p.column, p.severity.value) for p in problems] == ([] if column is None else [(column, severity)])


def test_a_repeated_local_name_is_named(data: Path) -> None:
    (data / "local_names.csv").write_text(LOCAL + "IT,Rome,Roma,it,\nIT,Rome,Roma,ro,\n", encoding="utf-8")
    problems = [p for p in load_dataset(data).problems if p.file.endswith("local_names.csv")]
    assert [(p.line, p.column) for p in problems] == [(3, "name")]
