/* The station map in the browser: an embedded world basemap and index-clustered station markers.
 *
 * Loaded as a static file by the app (and by the published site), so it is sent once and cached, never
 * re-sent with every rerun. It never puts data into HTML: every label is set with textContent, every
 * accessible name with setAttribute. Two entry points:
 *
 *   StationMap.basemap(map, config)          land, borders, country and city labels from local files
 *   StationMap.stations(map, config, data)   returns a controller whose show(view) applies a filter mask
 *                                            and a selection without re-sending or re-indexing the data
 *
 * Stations are clustered with supercluster (a spatial index built once per filter), and only the clusters
 * and stations inside the view are created as DOM markers, so 100,000 stations cost what a few hundred do.
 */
(function (global) {
  "use strict";

  /* Leaflet focuses the map on a mouse press and then undoes the scroll in its own page only. In a frame
   * (the app) focusing also scrolls the page around it when the map is partly below the fold: the map moves
   * under the pointer between press and release and the click lands beside the marker. Focus without
   * scrolling instead. */
  if (L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) this._map._container.focus({preventScroll: true});
    };
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attributes) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    return node;
  }

  // ---------------------------------------------------------------------------------------------------
  // Basemap
  // ---------------------------------------------------------------------------------------------------

  /* Rings that cross the antimeridian jump by ~360 degrees between two vertices; Leaflet would draw a
   * band across the whole world. Unwrap each ring into continuous longitudes, and close a ring that goes
   * round a pole (Antarctica) along that pole. */
  function unwrapRing(ring) {
    var out = [[ring[0][0], ring[0][1]]], shift = 0;
    for (var i = 1; i < ring.length; i++) {
      var step = ring[i][0] - ring[i - 1][0];
      if (step > 180) shift -= 360; else if (step < -180) shift += 360;
      out.push([ring[i][0] + shift, ring[i][1]]);
    }
    var first = out[0], last = out[out.length - 1];
    if (Math.abs(last[0] - first[0]) > 180) {
      var pole = first[1] < 0 ? -90 : 90;
      out.push([last[0], pole], [first[0], pole], [first[0], first[1]]);
    }
    return out;
  }

  function unwrapGeometry(geometry) {
    if (!geometry) return;
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrapRing);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) { return polygon.map(unwrapRing); });
    }
  }

  function ringArea(ring) {
    var area = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      area += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
    }
    return Math.abs(area / 2);
  }

  /* Where to write a country's name: the centre of its largest polygon's bounding box, nudged to the
   * polygon's vertex mean when that box centre is far off (crescent-shaped countries). */
  function labelPoint(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var best = null, bestArea = -1;
    polygons.forEach(function (polygon) {
      var area = ringArea(polygon[0]);
      if (area > bestArea) { bestArea = area; best = polygon[0]; }
    });
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, sx = 0, sy = 0;
    best.forEach(function (p) {
      minX = Math.min(minX, p[0]); maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]); maxY = Math.max(maxY, p[1]);
      sx += p[0]; sy += p[1];
    });
    return {lat: (minY + maxY + 2 * sy / best.length) / 4, lon: (minX + maxX + 2 * sx / best.length) / 4,
            width: maxX - minX, area: bestArea};
  }

  /* A Leaflet marker placed by left/top instead of a 3D transform. Leaflet moves each marker's element with
   * translate3d, which gives every marker a compositing layer of its own, and the browser assigns layers again
   * in every frame that changes anything. Placed by left/top, the markers paint into their pane's one layer,
   * which Leaflet still moves and scales as a whole: a frame while panning with 215 markers in view took 18.7 ms
   * instead of 25.3 ms (median, 100,000 stations, this project's 2-core machine). */
  var FlatMarker = L.Marker.extend({
    _setPos: function (pos) {
      place(this._icon, pos);
      place(this._shadow, pos);
      this._zIndex = pos.y + this.options.zIndexOffset;
      this._resetZIndex();
    }
  });
  function place(element, pos) {
    if (!element) return;
    element._leaflet_pos = pos;  // what L.DomUtil.getPosition reads
    element.style.left = pos.x + "px";
    element.style.top = pos.y + "px";
  }
  function flatMarker(latlng, options) {
    return new FlatMarker(latlng, options);
  }

  function labelLayer(map, pane, className) {
    var group = L.layerGroup().addTo(map);
    return {
      draw: function (items) {
        group.clearLayers();
        items.forEach(function (item) {
          var node = el("span", className, item.text);
          if (item.lang) node.lang = item.lang;
          group.addLayer(flatMarker([item.lat, item.lon], {
            pane: pane, interactive: false, keyboard: false,
            icon: L.divIcon({html: node, className: "sm-label-icon", iconSize: null})
          }));
        });
      }
    };
  }

  /* A label's width in Latin letters: a Chinese character is as wide as the font is high, some 1.7 letters. */
  function labelLength(text) {
    var length = 0;
    for (var i = 0; i < text.length; i++) length += text.charCodeAt(i) >= 0x2e80 ? 1.7 : 1;
    return length;
  }

  /* A city's label in the interface language. A row is [name, lat, lon, tier, zh_hans, zh_hant]: the
   * Chinese names only where GeoNames has one, the Traditional only where it differs from the Simplified. */
  function cityLabel(row, language) {
    var chinese = language === "zh-Hant" ? row[5] || row[4] : language === "zh-Hans" ? row[4] : null;
    var text = chinese || row[0];
    return {text: text, lang: chinese ? language : null, size: labelLength(text),
            lat: row[1], lon: row[2], tier: row[3]};
  }

  /* Greedy label placement: bigger things first, each label's box (its estimated width plus a cellWidth
   * margin, cellHeight tall) clear of every box already placed, so labels never pile up. */
  function placeLabels(map, candidates, cellWidth, cellHeight, limit) {
    var boxes = [], placed = [], bounds = map.getBounds().pad(0.1);
    for (var i = 0; i < candidates.length && placed.length < limit; i++) {
      var c = candidates[i];
      if (!bounds.contains([c.lat, c.lon])) continue;
      var point = map.latLngToContainerPoint([c.lat, c.lon]);
      var half = c.size * 3.4 + cellWidth / 2;
      var box = {left: point.x - half, right: point.x + half, top: point.y - cellHeight / 2,
                 bottom: point.y + cellHeight / 2};
      if (boxes.some(function (b) {
        return b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom;
      })) continue;
      boxes.push(box);
      placed.push(c);
    }
    return placed;
  }

  /* Basemap data from the app's server, or — in a published site opened from file://, where fetch is not
   * allowed — from a global that a plain <script> file set. */
  function load(url, globalName) {
    if (globalName && global[globalName]) return Promise.resolve(global[globalName]);
    return fetch(url).then(function (r) { return r.json(); });
  }

  function basemap(map, config) {
    map.getContainer().classList.add("sm-embedded");
    var pane = map.createPane("sm-basemap");
    pane.style.zIndex = 150;
    map.createPane("sm-labels").style.zIndex = 380;
    map.getPane("sm-labels").style.pointerEvents = "none";
    var renderer = L.canvas({pane: "sm-basemap", padding: 0.5});
    var countries = [], cities = [];
    var countryLabels = labelLayer(map, "sm-labels", "sm-country-label");
    var cityLabels = labelLayer(map, "sm-labels", "sm-city-label");

    function redrawLabels() {
      var zoom = map.getZoom();
      var degreesPerPixel = 360 / (256 * Math.pow(2, zoom));
      var fitting = countries.filter(function (c) {
        return c.width / degreesPerPixel > c.size * 7 || zoom >= 5;
      });
      countryLabels.draw(placeLabels(map, fitting, 120, 26, 80));
      var tier = zoom >= 7 ? 2 : zoom >= 6 ? 1 : zoom >= 5 ? 0 : -1;
      var shown = tier < 0 ? [] : cities.filter(function (c) { return c.tier <= tier; });
      cityLabels.draw(placeLabels(map, shown, 70, 18, 150));
    }

    load(config.countries_url, config.countries_global).then(function (topology) {
      var collection = topojson.feature(topology, topology.objects.countries);
      collection.features.forEach(function (feature) { unwrapGeometry(feature.geometry); });
      L.geoJSON(collection, {
        pane: "sm-basemap", renderer: renderer, interactive: false,
        style: {color: "#8f8a7e", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1}
      }).addTo(map);
      countries = collection.features.filter(function (f) { return f.geometry && f.properties.name; })
        .map(function (f) {
          var p = labelPoint(f.geometry), names = config.country_names || {};
          var text = names[f.id] || f.properties.name;
          return {text: text, lang: names[f.id] ? config.language : null, size: labelLength(text),
                  lat: p.lat, lon: p.lon, width: p.width, area: p.area};
        })
        .sort(function (a, b) { return b.area - a.area; });
      redrawLabels();
    }).catch(function (error) { console.warn("basemap countries not loaded", error); });

    load(config.cities_url, config.cities_global).then(function (payload) {
      cities = payload.cities.map(function (row) { return cityLabel(row, config.language); });
      redrawLabels();
    }).catch(function (error) { console.warn("basemap cities not loaded", error); });

    map.on("moveend", redrawLabels);
  }

  // ---------------------------------------------------------------------------------------------------
  // Stations
  // ---------------------------------------------------------------------------------------------------

  /* Run ``action`` once the browser has painted the current frame (a timeout inside an animation frame). */
  function afterPaint(action) {
    requestAnimationFrame(function () { setTimeout(action, 0); });
  }

  function decodeMask(encoded, length) {
    if (encoded === null || encoded === undefined) return null;
    var bytes = atob(encoded), mask = new Uint8Array(length);
    for (var i = 0; i < length; i++) mask[i] = (bytes.charCodeAt(i >> 3) >> (i & 7)) & 1;
    return mask;
  }

  /* A cluster icon: a ring of the status colours in proportion, a dashed black arc for the contested
   * share, the count in the middle. Shape is not needed as a second cue: the tooltip and accessible name
   * spell out the counts. */
  var clusterDrawings = new Map();  // key: the counts; clusters with the same counts look the same
  var CLUSTER_DRAWINGS_KEPT = 5000;

  /* A cluster's ring, drawn once per mix of counts and cloned after (building the SVG element by element was
   * most of a redraw's script time at 100,000 stations). */
  function clusterIcon(counts, contested, total, colours) {
    var key = counts.join(",") + "|" + contested + "|" + total + "|" + colours.join(",");
    var drawn = clusterDrawings.get(key);
    if (!drawn) {
      drawn = drawClusterIcon(counts, contested, total, colours);
      if (clusterDrawings.size < CLUSTER_DRAWINGS_KEPT) clusterDrawings.set(key, drawn);
    }
    return {node: drawn.node.cloneNode(true), size: drawn.size};
  }

  /* The ring's parts are arcs drawn as paths from 12 o'clock, clockwise, with no transform: circles rotated
   * to start there gave every cluster transforms of its own, which Chrome assigns again on every frame (with
   * about 600 clusters drawn, half of each frame's 60 ms of layer assignment; see also .sm-cluster svg in
   * stationmap.css). */
  function ringPart(c, radius, from, to, attributes) {
    if (to - from >= 2 * Math.PI - 1e-9) {  // the whole ring
      attributes.cx = c;
      attributes.cy = c;
      attributes.r = radius;
      return svg("circle", attributes);
    }
    var point = function (angle) { return (c + radius * Math.sin(angle)) + " " + (c - radius * Math.cos(angle)); };
    attributes.d = "M" + point(from) + "A" + radius + " " + radius + " 0 " + (to - from > Math.PI ? 1 : 0) + " 1 " +
      point(to);
    return svg("path", attributes);
  }

  function drawClusterIcon(counts, contested, total, colours) {
    var size = total < 10 ? 34 : total < 100 ? 40 : total < 1000 ? 46 : 52;
    var r = size / 2 - 4, c = size / 2, angle = 0;
    var root = svg("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size, "aria-hidden": "true"});
    root.appendChild(svg("circle", {cx: c, cy: c, r: r, fill: "#fff", stroke: "#ddd", "stroke-width": 7}));
    counts.forEach(function (count, s) {
      if (!count) return;
      var sweep = 2 * Math.PI * count / total;
      root.appendChild(ringPart(c, r, angle, angle + sweep, {fill: "none", stroke: colours[s], "stroke-width": 7}));
      angle += sweep;
    });
    if (contested) {  // a black arc outside the ring, as long as the contested share (at least 3 px)
      var outer = r + 3.2, length = 2 * Math.PI * (r + 4.5) * contested / total;
      root.appendChild(ringPart(c, outer, 0, Math.min(Math.max(length, 3) / outer, 2 * Math.PI), {
        fill: "none", stroke: "#000", "stroke-width": 1.6, "data-contested": contested}));
    }
    var label = svg("text", {x: c, y: c + 4.5, "text-anchor": "middle", "font-size": 12.5, "font-weight": 700,
                             fill: "#222"});
    label.textContent = total;
    root.appendChild(label);
    var wrapper = el("div", "sm-cluster");
    wrapper.appendChild(root);
    return {node: wrapper, size: size};
  }

  /* Every cluster's station count per status and contested count, in one pass over the index's levels:
   * {get(clusterId)} -> [count of status 0, ..., count of status statuses - 1, contested].
   *
   * Reads the layout of the vendored supercluster 8.0.1 (static/vendor; a new version must be checked
   * against this): index.trees[z].data holds 6 numbers per point or cluster at zoom z (x, y, zoom, id,
   * parent cluster id or -1, point count; id is the point's position in the loaded array when the count is
   * 1), and a cluster is the parent of the points and clusters it was made of, one zoom deeper. Going from
   * the deepest zoom up, every child's counts are final before they are added to its parent.
   *
   * A cluster's id names where it was made (supercluster's _getOriginZoom and _getOriginId): (id - number of
   * points) % 32 is a zoom, and (id - number of points) >> 5 an entry of that zoom's level. So a cluster's row
   * of counts is found through one small table per zoom, not a Map (one lookup per entry of every level: at
   * 100,000 stations this pass took 22-27 ms with a Map, 15-20 ms so). ``inOrder``: the points loaded are every
   * station in order, so a point's id is its station (its properties are not read: see lazyPoints). */
  function tally(index, statusOf, contestedOf, statuses, inOrder) {
    var width = statuses + 1, base = index.points.length, counts = new Int32Array(1024 * width), used = 0;
    var rowAt = index.trees.map(function (tree) {  // per zoom: entry -> its row's offset in counts, or -1
      return tree ? new Int32Array(tree.data.length / 6).fill(-1) : null;
    });
    function slot(id) {
      var table = rowAt[(id - base) % 32], entry = (id - base) >> 5, at = table[entry];
      if (at < 0) {
        at = used * width;
        used += 1;
        if (at + width > counts.length) {
          var grown = new Int32Array(counts.length * 2);
          grown.set(counts);
          counts = grown;
        }
        table[entry] = at;
      }
      return at;
    }
    var points = index.points;
    for (var z = index.trees.length - 1; z >= 0; z--) {
      var tree = index.trees[z];
      if (!tree) continue;
      var d = tree.data;
      for (var j = 0; j < d.length; j += 6) {
        if (d[j + 4] < 0) continue;  // no parent: not clustered at the zoom above
        var to = slot(d[j + 4]);
        if (d[j + 5] === 1) {
          var i = inOrder ? d[j + 3] : points[d[j + 3]].properties.i;
          counts[to + statusOf[i]] += 1;
          counts[to + statuses] += contestedOf[i];
        } else {
          var from = slot(d[j + 3]);
          for (var k = 0; k < width; k++) counts[to + k] += counts[from + k];
        }
      }
    }
    return {get: function (id) {
      var at = rowAt[(id - base) % 32][(id - base) >> 5];
      return counts.subarray(at, at + width);
    }};
  }

  /* A supercluster index made from levels another one built (index_worker.js) over the same ``points`` with
   * the same ``options``, without indexing again. Reads the layout of the vendored supercluster 8.0.1 (as
   * tally does): index.trees[z] is a KDBush (kdbush 4: one buffer holding its ids and coordinates) whose
   * ``data`` supercluster replaced by the level's flat numbers; index.points, the points loaded. A test
   * checks that such an index answers as one loaded here. */
  var KDBush = null;
  function restoredIndex(prebuilt, points, options) {
    if (KDBush === null) {  // supercluster's bundled KDBush class, not exported: the class of a level
      var one = {type: "Feature", properties: {}, geometry: {type: "Point", coordinates: [0, 0]}};
      KDBush = new Supercluster({minZoom: 0, maxZoom: 0}).load([one]).trees[0].constructor;
    }
    var index = new Supercluster(options);
    index.points = points;
    index.trees = prebuilt.trees.map(function (level) {
      if (!level) return level;
      var tree = KDBush.from(level.kdbush);
      tree.data = level.data;
      return tree;
    });
    return index;
  }

  /* The class whose background is the symbol ``svg`` (keyed by ``key``), added to one style sheet of this
   * document on first use. */
  var symbolSheet = null, symbolClasses = {};
  function symbolClass(key, svg) {
    if (symbolClasses[key]) return symbolClasses[key];
    if (symbolSheet === null) {
      symbolSheet = document.createElement("style");
      document.head.appendChild(symbolSheet);
    }
    var name = "sm-symbol-" + Object.keys(symbolClasses).length;
    var url = "data:image/svg+xml," + encodeURIComponent(svg);
    symbolSheet.appendChild(document.createTextNode(
      ".sm-marker." + name + "{background:url(\"" + url + "\") center/auto no-repeat}"));
    symbolClasses[key] = name;
    return name;
  }

  /* Station i as the GeoJSON point supercluster indexes (properties.i: the station). */
  function stationPoint(data, i) {
    return {type: "Feature", properties: {i: i}, geometry: {type: "Point", coordinates: [data.lon[i], data.lat[i]]}};
  }

  /* Every station's point, in order, each made the first time it is read. An index restored from levels built
   * elsewhere (restoredIndex) reads only the points it answers with, those of the view, so a new reader's first
   * map need not make all of them first (400,000 objects and their garbage at 100,000 stations; the gain was
   * within the noise of the first map's time on this machine). supercluster 8.0.1 reads index.points only by
   * position and its length. */
  function lazyPoints(data, n) {
    return new Proxy(new Array(n), {
      get: function (made, key) {
        if (typeof key === "string" && key.charCodeAt(0) <= 57 && key.charCodeAt(0) >= 48) {
          var i = Number(key);
          if (i >= 0 && i < n) return made[i] || (made[i] = stationPoint(data, i));
        }
        return made[key];
      }
    });
  }

  /* clickLayer: the feature group markers go in. Pass one made at once when the data comes later:
   * streamlit-folium listens for clicks only on layers that are on the map when it renders. */
  function stations(map, config, data, clickLayer) {
    var n = data.lat.length;
    var labels = config.status_labels, colours = config.status_colours, words = config.words;
    var cluster = config.cluster;  // supercluster's options ({radius, maxZoom, minPoints}), set by the server
    var punct = config.punctuation || {separator: ", ", stop: ". "};
    /* data.id, data.label and data.place may come later (controller.name): a large published site draws its
     * stations first. Until then a marker is named by its status and selects nothing by id. */
    /* A station's position from its id, or null. The lookup table is made on the first call: a new reader's
     * first map names no station, and making it for 100,000 ids took about 35 ms of that map's start. */
    var byId = null;
    function indexOfId(id) {
      if (id === null || id === undefined || !data.id) return null;
      if (byId === null) {
        byId = new Map();
        for (var i = 0; i < n; i++) byId.set(data.id[i], i);
      }
      var at = byId.get(id);
      return at === undefined ? null : at;
    }
    function idOf(i) { return data.id ? data.id[i] : null; }
    var layer = clickLayer || L.featureGroup().addTo(map);  // streamlit-folium listens for clicks on map layers
    var areas = L.layerGroup().addTo(map);
    var halo = L.layerGroup().addTo(map);
    var index = null, tallies = null, mask = null, selected = null, spider = null, clicks = 0;
    var iconCache = {};

    function describe(i) {
      var text = (data.label ? data.label[i] + " \u2014 " : "") + labels[data.s[i]];
      if (data.c[i]) text += punct.separator + words.contested;
      if (data.p[i] > 0) text += punct.separator + words.approximate;
      return text;
    }

    /* A marker is one element whose background is its symbol: each symbol's SVG (a fixed one from our own
     * table, no data in it) becomes one image, named by a class in a style sheet made once. An inline SVG in
     * every marker gave each marker paint property nodes of its own, which Chrome assigns to layers again on
     * every frame; with the clusters' rings (drawClusterIcon) that was about 60 ms of every frame after a
     * click or a move at a city zoom at 100,000 stations (683 markers and clusters drawn), 15 ms now. */
    function stationIcon(i) {
      var key = data.s[i] + "|" + data.p[i] + "|" + data.c[i];
      if (!iconCache[key]) iconCache[key] = symbolClass(key, config.symbols[key]);
      return L.divIcon({html: "", className: "sm-marker " + iconCache[key], iconSize: [24, 24],
                        iconAnchor: [12, 12], tooltipAnchor: [10, 0]});
    }

    /* A click hands streamlit-folium a feature with the station id and a click number (so a second click on
     * the same station still counts). Clusters answer with the last selection, which changes nothing. */
    var lastFeature = null;
    function select(i, marker, keyboard) {
      clicks += 1;
      // The panel in the map (panel.js) shows the evidence at once; without it the page's panel may be below.
      var picked = null;  // the panel in the map: shown (null) or a promise settled once shown (a shard loading)
      if (controller.onpick) picked = controller.onpick(i, keyboard);
      else if (pageWidth() < config.panel_below_under) signpost(map, words.panel_below + " " + data.label[i]);
      lastFeature = {type: "Feature", properties: {station_id: idOf(i), click: clicks}, geometry: null};
      marker.feature = lastFeature;
      // Show the selection here at once: the app's next view names it and finds it already in focus, so the
      // server needs no second run. Drawn only after this click has reached streamlit-folium (it listens on
      // the markers' group), because drawing replaces the markers.
      selected = i;
      lastFocus = idOf(i) + "|true";
      // And once the evidence the click opened is on screen (after its panel has loaded, and the next paint):
      // redrawing the map first would keep it off the screen for as long as the drawing takes.
      var focus = function () {
        afterPaint(function () {
          if (selected !== i) return;  // another station was picked meanwhile
          if (focusOn(i, true)) render();
        });
      };
      Promise.resolve(picked).then(focus, focus);
      if (controller.onselect) controller.onselect(idOf(i), i);
    }

    /* Markers are drawn a margin beyond the view, so the keyboard can reach one off screen: move the map to it
     * (at once, and only when it lies outside: Leaflet's own autoPanOnFocus pans by rounding, again and again
     * when the redraw gives the focus back). */
    function revealOnFocus(marker, node) {
      node.addEventListener("focus", function () {
        var box = map.getContainer().getBoundingClientRect(), r = node.getBoundingClientRect();
        if (r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom) return;
        map.panInside(marker.getLatLng(), {padding: [40, 40], animate: false});
      });
    }

    function activateOnKeys(marker, action) {
      marker.on("add", function () {
        var node = marker.getElement();
        if (!node) return;
        revealOnFocus(marker, node);
        node.setAttribute("role", "button");
        node.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
            event.preventDefault();
            L.DomEvent.stopPropagation(event);
            action();
          }
        });
      });
    }

    function stationMarker(i, latlng) {
      var marker = flatMarker(latlng || [data.lat[i], data.lon[i]], {
        icon: stationIcon(i), keyboard: true, riseOnHover: true, title: "", autoPanOnFocus: false
      });
      marker.bindTooltip(function () {  // made when shown: the names may have arrived since the marker was drawn
        return el("span", "", describe(i) + (data.place ? " \u00b7 " + data.place[i] : ""));
      }, {direction: "auto", opacity: 0.95});
      marker.on("click", function (event) { select(i, marker, !!event.keyboard); });  // then streamlit-folium
      marker.on("mouseover", function () { if (controller.onhover) controller.onhover(i); });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) { node.setAttribute("aria-label", describe(i)); node.removeAttribute("title"); }
      });
      activateOnKeys(marker, function () { marker.fire("click", {latlng: marker.getLatLng(), keyboard: true}, true); });
      return marker;
    }

    function countsText(counts, contested) {
      var parts = [];
      for (var s = 0; s < labels.length; s++) if (counts[s]) parts.push(counts[s] + " " + labels[s]);
      if (contested) parts.push(contested + " " + words.contested);
      return parts.join(" \u00b7 ");
    }

    function clusterMarker(feature) {
      var props = feature.properties, row = tallies.get(props.cluster_id);
      var counts = Array.prototype.slice.call(row, 0, labels.length), contested = row[labels.length];
      var icon = clusterIcon(counts, contested, props.point_count, colours);
      var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
      var marker = flatMarker(latlng, {
        icon: L.divIcon({html: icon.node, className: "sm-cluster-icon", iconSize: [icon.size, icon.size]}),
        keyboard: true, title: "", autoPanOnFocus: false
      });
      var summary = words.cluster_summary.replace("{count}", props.point_count)
        .replace("{counts}", countsText(counts, contested));
      marker.bindTooltip(el("span", "", summary), {direction: "auto", opacity: 0.95});
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) {
          node.setAttribute("aria-label", summary + punct.stop + words.open_cluster);
          node.setAttribute("data-counts", JSON.stringify(counts));
          node.setAttribute("data-contested", contested);
          node.removeAttribute("title");
        }
      });
      marker.toGeoJSON = function () { return lastFeature; };  // opening a cluster selects nothing
      var open = function () { openCluster(props.cluster_id, L.latLng(latlng)); };
      marker.on("click", function (event) { L.DomEvent.stopPropagation(event); open(); });
      activateOnKeys(marker, open);
      return marker;
    }

    function openCluster(clusterId, latlng) {
      var zoom = index.getClusterExpansionZoom(clusterId);
      if (zoom <= map.getMaxZoom()) {
        map.flyTo(latlng, zoom, {duration: 0.4});
      } else {
        spiderfy(clusterId, latlng);
      }
    }

    /* Stations at the same place (several in one city) fan out round their point. */
    function spiderfy(clusterId, latlng) {
      var leaves = index.getLeaves(clusterId, Infinity).map(function (f) { return f.properties.i; });
      spider = {clusterId: clusterId, latlng: latlng, leaves: leaves, zoom: Math.round(map.getZoom())};
      render();
      var first = layer.getLayers().filter(function (m) { return m._smIndex === leaves[0]; })[0];
      if (first && first.getElement()) first.getElement().focus();
    }

    function spiderPositions(latlng, count) {
      var centre = map.latLngToLayerPoint(latlng), radius = Math.max(28, count * 6), out = [];
      for (var k = 0; k < count; k++) {
        var angle = 2 * Math.PI * k / count - Math.PI / 2;
        out.push(map.layerPointToLatLng([centre.x + radius * Math.cos(angle), centre.y + radius * Math.sin(angle)]));
      }
      return out;
    }

    /* Which marker has the keyboard focus ("s" + station, "c" + cluster id), so that a redraw, which replaces
     * every marker, gives it back (a marker focused off screen moves the map, and the map redraws). */
    function focusedKey() {
      var key = null, active = document.activeElement;
      layer.eachLayer(function (m) {
        if (m._smKey !== undefined && m.getElement() === active) key = m._smKey;
      });
      return key;
    }

    var drawn = null;  // {zoom, bounds}: what the markers drawn last cover
    var drawnAlone = new Set();  // the stations drawn last on their own, at their place
    function render() {
      var refocus = focusedKey();
      layer.clearLayers();
      areas.clearLayers();
      halo.clearLayers();
      drawn = null;
      if (!index) return;
      var zoom = Math.round(map.getZoom()), bounds = map.getBounds().pad(0.25);
      drawn = {zoom: zoom, bounds: bounds};
      var west = bounds.getWest(), east = bounds.getEast();
      var bbox = east - west >= 360 ? [-180, -85, 180, 85]
        : [Math.max(-180, west), Math.max(-85, bounds.getSouth()), Math.min(180, east), Math.min(85, bounds.getNorth())];
      var features = index.getClusters(bbox, zoom);
      if (spider && spider.zoom !== zoom) spider = null;
      features.sort(function (a, b) {  // Tab order: west to east, then north to south
        return a.geometry.coordinates[0] - b.geometry.coordinates[0] ||
               b.geometry.coordinates[1] - a.geometry.coordinates[1];
      });
      var haloAt = null, singles = [], near = nearSelected(zoom);
      drawnAlone = new Set();
      features.forEach(function (feature) {
        var props = feature.properties;
        if (props.cluster) {
          if (spider && props.cluster_id === spider.clusterId) {
            var positions = spiderPositions(spider.latlng, spider.leaves.length);
            spider.leaves.forEach(function (i, k) {
              layer.addLayer(L.polyline([spider.latlng, positions[k]], {color: "#555", weight: 1, interactive: false}));
              var marker = stationMarker(i, positions[k]);
              marker._smIndex = i;
              marker._smKey = "s" + i;
              layer.addLayer(marker);
              if (i === selected) haloAt = positions[k];
            });
            return;
          }
          var cluster = clusterMarker(feature);
          cluster._smKey = "c" + props.cluster_id;
          layer.addLayer(cluster);
          if (near(feature) && clusterHolds(props.cluster_id, selected)) {
            haloAt = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
          }
          return;
        }
        var i = props.i, marker = stationMarker(i);
        marker._smIndex = i;
        marker._smKey = "s" + i;
        layer.addLayer(marker);
        singles.push(i);
        drawnAlone.add(i);
        if (data.p[i] > 0) {
          areas.addLayer(L.circle([data.lat[i], data.lon[i]], {radius: data.r[i] * 1000, interactive: false,
            color: colours[data.s[i]], weight: 1, dashArray: "4 4", fillOpacity: 0.06}));
        }
        if (i === selected) haloAt = [data.lat[i], data.lon[i]];
      });
      if (haloAt) drawHalo(haloAt);
      if (fitted && !refitting && !anyInView(features)) {
        refitting = true;  // the fit's own move redraws through here once more
        map.fitBounds(fitted, {maxZoom: 7, animate: false});
        refitting = false;
        return;
      }
      if (refocus !== null) {
        layer.eachLayer(function (m) {
          if (m._smKey === refocus && m.getElement()) m.getElement().focus({preventScroll: true});
        });
      }
      if (controller.onrendered) controller.onrendered(singles);
    }

    function anyInView(features) {
      var view = map.getBounds();
      return features.some(function (f) { return view.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]); });
    }

    function drawHalo(at) {
      halo.clearLayers();
      halo.addLayer(flatMarker(at, {interactive: false, keyboard: false, zIndexOffset: -1000,
        icon: L.divIcon({html: el("div", "sm-halo"), className: "sm-halo-icon", iconSize: [44, 44]})}));
    }

    /* Which clusters may hold the selected station at this zoom: those drawn within HOLD_PX of it. A
     * supercluster cluster lies within 4 radii of each of its stations (each level's weighted centre moves at
     * most two of that level's radii; the radii halve per level): the radius is 48 of supercluster's 512-pixel
     * tile, 24 of the map's pixels, so 96 px (40 px at most measured on 100,000 stations). Asking every
     * cluster in view for its leaves instead cost 0.7 s per redraw of a world view at 100,000 stations. */
    var HOLD_PX = 128;
    function nearSelected(zoom) {
      if (selected === null) return function () { return false; };
      var at = map.project([data.lat[selected], data.lon[selected]], zoom), world = 256 * Math.pow(2, zoom);
      return function (feature) {
        var c = feature.geometry.coordinates, p = map.project([c[1], c[0]], zoom);
        var dx = Math.abs(p.x - at.x);
        return Math.min(dx, world - dx) <= HOLD_PX && Math.abs(p.y - at.y) <= HOLD_PX;
      };
    }

    function clusterHolds(clusterId, i) {
      var leaves = index.getLeaves(clusterId, 500);
      for (var k = 0; k < leaves.length; k++) if (leaves[k].properties.i === i) return true;
      return false;
    }

    var allPoints = null;  // one GeoJSON point per station, made once: a filter change only picks among them
    function buildIndex() {
      // No map/reduce options: supercluster would call them for every point of every cluster at every zoom
      // (about 40% of the indexing time at 100,000 stations). The counts are tallied once afterwards.
      var prebuilt = data.prebuilt;
      data.prebuilt = null;  // used once: a filter change indexes its own points
      if (!mask && prebuilt && sameOptions(prebuilt.options, cluster)) {
        index = restoredIndex(prebuilt, lazyPoints(data, n), cluster);  // built while Streamlit started
        tallies = tally(index, data.s, data.c, labels.length, true);
        return n;
      }
      if (!allPoints) {
        allPoints = new Array(n);
        for (var k = 0; k < n; k++) allPoints[k] = stationPoint(data, k);
      }
      var points = mask ? allPoints.filter(function (_, i) { return mask[i]; }) : allPoints;
      index = new Supercluster(cluster).load(points);
      tallies = tally(index, data.s, data.c, labels.length, !mask);
      return points.length;
    }

    /* True when station i is drawn on its own (not in a cluster, not fanned out) inside the map. */
    function standsAloneInView(i, latlng) {
      return drawnAlone.has(i) && map.getBounds().contains(latlng);
    }

    /* True when station i is already drawn on its own at a city zoom, inside the map and clear of the panel in
     * the map (panel.js's isClear): a selection of it (a link, the app's next view) moves nothing. */
    function inViewAlready(i, latlng) {
      var zoom = Math.round(map.getZoom());
      return data.p[i] === 0 && zoom >= 7 && map.getBounds().contains(latlng) && revealZoom(i, zoom) === zoom &&
        (!controller.isClear || controller.isClear(i));
    }

    /* The zoom at which station i stands alone, or null when it shares its place with others. */
    function revealZoom(i, from) {
      // About 10 m each way: supercluster keeps coordinates as 32-bit floats, too coarse for a box of 1e-6 degrees
      // (seen to miss a station standing alone); stations that share a place have the very same coordinates.
      var lon = data.lon[i], lat = data.lat[i], box = [lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4];
      for (var z = from; z <= map.getMaxZoom(); z++) {
        var hits = index.getClusters(box, z);
        for (var k = 0; k < hits.length; k++) if (!hits[k].properties.cluster && hits[k].properties.i === i) return z;
      }
      return null;
    }

    /* Bring station i into view: about zoom 7 for a city (closer if a cluster still hides it), the
     * uncertainty circle for a region or country; stations sharing one place are fanned out. Moving the map
     * redraws it; true when the fan still has to be drawn. */
    function focusOn(i, picked) {
      var latlng = L.latLng(data.lat[i], data.lon[i]);
      if (inViewAlready(i, latlng)) {  // nothing to move: ring the marker, no redraw (a whole view at 100,000)
        drawHalo(latlng);
        return false;
      }
      if (picked && standsAloneInView(i, latlng)) {
        // The reader picked a marker they can see: the map keeps its zoom, so they keep their bearings (and the
        // view need not be drawn again); it only moves the marker clear of the drawer when it would be under it.
        if (controller.onfocused) controller.onfocused(i, true);
        drawHalo(latlng);
        return false;
      }
      if (data.p[i] > 0) {
        map.fitBounds(latlng.toBounds(data.r[i] * 2000), {maxZoom: 7, animate: false});
      } else {
        var start = Math.max(7, Math.round(map.getZoom()));
        var zoom = revealZoom(i, start);
        map.setView(latlng, zoom === null ? start : zoom, {animate: false});
      }
      var z = Math.round(map.getZoom());
      if (controller.onfocused) controller.onfocused(i);
      if (revealZoom(i, z) === z) return false;
      var fanned = false;
      var near = 0.05, box = [data.lon[i] - near, data.lat[i] - near, data.lon[i] + near, data.lat[i] + near];
      index.getClusters(box, z).forEach(function (f) {
        if (f.properties.cluster && clusterHolds(f.properties.cluster_id, i)) {
          spider = {clusterId: f.properties.cluster_id, zoom: z,
                    latlng: L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]),
                    leaves: index.getLeaves(f.properties.cluster_id, Infinity).map(function (x) { return x.properties.i; })};
          fanned = true;
        }
      });
      return fanned;
    }

    var lastMask, lastFocus = null, lastHidden = null, visibleCount = n;

    var controller = {
      /* view: {mask: base64 bitset or null for all, selected: id or null, focus: id to move to or null} */
      /* view.visible (an array of 0/1 per station) may replace view.mask in pages that filter themselves. */
      show: function (view) {
        var key = view.visible ? view.visible.join("") : view.mask;
        if (key !== lastMask || !index) {
          lastMask = key;
          mask = view.visible ? Uint8Array.from(view.visible) : decodeMask(view.mask, n);
          spider = null;
          visibleCount = buildIndex();
        }
        selected = indexOfId(view.selected);
        var hidden = selected !== null && mask !== null && !mask[selected];
        var focusKey = view.selected + "|" + view.focus;
        if (hidden) {
          // Never an empty map: the filters hide the selected station, so show the stations that match them
          // (the panel keeps the selected station's evidence) and say why the station is not drawn.
          if (view.selected + "|" + key !== lastHidden) controller.fitVisible(false);
          lastHidden = view.selected + "|" + key;
          lastFocus = null;  // shown again when the filters let it through
          note(map, words.hidden_selection.replace("{station}", data.label[selected]));
        } else if (selected !== null && view.focus && focusKey !== lastFocus) {
          lastFocus = focusKey;
          focusOn(selected);
        } else if (selected === null) {
          lastFocus = null;
        }
        if (!hidden) {
          lastHidden = null;
          fitted = null;
          note(map, null);
        }
        render();
        if (controller.onselected) controller.onselected(selected);
        if (controller.onchange) controller.onchange(controller.counts());
        if (controller.ondrawn) {  // once: after the first stations have been drawn and painted
          afterPaint(controller.ondrawn);
          controller.ondrawn = null;
        }
      },
      counts: function () {
        var counts = labels.map(function () { return 0; }), contested = 0;
        for (var i = 0; i < n; i++) {
          if (mask && !mask[i]) continue;
          counts[data.s[i]] += 1;
          contested += data.c[i];
        }
        return {statuses: counts, contested: contested, total: visibleCount};
      },
      idAt: idOf,
      /* The names by position ({id, label, place}), when they arrive after the stations: the markers drawn
       * now take their full accessible names, tooltips and ids from here on. */
      name: function (names) {
        data.id = names.id;
        data.label = names.label;
        data.place = names.place;
        byId = null;  // made again from these ids when next asked
        layer.eachLayer(function (m) {
          var node = m._smIndex !== undefined && m.getElement();
          if (node) node.setAttribute("aria-label", describe(m._smIndex));
        });
      },
      latLngAt: function (i) { return L.latLng(data.lat[i], data.lon[i]); },
      /* Move the keyboard focus to the selected station's marker (after the panel in the map closes). */
      focusSelected: function () {
        layer.eachLayer(function (m) {
          if (m._smIndex === selected && m.getElement()) m.getElement().focus({preventScroll: true});
        });
      },
      fitVisible: function (animate) {
        var bounds = null;
        for (var i = 0; i < n; i++) {
          if (mask && !mask[i]) continue;
          if (bounds) bounds.extend([data.lat[i], data.lon[i]]);
          else bounds = L.latLngBounds([data.lat[i], data.lon[i]], [data.lat[i], data.lon[i]]);
        }
        if (bounds) {
          fitted = bounds.pad(0.05);
          map.fitBounds(fitted, {maxZoom: 7, animate: animate !== false});
        }
      }
    };
    controller.map = map;

    /* A fit to the matching stations holds until the reader moves the map (render() fits again when a later
     * move, not the reader's, left none of them in view: on a busy machine a link naming a hidden station
     * was seen to end at zoom 3 over the Arctic, every station outside the map under the note that says
     * where they are). */
    var fitted = null, refitting = false;
    ["pointerdown", "wheel", "keydown"].forEach(function (type) {
      map.getContainer().addEventListener(type, function () { fitted = null; }, {capture: true, passive: true});
    });
    map.on("moveend", function () {
      // A move that stays at one zoom inside what was drawn (markers are drawn a quarter of the view beyond each
      // edge) keeps the markers: moving the map moved them too. A drag, or the pan that keeps a picked marker
      // clear of the drawer, then draws nothing again (a whole view is about 250 markers).
      if (drawn && !fitted && Math.round(map.getZoom()) === drawn.zoom && drawn.bounds.contains(map.getBounds())) {
        return;
      }
      render();
    });
    map.on("zoomstart", function () { spider = null; });
    return controller;
  }

  /* The width of the page around the map (the map may sit in a frame of the page, which is narrower). */
  function pageWidth() {
    try {
      return window.parent.innerWidth;
    } catch (error) {  // a page of another origin: the frame's own width is the best we know
      return window.innerWidth;
    }
  }

  /* On a narrow page the panel sits below the map: say so after a tap (a live region, read out too). */
  function signpost(map, text) {
    var box = map.getContainer().querySelector(".sm-signpost");
    if (!box) {
      box = el("div", "sm-signpost");
      box.setAttribute("role", "status");
      map.getContainer().appendChild(box);
    }
    box.textContent = text + " \u2193";
    box.style.display = "block";
    clearTimeout(box._hide);
    box._hide = setTimeout(function () { box.style.display = "none"; }, 6000);
  }

  /* A standing note on the map (text, or null to remove it): why the selected station is not drawn. */
  function note(map, text) {
    var box = map.getContainer().querySelector(".sm-note");
    if (!text) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = el("div", "sm-note");
      box.setAttribute("role", "status");
      map.getContainer().appendChild(box);
    }
    box.textContent = text;
  }

  // ---------------------------------------------------------------------------------------------------
  // Map furniture: legend with counts, "zoom to matching stations", phones
  // ---------------------------------------------------------------------------------------------------

  function legend(map, config) {
    var control = L.control({position: "bottomleft"});
    var rows = [], box = null, fold = null;
    /* One legend row: a fixed symbol from our own table (no data in it), then text set as text. */
    function row(box, className, symbolKey, text) {
      var line = el("div", className);
      var symbol = el("span", "sm-legend-symbol");
      symbol.innerHTML = config.symbols[symbolKey];
      line.appendChild(symbol);
      line.appendChild(el("span", "", text));
      box.appendChild(line);
      return line;
    }
    control.onAdd = function () {
      box = el("div", "sm-legend leaflet-bar");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", config.words.legend);
      // Collapsible, and folded from the start where the map is small, so it never hides markers there.
      var toggle = el("button", "sm-legend-toggle", config.words.legend + " \u25BE");
      toggle.type = "button";
      var size = map.getSize();
      fold = function (folded) {
        box.classList.toggle("sm-collapsed", folded);
        toggle.setAttribute("aria-expanded", String(!folded));
        toggle.textContent = config.words.legend + (folded ? " \u25B8" : " \u25BE");
      };
      toggle.addEventListener("click", function () { fold(!box.classList.contains("sm-collapsed")); });
      box.appendChild(toggle);
      fold(size.x < 700 || size.y < 560);
      config.status_labels.forEach(function (label, s) {
        var count = el("strong", "sm-legend-count", "");
        row(box, "sm-legend-row", s + "|0|0", label).appendChild(count);
        rows.push(count);
      });
      row(box, "sm-legend-row sm-legend-note", "0|0|1", config.words.contested_legend);
      row(box, "sm-legend-row sm-legend-note", "0|1|0", config.words.approximate_legend);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
    var firstView = true;
    return function update(counts) {
      counts.statuses.forEach(function (count, s) { if (rows[s]) rows[s].textContent = count; });
      if (firstView && counts.total) {  // the first view with stations: fold the legend if it covers one
        firstView = false;
        var legendBox = box.getBoundingClientRect();
        var covered = Array.prototype.some.call(map.getContainer().querySelectorAll(".sm-marker, .sm-cluster-icon"),
          function (node) {
            var r = node.getBoundingClientRect();
            return r.left < legendBox.right && legendBox.left < r.right && r.top < legendBox.bottom &&
                   legendBox.top < r.bottom;
          });
        if (covered) fold(true);
      }
    };
  }

  function fitButton(map, config, controller) {
    var control = L.control({position: "topleft"});
    control.onAdd = function () {
      var bar = el("div", "leaflet-bar sm-fit");
      var button = el("button", "sm-fit-button", "\u2922");
      button.type = "button";
      button.title = config.words.fit;
      button.setAttribute("aria-label", config.words.fit);
      button.addEventListener("click", function (event) {
        L.DomEvent.stopPropagation(event);
        controller.fitVisible();
      });
      bar.appendChild(button);
      L.DomEvent.disableClickPropagation(bar);
      return bar;
    };
    control.addTo(map);
  }

  function furnish(map, config, controller) {
    // Fill the frame whatever height the page gives it (the app sizes the frame with CSS, in vh).
    map.getContainer().style.height = "100vh";
    map.invalidateSize();
    map.attributionControl.setPrefix(false);  // Leaflet's default prefix carries a national flag
    var update = legend(map, config);
    controller.onchange = update;
    fitButton(map, config, controller);
    if (L.Browser.mobile && map.gestureHandling) map.gestureHandling.enable();
  }

  /* The stations may arrive after the first view (fetched once per data version): the newest view waits. */
  var current = null, waiting = null;
  function view(v) {
    if (current) current.show(v);
    else waiting = v;
  }
  function attach(controller) {
    current = controller;
    if (waiting) controller.show(waiting);
    waiting = null;
    global.smStations = controller;
  }
  /* The stations at ``url``: built ahead by the page holding this frame when it could (prebuilt), else fetched.
   * ``options``: the cluster options this map will index them with (config.cluster). */
  function fetchStations(url, options) {
    return prebuilt(url, options).then(function (data) {
      if (data) return data;
      return fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error("stations not loaded: HTTP " + response.status);
        return response.json();
      });
    }).then(function (data) {
      performance.mark(data.prebuilt ? "stationmap:stations-prebuilt" : "stationmap:stations-fetched");
      return data;
    });
  }

  /* The stations, their cluster index among them (data.prebuilt), as the Map page's own document had a worker
   * build them while Streamlit started (prebuild.js, index_worker.js); null when it did not build these
   * stations with these options, failed, handed them over already, or is another origin (an embed). */
  var PREBUILT_WAIT_MS = 20000;  // a worker that never answers (it should always): fetch after all
  function prebuilt(url, options) {
    var ahead = null;
    try {
      if (global.parent !== global) ahead = global.parent.__smPrebuilt || null;
    } catch (error) {  // another origin
      ahead = null;
    }
    if (!ahead || ahead.url !== new URL(url, global.location.href).href || !sameOptions(ahead.options, options)) {
      return Promise.resolve(null);
    }
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      var late = setTimeout(function () { resolve(null); }, PREBUILT_WAIT_MS);
      channel.port1.onmessage = function (event) {
        clearTimeout(late);
        channel.port1.close();
        resolve(event.data && event.data.ok ? event.data.data : null);
      };
      ahead.connect(channel.port2);
    });
  }
  function sameOptions(a, b) {
    return !!a && !!b && a.radius === b.radius && a.maxZoom === b.maxZoom && a.minPoints === b.minPoints;
  }
  /* Settled once every style sheet linked so far has loaded (or failed). streamlit-folium inserts the map's
   * document itself, so its scripts do not wait for its style sheets: on a busy machine the drawer was seen
   * opening before stationmap.css had come, as an unstyled block at the map's left edge, and the map moved
   * the picked station out of view to keep it "clear" of that block. */
  var STYLES_WAIT_MS = 5000;  // a sheet that failed before this looked has no event left to fire: draw anyway
  function stylesReady() {
    var links = Array.prototype.slice.call(document.querySelectorAll('link[rel="stylesheet"]'));
    var loaded = Promise.all(links.map(function (link) {
      if (link.sheet) return null;
      return new Promise(function (resolve) {
        link.addEventListener("load", resolve);
        link.addEventListener("error", resolve);
      });
    }));
    return Promise.race([loaded, new Promise(function (resolve) { setTimeout(resolve, STYLES_WAIT_MS); })]);
  }
  /* Tells the app this map has drawn (stationmap/ui/first_screen.py: on a session's first run the rest of the
   * page waits for it) through streamlit-folium's one channel back: a feature {drawn: true}, which names no
   * station, so the app selects nothing. Handed over as streamlit-folium 0.27 hands a clicked layer's feature
   * (its __GLOBAL_DATA__ and window.Streamlit), but at once: its own path waits 250 ms for more events. Where
   * those are not there, as if a layer of the map had been clicked. */
  function reportDrawn(clickLayer) {
    try {  // the Map page's own document asks for the scripts of what the report brings (page_routes.py)
      if (global.parent !== global && typeof global.parent.__smPreloadLater === "function") {
        global.parent.__smPreloadLater();
      }
    } catch (error) {}  // another origin's page
    var feature = {type: "Feature", properties: {drawn: true}, geometry: null};
    var state = global.__GLOBAL_DATA__, channel = global.Streamlit;
    if (state && channel && typeof channel.setComponentValue === "function" &&
        JSON.stringify(state.returned_objects) === JSON.stringify(["last_active_drawing"])) {
      state.last_active_drawing = feature;
      state.previous_data = {last_active_drawing: feature};  // what its next update compares with
      channel.setComponentValue(state.previous_data);
      return;
    }
    clickLayer.fire("click", {layer: {toGeoJSON: function () { return feature; }}});
  }
  /* Said on the map, not only in the console: without its stations the map would look empty. */
  function failed(map, config, error) {
    console.warn(error);
    var box = el("div", "sm-load-failed", config.words.load_failed);
    box.setAttribute("role", "alert");
    map.getContainer().appendChild(box);
  }

  global.StationMap = {basemap: basemap, stations: stations, furnish: furnish, unwrapRing: unwrapRing,
                       view: view, attach: attach, fetchStations: fetchStations,
                       stylesReady: stylesReady, restoredIndex: restoredIndex, failed: failed, reportDrawn: reportDrawn,
                       el: el};
})(window);
