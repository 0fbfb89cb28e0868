// The live tail of the logs page (templates/deploy/logs.html): lines of every pod from logs/stream, each after its
// pod's name in the pod's own colour. Log text is only ever set as textContent, never parsed as HTML.
(function () {
  "use strict";
  var root = document.getElementById("log-tail");
  if (!root || !window.EventSource) {
    return;
  }
  var box = root.querySelector("[data-testid=log-lines]");
  var stateLabel = document.querySelector("[data-testid=log-state]");
  var filterInput = root.querySelector("[data-testid=log-filter]");
  var pauseButton = root.querySelector("[data-testid=log-pause]");
  var followBox = root.querySelector("[data-testid=log-follow]");
  var clearButton = root.querySelector("[data-testid=log-clear]");
  var podList = root.querySelector("[data-testid=log-pods]");
  var countLabel = root.querySelector("[data-testid=log-count]");
  var maxLines = parseInt(root.getAttribute("data-max-lines"), 10) || 5000;
  var podLogBase = root.getAttribute("data-pod-log");
  var COLOURS = 8;

  var paused = false;
  var waiting = [];
  var filter = "";
  var pods = {};
  var scrolling = false;

  [pauseButton, followBox.parentNode, clearButton].forEach(function (el) { el.hidden = false; });
  filterInput.form.addEventListener("submit", function (event) { event.preventDefault(); });
  filter = filterInput.value.toLowerCase();

  function say(text, tone) {
    stateLabel.textContent = text;
    stateLabel.className = "log-state log-state-" + tone;
  }

  // A colour per pod, kept while the page is open: pods get them in the order they first write, from a list
  // ordered so that the first few are far apart (blue, orange, green, purple, …); only a ninth pod repeats one.
  var ORDER = [0, 2, 1, 3, 5, 6, 4, 7];
  var seen = 0;
  function colourOf() {
    return ORDER[seen++ % COLOURS];
  }

  // Pods are named <deployment>-<replicaset hash>-<id>: the last two parts tell them apart (a phone shows the
  // id alone). A name of another shape keeps its last 16 characters.
  function shortName(pod) {
    var parts = pod.split("-");
    if (parts.length > 2) {
      return {revision: parts[parts.length - 2] + "-", id: parts[parts.length - 1]};
    }
    return {revision: "", id: pod.length > 16 ? "…" + pod.slice(-15) : pod};
  }

  function podLabel(pod, colour) {
    var name = shortName(pod);
    var label = document.createElement("span");
    label.className = "log-pod log-pod-" + colour;
    if (name.revision) {
      var revision = document.createElement("span");
      revision.className = "log-pod-revision";
      revision.textContent = name.revision;
      label.appendChild(revision);
    }
    label.appendChild(document.createTextNode(name.id));
    return label;
  }

  function knowPod(pod) {
    if (pods[pod] !== undefined) {
      return pods[pod];
    }
    var colour = colourOf();
    pods[pod] = colour;
    var item = document.createElement("li");
    item.className = "log-pod-item";
    var chip = podLabel(pod, colour);
    var link = document.createElement("a");
    link.href = podLogBase + (podLogBase.indexOf("?") < 0 ? "?" : "&") + "pod=" + encodeURIComponent(pod);
    link.textContent = pod;
    link.className = "text-break";
    link.setAttribute("data-testid", "log-pod-link");
    item.appendChild(chip);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(link);
    podList.appendChild(item);
    return colour;
  }

  function matches(el) {
    return !filter || el.getAttribute("data-search").indexOf(filter) >= 0;
  }

  function atBottom() {
    return box.scrollHeight - box.scrollTop - box.clientHeight < 8;
  }

  function toBottom() {
    if (followBox.checked) {
      scrolling = true;
      box.scrollTop = box.scrollHeight;
    }
  }

  function count() {
    var kept = box.childElementCount;
    var shown = filter ? box.querySelectorAll(".log-line:not([hidden])").length : kept;
    countLabel.textContent = kept + (kept === 1 ? " line" : " lines") + " kept (the newest " + maxLines.toLocaleString()
      + " at most)" + (filter ? ", " + shown + " match the filter" : "")
      + (paused ? "; paused, " + waiting.length + " new waiting" : "");
    pauseButton.textContent = paused ? "Resume" + (waiting.length ? " (" + waiting.length + " new)" : "") : "Pause";
  }

  function lineElement(data) {
    var row = document.createElement("div");
    row.className = "log-line";
    row.setAttribute("data-pod", data.pod);
    var prefix = podLabel(data.pod, knowPod(data.pod));
    prefix.title = data.pod + "/" + data.container + (data.at ? " at " + data.at : "");
    var text = document.createElement("span");
    text.className = "log-text";
    text.textContent = data.line;
    row.appendChild(prefix);
    row.appendChild(text);
    row.setAttribute("data-search", (data.pod + " " + data.line).toLowerCase());
    row.hidden = !matches(row);
    return row;
  }

  function noticeElement(text) {
    var row = document.createElement("div");
    row.className = "log-line log-notice";
    row.setAttribute("data-search", text.toLowerCase());
    row.textContent = text;
    return row;
  }

  function append(rows) {
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    box.appendChild(fragment);
    while (box.childElementCount > maxLines) {
      box.removeChild(box.firstElementChild);
    }
    toBottom();
    count();
  }

  function receive(row) {
    if (paused) {
      waiting.push(row);
      if (waiting.length > maxLines) {
        waiting.shift();
      }
      count();
      return;
    }
    append([row]);
  }

  var source = new EventSource(root.getAttribute("data-stream"));
  source.addEventListener("open", function () { say("Live", "live"); });
  source.addEventListener("line", function (event) {
    receive(lineElement(JSON.parse(event.data)));
  });
  source.addEventListener("notice", function (event) {
    receive(noticeElement(event.data));
  });
  source.addEventListener("error", function () {
    if (source.readyState === EventSource.CLOSED) {
      say("Disconnected: reload the page to follow again", "off");
    } else {
      say("Reconnecting…", "off");
    }
  });
  window.addEventListener("pagehide", function () { source.close(); });

  pauseButton.addEventListener("click", function () {
    paused = !paused;
    pauseButton.setAttribute("aria-pressed", String(paused));
    if (!paused && waiting.length) {
      var rows = waiting;
      waiting = [];
      append(rows);
    }
    say(paused ? "Paused" : "Live", paused ? "paused" : "live");
    count();
  });

  clearButton.addEventListener("click", function () {
    box.textContent = "";
    waiting = [];
    count();
  });

  filterInput.addEventListener("input", function () {
    filter = filterInput.value.trim().toLowerCase();
    Array.prototype.forEach.call(box.children, function (row) { row.hidden = !matches(row); });
    toBottom();
    count();
  });

  // Follow keeps the newest line in view; scrolling up to read stops it, scrolling back down starts it again.
  box.addEventListener("scroll", function () {
    if (scrolling) {
      scrolling = false;
      return;
    }
    followBox.checked = atBottom();
  });
  followBox.addEventListener("change", toBottom);
  count();
})();
