/* The map's stations and their cluster index, built off the page's main thread while Streamlit starts.
 *
 * Started by prebuild.js in the Map page's own document, long before the map's frame exists, from a copy of
 * this file that the page carries after supercluster's (so the worker asks the server for nothing but the
 * stations: a file of its own waited about 0.6 s behind the page's many scripts). Asked once to
 * {build: {stations, options}}: fetches the stations (the very file the frame asks for) and
 * indexes them as stationmap.js does for a map with no filter: one point per station, in order, with
 * properties {i}. Keeps the result until a frame hands over a MessagePort ({port}), then sends it there,
 * moving its buffers, so only the first frame gets it (a later one, or one that came after a failure, is
 * told so and fetches the stations itself).
 *
 * What is sent: the station columns (numbers as typed arrays) and, per zoom, supercluster 8.0.1's two parts
 * of a level (see stationmap.js: restoredIndex): the KDBush buffer and the level's flat data.
 */
"use strict";

var result = null, ports = [];

self.onmessage = function (event) {
  var message = event.data || {};
  if (message.build) build(message.build);
  if (message.port) {
    ports.push(message.port);
    answer();
  }
};

function build(job) {
  var work;
  try {
    work = fetch(job.stations, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("stations not loaded: HTTP " + response.status);
      return response.json();
    }).then(function (data) { return indexed(data, job); });
  } catch (error) {
    work = Promise.reject(error);
  }
  work.then(function (built) { result = built; }, function (error) {
    result = {ok: false, why: String(error)};
  }).then(answer);
}

var NUMBERS = {lat: Float64Array, lon: Float64Array, r: Float64Array, s: Int32Array, p: Int32Array, c: Int32Array};

/* What Supercluster(options).load(points) makes of one point per station, in order, without making the
 * points (100,000 GeoJSON features and their garbage: about 40 ms of this worker, which the first map waits
 * for): the steps of supercluster 8.0.1's load, with its projection (lngX, latY, kept as 32-bit floats).
 * Only the levels are sent; index.points stands for the points by its length, which cluster ids count from.
 * A test checks that an index restored from these levels answers as one loaded from points does. */
function loadedIndex(lon, lat, options) {
  var index = new Supercluster(options), o = index.options, n = lon.length, stride = index.stride;
  var data = [];  // grown as load grows it (a packed array: the levels are read many times)
  for (var i = 0; i < n; i++) {
    var sin = Math.sin(lat[i] * Math.PI / 180), y = 0.5 - 0.25 * Math.log((1 + sin) / (1 - sin)) / Math.PI;
    data.push(Math.fround(lon[i] / 360 + 0.5), Math.fround(y < 0 ? 0 : y > 1 ? 1 : y), Infinity, i, -1, 1);
    if (stride > 6) data.push(0);
  }
  index.points = new Array(n);
  var tree = index.trees[o.maxZoom + 1] = index._createTree(data);
  for (var z = o.maxZoom; z >= o.minZoom; z--) tree = index.trees[z] = index._createTree(index._cluster(tree, z));
  return index;
}

function indexed(data, job) {
  var moved = [];
  var index = loadedIndex(data.lon, data.lat, job.options);
  var trees = [];
  for (var z = 0; z < index.trees.length; z++) {
    var tree = index.trees[z];
    if (!tree) {
      trees.push(null);
      continue;
    }
    var flat = Float64Array.from(tree.data);
    moved.push(tree.ids.buffer, flat.buffer);
    trees.push({kdbush: tree.ids.buffer, data: flat});
  }
  Object.keys(NUMBERS).forEach(function (name) {
    if (!data[name]) return;
    data[name] = NUMBERS[name].from(data[name]);
    moved.push(data[name].buffer);
  });
  data.prebuilt = {options: job.options, trees: trees};
  return {ok: true, url: job.stations, data: data, moved: moved};
}

function answer() {
  if (result === null) return;
  ports.forEach(function (port) {
    if (result.ok && !result.sent) {
      port.postMessage({ok: true, data: result.data}, result.moved);
      result.sent = true;
      result.data = null;
    } else {
      port.postMessage({ok: false, why: result.ok ? "handed over already" : result.why});
    }
    port.close();
  });
  ports = [];
}
