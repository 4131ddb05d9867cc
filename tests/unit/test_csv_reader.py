"""Reading one CSV file defensively, on small files written for each case: every problem is named exactly.

The messages are what a volunteer editing the data sees, so each test checks the whole text: file, line,
column and the advice.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from stationmap.records.csv_reader import (
    MAX_CELL_CHARS,
    Row,
    TableSpec,
    describe_char,
    display_path,
    find_hidden_char,
    is_slug,
    read_table,
)

SPEC = TableSpec("people.csv", required=("id", "name"), optional=("notes",), long_text=frozenset({"notes"}))
EXPECTED = "expected only: id, name, notes"


def read(folder: Path, content: str | bytes, spec: TableSpec = SPEC):
    path = folder / spec.name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return read_table(folder, spec, display_root=folder)


def problems(table) -> list[str]:
    return [str(p) for p in table.problems]


def test_rows_carry_their_line_and_stripped_values(tmp_path):
    table = read(tmp_path, "id,name,notes\n a , Ann ,\nb,Bo,\"two\nlines\"\nc,Cy,last\n")
    assert problems(table) == []
    assert table.rows == [
        Row(2, {"id": "a", "name": "Ann", "notes": ""}),
        Row(3, {"id": "b", "name": "Bo", "notes": "two\nlines"}),
        Row(5, {"id": "c", "name": "Cy", "notes": "last"}),  # the quoted cell took lines 3-4
    ]
    assert table.display == "people.csv" and table.path == tmp_path / "people.csv"


def test_header_cells_are_stripped_and_columns_found_in_any_order(tmp_path):
    table = read(tmp_path, " notes , name ,id\nhi,Ann,a\n")
    assert problems(table) == []
    assert table.rows == [Row(2, {"id": "a", "name": "Ann", "notes": "hi"})]


def test_short_rows_leave_the_missing_cells_empty(tmp_path):
    table = read(tmp_path, "id,name,notes\na,Ann\n")
    assert problems(table) == []
    assert table.rows == [Row(2, {"id": "a", "name": "Ann", "notes": ""})]


def test_blank_lines_are_skipped_silently(tmp_path):
    table = read(tmp_path, "id,name,notes\n\n , ,\na,Ann,\n")
    assert problems(table) == []
    assert table.rows == [Row(4, {"id": "a", "name": "Ann", "notes": ""})]


def test_a_header_only_file_has_no_rows_and_no_problems(tmp_path):
    table = read(tmp_path, "id,name,notes\n")
    assert (table.rows, table.problems) == ([], [])


@pytest.mark.parametrize("content", ["", " \n\n\t\n"])
def test_an_empty_file_asks_for_a_header(tmp_path, content):
    table = read(tmp_path, content)
    assert problems(table) == ["people.csv: error: file is empty: it needs at least a header line naming the columns"]
    assert table.rows == []


def test_a_column_twice_in_the_header_stops_the_file(tmp_path):
    table = read(tmp_path, "id,name,notes,name\na,Ann,,Bo\n")
    assert problems(table) == [
        "people.csv:1: column 'name': error: column appears twice in the header (positions 2 and 4)"]
    assert table.rows == []


def test_a_missing_required_column_stops_the_file_and_every_header_fault_is_named(tmp_path):
    table = read(tmp_path, "id,age,\na,3,\n")
    assert problems(table) == [
        "people.csv:1: column 'name': error: required column is missing from the header",
        f"people.csv:1: column 'age': error: unknown column; {EXPECTED}",
        f"people.csv:1: error: an empty column name; {EXPECTED}",
        "people.csv:1: column 'notes': warning: optional column is missing from the header; treated as empty",
    ]
    assert table.rows == []


def test_a_missing_optional_column_is_a_warning_and_reads_as_empty(tmp_path):
    table = read(tmp_path, "id,name\na,Ann\n")
    assert problems(table) == [
        "people.csv:1: column 'notes': warning: optional column is missing from the header; treated as empty"]
    assert table.rows == [Row(2, {"id": "a", "name": "Ann", "notes": ""})]


def test_a_row_with_too_many_cells_is_skipped(tmp_path):
    table = read(tmp_path, "id,name,notes\na,Ann,x,y\nb,Bo,\n")
    assert problems(table) == [
        "people.csv:2: error: row has 4 cells but the header names 3 columns (an unquoted comma?); row skipped"]
    assert [row.values["id"] for row in table.rows] == ["b"]


@pytest.mark.parametrize("length, accepted", [(MAX_CELL_CHARS, True), (MAX_CELL_CHARS + 1, False)])
def test_the_longest_cell_accepted(tmp_path, length, accepted):
    table = read(tmp_path, f"id,name,notes\na,Ann,{'x' * length}\nb,Bo,\n")
    assert [row.values["id"] for row in table.rows] == (["a", "b"] if accepted else ["b"])
    assert problems(table) == ([] if accepted else [
        "people.csv:2: error: a cell is longer than 100,000 characters (an unclosed quote?); row skipped"])


def test_an_empty_required_cell_skips_the_row_an_empty_optional_one_does_not(tmp_path):
    table = read(tmp_path, "id,name,notes\na, ,\nb,Bo,\n")
    assert problems(table) == ["people.csv:2: column 'name': error: is empty but required; row skipped"]
    assert table.rows == [Row(3, {"id": "b", "name": "Bo", "notes": ""})]


def test_every_bad_cell_of_a_row_is_named(tmp_path):
    table = read(tmp_path, "id,name,notes\n,A\x07nn,x\u202ey\n")
    assert problems(table) == [
        "people.csv:2: column 'id': error: is empty but required; row skipped",
        "people.csv:2: column 'name': error: contains the invisible character U+0007 (control character); "
        "row skipped",
        "people.csv:2: column 'notes': error: contains the invisible character U+202E (right-to-left override); "
        "row skipped",
    ]
    assert table.rows == []


@pytest.mark.parametrize("value, hidden", [
    ("plain text", None), ("café 北京", None), ("a\x00b", "\x00"), ("a\x1fb", "\x1f"), ("a\x7fb", "\x7f"),
    ("a\x9fb", "\x9f"), ("a\xa0b", None), ("a\u202ab\u202e", "\u202a"), ("a\u2066b", "\u2066"),
    ("a\u2069b", "\u2069"), ("a\u2029b", None), ("line\nbreak", "\n"), ("tab\there", "\t"), ("cr\rhere", "\r"),
])
def test_hidden_characters(value, hidden):
    assert find_hidden_char(value, allow_breaks=False) == hidden


@pytest.mark.parametrize("value, hidden", [
    ("line\nbreak", None), ("tab\there", None), ("cr\rhere", "\r"), ("a\x08b", "\x08"), ("a\x0bb", "\x0b"),
    ("a\x1fb", "\x1f"), ("a\x85b", "\x85"), ("a\u202db", "\u202d"),
])
def test_hidden_characters_in_long_text_allow_line_breaks_and_tabs(value, hidden):
    assert find_hidden_char(value, allow_breaks=True) == hidden


def test_line_breaks_are_allowed_only_in_long_text_columns(tmp_path):
    table = read(tmp_path, 'id,name,notes\na,"An\nn","two\tparts\nand lines"\nb,Bo,"x\ty"\n')
    assert problems(table) == [
        "people.csv:2: column 'name': error: a quoted cell begins here (line 2, character 3) and runs on to line "
        "3, but this column cannot hold a line break: remove the break, or add the quote (\") missing on line 2 "
        "if one is; lines 2–4 were read as one row, which is skipped"]
    assert table.rows == [Row(5, {"id": "b", "name": "Bo", "notes": "x\ty"})]  # row 2 spans lines 2-4


def test_a_file_saved_with_windows_line_breaks_keeps_its_multi_line_cells(tmp_path):
    table = read(tmp_path, 'id,name,notes\r\na,Ann,"two\r\nlines"\r\nb,Bo,"cr\ronly"\r\n')
    assert table.rows == [Row(2, {"id": "a", "name": "Ann", "notes": "two\nlines"})]
    assert problems(table) == [  # a lone carriage return is not a line break
        "people.csv:4: column 'notes': error: contains the invisible character U+000D (control character); "
        "row skipped"]


@pytest.mark.parametrize("char, described", [
    ("\x07", "U+0007 (control character)"), ("\u202e", "U+202E (right-to-left override)"),
    ("\u2066", "U+2066 (left-to-right isolate)"), ("é", "U+00E9 (latin small letter e with acute)"),
    ("\U0001f600", "U+1F600 (grinning face)"),
])
def test_describe_char(char, described):
    assert describe_char(char) == described


def test_an_invalid_utf8_line_is_named_and_only_its_rows_skipped(tmp_path):
    content = "id,name,notes\na,Ann,\nb,B\xf4,\nc,Cy,\n".encode("latin-1")
    table = read(tmp_path, b"\xef\xbb\xbf" + content)
    assert problems(table) == [
        "people.csv:3: error: is not valid UTF-8 (byte 0xF4 at character 4); save the file as UTF-8 — "
        "rows on this line are skipped"]
    assert table.rows == [Row(2, {"id": "a", "name": "Ann", "notes": ""}),
                          Row(4, {"id": "c", "name": "Cy", "notes": ""})]


def test_a_quoted_cell_spanning_an_invalid_line_is_skipped(tmp_path):
    table = read(tmp_path, b'id,name,notes\na,Ann,"one\ntw\xff"\nc,Cy,\n')
    assert problems(table) == [
        "people.csv:3: error: is not valid UTF-8 (byte 0xFF at character 3); save the file as UTF-8 — "
        "rows on this line are skipped"]
    assert table.rows == [Row(4, {"id": "c", "name": "Cy", "notes": ""})]


@pytest.mark.parametrize("before", [
    "id,name,notes\na,Ann,\"ok\"\n",
    "id,name,notes\na,Ann,\"\"\n",  # an empty quoted cell: two quotes side by side still pair up
    ",\"id\",name,notes\nx,a,Ann,\n",  # a faulty header (an empty column name) does not hide it
])
def test_an_unclosed_quote_is_named_where_it_opens(tmp_path, before):
    table = read(tmp_path, before + 'b,"Bo,\nc,Cy,\nd,Di,\n')
    column = "id" if before.startswith(",") else "name"  # the header's second column
    assert [str(p) for p in table.problems if p.line != 1] == [
        f"people.csv:3: column '{column}': error: a quoted cell begins here (line 3, character 3) and its quote "
        "(\") is never closed, so lines 3–5 were read as one cell; a closing quote is probably missing — rows "
        "from here on are skipped"]
    assert [row.line for row in table.rows] == [2]


def test_a_stray_quote_that_pairs_with_a_later_one_is_named_where_it_began(tmp_path):
    """Line 3's notes open a quote that is never meant to close; the quote opening line 5's notes closes it,
    so lines 3-5 read as one row whose notes hold lines 4 and 5 (Cy's row vanished without a word)."""
    table = read(tmp_path, 'id,name,notes\na,Ann,\nb,Bo,"six feet\nc,Cy,\nd,Di,"quoted, with a comma"\ne,Ed,\n')
    assert problems(table) == [
        "people.csv:3: column 'notes': error: a quoted cell begins here (line 3, character 6) and runs on to line "
        "5, where a quote that seems to open a cell closes it: a quote (\") is probably missing on line 3 (or "
        "there is one too many); lines 3–5 were read as one row, which is skipped"]
    assert [row.line for row in table.rows] == [2, 6]  # the rows after it are read again


def test_a_stray_quote_that_makes_too_many_cells_is_named(tmp_path):
    table = read(tmp_path, 'id,name,notes\na,"Ann,\nb,Bo,x",y\nc,Cy,\n')
    assert problems(table) == [
        "people.csv:2: column 'name': error: a quoted cell begins here (line 2, character 3) and runs on to line "
        "3, but this column cannot hold a line break: remove the break, or add the quote (\") missing on line 2 "
        "if one is; lines 2–3 were read as one row, which is skipped"]
    table = read(tmp_path, 'id,name,notes\na,Ann,"x\nb",Bo,y,z\nc,Cy,\n')
    assert problems(table) == [
        "people.csv:2: column 'notes': error: a quoted cell begins here (line 2, character 7) and runs on to line "
        "3, which gives the row 6 cells where the header names 3: a quote (\") is probably missing on line 2 (or "
        "there is one too many); lines 2–3 were read as one row, which is skipped"]
    assert [row.line for row in table.rows] == [4]


def test_a_stray_quote_in_the_header_is_named_and_nothing_is_guessed(tmp_path):
    table = read(tmp_path, 'id,"name,notes\na,"Ann",\n')
    assert problems(table) == [
        "people.csv:1: error: a quoted cell begins here (line 1, character 4) and runs on to line 2, where a quote "
        "that seems to open a cell closes it: a quote (\") is probably missing on line 1 (or there is one too "
        "many); lines 1–2 were read as one row, which is skipped"]
    assert table.rows == []


def test_a_multi_line_text_that_closes_cleanly_is_not_blamed(tmp_path):
    table = read(tmp_path, 'id,name,notes\na,Ann,"one ""quoted"" word,\nand, a second line"  \nb,Bo,\n')
    assert problems(table) == []
    assert [row.line for row in table.rows] == [2, 4]


def test_a_closed_multi_line_quote_after_an_odd_one_is_not_blamed(tmp_path):
    # Quotes pair up left to right: line 2's pair closes, line 3's pair spans a line break, line 6's never closes.
    table = read(tmp_path, 'id,name,notes\na,"Ann",\nb,Bo,"x\ny"\nc,Cy,\nd,Di,"z\n')
    assert [row.line for row in table.rows] == [2, 3, 5, 6]
    assert problems(table) == []  # the last quote runs to the end on one record: nothing after it is lost


def test_a_reader_error_names_the_line_and_keeps_earlier_rows(tmp_path):
    old_limit = csv.field_size_limit(50)
    try:
        table = read(tmp_path, f"id,name,notes\na,Ann,\nb,Bo,\nc,Cy,{'x' * 60}\nd,Di,\n")
    finally:
        csv.field_size_limit(old_limit)
    assert problems(table) == [
        "people.csv:4: error: cannot be read as CSV (field larger than field limit (50)); "
        "rows from here on are skipped"]
    assert [row.line for row in table.rows] == [2, 3]


def test_a_reader_error_in_the_header_names_line_1(tmp_path):
    old_limit = csv.field_size_limit(50)
    try:
        table = read(tmp_path, f"id,name,notes{'x' * 60}\na,Ann,\n")
    finally:
        csv.field_size_limit(old_limit)
    assert problems(table)[0] == (
        "people.csv:1: error: cannot be read as CSV (field larger than field limit (50)); "
        "rows from here on are skipped")
    assert table.rows == []


def test_a_missing_file_is_named(tmp_path):
    table = read_table(tmp_path, SPEC, display_root=tmp_path)
    assert problems(table) == ["people.csv: error: file is missing"] and table.rows == []


def test_a_folder_is_not_a_file(tmp_path):
    (tmp_path / "people.csv").mkdir()
    table = read_table(tmp_path, SPEC, display_root=tmp_path)
    assert problems(table) == ["people.csv: error: is a folder, not a file"]


def test_a_link_inside_the_data_folder_is_read_one_outside_is_not(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "real.csv").write_text("id,name,notes\na,Ann,\n", encoding="utf-8")
    (data / "people.csv").symlink_to(data / "real.csv")
    inside = read_table(data, SPEC, display_root=tmp_path)
    assert problems(inside) == [] and [row.values["id"] for row in inside.rows] == ["a"]
    assert inside.display == "data/people.csv"  # the link's name, not its target's
    (tmp_path / "outside.csv").write_text("id,name,notes\nb,Bo,\n", encoding="utf-8")
    (data / "people.csv").unlink()
    (data / "people.csv").symlink_to(tmp_path / "outside.csv")
    outside = read_table(data, SPEC, display_root=tmp_path)
    assert problems(outside) == [
        "data/people.csv: error: is a link to a file outside the data folder; it is not read"]
    assert outside.rows == []


@pytest.mark.parametrize("error, words", [
    (PermissionError(13, "Permission denied"), "cannot be read: permission denied (check the file's permissions)"),
    (OSError(5, "Input/output error"), "cannot be read (Input/output error)"),
    (OSError("no errno"), "cannot be read (OSError)"),
    (IsADirectoryError(21, "Is a directory"), "cannot be read (Is a directory)"),
])
def test_a_failing_read_is_named(tmp_path, refuse_to_open, error, words):
    (tmp_path / "people.csv").write_text("id,name,notes\n", encoding="utf-8")
    refuse_to_open({"people.csv"}, error)
    table = read_table(tmp_path, SPEC, display_root=tmp_path)
    assert problems(table) == [f"people.csv: error: {words}"]


def test_display_path(tmp_path):
    path = tmp_path / "data" / "people.csv"
    assert display_path(path, tmp_path) == "data/people.csv"
    assert display_path(path, None) == str(path)
    assert display_path(path, tmp_path / "elsewhere") == str(path)  # not under the root: the full path


def test_without_a_display_root_messages_name_the_full_path(tmp_path):
    table = read_table(tmp_path, SPEC)
    assert problems(table) == [f"{tmp_path / 'people.csv'}: error: file is missing"]


@pytest.mark.parametrize("value, expected", [
    ("es-barcelona", True), ("a", True), ("abc123-x9", True), ("", False), ("Es-barcelona", False),
    ("-a", False), ("a-", False), ("a--b", False), ("a_b", False), ("a b", False), ("é", False),
    ("x-\nb", False), ("a\n", False),
])
def test_is_slug(value, expected):
    assert is_slug(value) is expected
