"""Every rule of the loader, word for word: each broken cell gets its full message (file, line, column).

Like ``test_loading.py``, each case edits one file of a copy of ``tests/fixtures/tiny``; here the whole
printed problem is compared, so a message that loses its file, line, column or any of its words fails.
The second half checks what a clean load produces: every record field, the optional files, the warnings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stationmap.records.loading import load_dataset
from stationmap.records.models import (
    Batch,
    Bureau,
    Evidence,
    OfficialAction,
    PartialDate,
    Party,
    Place,
    Precision,
    Reliability,
    Source,
    Statement,
    Station,
    Status,
)
from stationmap.records.problems import Problem, Severity

REPORT_EXCERPT = "Reporters who visited the Rome address found a travel agency and no sign of a police station."


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, *lines: str) -> None:
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" if path.exists() else ""
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")


def load(data: Path):
    return load_dataset(data, display_root=data.parent)


def printed(result) -> list[str]:
    return [str(p) for p in result.problems]


# (file, old text, new text, the full problem as printed)
MESSAGES = {
    # sources.csv: line 2 is article-one (stored text, month date), line 3 web-report (URL, day date)
    "source id not a slug": (
        "sources.csv", "web-report,Test web", "Web_Report,Test web",
        "data/sources.csv:3: column 'source_id': error: 'Web_Report' is not a valid id: use lowercase letters, "
        "digits and single hyphens (e.g. es-barcelona-1); row skipped"),
    "published without its precision": (
        "sources.csv", "2022-11-03,day,", "2022-11-03,,",
        "data/sources.csv:3: column 'date_precision': error: is empty but 'published' is set: write day, month "
        "or year; row skipped"),
    "precision contradicts the date": (
        "sources.csv", "2022-11-03,day,", "2022-11-03,month,",
        "data/sources.csv:3: column 'date_precision': error: says 'month' but published '2022-11-03' is given "
        "to the day; row skipped"),
    "precision without a date": (
        "sources.csv", "2022-11-03,day,", ",day,",
        "data/sources.csv:3: column 'published': error: is empty but date_precision is set; row skipped"),
    "unparseable publication date": (
        "sources.csv", "2022-11-03,day,", "3 Nov 2022,day,",
        "data/sources.csv:3: column 'published': error: '3 Nov 2022' is not a date of the form YYYY, YYYY-MM or "
        "YYYY-MM-DD; row skipped"),
    "undated source without a reason": (
        "sources.csv", "2022-10,month,inferred from 'last month'", ",,",
        "data/sources.csv:2: column 'date_inferred': error: the source is undated: say here why no publication "
        "date is known; row skipped"),
    "url with a space": (
        "sources.csv", "https://example.org/report", "https://example.org/my report",
        "data/sources.csv:3: column 'url': error: URL contains spaces; row skipped"),
    "long url that is not http is cut at 60 characters": (
        "sources.csv", "https://example.org/report", "ftp://example.org/" + "a" * 80,
        "data/sources.csv:3: column 'url': error: 'ftp://example.org/" + "a" * 42 + "' is not an http(s) URL; "
        "row skipped"),
    "unknown reliability": (
        "sources.csv", "news,established", "news,trusted",
        "data/sources.csv:3: column 'reliability': error: unknown value 'trusted'; use one of: official, "
        "established, secondary; row skipped"),
    "unknown source kind": (
        "sources.csv", "news,established", "blog,established",
        "data/sources.csv:3: column 'kind': error: unknown kind 'blog'; use one of: news, ngo_report, "
        "government_statement, police_statement, court_record, parliamentary_record, encyclopedia, forum, "
        "other; row skipped"),
    "no url and no stored text": (
        "sources.csv", "https://example.org/report", "",
        "data/sources.csv:3: column 'url': error: is empty and no full text is stored: a source needs one or "
        "the other; row skipped"),
    "stored text missing": (
        "sources.csv", "sources/article-one.txt", "sources/article-two.txt",
        "data/sources.csv:2: column 'text_path': error: file 'sources/article-two.txt' does not exist; row "
        "skipped"),
    "stored text outside the data folder": (
        "sources.csv", "sources/article-one.txt", "../article-one.txt",
        "data/sources.csv:2: column 'text_path': error: '../article-one.txt' points outside the data "
        "directory; row skipped"),
    # batches.csv: line 2 is the only batch ("first", from web-report, with a summary)
    "batch id not a slug": (
        "batches.csv", "first,First report", "First,First report",
        "data/batches.csv:2: column 'batch_id': error: 'First' is not a valid id: use lowercase letters, digits "
        "and single hyphens (e.g. es-barcelona-1); row skipped"),
    "reported count in words": (
        "batches.csv", "2022-09,3,", "2022-09,three,",
        "data/batches.csv:2: column 'reported_count': error: 'three' is not a whole number; row skipped"),
    "negative reported count": (
        "batches.csv", "2022-09,3,", "2022-09,-3,",
        "data/batches.csv:2: column 'reported_count': error: '-3' is not a whole number; row skipped"),
    "unparseable batch date": (
        "batches.csv", "2022-09,3,", "Sept 2022,3,",
        "data/batches.csv:2: column 'published': error: 'Sept 2022' is not a date of the form YYYY, YYYY-MM or "
        "YYYY-MM-DD; row skipped"),
    "batch from an unknown source": (
        "batches.csv", "First report,web-report", "First report,web-reprt",
        "data/batches.csv:2: column 'source_id': error: refers to source 'web-reprt', which is not loaded (not "
        "in sources.csv, or its row has an error); row skipped"),
    "excerpt and summary both set": (
        "batches.csv", "3,,The report", "3,Three stations,The report",
        "data/batches.csv:2: column 'summary': error: both excerpt and summary are set: give the source's exact "
        "words OR a summary, not both; row skipped"),
    "neither excerpt nor summary": (
        "batches.csv", "3,,The report counted three stations.", "3,,",
        "data/batches.csv:2: column 'excerpt': error: neither excerpt nor summary is set: evidence needs one; "
        "row skipped"),
    "stations of a skipped batch": (
        "batches.csv", "2022-09,3,", "2022-09,three,",
        "data/stations.csv:2: column 'batch': error: unknown batch 'first' (not in batches.csv, or its row was "
        "skipped); row skipped"),
    # stations.csv: line 2 es-barcelona, 3 it-rome, 4 ls-lesotho (country precision)
    "station id not a slug": (
        "stations.csv", "it-rome,Rome", "it--rome,Rome",
        "data/stations.csv:3: column 'station_id': error: 'it--rome' is not a valid id: use lowercase letters, "
        "digits and single hyphens (e.g. es-barcelona-1); row skipped"),
    "duplicate station id": (
        "stations.csv", "ls-lesotho,Lesotho", "es-barcelona,Lesotho",
        "data/stations.csv:4: column 'station_id': error: duplicate id 'es-barcelona' (first used on line 2); "
        "row skipped"),
    "three-letter country code": (
        "stations.csv", ",ES,city", ",ESP,city",
        "data/stations.csv:2: column 'country': error: 'ESP' is not an ISO 3166-1 alpha-2 country code (such "
        "as ES or IT); row skipped"),
    "lowercase country code": (
        "stations.csv", ",ES,city", ",es,city",
        "data/stations.csv:2: column 'country': error: write the country code in capitals: 'ES'; row skipped"),
    "city precision without a city": (
        "stations.csv", "Barcelona,Barcelona,,ES", "Barcelona,,,ES",
        "data/stations.csv:2: column 'city': error: is empty but precision is 'city'; row skipped"),
    "region precision without a region": (
        "stations.csv", ",,LS,country", ",,LS,region",
        "data/stations.csv:4: column 'region': error: is empty but precision is 'region'; row skipped"),
    "unknown bureau": (
        "stations.csv", "city,Fuzhou", "city,Beijing",
        "data/stations.csv:2: column 'bureau': error: unknown value 'Beijing'; use one of: Fuzhou, Qingtian, "
        "Wenzhou, Nantong, unknown; row skipped"),
    "unknown batch": (
        "stations.csv", "Fuzhou,first", "Fuzhou,second",
        "data/stations.csv:2: column 'batch': error: unknown batch 'second' (not in batches.csv, or its row was "
        "skipped); row skipped"),
    # evidence.csv: 2 bcn-confirmed, 3 bcn-visit, 4 rome-visit, 5 ls-denied, 6 network-denial
    "evidence id not a slug": (
        "evidence.csv", "rome-visit,it-rome", "rome visit,it-rome",
        "data/evidence.csv:4: column 'evidence_id': error: 'rome visit' is not a valid id: use lowercase "
        "letters, digits and single hyphens (e.g. es-barcelona-1); row skipped"),
    "duplicate evidence id": (
        "evidence.csv", "rome-visit,it-rome", "bcn-visit,it-rome",
        "data/evidence.csv:4: column 'evidence_id': error: duplicate id 'bcn-visit' (first used on line 3); row "
        "skipped"),
    "evidence for a station not in stations.csv": (
        "evidence.csv", "rome-visit,it-rome", "rome-visit,it-roma",
        "data/evidence.csv:4: column 'station_id': error: refers to station 'it-roma', which is not loaded (it "
        "is not in stations.csv); row skipped"),
    "evidence for a station whose row has an error": (
        "stations.csv", ",IT,city", ",XX,city",
        "data/evidence.csv:4: column 'station_id': error: refers to station 'it-rome', which is not loaded (its "
        "own row has an error); row skipped"),
    "unknown claim": (
        "evidence.csv", "rome-visit,it-rome,article-one,visited_found_nothing",
        "rome-visit,it-rome,article-one,visited",
        "data/evidence.csv:4: column 'supports': error: unknown value 'visited'; use one of: "
        + ", ".join(c.value for enum in (Status, Statement, OfficialAction) for c in enum) + "; row skipped"),
    "unknown party": (
        "evidence.csv", "Lesotho police,host_authority", "Lesotho police,government",
        "data/evidence.csv:5: column 'party': error: unknown value 'government'; use one of: host_authority, "
        "chinese_side, operator, journalists, reporting_ngo, other; row skipped"),
    "excerpt not in the stored text": (
        "evidence.csv", "found a travel agency", "found a travel office",
        "data/evidence.csv:4: column 'excerpt': error: does not occur verbatim in source 'article-one' "
        "(sources/article-one.txt): \"Reporters who visited the Rome address found a travel office and no "
        "si...\"; row skipped"),
    "excerpt from a source without stored text": (
        "evidence.csv", ",,Police said no such station exists.,", ",Police said no such station exists.,,",
        "data/evidence.csv:5: column 'excerpt': error: source 'web-report' has no stored text to check the "
        "excerpt against: store the text, or write a summary instead; row skipped"),
    "summary of a source without a url": (
        "evidence.csv", "bcn-visit,es-barcelona,web-report", "bcn-visit,es-barcelona,article-one",
        "data/evidence.csv:3: column 'summary': error: source 'article-one' has no URL: a summary must point "
        "readers to the original; row skipped"),
    "unparseable event date": (
        "evidence.csv", "host_authority,2022-11-02", "host_authority,2 Nov 2022",
        "data/evidence.csv:5: column 'event_date': error: '2 Nov 2022' is not a date of the form YYYY, YYYY-MM "
        "or YYYY-MM-DD; row skipped"),
    "station whose only evidence is skipped": (
        "evidence.csv", "Lesotho police,host_authority", "Lesotho police,government",
        "data/stations.csv:4: column 'station_id': error: station 'ls-lesotho' has no usable evidence in "
        "evidence.csv: every station must trace to a source; station skipped"),
    # places.csv: line 2 es-barcelona (41.3888, 2.159, radius 10)
    "latitude not a number": (
        "places.csv", "es-barcelona,41.3888", "es-barcelona,north",
        "data/places.csv:2: column 'lat': error: 'north' is not a number; row skipped"),
    "latitude beyond the pole": (
        "places.csv", "es-barcelona,41.3888", "es-barcelona,90.5",
        "data/places.csv:2: column 'lat': error: 90.5 is out of range (±90); row skipped"),
    "latitude beyond the south pole": (
        "places.csv", "es-barcelona,41.3888", "es-barcelona,-90.5",
        "data/places.csv:2: column 'lat': error: -90.5 is out of range (±90); row skipped"),
    "longitude beyond the date line": (
        "places.csv", "41.3888,2.159,", "41.3888,180.5,",
        "data/places.csv:2: column 'lon': error: 180.5 is out of range (±180); row skipped"),
    "radius beyond the earth": (
        "places.csv", "city,10,gazetteer,Barcelona", "city,20001,gazetteer,Barcelona",
        "data/places.csv:2: column 'radius_km': error: 20001.0 is out of range (±20000); row skipped"),
    "negative radius": (
        "places.csv", "city,10,gazetteer,Barcelona", "city,-1,gazetteer,Barcelona",
        "data/places.csv:2: column 'radius_km': error: must not be negative; row skipped"),
    "unknown place precision": (
        "places.csv", "2.159,city,", "2.159,street,",
        "data/places.csv:2: column 'precision': error: unknown value 'street'; use one of: city, region, "
        "country; row skipped"),
    "duplicate place": (
        "places.csv", "it-rome,41.8919", "es-barcelona,41.8919",
        "data/places.csv:3: column 'station_id': error: duplicate id 'es-barcelona' (first used on line 2); row "
        "skipped"),
}


@pytest.mark.parametrize("case", MESSAGES.values(), ids=MESSAGES.keys())
def test_each_problem_is_printed_in_full(data, case):
    name, old, new, expected = case
    edit(data / name, old, new)
    result = load(data)
    assert expected in printed(result), "\n".join(printed(result))
    assert result.errors, "an error, not a warning"


def test_a_place_row_of_a_skipped_station_adds_no_second_problem(data):
    edit(data / "stations.csv", ",IT,city", ",XX,city")
    result = load(data)
    assert printed(result) == [
        "data/stations.csv:3: column 'country': error: 'XX' is not an ISO 3166-1 alpha-2 country code (such as "
        "ES or IT); row skipped",
        "data/evidence.csv:4: column 'station_id': error: refers to station 'it-rome', which is not loaded (its "
        "own row has an error); row skipped",
    ]
    assert set(result.dataset.places) == {"es-barcelona", "ls-lesotho"}


def test_rows_after_a_duplicate_id_still_load(data):
    edit(data / "evidence.csv", "rome-visit,it-rome", "bcn-visit,it-rome")
    result = load(data)
    assert printed(result) == [
        "data/evidence.csv:4: column 'evidence_id': error: duplicate id 'bcn-visit' (first used on line 3); row "
        "skipped",
        "data/stations.csv:3: column 'station_id': error: station 'it-rome' has no usable evidence in "
        "evidence.csv: every station must trace to a source; station skipped",
    ]
    assert {e.evidence_id for e in result.dataset.evidence} == {"bcn-confirmed", "bcn-visit", "ls-denied",
                                                                "network-denial"}


@pytest.mark.parametrize("lat, lon, radius", [("90", "-180", "0"), ("-90", "180", "20000")])
def test_coordinates_on_the_limits_are_accepted(data, lat, lon, radius):
    edit(data / "places.csv", "es-barcelona,41.3888,2.159,city,10,", f"es-barcelona,{lat},{lon},city,{radius},")
    result = load(data)
    assert result.problems == ()
    place = result.dataset.places["es-barcelona"]
    assert (place.lat, place.lon, place.radius_km) == (float(lat), float(lon), float(radius))


@pytest.mark.parametrize("url", ["http://example.org/report", "HTTPS://EXAMPLE.ORG/report"])
def test_http_and_capitalised_urls_are_accepted(data, url):
    edit(data / "sources.csv", "https://example.org/report", url)
    result = load(data)
    assert result.problems == ()
    assert result.dataset.sources["web-report"].url == url


def test_station_known_to_its_region(data):
    edit(data / "stations.csv", "ls-lesotho,Lesotho,,,LS,country", "ls-lesotho,Lesotho,,Maseru,LS,region")
    result = load(data)
    assert result.problems == ()
    station = result.dataset.stations["ls-lesotho"]
    assert (station.region, station.precision) == ("Maseru", Precision.REGION)


# --- stored source texts that cannot be read ---------------------------------------------------------


def test_stored_text_that_is_not_utf8_names_the_byte(data):
    (data / "sources" / "article-one.txt").write_bytes(b"A worker \xff at")
    result = load(data)
    assert ("data/sources.csv:2: column 'text_path': error: file 'sources/article-one.txt' is not valid UTF-8 "
            "(byte 9); row skipped") in printed(result)
    assert "article-one" not in result.dataset.sources


def test_stored_text_with_a_byte_order_mark(data):
    path = data / "sources" / "article-one.txt"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = load(data)
    assert result.problems == ()
    assert result.dataset.sources["article-one"].text.startswith("A worker at the Barcelona office")


@pytest.mark.parametrize("failure, words", [
    (PermissionError(13, "Permission denied"), "cannot be read: permission denied (check the file's permissions)"),
    (OSError(5, "Input/output error"), "cannot be read (Input/output error)"),
])
def test_stored_text_that_cannot_be_read(data, refuse_to_open, failure, words):
    refuse_to_open({"article-one.txt"}, failure)
    result = load(data)
    assert (f"data/sources.csv:2: column 'text_path': error: file 'sources/article-one.txt' {words}; row "
            "skipped") in printed(result)
    assert set(result.dataset.sources) == {"web-report"}


# --- what a clean load produces ----------------------------------------------------------------------


def test_every_source_field(data):
    sources = load(data).dataset.sources
    assert sources == {
        "article-one": Source("article-one", "[Test article]", "unknown", PartialDate(2022, 10),
                              "inferred from 'last month'", "", "news", Reliability.SECONDARY, "Unknown publisher.",
                              "sources/article-one.txt", None, ""),
        "web-report": Source("web-report", "Test web report", "Example News", PartialDate(2022, 11, 3), "",
                             "https://example.org/report", "news", Reliability.ESTABLISHED, "Major outlet.", "",
                             None, ""),
    }
    stored = (data / "sources" / "article-one.txt").read_text(encoding="utf-8")
    assert sources["article-one"].text == stored
    assert sources["web-report"].text is None


def test_title_gloss_is_kept(data):
    edit(data / "sources.csv", "Major outlet.,,", "Major outlet.,,A gloss")
    assert load(data).dataset.sources["web-report"].title_gloss == "A gloss"


def test_undated_source_with_a_reason(data):
    edit(data / "sources.csv", "2022-10,month,inferred from 'last month'", ",,no date anywhere")
    result = load(data)
    assert result.problems == ()
    source = result.dataset.sources["article-one"]
    assert (source.published, source.date_inferred) == (None, "no date anywhere")
    # The evidence then dates from its own event date, or not at all.
    rome = next(e for e in result.dataset.evidence if e.evidence_id == "rome-visit")
    assert (rome.effective_date, rome.known_from) == (None, None)
    bcn = next(e for e in result.dataset.evidence if e.evidence_id == "bcn-confirmed")
    assert (bcn.effective_date, bcn.known_from) == (PartialDate(2022), PartialDate(2022))


def test_every_batch_field(data):
    assert load(data).dataset.batches == {
        "first": Batch("first", "First report", "web-report", PartialDate(2022, 9), 3, "",
                       "The report counted three stations."),
    }


def test_batch_without_a_count_or_date(data):
    edit(data / "batches.csv", "2022-09,3,", ",,")
    result = load(data)
    assert result.problems == ()
    batch = result.dataset.batches["first"]
    assert (batch.published, batch.reported_count) == (None, None)


def test_batch_quoting_a_stored_source(data):
    edit(data / "batches.csv", "web-report,2022-09,3,,The report counted three stations.",
         "article-one,2022-09,3,a travel agency,")
    result = load(data)
    assert result.problems == ()
    assert result.dataset.batches["first"].excerpt == "a travel agency"


def test_every_station_field(data):
    assert load(data).dataset.stations == {
        "es-barcelona": Station("es-barcelona", "Barcelona", "Barcelona", "", "ES", Precision.CITY, Bureau.FUZHOU,
                                "first", ""),
        "it-rome": Station("it-rome", "Rome", "Rome", "", "IT", Precision.CITY, Bureau.QINGTIAN, "first", ""),
        "ls-lesotho": Station("ls-lesotho", "Lesotho", "", "", "LS", Precision.COUNTRY, Bureau.UNKNOWN, "first",
                              "Only the country is known."),
    }


def test_every_evidence_field(data):
    evidence = {e.evidence_id: e for e in load(data).dataset.evidence}
    assert evidence["rome-visit"] == Evidence(
        "rome-visit", "it-rome", "article-one", Status.VISITED_FOUND_NOTHING, "Reporters", Party.JOURNALISTS, None,
        REPORT_EXCERPT, "", "", effective_date=PartialDate(2022, 10), known_from=PartialDate(2022, 10))
    # An event date orders the story; the publication date says when readers could know.
    assert evidence["bcn-visit"] == Evidence(
        "bcn-visit", "es-barcelona", "web-report", Status.VISITED_FOUND_NOTHING, "Example News", Party.JOURNALISTS,
        PartialDate(2022, 11, 1), "", "Reporters found no police station at the site.", "",
        effective_date=PartialDate(2022, 11, 1), known_from=PartialDate(2022, 11, 3))
    assert evidence["network-denial"].station_id is None
    assert [e.evidence_id for e in load(data).dataset.network_wide] == ["network-denial"]


def test_evidence_notes_are_kept(data):
    edit(data / "evidence.csv", "no such station exists.,", "no such station exists.,Said on radio.")
    evidence = {e.evidence_id: e for e in load(data).dataset.evidence}
    assert evidence["ls-denied"].notes == "Said on radio."


def test_every_place_field(data):
    assert load(data).dataset.places == {
        "es-barcelona": Place("es-barcelona", 41.3888, 2.159, Precision.CITY, 10.0, "gazetteer", "Barcelona"),
        "it-rome": Place("it-rome", 41.8919, 12.5113, Precision.CITY, 10.0, "gazetteer", "Rome"),
        "ls-lesotho": Place("ls-lesotho", -29.6, 28.2, Precision.COUNTRY, 100.0, "gazetteer", "Lesotho"),
    }


def test_messages_name_files_relative_to_the_working_directory_by_default(data, monkeypatch):
    edit(data / "stations.csv", ",IT,city", ",it,city")
    monkeypatch.chdir(data.parent)
    result = load_dataset(str(data))  # an absolute path, as text
    assert printed(result)[0] == ("data/stations.csv:3: column 'country': error: write the country code in "
                                  "capitals: 'IT'; row skipped")


# --- warnings: the data still loads ------------------------------------------------------------------


def test_missing_places_file_is_one_warning(data):
    (data / "places.csv").unlink()
    result = load(data)
    assert result.problems == result.warnings == (
        Problem("data/places.csv", None, None, "no coordinates yet: run `python -m stationmap geocode`",
                Severity.WARNING),
    )
    assert result.errors == ()
    assert result.dataset.places == {}


def add_stations(data: Path, count: int) -> None:
    """``count`` more stations (zz-1, zz-2, ...), each backed by a summary of web-report, with no place."""
    append(data / "stations.csv", *(f"zz-{n},Extra {n},Town,,ES,city,unknown,first," for n in range(1, count + 1)))
    append(data / "evidence.csv",
           *(f"zz-{n}-seen,zz-{n},web-report,confirmed_trial_operation,A worker,operator,,,Seen open.,"
             for n in range(1, count + 1)))


@pytest.mark.parametrize("count, shown", [
    (1, "zz-1"),
    (5, "zz-1, zz-2, zz-3, zz-4, zz-5"),
    (6, "zz-1, zz-2, zz-3, zz-4, zz-5 ..."),
])
def test_stations_without_coordinates_are_one_warning(data, count, shown):
    add_stations(data, count)
    result = load(data)
    assert printed(result) == [f"data/places.csv: warning: {count} station(s) have no coordinates and are not "
                               f"drawn on the map ({shown}): run `python -m stationmap geocode`"]
    assert result.errors == ()
    assert len(result.dataset.stations) == 3 + count
    assert len(result.dataset.places) == 3


def test_unused_source_is_a_warning_on_its_line(data):
    append(data / "sources.csv", "spare,Spare,Example News,,,never dated,https://example.org/spare,news,"
                                 "established,Major outlet.,,")
    result = load(data)
    assert result.errors == ()
    assert printed(result) == [
        "data/sources.csv:4: column 'source_id': warning: source 'spare' is not cited by any evidence"]
    assert len(result.warnings) == 1
    assert "spare" in result.dataset.sources


def test_claim_dated_after_its_source_is_a_warning(data):
    edit(data / "evidence.csv", "Example News,journalists,2022-11-01,", "Example News,journalists,2022-11-04,")
    result = load(data)
    assert result.errors == ()
    assert printed(result) == [
        "data/evidence.csv:3: column 'event_date': warning: '2022-11-04' is after its source 'web-report' was "
        "published (2022-11-03): a source cannot report a later event; correct one of the two dates or cite a "
        "later source"]
    assert "bcn-visit" in {e.evidence_id for e in result.dataset.evidence}


def test_claim_dated_within_its_sources_month_is_clean(data):
    # article-one is dated 2022-10 (the whole month): a claim of 31 October is not after it
    edit(data / "evidence.csv", "A worker,operator,2022,", "A worker,operator,2022-10-31,")
    assert load(data).problems == ()


def test_source_cited_only_by_a_batch_is_used(data):
    append(data / "sources.csv", "list,The list,Example NGO,2022-09,month,,https://example.org/list,ngo_report,"
                                 "established,The reporting NGO.,,")
    edit(data / "batches.csv", "First report,web-report", "First report,list")
    result = load(data)
    assert result.problems == ()
    assert result.dataset.batches["first"].source_id == "list"


# --- the optional files: id aliases and city names -------------------------------------------------------


def test_aliases_map_retired_ids_to_loaded_ones(data):
    append(data / "id_aliases.csv",
           "kind,old_id,new_id",
           "station,es-bcn,es-barcelona",
           "planet,pluto,es-barcelona",
           "station,it-roma,it-rome-2",
           "source,web-report,article-one",
           "evidence,bcn-visit-old,bcn-visit",
           "source,report-old,web-report")
    result = load(data)
    assert printed(result) == [
        "data/id_aliases.csv:3: column 'kind': error: unknown kind 'planet'; use one of: station, source, evidence",
        "data/id_aliases.csv:4: column 'new_id': error: station 'it-rome-2' is not loaded; alias skipped",
        "data/id_aliases.csv:5: column 'old_id': error: 'web-report' is still a current source id; an alias must "
        "name a retired id",
    ]
    assert result.dataset.aliases == {("station", "es-bcn"): "es-barcelona",
                                      ("evidence", "bcn-visit-old"): "bcn-visit",
                                      ("source", "report-old"): "web-report"}


def test_alias_to_a_skipped_station_is_not_kept(data):
    append(data / "id_aliases.csv", "kind,old_id,new_id", "station,ls-old,ls-lesotho")
    edit(data / "evidence.csv", "Lesotho police,host_authority", "Lesotho police,government")
    result = load(data)
    assert "data/id_aliases.csv:2: column 'new_id': error: station 'ls-lesotho' is not loaded; alias skipped" \
        in printed(result)
    assert result.dataset.aliases == {}


def test_city_names_in_chinese_for_loaded_stations(data):
    append(data / "place_names.csv",
           "station_id,zh_hans,zh_hant,search",
           "es-barcelona,巴塞罗那,巴塞隆納,巴塞罗那 巴塞隆納",
           "xx-gone,某地,某地,某地")
    result = load(data)
    assert result.problems == ()
    assert result.dataset.local_names == {
        "es-barcelona": {"zh-Hans": "巴塞罗那", "zh-Hant": "巴塞隆納", "search": "巴塞罗那 巴塞隆納"}}
    assert result.dataset.city_name("es-barcelona", "zh-Hant") == "巴塞隆納"


def test_without_optional_files_there_are_no_aliases_or_names(data):
    result = load(data)
    assert (result.dataset.aliases, result.dataset.local_names) == ({}, {})


def test_a_bad_place_names_header_is_named(data):
    append(data / "place_names.csv", "station,zh_hans", "es-barcelona,巴塞罗那")
    assert "data/place_names.csv:1: column 'station_id': error: required column is missing from the header" \
        in printed(load(data))

