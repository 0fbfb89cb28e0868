// Progressive enhancement only: every page works without this file.
// htmx requests carry the CSRF token from the layout's meta tags.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) {
    event.detail.headers[header.getAttribute("content")] = token.getAttribute("content");
  }
});

// Rows of key/value editors: "add row" clones the template row, "remove" deletes its row.
document.addEventListener("click", function (event) {
  var add = event.target.closest("[data-add-row]");
  if (add) {
    var table = document.getElementById(add.getAttribute("data-add-row"));
    var template = table.querySelector("template");
    var index = table.querySelectorAll("tbody tr").length;
    var html = template.innerHTML.replace(/__index__/g, String(index));
    table.querySelector("tbody").insertAdjacentHTML("beforeend", html);
    event.preventDefault();
  }
  var remove = event.target.closest("[data-remove-row]");
  if (remove) {
    remove.closest("tr").remove();
    event.preventDefault();
  }
});

// Wide tables and long preformatted blocks scroll inside their own box (slipway.css); those that do are
// made reachable by keyboard, so their hidden part can be scrolled into view without a mouse.
function markScrollableRegions() {
  document.querySelectorAll("main table, main pre").forEach(function (region) {
    var scrolls = region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight;
    if (scrolls && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("data-scroll-region", "");
    } else if (!scrolls && region.hasAttribute("data-scroll-region")) {
      region.removeAttribute("tabindex");
      region.removeAttribute("data-scroll-region");
    }
  });
}
document.addEventListener("DOMContentLoaded", markScrollableRegions);
document.addEventListener("htmx:afterSettle", markScrollableRegions);
window.addEventListener("resize", markScrollableRegions);

// The status panel fetches itself again on every change: objects a person had opened in its resource tree
// open again (and fetch their comparison once more) instead of folding away under them.
var openObjects = [];
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.target && event.detail.target.id === "status-panel") {
    openObjects = Array.prototype.map.call(event.detail.target.querySelectorAll("details[data-object][open]"),
      function (d) { return d.getAttribute("data-object"); });
  }
});
document.addEventListener("htmx:afterSettle", function (event) {
  if (!openObjects.length || !document.getElementById("status-panel")) {
    return;
  }
  document.querySelectorAll("#status-panel details[data-object]").forEach(function (d) {
    if (openObjects.indexOf(d.getAttribute("data-object")) >= 0) {
      d.open = true;
    }
  });
  openObjects = [];
});
