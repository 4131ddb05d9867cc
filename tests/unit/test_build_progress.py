"""The first-ever build of a data version reports how far it has come: stages and rows, through a file when a
child process builds, so the page can show a bar instead of a spinner (issue 26)."""

from __future__ import annotations

import threading
from pathlib import Path

from stationmap.records import app_data, build_progress, loading
from stationmap.records.build_progress import Jobs, Progress
from stationmap.render.i18n import translator
from stationmap.ui.data import progress_text

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def test_the_build_reports_each_file_its_rows_the_evidence_check_and_the_table(monkeypatch):
    monkeypatch.setattr(loading, "ROWS_EVERY", 1)
    seen: list[Progress] = []
    app_data.build(TINY, seen.append)
    stages = [p.stage for p in seen]
    assert stages[0] == "read" and stages[-1] == "table"
    assert stages.index("check") > max(i for i, s in enumerate(stages) if s == "read")
    stations = [p for p in seen if p.file == "stations.csv" and p.total]
    assert stations and all(0 < p.done < p.total for p in stations)
    assert any(p.file == "evidence.csv" and p.stage == "check" and p.total for p in seen)
    for name in ("stations.csv", "evidence.csv"):  # the bar moves with the large files' rows
        fractions = [p.fraction() for p in seen if p.file == name]
        assert fractions == sorted(fractions) and len(set(fractions)) > 2
    assert 0 <= min(p.fraction() for p in seen) and max(p.fraction() for p in seen) <= 1


def test_the_child_writes_its_progress_to_a_file_the_parent_reads(tmp_path):
    progress_file = tmp_path / "p.progress"
    assert build_progress.read(progress_file) is None  # nothing yet
    app_data.main([str(TINY), str(tmp_path / "d.pickle"), str(progress_file)])
    assert build_progress.read(progress_file) == Progress("table")
    progress_file.write_text("{not json")
    assert build_progress.read(progress_file) is None  # a torn or foreign file is ignored


def test_a_child_that_fails_says_why_and_leaves_no_progress_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("where the cache folder should be")
    why: list[str] = []
    assert not app_data.build_in_child(TINY, blocker / "out.pickle", failed=why.append)
    assert len(why) == 1 and why[0].startswith("exit status 1: ")  # the status and the child's last line


def test_a_child_build_passes_on_its_progress(tmp_path, monkeypatch):
    seen: list[Progress] = []
    real = build_progress.read

    def slow_read(path):  # every poll sees a progress (the tiny build may finish between two polls)
        return real(path) or Progress("read", "sources.csv")

    monkeypatch.setattr(build_progress, "read", slow_read)
    assert app_data.build_in_child(TINY, tmp_path / "d.pickle", seen.append, poll_s=0.05)
    assert seen and all(p.stage in build_progress.STAGES for p in seen)
    assert not list(tmp_path.glob("*.progress"))


def test_one_job_per_version_shared_by_every_waiter_and_retried_after_a_failure():
    jobs, release, runs = Jobs(), threading.Event(), []

    def work(job):
        runs.append(1)
        job.report(Progress("read", "stations.csv", 40_000, 100_000))
        release.wait(5)
        if len(runs) == 1:
            raise OSError("disk gone")

    first = jobs.start("v1", work)
    assert jobs.start("v1", work) is first and not first.wait(0.05)
    assert first.progress == Progress("read", "stations.csv", 40_000, 100_000)
    release.set()
    assert first.wait(5) and first.failed
    second = jobs.start("v1", work)  # the next page view tries again
    assert second is not first and second.wait(5) and not second.failed and len(runs) == 2


def test_the_stages_in_words_in_every_language():
    progress, en = Progress("read", "stations.csv", 40_000, 100_000), translator("en")
    assert progress_text(en, progress) == "Reading stations.csv (40,000 of 100,000 rows)…"
    assert progress_text(translator("en"), Progress("check")) == "Checking evidence…"
    assert progress_text(en, Progress("check", "evidence.csv", 5, 9)) == "Checking evidence (5 of 9 claims)…"
    assert progress_text(en, Progress("check", "places.csv", 5, 9)) == "Checking places.csv (5 of 9 rows)…"
    assert progress_text(translator("en"), Progress("map")) == "Building the map…"
    for language in ("zh-Hans", "zh-Hant"):
        words = translator(language)
        for stage in build_progress.STAGES:
            text = progress_text(words, Progress(stage, "stations.csv", 1, 2))
            assert text != progress_text(translator("en"), Progress(stage, "stations.csv", 1, 2)), (language, stage)
