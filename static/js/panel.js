/* The evidence panel in the map: a drawer over the map (a bottom sheet in a narrow frame) that shows a
 * station's panel the moment its marker is clicked, tapped or activated with Enter.
 *
 * Loaded after stationmap.js, by the app's map frame and by the published site. The panel HTML is built by
 * the server (stationmap/render/evidence_html.py, every data string escaped there, the one escaping path) and only
 * inserted here; the drawer's own words are set with textContent. Two sources of panels, one interface
 * ({now(i), get(i), prefetch(i)}, i a station's position in the map's data):
 *
 *   StationMap.tablePanels(ids, table)              a page that carries its panels (a small published site)
 *   StationMap.shardedPanels(url, shardSize, n)     shards fetched once from the app's panel feed
 *   StationMap.shardedPanels(url, shardSize, n, StationMap.scriptShard)
 *                                                   shards of a large published site, loaded once as script
 *                                                   files (url + shard + ".js"), so file:// works too
 */
(function (global) {
  "use strict";

  var StationMap = global.StationMap, el = StationMap.el;

  function tablePanels(ids, table) {
    function now(i) { return Object.prototype.hasOwnProperty.call(table, ids[i]) ? table[ids[i]] : null; }
    return {
      now: now,
      get: function (i) { return Promise.resolve(now(i)); },
      prefetch: function () {},
      prefetchView: function () {}
    };
  }

  /* Shards fetched ahead for one map view, nearest its centre first, one at a time: a click's own shard never
   * queues behind a burst of them. The map holds its stations along a space-filling curve
   * (stationmap/render/map_order.py), so a view's stations fall into a few shards. */
  var MAX_VIEW_SHARDS = 8;

  /* One shard ({first, panels}) from the app's panel feed. */
  function fetchShard(url, shard) {
    return fetch(url + shard + ".json", {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("panels not loaded: HTTP " + response.status);
      return response.json();
    });
  }

  /* One station's panel from the app's panel feed: what a click needs while its shard is still on its way. */
  function fetchOne(url, i) {
    return fetch(url + "one/" + i + ".json", {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("panel not loaded: HTTP " + response.status);
      return response.json();
    }).then(function (body) { return body.panel; });
  }

  /* One shard of a published site: a script file that calls StationMap.panelShard(shard, {first, panels}).
   * Browsers refuse fetch from file://, but load scripts. */
  var scriptWaiting = {};
  StationMap.panelShard = function (shard, body) {
    if (scriptWaiting[shard]) scriptWaiting[shard].resolve(body);
  };
  function scriptShard(url, shard) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      function done() {
        delete scriptWaiting[shard];
        script.remove();
      }
      scriptWaiting[shard] = {resolve: function (body) { done(); resolve(body); }};
      function failed() {
        if (!scriptWaiting[shard]) return;  // the shard arrived
        done();
        reject(new Error("panels not loaded: " + script.src));
      }
      script.onerror = failed;
      script.onload = failed;  // ran, but did not deliver its shard
      script.src = url + shard + ".js";
      document.head.appendChild(script);
    });
  }

  /* Panels in shards of shardSize stations (by position), each loaded once (by ``loader``, fetchShard unless
   * told) and kept. From the app's feed (no loader given) a station hovered or clicked before its shard has
   * come is also fetched on its own, which the server answers at once. */
  function shardedPanels(url, shardSize, count, loader) {
    var shards = {}, pending = {}, ahead = [], aheadBusy = false, single = {}, one = loader ? null : fetchOne;
    loader = loader || fetchShard;
    function load(shard) {
      if (shards[shard]) return Promise.resolve(shards[shard]);
      if (!pending[shard]) {
        pending[shard] = loader(url, shard).then(function (body) {
          shards[shard] = body;
          return body;
        }).catch(function (error) {
          delete pending[shard];
          throw error;
        });
      }
      return pending[shard];
    }
    function now(i) {
      var shard = shards[Math.floor(i / shardSize)];
      if (shard) return shard.panels[i - shard.first];
      return typeof single[i] === "string" ? single[i] : null;
    }
    function alone(i) {  // this station's panel on its own, unless its shard or an earlier ask is here
      if (!one || shards[Math.floor(i / shardSize)]) return null;
      if (!single[i]) {
        single[i] = one(url, i).then(function (html) {
          single[i] = html;
          return html;
        }, function (error) {
          delete single[i];
          throw error;
        });
      }
      return typeof single[i] === "string" ? Promise.resolve(single[i]) : single[i];
    }
    function fetchAhead() {  // the next shard the view wants, once the one before has come
      if (aheadBusy) return;
      var shard = ahead.shift();
      while (shard !== undefined && (shards[shard] || pending[shard])) shard = ahead.shift();
      if (shard === undefined) return;
      aheadBusy = true;
      load(shard).catch(function (error) { console.warn(error); }).then(function () {
        aheadBusy = false;
        fetchAhead();
      });
    }
    return {
      now: now,
      get: function (i) {  // whichever comes first: the station on its own, or its shard
        var shard = load(Math.floor(i / shardSize)).then(function () { return now(i); });
        var own = alone(i);
        if (!own) return shard;
        return new Promise(function (resolve, reject) {
          var failures = 0;
          function failed(error) { failures += 1; if (failures === 2) reject(error); }
          own.then(resolve, failed);
          shard.then(resolve, failed);
        });
      },
      prefetch: function (i) {
        var own = alone(i);
        if (own) own.catch(function (error) { console.warn(error); });
        load(Math.floor(i / shardSize)).catch(function (error) { console.warn(error); });
      },
      /* The shards of the stations drawn on their own (``indices``, the most wanted first), up to
       * MAX_VIEW_SHARDS of them, fetched one after another; a new view replaces what the last one wanted. */
      prefetchView: function (indices) {
        var wanted = [], seen = {};
        for (var k = 0; k < indices.length && wanted.length < MAX_VIEW_SHARDS; k++) {
          var shard = Math.floor(indices[k] / shardSize);
          if (!shards[shard] && !seen[shard]) { seen[shard] = true; wanted.push(shard); }
        }
        ahead = wanted;
        fetchAhead();
      },
      small: count <= shardSize
    };
  }

  /* In the app the map is a frame of the page: when the drawer's first lines are below the fold (a phone),
   * move the page so the frame, and so the drawer in it, is in view. A frame of another origin (an embed) is
   * left alone. */
  function revealFrame(body) {
    try {
      var host = global.frameElement;
      if (!host) return;
      var frame = host.getBoundingClientRect(), height = global.parent.innerHeight;
      var top = frame.top + body.getBoundingClientRect().top;
      if (top < 0 || top + 160 > height) host.scrollIntoView({block: frame.height > height ? "start" : "nearest"});
    } catch (error) {  // another origin: nothing to move
    }
  }

  var HEADING_ID = "sm-drawer-title";  // one drawer per document

  /* The drawer element over the map. show(html, focus) replaces its content; close() hides it. */
  function drawer(map, config) {
    var words = config.words, container = map.getContainer();
    if (config.panel_css && !document.getElementById("sm-panel-css")) {
      var style = el("style", "", config.panel_css);  // our own style sheet, no data in it
      style.id = "sm-panel-css";
      document.head.appendChild(style);
    }
    /* A non-modal dialog named by the station's heading: a keyboard pick moves the focus to that heading, so
     * a screen reader says which station's evidence opened and reads on from there; the map stays usable and
     * Escape goes back to the marker. The body is also a polite live region, for a selection that arrives
     * without the focus (a link, the app's next view). */
    var box = el("section", "sm-drawer");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", words.evidence);  // until a panel with a heading is shown
    box.hidden = true;
    var close = el("button", "sm-drawer-close", "\u00d7");
    close.type = "button";
    close.title = words.close;
    close.setAttribute("aria-label", words.close);
    var body = el("div", "sm-drawer-body");
    body.setAttribute("aria-live", "polite");
    body.tabIndex = -1;
    box.appendChild(close);
    box.appendChild(body);
    container.appendChild(box);
    L.DomEvent.disableClickPropagation(box);
    // Clicks too: a tap on the drawer after a tap on a marker would otherwise reach the map as a double tap.
    box.addEventListener("click", function (event) { event.stopPropagation(); });
    L.DomEvent.disableScrollPropagation(box);
    var api;

    function hide() {
      var hadFocus = box.contains(document.activeElement);
      box.hidden = true;
      container.classList.remove("sm-drawer-open");
      if (api.onclose) api.onclose(hadFocus);
    }
    close.addEventListener("click", function (event) { event.preventDefault(); hide(); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); hide(); }
    });

    api = {
      /* reveal: a reader's own pick (a click, a tap, Enter), which may move the page to the drawer. */
      show: function (html, focus, reveal) {
        body.innerHTML = html;  // built and escaped by stationmap/render/evidence_html.py
        body.scrollTop = 0;
        var heading = body.querySelector("h2");
        if (heading) {
          heading.id = HEADING_ID;
          heading.tabIndex = -1;
          box.setAttribute("aria-labelledby", HEADING_ID);
        } else {
          box.removeAttribute("aria-labelledby");
        }
        box.hidden = false;
        container.classList.add("sm-drawer-open");
        if (focus) (heading || body).focus({preventScroll: true});
        if (reveal) revealFrame(body);
      },
      close: hide,
      isOpen: function () { return !box.hidden; },
      element: box
    };
    return api;
  }

  /* Tie a drawer to a station controller: a pick (click, tap, Enter) opens its panel at once; a selection
   * that arrives from elsewhere (the app's next view, a link) opens it too, unless the reader closed it. */
  function panels(map, config, controller, source) {
    var box = drawer(map, config), shown = null;

    /* Keep the picked station in the part of the map the drawer leaves free (above a bottom sheet, left of a
     * side drawer), so the reader sees which marker the evidence belongs to. ``least``: move it only just
     * inside that part (a marker the reader picked, where they were looking), not to its middle. */
    function keepClear(i, least) {
      var move = panToClear(i, least);
      if (move) map.panBy(move, {animate: false});
    }
    /* How far to pan so station i sits in the middle of the free part (``least``: just inside it), or null when
     * it is clear already (or the drawer is closed). */
    function panToClear(i, least) {
      if (!box.isOpen()) return null;
      var size = map.getSize(), frame = map.getContainer().getBoundingClientRect();
      var sheet = box.element.getBoundingClientRect();
      var right = size.x, bottom = size.y, margin = 60;
      if (sheet.top - frame.top > 1) bottom = sheet.top - frame.top; else right = sheet.left - frame.left;
      var p = map.latLngToContainerPoint(controller.latLngAt(i));
      if (p.x >= margin && p.x <= right - margin && p.y >= margin && p.y <= bottom - margin) return null;
      if (!least || right < 3 * margin || bottom < 3 * margin) return [p.x - right / 2, p.y - bottom / 2];
      var inside = function (at, end) { return at < margin ? at - margin : at > end ? at - end : 0; };
      return [inside(p.x, right - margin), inside(p.y, bottom - margin)];
    }
    controller.onfocused = keepClear;
    controller.isClear = function (i) { return panToClear(i) === null; };
    box.onclose = function (hadFocus) { if (hadFocus) controller.focusSelected(); };  // Escape: back to the marker

    /* Show station i's panel: at once (returns null) or when its shard has loaded (returns a promise settled
     * then). A reader's pick (force) moves the map to the station afterwards (stationmap.js), which keeps it clear
     * of the drawer; otherwise that is done here, after the next paint. Either way the evidence is painted first
     * (moving the map redraws, i.e. replaces, the markers; in the app, only after the click has reached
     * streamlit-folium). */
    function open(i, focus, force) {  // force: a reader's own pick
      var id = controller.idAt(i);
      if (id === shown && !force) return null;
      shown = id;
      function display(html) {
        box.show(html, focus, force);
        if (!force) requestAnimationFrame(function () { setTimeout(function () { keepClear(i); }, 0); });
      }
      var html = source.now(i);
      if (html !== null) {
        display(html);
        return null;
      }
      return source.get(i).then(function (text) {
        if (shown === id && text !== null) display(text);
      }).catch(function (error) { console.warn(error); });
    }
    controller.onpick = function (i, keyboard) { return open(i, keyboard, true); };
    controller.onselected = function (i) {
      if (i === null) {
        shown = null;
        if (box.isOpen()) box.close();
      } else {
        open(i, false, false);
      }
    };
    controller.onhover = source.prefetch;
    controller.onrendered = function (singles) {  // the stations nearest the middle of the map first
      var centre = map.getCenter();
      source.prefetchView(singles.map(function (i) {
        var at = controller.latLngAt(i);
        return {i: i, d: Math.pow(at.lat - centre.lat, 2) + Math.pow(at.lng - centre.lng, 2)};
      }).sort(function (a, b) { return a.d - b.d; }).map(function (x) { return x.i; }));
    };
    if (source.small) source.prefetch(0);
    return box;
  }

  StationMap.tablePanels = tablePanels;
  StationMap.shardedPanels = shardedPanels;
  StationMap.scriptShard = scriptShard;
  StationMap.drawer = drawer;
  StationMap.panels = panels;
})(window);
