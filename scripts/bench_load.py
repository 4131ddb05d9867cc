"""Server load: page views per second and time to a rendered evidence panel for N concurrent sessions.

Run: ``.venv/bin/python -m scripts.bench_load [--sessions 1,10,50] [--views-per-session 5] [--duration S]
[--data DIR]``.

No browser per session: the benchmark speaks Streamlit's own websocket protocol, so the numbers are the
server's cost, not chromium's. For each concurrency level it starts ``streamlit run serve.py`` afresh (the
``AppServer`` of ``scripts.app_server``: tiles ``none``, ``STATIONMAP_DATA_DIR`` set to ``--data``), loads
the dataset once with a warm-up view (reported as the cold view), then runs N simulated readers at once.

One page view is what a browser does on opening a shared link, less the static files: open a websocket on
``/_stcore/stream``, send one ``BackMsg.rerun_script`` whose ``ClientState.query_string`` is the link's
query (``station=…`` and sometimes ``status=…``), read ``ForwardMsg``s until ``script_finished``; the Map
page's first run stops after the map (``stationmap.ui.first_screen``), so then send what the map sends once
it has drawn (its streamlit-folium value, a feature ``{drawn: true}``) and read the second run until its
``script_finished``; close.
A page view is a new websocket because the app reads the link only on a session's first run
(``stationmap.ui.view_state.current_view``): a rerun with another query on the same websocket would render
the old view. Each reader does its page views one after another, so N readers keep N sessions alive.

Measured per view: seconds from opening the websocket until the delta carrying the evidence panel arrives
(an ``st.html`` element whose body holds ``class="sm-panel"`` and the station's escaped label: the panel
was rendered for the station asked for), and until ``script_finished``. A view without its panel, with an
exception element, or not finished within ``--timeout`` counts as an error. The views differ (station ids
from the data through ``stationmap.records.loading``, status filters drawn from the statuses), so the app's caches
see a realistic mix. Server RSS (psutil when installed, else /proc VmRSS) is sampled through each level,
and the server's CPU seconds (/proc) over the level are divided by its page views.

Numbers, not assertions: the machine is shared and noisy; compare levels within one run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from markupsafe import escape

from scripts.app_server import AppServer, rss_mb
from scripts.bench_browser import fmt, table

ROOT = Path(__file__).resolve().parents[1]
REAL_DATA = ROOT / "data"
WORK = Path("/tmp/bench_load")
STREAM_PATH = "/_stcore/stream"
PANEL_MARK = 'class="sm-panel"'
RSS_EVERY_S = 0.25
MB = 1024 * 1024


@dataclass(frozen=True)
class View:
    """One page view to ask for: the query string of a shared link and the label its panel must show."""

    query: str
    station_label: str


@dataclass
class ViewResult:
    panel_s: float | None = None  # websocket opened → evidence panel delta received
    finished_s: float | None = None  # websocket opened → script_finished received
    received_bytes: int = 0
    error: str | None = None


@dataclass
class LevelResult:
    sessions: int
    cold_s: float | None = None  # the warm-up view, which loads the dataset into the fresh server
    wall_s: float = 0.0
    views: list[ViewResult] = field(default_factory=list)
    rss_warm: float | None = None
    rss_peak: float | None = None
    rss_end: float | None = None
    cpu_s: float | None = None  # server CPU seconds (user + system) spent during the level
    errors: list[str] = field(default_factory=list)

    @property
    def good(self) -> list[ViewResult]:
        return [v for v in self.views if v.error is None]


# ------------------------------------------------------------------------------------------------------
# The views to ask for
# ------------------------------------------------------------------------------------------------------


def plan_views(data_dir: Path, count: int, seed: int) -> list[View]:
    """``count`` varied views of the data: every station in a shuffled order, cycling when count exceeds them.

    One view in three also filters by status (half of those by the station's own status, so it matches;
    the rest by another, so the panel says it does not match): filtered frames are cached apart from the
    unfiltered one, so a mix exercises the app's caches the way real links would.
    """
    from stationmap.records.loading import load_dataset
    from stationmap.records.models import Status
    from stationmap.rules.queries import station_frame

    dataset = load_dataset(data_dir, display_root=data_dir.parent).dataset
    frame = station_frame(dataset)
    if frame.empty:
        raise ValueError(f"no stations with a status in {data_dir}")
    statuses = dict(zip(frame["station_id"], frame["status"], strict=True))
    ids = sorted(statuses)
    rng = random.Random(seed)
    rng.shuffle(ids)
    views = []
    for i in range(count):
        station_id = ids[i % len(ids)]
        params = {"station": station_id}
        if i % 3 == 1:
            params["status"] = str(statuses[station_id])
        elif i % 3 == 2:
            params["status"] = rng.choice([s.value for s in Status])
        views.append(View(urlencode(params), dataset.stations[station_id].label))
    return views


# ------------------------------------------------------------------------------------------------------
# The websocket protocol
# ------------------------------------------------------------------------------------------------------


def rerun_message(query: str, map_id: str | None = None) -> bytes:
    """The first BackMsg a browser sends on a fresh websocket: run the default page with the link's query.
    With ``map_id`` (the map component's widget id), the one the map's report of its first drawing causes."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_script_hash = ""  # the default page (app_pages/map.py), as for a bare link
    if map_id is not None:
        state = message.rerun_script.widget_states.widgets.add()
        state.id = map_id
        state.json_value = MAP_DRAWN
    return message.SerializeToString()


#: What streamlit-folium sends once the map has drawn (``reportDrawn`` in static/js/stationmap.js).
MAP_DRAWN = '{"last_active_drawing": {"type": "Feature", "properties": {"drawn": true}, "geometry": null}}'


def new_element(message, kind: str):
    """The new element a ForwardMsg carries when it is a delta adding an element of ``kind``, else None."""
    if message.WhichOneof("type") != "delta" or message.delta.WhichOneof("type") != "new_element":
        return None
    element = message.delta.new_element
    return element if element.WhichOneof("type") == kind else None


def map_component_id(message) -> str | None:
    """The widget id of the map (the streamlit-folium component) when a ForwardMsg is its delta."""
    element = new_element(message, "component_instance")
    if element is None:
        return None
    return element.component_instance.id or None


def shows_panel(message, label_html: str) -> bool:
    """True when a ForwardMsg is the ``st.html`` delta of the evidence panel for the expected station."""
    element = new_element(message, "html")
    return element is not None and PANEL_MARK in element.html.body and label_html in element.html.body


def element_exception(message) -> str | None:
    """The message of an exception element (the script raised), else None."""
    element = new_element(message, "exception")
    return None if element is None else f"{element.exception.type}: {element.exception.message}"[:200]


async def page_view(ws_url: str, view: View, timeout: float) -> ViewResult:
    """One page view on a new websocket; errors are recorded in the result, never raised."""
    try:
        return await asyncio.wait_for(_page_view(ws_url, view), timeout)
    except TimeoutError:
        return ViewResult(error=f"no script_finished within {timeout:.0f} s")
    except Exception as exc:  # a refused or dropped connection is a failed view, not a failed benchmark
        return ViewResult(error=f"{type(exc).__name__}: {exc}"[:200])


async def _page_view(ws_url: str, view: View) -> ViewResult:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    result = ViewResult()
    label_html = str(escape(view.station_label))
    started = time.perf_counter()
    map_id, reported = None, False
    async with connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=None) as ws:
        await ws.send(rerun_message(view.query))
        async for data in ws:
            result.received_bytes += len(data)
            message = ForwardMsg()
            message.ParseFromString(data)
            map_id = map_component_id(message) or map_id
            if result.panel_s is None and shows_panel(message, label_html):
                result.panel_s = time.perf_counter() - started
            if problem := element_exception(message):
                result.error = problem
            if message.WhichOneof("type") == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the run that follows is the page the reader sees
                if result.panel_s is None and map_id is not None and not reported:
                    reported = True  # the first run stopped after the map: the map says it has drawn
                    await ws.send(rerun_message(view.query, map_id))
                    continue
                result.finished_s = time.perf_counter() - started
                break
    if result.finished_s is None:
        result.error = result.error or "websocket closed before script_finished"
    elif result.panel_s is None:
        result.error = result.error or f"no evidence panel for {view.query}"
    return result


# ------------------------------------------------------------------------------------------------------
# Load levels
# ------------------------------------------------------------------------------------------------------


async def reader(ws_url: str, views: list[View], deadline: float | None, timeout: float) -> list[ViewResult]:
    """One simulated reader: its views one after another (all of them, or as many as fit before deadline)."""
    results = []
    for i in range(len(views) if deadline is None else sys.maxsize):
        if deadline is not None and time.perf_counter() >= deadline:
            break
        results.append(await page_view(ws_url, views[i % len(views)], timeout))
    return results


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) a process has used so far, from /proc (None where unreadable)."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime: fields 14, 15


async def sample_rss(pid: int, peak: list[float]) -> None:
    """Keep the highest RSS of the server in ``peak[0]`` until cancelled."""
    while True:
        value = rss_mb(pid)
        if value is not None and (not peak or value > peak[0]):
            peak[:] = [value]
        await asyncio.sleep(RSS_EVERY_S)


async def run_readers(ws_url: str, pid: int, plans: list[list[View]], duration: float | None,
                      timeout: float, result: LevelResult) -> None:
    """All readers at once; fills the result's views, wall time and peak RSS."""
    peak: list[float] = []
    sampler = asyncio.create_task(sample_rss(pid, peak))
    started = time.perf_counter()
    deadline = started + duration if duration else None
    try:
        per_reader = await asyncio.gather(*(reader(ws_url, plan, deadline, timeout) for plan in plans))
    finally:
        result.wall_s = time.perf_counter() - started
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
    result.views = [view for views in per_reader for view in views]
    result.rss_peak = peak[0] if peak else None


def split_plans(views: list[View], sessions: int, per_session: int) -> list[list[View]]:
    """Give each reader its own slice of the planned views, so concurrent readers ask for different pages."""
    return [views[i * per_session:(i + 1) * per_session] for i in range(sessions)]


def bench_level(data_dir: Path, sessions: int, views: list[View], per_session: int, duration: float | None,
                timeout: float) -> LevelResult:
    """A fresh server, one warm-up (cold) view, then ``sessions`` readers at once; the server is always stopped."""
    result = LevelResult(sessions)
    WORK.mkdir(parents=True, exist_ok=True)
    server = AppServer(data_dir, WORK / f"server-{sessions}.log", timeout=timeout)
    ws_url = server.url.replace("http://", "ws://", 1) + STREAM_PATH
    try:
        cold = asyncio.run(page_view(ws_url, views[-1], timeout))
        result.cold_s = cold.finished_s
        if cold.error:
            result.errors.append(f"warm-up view: {cold.error}")
        result.rss_warm = server.rss()
        cpu_before = cpu_seconds(server.process.pid)
        asyncio.run(run_readers(ws_url, server.process.pid, split_plans(views, sessions, per_session), duration,
                                timeout, result))
        result.rss_end = server.rss()
        cpu_after = cpu_seconds(server.process.pid)
        if cpu_before is not None and cpu_after is not None:
            result.cpu_s = cpu_after - cpu_before
    finally:
        if server.process.poll() is not None:
            result.errors.append(f"server exited {server.process.returncode}: {server.log_tail(400)}")
        server.stop()
    result.errors.extend(sorted({v.error for v in result.views if v.error})[:5])
    return result


# ------------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1): a value that was measured, defined for one sample."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def row(level: LevelResult) -> list[str]:
    good = level.good
    panel = [v.panel_s for v in good if v.panel_s is not None]
    finished = [v.finished_s for v in good if v.finished_s is not None]
    rate = len(good) / level.wall_s if level.wall_s and good else None
    kb = sum(v.received_bytes for v in good) / len(good) / 1024 if good else None
    cpu_ms = level.cpu_s / len(level.views) * 1000 if level.cpu_s is not None and level.views else None
    return [str(level.sessions), f"{len(good)}/{len(level.views)}", fmt(rate), fmt(percentile(panel, 0.5)),
            fmt(percentile(panel, 0.95)), fmt(percentile(finished, 0.95)), fmt(level.cold_s),
            f"{fmt(level.rss_warm, 0)} / {fmt(level.rss_peak, 0)}", fmt(cpu_ms, 0), fmt(kb, 0)]


def report(levels: list[LevelResult]) -> str:
    """The table (times in seconds) and any errors, as one printable text."""
    header = ["sessions", "ok views", "page views/s", "p50 panel s", "p95 panel s", "p95 finished s",
              "cold view s", "server RSS MB warm / peak", "server CPU ms/view", "KB/view"]
    lines = [table(header, [row(level) for level in levels])]
    for level in levels:
        lines.extend(f"[{level.sessions} sessions] {problem}" for problem in level.errors)
    return "\n".join(lines)


def parse_sessions(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("--sessions takes positive counts, e.g. 1,10,50")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=parse_sessions, default=[1, 10, 50],
                        help="comma-separated concurrency levels (default 1,10,50)")
    parser.add_argument("--views-per-session", type=int, default=5, help="page views per reader (default 5)")
    parser.add_argument("--duration", type=float, default=None,
                        help="seconds per level: readers keep viewing until it elapses (replaces the view count)")
    parser.add_argument("--data", type=Path, default=REAL_DATA, help="data directory (default: data/)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed for server start and each view")
    parser.add_argument("--seed", type=int, default=14, help="seed for the order of stations and filters")
    args = parser.parse_args(argv)
    data_dir = args.data.resolve()
    per_session = max(1, args.views_per_session)
    views = plan_views(data_dir, max(args.sessions) * per_session, args.seed)
    mode = f"{args.duration:.0f} s per level" if args.duration else f"{per_session} views per session"
    print(f"data {data_dir}, {mode}, {len({v.query for v in views})} distinct views", flush=True)
    levels = []
    for sessions in args.sessions:
        levels.append(bench_level(data_dir, sessions, views, per_session, args.duration, args.timeout))
        print(f"  {sessions} sessions done in {levels[-1].wall_s:.1f} s", flush=True)
    print("\n" + report(levels))
    return 1 if any(level.errors for level in levels) else 0


if __name__ == "__main__":
    sys.exit(main())
