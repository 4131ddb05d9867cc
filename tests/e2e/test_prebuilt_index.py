"""The Map page's own document indexes the first map's stations in a worker while Streamlit starts
(static/js/prebuild.js, index_worker.js); the map's frame takes that index instead of building its own, and
fetches the stations itself when the worker could not build them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
READY = "() => document.querySelector('.sm-marker, .sm-cluster-icon') !== null"


def warm(page, server) -> None:
    """A first view, so the server has built the first map's stations: a reader who comes right after the
    server starts, before that, gets Streamlit's page without the worker."""
    page.goto(f"{server.url}/")
    map_frame(page, READY)  # drawn once the server's first build (the first map's stations included) is done


FETCHED_ITSELF = """() => performance.getEntriesByType('resource')
    .filter(entry => entry.name.includes('/stationmap-data/stations/')).length"""

#: In the map's frame: the page's worker code builds the stations again, and the index made from its levels
#: (StationMap.restoredIndex) answers as an index loaded here does, at every zoom.
SAME_ANSWERS = """async () => {
  const ahead = parent.__smPrebuilt, options = ahead.options;
  const code = parent.document.getElementById('sm-index-worker').textContent;
  const worker = new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
  const channel = new MessageChannel();
  worker.postMessage({build: {stations: ahead.url, options}});
  worker.postMessage({port: channel.port2}, [channel.port2]);
  const answer = await new Promise(done => { channel.port1.onmessage = event => done(event.data); });
  worker.terminate();
  if (!answer.ok) return 'worker failed: ' + answer.why;
  const data = answer.data, n = data.lat.length, points = [];
  for (let k = 0; k < n; k++) points.push({type: 'Feature', properties: {i: k},
                                           geometry: {type: 'Point', coordinates: [data.lon[k], data.lat[k]]}});
  const restored = StationMap.restoredIndex(data.prebuilt, points, options);
  const loaded = new Supercluster(options).load(points);
  const world = [-180, -85, 180, 85], differences = [];
  let clusters = 0;
  for (let z = 0; z <= options.maxZoom + 1; z++) {
    const a = restored.getClusters(world, z), b = loaded.getClusters(world, z);
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push('zoom ' + z);
    for (const feature of b) {
      if (!feature.properties.cluster) continue;
      clusters += 1;
      const id = feature.properties.cluster_id;
      if (JSON.stringify(restored.getLeaves(id, Infinity)) !== JSON.stringify(loaded.getLeaves(id, Infinity))
          || restored.getClusterExpansionZoom(id) !== loaded.getClusterExpansionZoom(id)) {
        differences.push('cluster ' + id);
      }
    }
  }
  return {n, clusters, differences, typed: data.lat instanceof Float64Array};
}"""


def test_the_map_takes_the_index_the_page_built_while_streamlit_started(page, serve):
    server = serve(REAL)
    warm(page, server)
    page.goto(f"{server.url}/")
    frame = map_frame(page, READY)
    assert page.evaluate("() => typeof window.__smPrebuilt.connect") == "function"
    assert frame.evaluate(FETCHED_ITSELF) == 0  # the stations came from the worker, with their index
    assert frame.evaluate("() => performance.getEntriesByName('stationmap:stations-prebuilt').length") == 1
    same = frame.evaluate(SAME_ANSWERS)
    assert same["n"] > 50 and same["clusters"] > 5 and same["typed"], same
    assert same["differences"] == []
    assert page.watch.errors == []


def test_when_the_worker_cannot_build_the_map_fetches_the_stations_itself(page, serve):
    server = serve(REAL)
    warm(page, server)
    refused = []

    def first_refused(route):
        if not refused:  # the worker's request, long before the map's frame exists
            refused.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    page.route("**/stationmap-data/stations/*", first_refused)
    page.goto(f"{server.url}/")
    frame = map_frame(page, READY)
    assert page.evaluate("() => typeof window.__smPrebuilt.connect") == "function"
    assert len(refused) == 1
    assert frame.evaluate(FETCHED_ITSELF) == 1
    assert page.watch.errors == []
