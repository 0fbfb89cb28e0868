// The usage section of the status page (templates/deploy/metrics.html): draws the service's CPU and memory over
// the chosen window with uPlot and refreshes the section from the metrics API every ~15 s. Everything shown is
// set as text (never as HTML), and no style attribute is written by hand: the Content-Security-Policy allows
// neither inline scripts nor inline styles.
(function () {
  "use strict";

  var HEIGHT = 180;
  var NEAR = 90;

  function cpu(m) { return m == null ? "–" : Math.round(m) + "m"; }

  // Binary units as Kubernetes writes memory, one decimal where not whole (as PodUsage.memory on the server).
  function memory(bytes) {
    if (bytes == null) return "–";
    var units = ["Ki", "Mi", "Gi", "Ti"], value = bytes, unit = "B";
    for (var i = 0; i < units.length && value >= 1024; i++) { value /= 1024; unit = units[i]; }
    if (unit === "B") return Math.round(bytes) + " B";
    var rounded = Math.round(value * 10) / 10;
    return String(rounded) + " " + unit;
  }

  function percent(used, limit) { return used == null || limit == null || limit <= 0 ? null : Math.round(used * 100 / limit); }

  // A pod without a request adds nothing; without a limit on any pod, the service as a whole has none.
  function total(pods, field, everyPod) {
    var sum = 0, any = false;
    for (var i = 0; i < pods.length; i++) {
      var v = pods[i][field];
      if (v == null) { if (everyPod) return null; } else { sum += v; any = true; }
    }
    return any ? sum : null;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = text;
    return e;
  }

  function usageCell(used, usedText, request, limit, format, near, what) {
    var td = el("td");
    var span = el("span", "metrics-used" + (near ? " metrics-near" : ""), usedText);
    span.setAttribute("data-testid", what + "-used");
    td.appendChild(span);
    var pct = percent(used, limit);
    td.appendChild(document.createTextNode(" "));
    if (near) {
      var badge = el("span", "badge text-bg-danger metrics-badge", "▲ " + pct + " % of limit");
      badge.setAttribute("data-testid", what + "-near-limit");
      td.appendChild(badge);
    } else if (pct != null) {
      td.appendChild(el("span", "small text-muted", pct + " % of limit"));
    }
    td.appendChild(el("div", "small text-muted", "request " + (request == null ? "none" : format(request))
        + " · limit " + (limit == null ? "none" : format(limit))));
    return td;
  }

  function start() {
    var root = document.getElementById("metrics");
    if (!root || typeof window.uPlot === "undefined") return;
    var url = root.getAttribute("data-url");
    var chosen = root.getAttribute("data-window");
    var interval = Number(root.getAttribute("data-interval")) || 15;
    var every = Math.min(15000, Math.max(5000, interval * 1000));
    var charts = {};
    var pending = null;

    function show(selector, visible) {
      var node = root.querySelector(selector);
      if (node) node.classList.toggle("d-none", !visible);
    }

    function draw(id, xs, used, request, limit, format) {
      var box = document.getElementById(id);
      var data = [xs, used, xs.map(function () { return request; }), xs.map(function () { return limit; })];
      if (charts[id]) {
        charts[id].setData(data);
        return;
      }
      var value = function (u, v) { return v == null ? "–" : format(v); };
      charts[id] = new window.uPlot({
        width: Math.max(240, box.clientWidth),
        height: HEIGHT,
        series: [
          {},
          { label: "used", stroke: "#0a58ca", fill: "rgba(10, 88, 202, 0.12)", width: 2, value: value },
          { label: "request", stroke: "#6c757d", dash: [4, 4], width: 1, value: value },
          { label: "limit", stroke: "#b02a37", dash: [8, 4], width: 1.5, value: value }
        ],
        scales: { y: { range: function (u, min, max) { return [0, Math.max(max || 0, 1) * 1.1]; } } },
        axes: [{}, { size: 56, values: function (u, ticks) { return ticks.map(format); } }]
      }, data, box);
    }

    function render(data) {
      show("[data-testid=metrics-unavailable]", !data.available);
      var reason = root.querySelector("[data-field=unavailable]");
      if (reason) reason.textContent = data.unavailable || "";
      var near = data.pods.some(function (p) { return p.cpuNearLimit || p.memoryNearLimit; });
      show("[data-testid=metrics-near-limit]", near);
      show(".metrics-charts", data.available || data.series.length > 0);
      show("[data-testid=metrics-no-samples]", data.series.length === 0);
      show(".table-responsive", data.available);

      var body = root.querySelector("[data-testid=metrics-pods] tbody");
      var rows = document.createDocumentFragment();
      data.pods.forEach(function (p) {
        var tr = el("tr");
        tr.setAttribute("data-pod", p.name);
        var th = el("th", "fw-normal text-break", p.name);
        th.setAttribute("scope", "row");
        tr.appendChild(th);
        tr.appendChild(usageCell(p.cpuMillicores, cpu(p.cpuMillicores), p.cpuRequestMillicores, p.cpuLimitMillicores,
            cpu, p.cpuNearLimit, "cpu"));
        tr.appendChild(usageCell(p.memoryBytes, memory(p.memoryBytes), p.memoryRequestBytes, p.memoryLimitBytes,
            memory, p.memoryNearLimit, "memory"));
        rows.appendChild(tr);
      });
      if (data.pods.length === 0) {
        var none = el("tr", "metrics-none");
        var td = el("td", "text-muted", "No pods measured.");
        td.setAttribute("colspan", "3");
        none.appendChild(td);
        rows.appendChild(none);
      }
      body.replaceChildren(rows);

      var xs = data.series.map(function (s) { return Date.parse(s.at) / 1000; });
      var mib = function (b) { return b / 1048576; };
      var mibText = function (v) { return (Math.round(v * 10) / 10) + " Mi"; };
      var memRequest = total(data.pods, "memoryRequestBytes", false), memLimit = total(data.pods, "memoryLimitBytes", true);
      draw("metrics-cpu-chart", xs, data.series.map(function (s) { return s.cpuMillicores; }),
          total(data.pods, "cpuRequestMillicores", false), total(data.pods, "cpuLimitMillicores", true), cpu);
      draw("metrics-memory-chart", xs, data.series.map(function (s) { return mib(s.memoryBytes); }),
          memRequest == null ? null : mib(memRequest), memLimit == null ? null : mib(memLimit), mibText);
      root.querySelector("[data-testid=metrics-updated]").textContent =
          "Updated " + new Date().toLocaleTimeString() + ".";
      root.setAttribute("data-loaded", String(Date.now()));
    }

    function load() {
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url + "?window=" + encodeURIComponent(chosen), {
        headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal
      }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(render).catch(function (e) {
        if (e.name === "AbortError") return;
        root.querySelector("[data-testid=metrics-updated]").textContent = "Could not refresh (" + e.message + ").";
      });
    }

    // The window links reload the page without JavaScript; with it, only this section changes.
    root.querySelectorAll(".metrics-windows a[data-window]").forEach(function (a) {
      a.addEventListener("click", function (event) {
        event.preventDefault();
        chosen = a.getAttribute("data-window");
        root.querySelectorAll(".metrics-windows a").forEach(function (other) {
          var active = other === a;
          other.classList.toggle("active", active);
          if (active) other.setAttribute("aria-current", "true"); else other.removeAttribute("aria-current");
        });
        var address = new URL(window.location.href);
        address.searchParams.set("window", chosen);
        window.history.replaceState(null, "", address.toString());
        load();
      });
    });

    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        Object.keys(charts).forEach(function (id) {
          var box = document.getElementById(id);
          if (box.clientWidth > 0) charts[id].setSize({ width: box.clientWidth, height: HEIGHT });
        });
      }).observe(root);
    }

    load();
    setInterval(function () { if (!document.hidden) load(); }, every);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
