/* paper-catalog: the keyboard, touch and zoom for the home page's topic chart and the paper
   map. Both work without this script (every bar is a link, and the map page lists its
   papers, or in a large catalog links the pages that do); this makes each one tab stop with arrow keys inside, as a composite widget
   should be, gives the map's points their links, and makes it usable with a finger. */
(function () {
  "use strict";

  /* A list of links that is one tab stop: the arrow keys, Home and End move between them. */
  function rovingList(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (links.length < 2) return;
    links.forEach(function (link, index) {
      link.tabIndex = index === 0 ? 0 : -1;
    });
    list.addEventListener("keydown", function (event) {
      var index = links.indexOf(document.activeElement);
      if (index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var next = {
        ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1,
        Home: 0, End: links.length - 1,
      }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = Math.max(0, Math.min(links.length - 1, next));
      links[index].tabIndex = -1;
      links[next].tabIndex = 0;
      links[next].focus();
    });
  }

  var SVG = "http://www.w3.org/2000/svg";
  var MAX_ZOOM = 32;

  /* The paper map. Its points are drawn by one path per topic ("M x yh0" for each, a dot
     by its round cap) in an SVG whose viewBox is the view: zooming and dragging change the
     viewBox, and the points keep their size on screen. The nth point is the paper of the
     nth link in the list below the map (#map-list), which gives it its address and name;
     a large catalog's map has no list: its first point is named by the svg's
     data-first-* attributes, the others by files of data-names-per-file points each
     (data-names<n>.json: [id, title, topic] a point), each file read when a point of it
     is first named.
     The map's one link is made here: it sits on the current point (a copy of its dot,
     drawn on top), and is made anew when that point changes, so that focus moves and a
     screen reader says the new name. */
  function paperMap(svg) {
    var figure = svg.parentNode;
    var root = figure.parentNode;
    var list = root.querySelector("#map-list");
    var namesUrl = svg.getAttribute("data-names");
    var perFile = +svg.getAttribute("data-names-per-file") || 1;
    if (!list && !namesUrl) return;
    var anchors = list && list.querySelectorAll("li > a");
    var count = list ? anchors.length : +svg.getAttribute("data-count");
    var papers = svg.getAttribute("data-papers");
    var rows = [], files = {};  // the names read so far, by point; the files asked for
    if (!list) {
      rows[0] = ["id", "title", "topic"].map(function (field) {
        return svg.getAttribute("data-first-" + field) || "";
      });
    }
    var box = svg.viewBox.baseVal;
    var full = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: full.x, y: full.y, w: full.w, h: full.h };
    var caption = figure.querySelector(".map-current");
    var tools = root.querySelector(".map-tools");
    var nearby = root.querySelector(".map-nearby");
    // Every point is read on first use, not on load: a page view that never touches the
    // map pays for one point and one link.
    var points = null, current = null, link = null;
    // Drawn above the topics' paths: the papers of a tapped crowd, then the link, the ring.
    var crowd = document.createElementNS(SVG, "g");
    crowd.setAttribute("class", "map-near");
    svg.appendChild(crowd);
    var ring = document.createElementNS(SVG, "circle");
    ring.setAttribute("class", "map-ring");
    svg.appendChild(ring);
    var POINT = /M\s*(-?[\d.]+)[\s,]+(-?[\d.]+)/g;

    function pointOf(x, y, path, index) {
      if (!list) {
        return {
          path: path,
          index: index,
          x: x,
          y: y,
          get href() { return rows[index] && papers + rows[index][0] + "/"; },
          get name() { return rows[index] && rows[index][1] + (rows[index][2] ? " (" + rows[index][2] + ")" : ""); },
        };
      }
      var anchor = anchors[index];
      var group = anchor.closest("ul");
      var topic = group && group.getAttribute("data-topic");
      return {
        path: path,
        index: index,
        href: anchor.getAttribute("href"),
        x: x,
        y: y,
        name: anchor.textContent + (topic ? " (" + topic + ")" : ""),
      };
    }

    /* Calls then() once every point of `found` has its name and address: at once when
       the list gave them, else when the files that hold them are read. A file that cannot
       be read is asked for again next time; meanwhile the caption says so. */
    function named(found, then) {
      var needed = {};
      found.forEach(function (p) {
        if (!p.href) needed[Math.floor(p.index / perFile)] = true;
      });
      var numbers = Object.keys(needed);
      if (!numbers.length) return then();
      Promise.all(numbers.map(function (n) {
        if (!files[n]) {
          files[n] = fetch(namesUrl + n + ".json")
            .then(function (response) {
              if (!response.ok) throw new Error(response.status + " " + response.url);
              return response.json();
            })
            .then(function (names) {
              names.forEach(function (row, i) { rows[n * perFile + i] = row; });
            })
            .catch(function (error) {
              delete files[n];  // asked again next time
              throw error;
            });
        }
        return files[n];
      })).then(then, function () {
        if (caption) caption.textContent = "The papers' names could not be read: try again.";
      });
    }

    /* A path of the given points, in the colour of the first one's topic. */
    function dots(found, extraClass) {
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("class", found[0].path.getAttribute("class") + (extraClass || ""));
      path.setAttribute("d", found.map(function (p) { return "M" + p.x + " " + p.y + "h0"; }).join(""));
      return path;
    }

    function ready() {
      if (points) return;
      // The topics' own paths: not the link's copy of a point, nor a crowd's.
      var paths = svg.querySelectorAll(":scope > path.map-points");
      points = [];
      Array.prototype.forEach.call(paths, function (path) {
        var d = path.getAttribute("d"), match;
        POINT.lastIndex = 0;
        while ((match = POINT.exec(d)) && points.length < count) {
          points.push(pointOf(+match[1], +match[2], path, points.length));
        }
      });
      current = points[current.index] || points[0];
    }

    /* The link on a point: the roving tab stop. The one it replaces is removed once the
       new one has focus. */
    function linkTo(point) {
      if (link && current === point) return;
      var old = link;
      var focused = old && document.activeElement === old;
      link = document.createElementNS(SVG, "a");
      link.setAttribute("href", point.href);
      link.setAttribute("aria-label", point.name);
      link.setAttribute("class", "map-link");
      link.appendChild(dots([point]));
      svg.insertBefore(link, ring);
      current = point;
      if (focused) link.focus();
      if (old) old.remove();
    }

    var first = svg.querySelector("path.map-points");
    POINT.lastIndex = 0;
    var firstAt = first && POINT.exec(first.getAttribute("d"));
    if (!firstAt || !count) return;
    current = pointOf(+firstAt[1], +firstAt[2], first, 0);
    named([current], function () {
      linkTo(current);
      // Now that the map holds a link, it is a group of papers rather than a picture.
      svg.setAttribute("role", "group");
      start();
    });

    /* The rest waits for the first point's name: the map's link, its zoom and its
       listeners. */
    function start() {

      function unitsPerPixel() {
        var width = svg.getBoundingClientRect().width;
        return width ? view.w / width : 1;
      }

      /* The CSS divides the points' radius by --map-zoom, so that a point keeps its size on
         screen and a zoomed-in crowd spreads out. */
      function resize() {
        svg.style.setProperty("--map-zoom", (full.w / view.w).toFixed(3));
        svg.style.touchAction = view.w < full.w ? "none" : "";
        placeRing();
      }

      function setView(x, y, w) {
        w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, w));
        var h = w * full.h / full.w;
        view = {
          x: Math.min(full.x + full.w - w, Math.max(full.x, x)),
          y: Math.min(full.y + full.h - h, Math.max(full.y, y)),
          w: w,
          h: h,
        };
        svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map(function (n) {
          return Math.round(n * 100) / 100;
        }).join(" "));
        resize();
      }

      function zoomAt(cx, cy, factor) {
        var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, view.w / factor));
        var h = w * full.h / full.w;
        setView(cx - (cx - view.x) * w / view.w, cy - (cy - view.y) * h / view.h, w);
      }

      /* Zoom around the current point if it is in view, else around the middle. */
      function zoomAround(factor) {
        var inside = current.x >= view.x && current.x <= view.x + view.w &&
          current.y >= view.y && current.y <= view.y + view.h;
        zoomAt(inside ? current.x : view.x + view.w / 2, inside ? current.y : view.y + view.h / 2, factor);
      }

      function show(point) {
        var w = view.w, h = view.h;
        if (point.x < view.x || point.x > view.x + w || point.y < view.y || point.y > view.y + h) {
          setView(point.x - w / 2, point.y - h / 2, w);
        }
      }

      /* The marked point (focused, or under the mouse): a ring drawn above every point, and
         its title under the map. */
      var marked = null;

      function placeRing() {
        if (!marked) return;
        ring.setAttribute("cx", marked.x);
        ring.setAttribute("cy", marked.y);
      }

      function mark(point) {
        marked = point;
        svg.classList.toggle("has-current", !!point);
        if (caption) caption.textContent = point ? point.name : "";
        placeRing();
      }

      function moveTo(point) {
        show(point);
        linkTo(point);
        link.focus();
        mark(point);
      }

      /* The nearest point in a direction: within 60 degrees of it, ranked by distance with
         sideways distance counted twice (how spatial navigation usually chooses). */
      function step(dx, dy) {
        var best = null, bestScore = Infinity;
        points.forEach(function (p) {
          if (p === current) return;
          var ax = p.x - current.x, ay = p.y - current.y;
          var along = ax * dx + ay * dy;
          var across = Math.abs(ax * dy - ay * dx);
          if (along <= 0 || across > along * 1.732) return;
          var score = along + 2 * across;
          if (score < bestScore) {
            best = p;
            bestScore = score;
          }
        });
        return best;
      }

      function toSvg(clientX, clientY) {
        var rect = svg.getBoundingClientRect();
        return {
          x: view.x + (clientX - rect.left) * view.w / rect.width,
          y: view.y + (clientY - rect.top) * view.h / rect.height,
        };
      }

      /* The points within `pixels` of a place on screen, nearest first. */
      function near(clientX, clientY, pixels) {
        var at = toSvg(clientX, clientY), reach = pixels * unitsPerPixel();
        return points
          .map(function (p) { return { point: p, d: Math.hypot(p.x - at.x, p.y - at.y) }; })
          .filter(function (hit) { return hit.d <= reach; })
          .sort(function (a, b) { return a.d - b.d; })
          .map(function (hit) { return hit.point; });
      }

      /* The point drawn under a mouse click: the link's, or else, when the click is on a
         dot, the nearest (all dots are as large, so the nearest is one the click is on). */
      function pointUnder(event) {
        if (link.contains(event.target)) return current;
        var onDot = event.target.classList && event.target.classList.contains("map-points");
        return onDot ? near(event.clientX, event.clientY, Infinity)[0] || null : null;
      }

      var NEARBY_MAX = 12;

      /* A crowd's papers drawn again on top, a path per topic, while the CSS dims the rest. */
      function highlight(found) {
        crowd.textContent = "";
        var byPath = [];
        found.forEach(function (p) {
          var group = byPath.find(function (g) { return g[0].path === p.path; });
          if (group) group.push(p);
          else byPath.push([p]);
        });
        byPath.forEach(function (group) { crowd.appendChild(dots(group, " is-near")); });
        var copy = link.firstChild;
        copy.classList.toggle("is-near", found.indexOf(current) >= 0);
      }

      function showNearby(found) {
        if (!nearby) return;
        var items = nearby.querySelector("ul");
        var title = nearby.querySelector(".map-nearby-title");
        items.textContent = "";
        found.slice(0, NEARBY_MAX).forEach(function (p) {
          var item = document.createElement("li");
          var anchor = document.createElement("a");
          anchor.href = p.href;
          anchor.textContent = p.name;
          item.appendChild(anchor);
          items.appendChild(item);
        });
        title.textContent = found.length > NEARBY_MAX
          ? "The " + NEARBY_MAX + " nearest of " + found.length + " papers here:"
          : found.length + " papers here:";
        highlight(found);
        svg.classList.add("has-near");
        nearby.hidden = false;
        title.focus({ preventScroll: true });
        nearby.scrollIntoView({ block: "start" });
      }

      function closeNearby() {
        if (!nearby || nearby.hidden) return;
        nearby.hidden = true;
        svg.classList.remove("has-near");
        highlight([]);
      }

      // Focus listeners go on the figure: Chromium makes an SVG element that has one focusable.
      figure.addEventListener("focusin", function (event) {
        if (event.target !== link) return;
        show(current);
        mark(current);
      });
      figure.addEventListener("focusout", function (event) {
        if (event.relatedTarget !== link) mark(null);
      });

      svg.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        ready();
        var direction = {
          ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1],
        }[event.key];
        if (direction) {
          event.preventDefault();
          var next = step(direction[0], direction[1]);
          // The last key pressed wins, and only while focus is still in the map.
          if (next) {
            wanted = next;
            named([next], function () {
              if (wanted === next && figure.contains(document.activeElement)) moveTo(next);
            });
          }
        } else if (event.key === "+" || event.key === "=") {
          event.preventDefault();
          zoomAround(2);
        } else if (event.key === "-") {
          event.preventDefault();
          zoomAround(0.5);
        } else if (event.key === "0" || event.key === "Escape") {
          if (view.w < full.w) event.preventDefault();
          setView(full.x, full.y, full.w);
        }
      });

      /* Pointer: a drag moves a zoomed map; a tap or click opens the paper under it, or
         lists the papers there when several are (a finger covers about 44 px). */
      var drag = null, hovered = null;
      var wanted = null;  // what the last key or tap asked for, while its names are read
      var lastPointer = "mouse";
      svg.addEventListener("pointerdown", function (event) {
        lastPointer = event.pointerType || "mouse";
        if (event.button !== 0) return;
        drag = { id: event.pointerId, x: event.clientX, y: event.clientY, view: view, moved: false };
      });
      svg.addEventListener("pointermove", function (event) {
        if (drag && drag.id === event.pointerId) {
          var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
          if (!drag.moved && Math.hypot(dx, dy) < 6) return;
          if (view.w >= full.w) return;
          if (!drag.moved) {
            drag.moved = true;
            svg.setPointerCapture(event.pointerId);
          }
          var scale = unitsPerPixel();
          setView(drag.view.x - dx * scale, drag.view.y - dy * scale, drag.view.w);
          return;
        }
        if (event.pointerType !== "mouse") return;
        if (document.activeElement === link) return;
        ready();
        // The point under the mouse gets the link too: a middle click, a Ctrl+click or the
        // context menu then open it as any link would.
        var point = near(event.clientX, event.clientY, 8)[0] || null;
        hovered = point;
        if (!point) return mark(null);
        named([point], function () {
          if (hovered !== point || document.activeElement === link) return;
          linkTo(point);
          mark(point);
        });
      });
      svg.addEventListener("pointerleave", function () {
        hovered = null;
        if (document.activeElement !== link) mark(null);
      });
      function endDrag(event) {
        if (drag && drag.id === event.pointerId && drag.moved) {
          drag.justMoved = true;
          setTimeout(function () { drag = null; }, 0);
        } else {
          drag = null;
        }
      }
      svg.addEventListener("pointerup", endDrag);
      svg.addEventListener("pointercancel", endDrag);

      svg.addEventListener("click", function (event) {
        // Enter on the focused point, or a click meant for a new tab: the link does as it says.
        if (event.detail === 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        if (drag && drag.justMoved) return;
        ready();
        var reach = lastPointer === "mouse" ? 6 : 22;
        var found = near(event.clientX, event.clientY, reach);
        var direct = lastPointer === "mouse" ? pointUnder(event) : null;
        var open = direct || (found.length === 1 ? found[0] : null);
        wanted = open || found;
        if (open) {
          named([open], function () { if (wanted === open) window.location.href = open.href; });
        } else if (found.length > NEARBY_MAX && view.w > full.w / MAX_ZOOM) {
          // Too many to list: zoom in on them, so that the next tap picks among fewer.
          closeNearby();
          var at = toSvg(event.clientX, event.clientY);
          zoomAt(at.x, at.y, 4);
        } else if (found.length > 1) {
          named(found.slice(0, NEARBY_MAX), function () { if (wanted === found) showNearby(found); });
        } else {
          closeNearby();
        }
      });

      if (tools) {
        tools.hidden = false;
        tools.addEventListener("click", function (event) {
          var button = event.target.closest("button");
          if (!button) return;
          ready();
          var action = button.getAttribute("data-map-zoom");
          if (action === "in") zoomAround(2);
          else if (action === "out") zoomAround(0.5);
          else if (action === "reset") setView(full.x, full.y, full.w);
        });
      }
      if (nearby) {
        nearby.querySelector("[data-map-close]").addEventListener("click", function () {
          closeNearby();
          link.focus();
        });
        nearby.addEventListener("keydown", function (event) {
          if (event.key === "Escape") {
            closeNearby();
            link.focus();
          }
        });
      }
      root.addEventListener("click", function (event) {
        var anchor = event.target.closest && event.target.closest('a[href="#map-list"]');
        if (anchor && list) list.open = true;
      });
    }
  }

  /* Material's search results give each result's tags a <nav>: several navigation
     landmarks with no name. Each is named after its result, so that a screen reader's
     list of landmarks tells them apart. */
  function nameResultTags(results) {
    new MutationObserver(function () {
      Array.prototype.forEach.call(
        results.querySelectorAll("nav.md-tags:not([aria-label])"),
        function (nav) {
          var title = nav.parentNode.querySelector("h1, h2");
          nav.setAttribute("aria-label", "Tags" + (title ? ": " + title.textContent : ""));
        }
      );
    }).observe(results, { childList: true, subtree: true });
  }

  var results = document.querySelector(".md-search-result__list");
  if (results) nameResultTags(results);
  Array.prototype.forEach.call(document.querySelectorAll("[data-roving]"), rovingList);
  Array.prototype.forEach.call(document.querySelectorAll(".paper-map svg"), paperMap);
})();
