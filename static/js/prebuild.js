/* The Map page's head starts this before Streamlit's own scripts (stationmap/ui/page_routes.py): a worker
 * (index_worker.js) fetches the map's stations and builds their cluster index while Streamlit starts and runs
 * the page, about a second before the map's frame exists. The frame takes the result through
 * window.__smPrebuilt.connect(port) (stationmap.js: fetchStations), or fetches the stations itself when the
 * names or options differ, or the worker failed.
 *
 * Reads from its own script element: data-stations (the stations' address, the one the frame will ask
 * for) and data-options (the cluster options, JSON); the worker's code (supercluster, then index_worker.js) is
 * the text of the element #sm-index-worker before it. */
(function () {
  "use strict";
  var script = document.currentScript, code = document.getElementById("sm-index-worker");
  if (!script || !code || typeof Worker !== "function" || typeof MessageChannel !== "function") return;
  var here = window.location.href, worker, failed = false;
  var stations = new URL(script.dataset.stations, here).href;
  var options = JSON.parse(script.dataset.options);
  try {
    worker = new Worker(URL.createObjectURL(new Blob([code.textContent], {type: "text/javascript"})));
  } catch (error) {
    return;
  }
  worker.onerror = function () { failed = true; };  // e.g. its code threw: frames fetch for themselves
  worker.postMessage({build: {stations: stations, options: options}});
  window.__smPrebuilt = {
    url: stations,
    options: options,
    /* port: the frame's end of a MessageChannel; the worker answers on it with {ok, data} or {ok: false}. */
    connect: function (port) {
      if (failed) {
        port.postMessage({ok: false, why: "the worker failed"});
        return;
      }
      worker.postMessage({port: port}, [port]);
    }
  };
})();
