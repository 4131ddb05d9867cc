"""Cluster rings count every station once, by its status, at every zoom and under a filter: the counts are
tallied from the index after it is built (static/js/stationmap.js, ``tally``), not by supercluster itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import map_frame, on_map

pytestmark = pytest.mark.e2e

REAL = Path(__file__).resolve().parents[2] / "data"
READY = "() => window.smStations !== undefined && document.querySelector('.sm-marker, .sm-cluster-icon') !== null"

# At ``zoom`` over the whole world: each status's stations, summed over the cluster rings and the single
# markers drawn, beside what the map's own counts say is visible; and every cluster's ring against its size.
DRAWN_COUNTS = """(zoom) => {
    map.setView([20, 0], zoom, {animate: false});
    map.fire('moveend');
    const rows = '.sm-legend-row:not(.sm-legend-note) span:not(.sm-legend-symbol)';
    const labels = Array.from(document.querySelectorAll(rows)).map(el => el.textContent);
    const summed = labels.map(() => 0);
    let wrongSize = 0;
    document.querySelectorAll('.sm-cluster-icon').forEach(el => {
        const counts = JSON.parse(el.getAttribute('data-counts'));
        counts.forEach((count, s) => { summed[s] += count; });
        if (Number(el.getAttribute('aria-label').split(' ')[0]) !== counts.reduce((a, b) => a + b, 0)) wrongSize += 1;
    });
    document.querySelectorAll('.sm-marker').forEach(el => {
        const rest = el.getAttribute('aria-label').split(' \u2014 ')[1];
        const s = labels.reduce((best, label, k) =>
            rest.startsWith(label) && (best < 0 || label.length > labels[best].length) ? k : best, -1);
        summed[s] += 1;
    });
    return {summed, visible: window.smStations.counts().statuses, wrongSize};
}"""


@pytest.mark.parametrize("query", ["", "?status=reported,officially_denied"])
def test_rings_and_markers_count_each_visible_station_once_by_status(page, serve, query):
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/{query}")
    map_frame(page, READY)
    for zoom in (0, 1):  # the whole world is in view: every visible station is in a ring or a marker
        drawn = on_map(page, DRAWN_COUNTS, zoom)
        assert drawn["wrongSize"] == 0
        assert drawn["summed"] == drawn["visible"], (zoom, drawn)
        assert sum(drawn["visible"]) > 0
    if query:
        assert drawn["visible"][1] == drawn["visible"][2] == 0, drawn  # the filter's mask reached the index


# At ``zoom`` over the whole world: how many halos, and whether the one halo sits on a cluster's ring.
HALO_PLACE = """(zoom) => {
    map.setView([20, 0], zoom, {animate: false});
    map.fire('moveend');
    const halos = document.querySelectorAll('.sm-halo-icon');
    if (halos.length !== 1) return {halos: halos.length, onCluster: false};
    const h = halos[0].getBoundingClientRect(), x = h.left + h.width / 2, y = h.top + h.height / 2;
    const onCluster = Array.from(document.querySelectorAll('.sm-cluster-icon')).some(el => {
        const r = el.getBoundingClientRect();
        return Math.abs(r.left + r.width / 2 - x) < 2 && Math.abs(r.top + r.height / 2 - y) < 2;
    });
    return {halos: 1, onCluster};
}"""


def test_a_selected_station_inside_a_cluster_rings_that_cluster_when_zoomed_out(page, serve):
    """Only clusters drawn near the selected station are asked whether they hold it (the rest cannot: a
    cluster lies within a few radii of its stations); the one that holds it still gets the halo."""
    server = serve(REAL, tiles="none")
    page.goto(f"{server.url}/?station=nl-amsterdam-1")
    map_frame(page, "() => window.smStations !== undefined && document.querySelectorAll('.sm-halo').length === 1")
    for zoom in (1, 2, 3):  # Amsterdam shares a ring with its European neighbours at these zooms
        assert on_map(page, HALO_PLACE, zoom) == {"halos": 1, "onCluster": True}, zoom
