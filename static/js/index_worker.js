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

function indexed(data, job) {
  var n = data.lat.length, points = new Array(n), moved = [];
  for (var k = 0; k < n; k++) {
    points[k] = {type: "Feature", properties: {i: k},
                 geometry: {type: "Point", coordinates: [data.lon[k], data.lat[k]]}};
  }
  var index = new Supercluster(job.options).load(points);
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
