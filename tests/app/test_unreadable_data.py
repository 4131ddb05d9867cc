"""Every page when data cannot be read: a clear message naming what, no traceback, no server path.

File modes mean nothing to root (CI runs as root), so the pages run in a child process as an ordinary user
(``tests.guards.call_as_ordinary_user``); a named pipe needs no such care and runs here, under a time limit.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.guards import call_as_ordinary_user, shared_tmp_dir

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "fixtures" / "tiny"
PAGES = (None, "app_pages/stations.py", "app_pages/sources.py", "app_pages/methodology.py")
HEADLINE = ("Some of the data cannot be read, so what it holds is missing from every page. The site's maintainer "
            "can fix this:")


def every_page(base: str) -> list[dict]:
    """What each page shows, run against ``base``/site/data (in this process: the caller picks the user)."""
    os.environ.update(STATIONMAP_DATA_DIR=str(Path(base) / "site" / "data"), STATIONMAP_TILES="none",
                      STATIONMAP_CACHE_DIR=str(Path(base) / "cache"))
    os.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    shown = []
    for page in PAGES:
        if page is not None:
            app.switch_page(page).run()
        shown.append({
            "exceptions": [f"{e.value}\n{e.stack_trace}" for e in app.exception],
            "errors": [e.value for e in app.error],
            "texts": [t.value for t in app.text],
            "all": "\n".join([e.value for e in app.exception] + [e.value for e in app.error]
                             + [w.value for w in app.warning] + [t.value for t in app.text]
                             + [m.value for m in app.markdown] + [c.value for c in app.caption]
                             + [h.proto.body for h in app.html]),
        })
    return shown


@pytest.fixture(scope="module", autouse=True)
def imports_done_as_root():
    """Every page once, as root, on readable data: the child cannot import what only root may read."""
    saved = dict(os.environ), os.getcwd()
    try:
        with shared_tmp_dir() as base:
            shutil.copytree(TINY, base / "site" / "data")
            every_page(str(base))
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        os.chdir(saved[1])


@pytest.fixture
def site():
    with shared_tmp_dir() as base:
        shutil.copytree(TINY, base / "site" / "data")
        (base / "cache").mkdir(mode=0o777)
        (base / "cache").chmod(0o777)
        yield base


def assert_named_on_every_page(shown: list[dict], base: Path, named: str) -> None:
    for page, seen in zip(PAGES, shown, strict=True):
        where = page or "the map page"
        assert seen["exceptions"] == [], (where, seen["exceptions"])
        assert HEADLINE in seen["errors"], (where, seen["errors"])
        assert named in seen["texts"], (where, seen["texts"])
        assert str(base) not in seen["all"] and "Traceback" not in seen["all"], where


def test_a_data_folder_the_app_may_not_open(site):
    (site / "site" / "data").chmod(0)
    shown = call_as_ordinary_user(every_page, str(site))
    assert_named_on_every_page(shown, site, "data: error: the data folder cannot be opened: permission denied "
                                            "(the user the app runs as needs to read it)")


def test_a_data_file_the_app_may_not_read(site):
    (site / "site" / "data" / "batches.csv").chmod(0)
    shown = call_as_ordinary_user(every_page, str(site))
    assert_named_on_every_page(shown, site, "data/batches.csv: error: cannot be read: permission denied (check "
                                            "the file's permissions)")


def test_a_named_pipe_for_a_source_text_is_named_not_a_page_that_never_loads(site, monkeypatch):
    pipe = site / "site" / "data" / "sources" / "article-one.txt"
    pipe.unlink()
    os.mkfifo(pipe)
    monkeypatch.chdir(ROOT)
    for name in ("STATIONMAP_DATA_DIR", "STATIONMAP_TILES", "STATIONMAP_CACHE_DIR"):
        monkeypatch.setenv(name, "")
    waited, done = threading.Event(), threading.Event()

    def be_the_writer() -> None:
        """A page that opened the pipe waits for a writer for ever (the old code did): every few seconds,
        be that writer, so the page goes on and the test can say what happened."""
        while not done.wait(5):
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))  # fails (ENXIO) while nobody reads it
                waited.set()
            except OSError:
                pass

    writer = threading.Thread(target=be_the_writer, daemon=True)
    writer.start()
    try:
        shown = every_page(str(site))
    finally:
        done.set()
        writer.join()
    assert not waited.is_set(), "a page opened the named pipe and waited for a writer"
    assert_named_on_every_page(shown, site, "data/sources.csv:2: column 'text_path': error: file "
                               "'sources/article-one.txt' is a named pipe (FIFO), not a regular file: it is not "
                               "opened (reading it could wait forever); row skipped")
