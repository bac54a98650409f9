// The overlay and the search: the reading views need no script.
(function () {
  "use strict";
  // Highlight a record's lines: ?from=109&to=112 (the page or source view).
  var params = new URLSearchParams(window.location.search);
  var from = parseInt(params.get("from"), 10), to = parseInt(params.get("to"), 10) || from;
  if (from) {
    var first = null;
    for (var n = from; n <= to; n++) {
      var el = document.getElementById("L" + n);
      if (el) { el.classList.add("hl"); first = first || el; }
    }
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  // Search over the prebuilt index (search-index.js sets window.COP_SEARCH).
  var input = document.getElementById("q");
  if (!input || !window.COP_SEARCH) { return; }
  var hits = document.getElementById("hits"), count = document.getElementById("count");
  function run() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    hits.textContent = "";
    if (!terms.length) { count.textContent = ""; return; }
    var found = window.COP_SEARCH.filter(function (e) {
      return terms.every(function (t) { return e.s.indexOf(t) >= 0; });
    });
    count.textContent = found.length + " hit" + (found.length === 1 ? "" : "s");
    found.slice(0, 100).forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = e.h; a.textContent = e.t;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + e.x.slice(0, 200)));
      hits.appendChild(li);
    });
  }
  input.addEventListener("input", run);
  if (params.get("q")) { input.value = params.get("q"); run(); }
})();
