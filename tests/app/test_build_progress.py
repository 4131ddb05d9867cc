"""A page that arrives while the data is being built shows the build's stages and a bar, then the page
(issue 26: the first-ever build of a large dataset shows its progress instead of a spinner)."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from stationmap.records import app_data, loading
from stationmap.records.build_progress import Job, Progress
from stationmap.ui import data


def test_the_page_shows_the_build_stages_while_it_waits(make_app, tiny_data: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("STATIONMAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(loading, "ROWS_EVERY", 1)

    def slow_build(folder, report):
        def slowly(progress):
            report(progress)
            time.sleep(0.1)  # long enough for the page to poll each stage
        return app_data.build(folder, slowly)

    monkeypatch.setattr(data, "build", slow_build)
    drawn: list[tuple[Progress, float, str]] = []
    real_draw = data._draw

    def draw(job: Job) -> None:
        drawn.append((job.progress, job.fraction, data.progress_text(data.tr(), job.progress)))
        real_draw(job)

    monkeypatch.setattr(data, "_draw", draw)
    app = make_app(tiny_data)
    app.run()
    assert not app.exception
    texts = [text for _, _, text in drawn]
    assert any(text.startswith("Reading stations.csv (") and text.endswith(" rows)…") for text in texts), texts
    assert "Checking evidence…" in texts or any(t.startswith("Checking evidence (") for t in texts)
    fractions = [fraction for _, fraction, _ in drawn]
    assert fractions == sorted(fractions) and fractions[-1] > fractions[0]
    assert not app.get("progress")  # gone once the page is there
    assert app.title and app.title[0].value  # the page itself followed


def test_one_frame_shows_the_stage_the_bar_and_why_the_child_failed() -> None:
    def script() -> None:
        import threading

        from stationmap.records.build_progress import Job, Progress
        from stationmap.ui.data import _draw

        job = Job(lambda job: threading.Event().wait(0), "test")
        job.report(Progress("read", "stations.csv", 40_000, 100_000))
        job.note = "exit status 1: ValueError: ![x](https://tracker.example/p.png) **bold**"  # quotes the data
        _draw(job)

    app = AppTest.from_function(script)
    app.query_params["lang"] = "zh-Hans"
    app.run()
    assert not app.exception
    bar = app.get("progress")[0].proto
    assert bar.text == "正在读取 stations.csv（100,000 行中的第 40,000 行）…"
    assert bar.value == 18  # percent: 40% through the rows of the reading stage (0-45% of the bar)
    assert "单独的进程" in app.warning[0].value and "tracker" not in app.warning[0].value
    # The child's words (which may quote the data) are plain text, never Markdown (no image, no bold).
    assert app.text[0].value == "exit status 1: ValueError: ![x](https://tracker.example/p.png) **bold**"
