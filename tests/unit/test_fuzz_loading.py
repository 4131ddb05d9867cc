"""Property: whatever a data folder holds, ``load_dataset`` returns, in time, and names file and line.

Hypothesis builds malformed data folders from the tiny fixture (plus an aliases and a place-names file) by
applying a few kinds of damage: random bytes, other encodings, quotes, line breaks and odd characters
inserted anywhere, huge and empty cells, wrong headers, truncation, deleted files, links (inside, outside,
dangling, looping, to a device) and special files (named pipes, sockets, folders) where files should be.

For every folder the loader must not raise, must finish within ``TIME_LIMIT_S`` (a pipe opened by mistake
would wait for ever), and every problem must name its file (as a path under the data folder's parent,
never a server path) and, unless it is about a whole file, a line that exists in that file. The pages'
station table is built from the result too, as every page does.

CI runs the default profile (a few hundred folders); ``make fuzz`` runs 10,000 (``HYPOTHESIS_PROFILE=fuzz``,
profiles in tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import tempfile
from contextlib import ExitStack
from pathlib import Path

from hypothesis import given, note
from hypothesis import strategies as st

from stationmap.records.csv_reader import MAX_CELL_CHARS
from stationmap.records.loading import load_dataset
from stationmap.records.problems import printable
from stationmap.rules.queries import station_frame
from tests.guards import Hung, within

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "tiny"
TIME_LIMIT_S = 20
LINE_END = re.compile(r"\r\n|\r|\n")  # as the csv module counts lines
EXTRA_FILES = {
    "id_aliases.csv": "kind,old_id,new_id\nstation,it-roma,it-rome\n",
    "place_names.csv": "station_id,zh_hans,zh_hant,search\nit-rome,罗马,羅馬,Roma\n",
}
FILES = ("sources.csv", "batches.csv", "stations.csv", "evidence.csv", "places.csv", *EXTRA_FILES,
         "sources/article-one.txt")
#: Problems about a whole file (or the folder) carry no line; every other problem must name one.
FILE_LEVEL = ("file is missing", "cannot be read", "is a folder, not a file", "is a named pipe", "is a socket",
              "is a device", "is not a regular file", "is a link to a file", "file is empty",
              "no coordinates yet", "station(s) have no coordinates", "the data folder", "is not a folder")

ODD_TEXT = st.sampled_from(['"', '""', '"\n', '\n"', "\n", "\r", "\r\n", ",", ",,,,", '","', "\x00", "\ufeff",
                            "\u202e", "\x1b[31m", "\t", " ", "é", "警察", "\U0001f46e", "\\", "'"])
CELL_VALUES = st.one_of(
    st.just(""), st.just("x" * (MAX_CELL_CHARS + 1)), st.just("y" * 140_000),  # past the csv module's limit
    st.just('"'), st.just('"unclosed'), st.just('a "quoted" word'), st.just("two\nlines"), ODD_TEXT,
    st.text(max_size=40),
)
ENCODINGS = st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "gb18030", "big5",
                             "utf-8-sig", "shift_jis"])

damage = st.one_of(
    st.tuples(st.just("bytes"), st.sampled_from(FILES), st.binary(max_size=3000)),
    st.tuples(st.just("encoding"), st.sampled_from(FILES), ENCODINGS),
    st.tuples(st.just("insert"), st.sampled_from(FILES), st.floats(0, 1), st.one_of(ODD_TEXT, st.text(max_size=30))),
    st.tuples(st.just("insert bytes"), st.sampled_from(FILES), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("cell"), st.sampled_from(FILES), st.integers(0, 6), st.integers(0, 12), CELL_VALUES),
    st.tuples(st.just("header"), st.sampled_from(FILES),
              st.sampled_from(["drop", "duplicate", "rename", "empty", "blank name", "only"]), st.integers(0, 12),
              st.text(max_size=12)),
    st.tuples(st.just("truncate"), st.sampled_from(FILES), st.floats(0, 1)),
    st.tuples(st.just("delete"), st.sampled_from(FILES)),
    st.tuples(st.just("link"), st.sampled_from(FILES),
              st.sampled_from(["other file", "outside", "dangling", "loop", "folder", "device", "pipe inside"])),
    st.tuples(st.just("special"), st.sampled_from(FILES), st.sampled_from(["pipe", "socket", "folder"])),
    st.tuples(st.just("text path"), st.sampled_from(
        ["sources", "sources/", ".", "..", "../stations.csv", "/etc/passwd", "sources/absent.txt", "sources/pipe",
         "stations.csv", "sources/article-one.txt/x", "~", "sources\\article-one.txt"])),
)


def _apply(data: Path, outside: Path, sockets: ExitStack, step: tuple) -> None:
    kind, name, *args = step if step[0] != "text path" else (step[0], "sources.csv", step[1])
    path = data / name
    regular = os.path.lexists(path) and stat.S_ISREG(os.lstat(path).st_mode)  # not a link, not a pipe
    raw = path.read_bytes() if regular else b""
    if not regular and kind not in ("delete", "link", "special"):
        _remove(path)  # content goes into a new regular file: never through a link, never into a pipe
        path.parent.mkdir(parents=True, exist_ok=True)
    text = raw.decode("utf-8", errors="replace")
    if kind == "bytes":
        path.write_bytes(args[0])
    elif kind == "encoding":
        path.write_bytes(("é警" + text).encode(args[0], errors="replace"))
    elif kind in ("insert", "insert bytes"):
        at = int(args[0] * len(raw))
        added = args[1] if isinstance(args[1], bytes) else args[1].encode("utf-8", errors="surrogatepass")
        path.write_bytes(raw[:at] + added + raw[at:])
    elif kind == "cell":
        lines = text.split("\n")
        row, column, value = args
        if row < len(lines):
            cells = lines[row].split(",")
            cells[min(column, len(cells) - 1)] = value
            lines[row] = ",".join(cells)
        path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    elif kind == "header":
        lines = text.split("\n")
        columns = lines[0].split(",")
        op, index, new = args
        index = min(index, len(columns) - 1)
        if op == "drop":
            del columns[index]
        elif op == "duplicate":
            columns.append(columns[index])
        elif op == "rename":
            columns[index] = new
        elif op == "empty":
            columns = []
        elif op == "blank name":
            columns[index] = " "
        else:  # only the header
            lines = lines[:1]
        lines[0] = ",".join(columns)
        path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass"))
    elif kind == "truncate":
        path.write_bytes(raw[:int(args[0] * len(raw))])
    elif kind == "delete":
        _remove(path)
    elif kind == "link":
        targets = {"other file": data / "stations.csv", "outside": outside, "dangling": data / "absent.csv",
                   "loop": path, "folder": data / "sources", "device": Path("/dev/zero"),
                   "pipe inside": data / "a-pipe"}
        if args[0] == "pipe inside" and not os.path.lexists(data / "a-pipe"):
            os.mkfifo(data / "a-pipe")
        _remove(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(targets[args[0]])
    elif kind == "special":
        _remove(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if args[0] == "pipe":
            os.mkfifo(path)
        elif args[0] == "folder":
            path.mkdir()
        else:
            server = sockets.enter_context(socket.socket(socket.AF_UNIX))
            server.bind(str(path))
    else:  # a text_path pointing somewhere odd
        if args[0] == "sources/pipe" and not os.path.lexists(data / "sources" / "pipe"):
            os.mkfifo(data / "sources" / "pipe")
        path.write_bytes(raw.replace(b"sources/article-one.txt", args[0].encode()))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _line_count(path: Path) -> int | None:
    """Physical lines of the regular file at ``path`` as the csv module counts them; None for anything else."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return len(LINE_END.split(path.read_bytes().decode("utf-8-sig", errors="replace")))
    except OSError:
        return None


@given(damages=st.lists(damage, min_size=1, max_size=4))
def test_any_data_folder_loads_in_time_and_every_problem_names_file_and_line(damages):
    with tempfile.TemporaryDirectory(prefix="stationmap-fuzz-") as folder, ExitStack() as sockets:
        base = Path(folder)
        data = base / "data"
        shutil.copytree(FIXTURE, data)
        for name, content in EXTRA_FILES.items():
            (data / name).write_text(content, encoding="utf-8")
        outside = base / "outside.csv"
        outside.write_text("station_id,label\nx,y\n", encoding="utf-8")
        for step in damages:
            _apply(data, outside, sockets, step)
        try:
            with within(TIME_LIMIT_S):
                result = load_dataset(data, display_root=base)
                station_frame(result.dataset)
        except Hung:
            raise AssertionError(f"loading took longer than {TIME_LIMIT_S} s (a blocking open?)") from None
        for problem in result.problems:
            note(str(problem))
            text = str(problem)
            assert text == printable(text)  # control characters escaped, as the terminal needs
            assert problem.file == "data" or problem.file.startswith("data/"), problem  # no server path
            if problem.line is None:
                assert any(words in problem.message for words in FILE_LEVEL), f"no line: {problem}"
                continue
            lines = _line_count(base / problem.file)
            assert lines is not None and 1 <= problem.line <= lines, (problem, lines)
        assert set(result.unreadable) <= set(result.problems)
