"""The loader against the tiny fixture, broken one way at a time.

Each case edits one file of a copy of ``tests/fixtures/tiny`` and asserts the message names the file,
the line and the column, and that the rest of the data still loads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.records.loading import load_dataset
from stationmap.records.problems import Severity

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load(data: Path):
    return load_dataset(data, display_root=data.parent)


def test_fixture_loads_clean(data):
    result = load(data)
    assert result.problems == ()
    assert set(result.dataset.stations) == {"es-barcelona", "it-rome", "ls-lesotho"}
    assert len(result.dataset.evidence) == 5
    assert len(result.dataset.network_wide) == 1


# (file, old text, new text, expected line, expected column, words in the message, stations still loaded)
CASES = {
    "missing required column": (
        "stations.csv", "station_id,label,city", "station_id,name,city", 1, "label", "required column", 0),
    "unknown extra column": (
        "evidence.csv", "summary,notes", "summary,notes,sumary", 1, "sumary", "unknown column", 3),
    "empty required field": (
        "stations.csv", "it-rome,Rome,Rome,,IT,city,Qingtian", "it-rome,,Rome,,IT,city,Qingtian", 3, "label",
        "empty but required", 2),
    "duplicate id": (
        "stations.csv", "ls-lesotho,Lesotho", "it-rome,Lesotho", 4, "station_id", "duplicate id 'it-rome'", 2),
    "unknown status": (
        "evidence.csv", "rome-visit,it-rome,article-one,visited_found_nothing",
        "rome-visit,it-rome,article-one,visited", 4, "supports", "unknown value 'visited'", 2),
    "unknown precision": (
        "stations.csv", "LS,country", "LS,continent", 4, "precision", "unknown value 'continent'", 2),
    "invalid country code": (
        "stations.csv", ",IT,city", ",XX,city", 3, "country", "'XX' is not an ISO 3166-1 alpha-2", 2),
    "missing station reference": (
        "evidence.csv", "ls-denied,ls-lesotho", "ls-denied,ls-lesoto", 5, "station_id",
        "refers to station 'ls-lesoto'", 2),
    "missing source reference": (
        "evidence.csv", "ls-denied,ls-lesotho,web-report", "ls-denied,ls-lesotho,web-reprt", 5, "source_id",
        "refers to source 'web-reprt'", 2),
    "excerpt not verbatim": (
        "evidence.csv", "found a travel agency", "found a travel office", 4, "excerpt",
        "does not occur verbatim in source 'article-one'", 2),
    "url not http": (
        "sources.csv", "'last month',,news", "'last month',javascript:alert(1),news", 2, "url",
        "not an http(s) URL", 2),
    "unparseable date": (
        "evidence.csv", "visited_found_nothing,Example News,journalists,2022-11-01",
        "visited_found_nothing,Example News,journalists,1 Nov 2022", 3, "event_date",
        "is not a date of the form", 3),
    "impossible date": (
        "evidence.csv", "Lesotho police,host_authority,2022-11-02", "Lesotho police,host_authority,2022-02-30", 5,
        "event_date",
        "not a real calendar date", 2),
    "unknown party": (
        "evidence.csv", "Lesotho police,host_authority", "Lesotho police,government", 5, "party",
        "unknown value 'government'", 2),
    "undated source without a reason": (
        "sources.csv", "2022-10,month,inferred from 'last month'", ",,", 2, "date_inferred",
        "say here why no publication date is known", 2),
    "control character": (
        "stations.csv", "Only the country is known.", "Only the\x07 country", 4, "notes", "U+0007", 2),
    "bidi override": (
        "stations.csv", "it-rome,Rome,Rome", "it-rome,Ro\u202eme,Rome", 3, "label", "U+202E", 2),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_error_names_file_line_and_column(data, case):
    name, old, new, line, column, words, stations_left = case
    edit(data / name, old, new)
    result = load(data)
    error = result.errors[0]
    assert error.file == f"data/{name}", str(error)
    assert error.line == line, str(error)
    assert error.column == column, str(error)
    assert words in error.message, str(error)
    assert str(error).startswith(f"data/{name}:{line}: column '{column}': error:")
    assert len(result.dataset.stations) == stations_left, "\n".join(map(str, result.problems))


def test_excerpt_match_ignores_whitespace_and_quote_style(data):
    # The stored text has curly quotes and a run of spaces; the excerpt has straight quotes and one space.
    result = load(data)
    assert {e.evidence_id for e in result.dataset.evidence} >= {"bcn-confirmed", "rome-visit"}


def test_missing_file(data):
    (data / "batches.csv").unlink()
    result = load(data)
    assert any(p.file == "data/batches.csv" and "file is missing" in p.message for p in result.errors)
    # Stations need a batch: they are skipped with their own messages, never a crash.
    assert result.dataset.stations == {}


def test_empty_file(data):
    (data / "evidence.csv").write_text("", encoding="utf-8")
    result = load(data)
    assert any(p.file == "data/evidence.csv" and "file is empty" in p.message for p in result.errors)


def test_non_utf8_line_is_named_and_only_that_row_skipped(data):
    path = data / "stations.csv"
    path.write_bytes(path.read_bytes().replace(b"Only the country", b"Only the c\xf4untry"))
    result = load(data)
    error = result.errors[0]
    assert (error.file, error.line) == ("data/stations.csv", 4)
    assert "not valid UTF-8" in error.message and "0xF4" in error.message
    assert set(result.dataset.stations) == {"es-barcelona", "it-rome"}


def test_byte_order_mark_is_fine(data):
    path = data / "stations.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load(data).problems == ()


def test_station_whose_only_evidence_is_bad_is_skipped_with_a_message(data):
    edit(data / "evidence.csv", "ls-denied,ls-lesotho,web-report,officially_denied",
         "ls-denied,ls-lesotho,web-report,denied")
    result = load(data)
    messages = [str(p) for p in result.errors]
    assert any("data/evidence.csv:5: column 'supports'" in m for m in messages)
    assert any("data/stations.csv:4: column 'station_id'" in m and "no usable evidence" in m for m in messages)
    assert "ls-lesotho" not in result.dataset.stations


def test_multiline_cell_keeps_line_numbers_right(data):
    edit(data / "stations.csv", "Only the country is known.", '"Only the country\nis known."')
    edit(data / "stations.csv", ",,LS,country", ",,LS,country")
    path = data / "stations.csv"
    path.write_text(path.read_text(encoding="utf-8") + "xx-bad,Bad,,,XX,country,unknown,first,\n",
                    encoding="utf-8")
    error = next(p for p in load(data).errors if p.column == "country")
    assert error.line == 6  # the record on line 4 spans two lines


def test_summary_needs_a_source_url(data):
    edit(data / "sources.csv", "https://example.org/report", "")
    result = load(data)
    assert any(p.column == "url" and "no full text is stored" in p.message for p in result.errors)


def test_excerpt_needs_a_stored_source(data):
    edit(data / "evidence.csv", ",,Police said no such station exists.,", ",Police said no such station exists.,,")
    error = load(data).errors[0]
    assert (error.file, error.line, error.column) == ("data/evidence.csv", 5, "excerpt")
    assert "no stored text" in error.message


def test_missing_places_is_only_a_warning(data):
    (data / "places.csv").unlink()
    result = load(data)
    assert result.errors == ()
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    assert len(result.dataset.stations) == 3


def test_text_path_cannot_escape_the_data_directory(data):
    edit(data / "sources.csv", "sources/article-one.txt", "../../etc/passwd")
    assert any(p.column == "text_path" and "outside" in p.message for p in load(data).errors)


@pytest.mark.parametrize("count", ["²", "①", "٣", "3.0", "-3"])
def test_a_count_that_is_not_plain_ascii_digits_is_named_not_a_crash(data, count):
    edit(data / "batches.csv", "2022-09,3,", f"2022-09,{count},")
    result = load(data)  # never raises for bad content
    assert str(result.errors[0]) == (
        f"data/batches.csv:2: column 'reported_count': error: '{count}' is not a whole number; row skipped")


def test_messages_about_a_duplicated_id_name_the_row_that_was_loaded(data):
    stations = data / "stations.csv"
    stations.write_text(stations.read_text(encoding="utf-8") + "it-rome,Rome again,Rome,,IT,city,Qingtian,first,\n",
                        encoding="utf-8")
    edit(data / "evidence.csv", "rome-visit,it-rome,", "rome-visit,it-romeX,")
    result = load(data)
    dropped = [str(e) for e in result.errors if "it-rome" in e.message and "evidence" in e.message]
    assert dropped and all(message.startswith("data/stations.csv:3:") for message in dropped), dropped


def test_a_text_path_naming_a_folder_says_so(data):
    (data / "sources" / "a-folder.txt").mkdir()
    edit(data / "sources.csv", "sources/article-one.txt", "sources/a-folder.txt")
    result = load(data)
    assert any("is a folder, not a file" in e.message for e in result.errors), [str(e) for e in result.errors]
