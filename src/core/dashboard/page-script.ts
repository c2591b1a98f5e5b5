/**
 * The dashboard's browser script, inlined into the page. It reads the compact JSON of
 * `dashboard-data.ts` from the page itself (file:// cannot fetch), draws the breakage cards, the
 * grid of nights x (variant, job) as one string of HTML, and hand-drawn SVG trends, and marks
 * `matrix-draw` with performance marks so the bench reads the draw time from the page. Plain
 * ES2020, no template literals (this text is one), no network.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  performance.mark("matrix-draw-start");
  var D = JSON.parse(document.getElementById("matrix-data").textContent);
  var WORDS = { p: "pass", f: "fail", k: "flaky", i: "install-error", u: "unsatisfiable", t: "timeout", x: "infra-error", "-": "not run" };
  var SYMBOLS = { p: "\u2713", f: "\u2717", k: "\u2248", i: "\u2298", u: "U", t: "T", x: "?", "-": "\u00B7" };
  var state = { pkg: "", variant: "", status: "", target: "" };
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function short(ref) { return /^[0-9a-f]{40}$/.test(ref || "") ? ref.slice(0, 12) : ref; }
  function safeUrl(u) { return /^https?:\/\//.test(u || "") ? u : null; }
  function link(u, text) { var s = safeUrl(u); return s ? '<a href="' + esc(s) + '" rel="noreferrer">' + esc(text) + "</a>" : esc(text); }

  // Signatures: one letter and one hue each, in the order they first fail, on every night.
  var sigLetter = {}, sigCount = 0;
  function letterOf(n) { var s = ""; n += 1; while (n > 0) { var r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); } return s; }
  var failAt = D.fails.map(function (list) {
    var m = {};
    list.forEach(function (f) { m[f[0]] = f; });
    return m;
  });
  // Only failures get a letter: a cell that could not be tried (unreachable upstream) is "?".
  var LETTERED = { f: 1, i: 1, t: 1, k: 1 };
  failAt.forEach(function (_, n) {
    D.fails[n].forEach(function (f) { if (f[1] >= 0 && LETTERED[D.status[n][f[0]]] && sigLetter[f[1]] === undefined) sigLetter[f[1]] = letterOf(sigCount++); });
  });
  function hue(sig) { return (sig * 137.508) % 360; }

  function packagesOfVariant(v) {
    var m = /^(latest|upstream)-(.+)$/.exec(v);
    if (!m) return [];
    if (m[2] === "all") return allPackages;
    return m[2].split("+");
  }
  var allPackages = [];
  (function () {
    var seen = {};
    D.cols.forEach(function (c) { var m = /^(?:latest|upstream)-(.+)$/.exec(c[0]); if (m && m[1] !== "all") m[1].split("+").forEach(function (p) { seen[p] = 1; }); });
    D.breakages.forEach(function (b) { b.packages.forEach(function (p) { seen[p] = 1; }); });
    allPackages = Object.keys(seen).sort();
  })();

  function colVisible(i) {
    var v = D.cols[i][0];
    if (state.variant && v !== state.variant) return false;
    if (state.pkg && v !== "pinned" && packagesOfVariant(v).indexOf(state.pkg) < 0) return false;
    if (state.status) {
      for (var n = 0; n < D.status.length; n++) if (statusMatches(D.status[n][i])) return true;
      return false;
    }
    return true;
  }
  function statusMatches(letter) {
    if (!state.status) return true;
    if (state.status === "broken") return letter === "f" || letter === "i" || letter === "t";
    return WORDS[letter] === state.status;
  }

  function drawFilters() {
    var variants = [];
    D.cols.forEach(function (c) { if (variants.indexOf(c[0]) < 0) variants.push(c[0]); });
    function options(values, all) { return '<option value="">' + all + "</option>" + values.map(function (v) { return '<option value="' + esc(v) + '">' + esc(v) + "</option>"; }).join(""); }
    $("f-pkg").innerHTML = options(allPackages, "all packages");
    $("f-variant").innerHTML = options(variants, "all variants");
    $("f-status").innerHTML = options(["broken", "fail", "flaky", "install-error", "timeout", "infra-error", "unsatisfiable"], "any status");
    ["pkg", "variant", "status"].forEach(function (k) {
      $("f-" + k).addEventListener("change", function (e) { state[k] = e.target.value; drawCards(); drawGrid(); drawTrends(); });
    });
  }

  function cardVisible(b) {
    if (state.pkg && b.packages.indexOf(state.pkg) < 0) return false;
    if (state.variant && b.variants.indexOf(state.variant) < 0) return false;
    if (state.status && state.status !== "broken" && b.status !== state.status) return false;
    return true;
  }
  function nightLabel(run) { for (var i = 0; i < D.nights.length; i++) if (D.nights[i][0] === run) return D.nights[i][1].slice(0, 10) + " (" + run + ")"; return run; }
  function drawCards() {
    var open = [], fixed = [];
    D.breakages.forEach(function (b) { if (cardVisible(b)) (b.state === "fixed" ? fixed : open).push(b); });
    function card(b) {
      var c = b.culprit, issue = b.issue;
      var culprit = c && c.ref
        ? "<code>" + esc(c.package) + "</code> " + esc(c.kind === "commits" ? "commit" : c.kind === "releases" ? "release" : "") + " <code>" + esc(short(c.ref)) + "</code>" + (c.title ? " " + esc(c.title) : "") + (c.pr ? " " + link(c.url, "PR #" + c.pr) : c.url ? " " + link(c.url, "compare") : "") + (c.status !== "found" ? " [" + esc(c.status) + "]" : "") + (c.with && c.with.length ? " with " + esc(c.with.join(", ")) + " moved" : "")
        : c ? "bisect " + esc(c.status) : (b.packages.length ? "not bisected" : "unknown");
      var iss = issue ? (issue.url ? link(issue.url, (issue.repo ? issue.repo : "") + "#" + (issue.number == null ? "?" : issue.number)) : "draft") + " (" + esc(issue.state) + ")" : "none yet";
      var cls = "card" + (b.state === "fixed" ? " fixed" : "") + (b.expected ? " expected" : "") + (state.target === b.fingerprint ? " target" : "");
      return '<article class="' + cls + '" id="b-' + esc(b.fingerprint) + '"><h3><span class="state state-' + esc(b.state) + '">' + esc(b.state.toUpperCase()) + "</span>" +
        (b.blocker ? '<span class="state state-new">BLOCKS RELEASE</span>' : "") +
        "<span>" + esc(b.packages.length ? b.packages.join(" + ") : "unknown package") + " / " + esc(b.job) + "</span>" +
        ' <a href="#breakage=' + esc(b.fingerprint) + '" title="link to this breakage">#</a></h3><dl>' +
        "<dt>variants</dt><dd>" + esc(b.variants.join(", ")) + "</dd>" +
        "<dt>status</dt><dd>" + esc(b.status) + ' <code title="' + esc(b.signature) + '">' + esc((b.signature || "").split("\n")[0].split(" @ ")[0].slice(0, 160)) + "</code></dd>" +
        "<dt>first seen</dt><dd>" + esc(nightLabel(b.first_seen)) + "</dd>" +
        (b.state === "fixed"
          ? "<dt>fixed</dt><dd>" + esc(nightLabel(b.fixed_in)) + (b.fixed_by ? " at <code>" + esc(b.fixed_by.package) + " " + esc(short(b.fixed_by.version)) + "</code>" : "") + "</dd>"
          : "<dt>red since</dt><dd>" + esc(nightLabel(b.since)) + ", " + b.nights_red + (b.nights_red === 1 ? " night" : " nights") + (b.streaks > 1 ? " (came back " + (b.streaks - 1) + "x)" : "") + "</dd>") +
        "<dt>culprit</dt><dd>" + culprit + "</dd>" +
        "<dt>issue</dt><dd>" + iss + "</dd>" +
        (b.expected ? "<dt>expected</dt><dd>" + esc(b.expected) + "</dd>" : "") +
        "</dl></article>";
    }
    $("breakages").innerHTML = open.length ? open.map(card).join("") : '<p class="empty">Nothing is broken on the latest night.</p>';
    $("fixed").innerHTML = fixed.length ? fixed.map(card).join("") : '<p class="empty">No breakage fixed yet.</p>';
    $("count-open").textContent = String(open.length);
    var last = D.nights.length - 1, untried = [];
    if (last >= 0) D.cols.forEach(function (c, i) {
      var l = D.status[last][i];
      if ((l === "x" || l === "u") && colVisible(i)) { var f = failAt[last][i]; untried.push([c[0] + " / " + c[1], "<li><code>" + esc(c[0]) + " / " + esc(c[1]) + "</code> " + esc(WORDS[l]) + (f && f[3] >= 0 ? ": " + esc(D.texts[f[3]].split("\n")[0].slice(0, 300)) : "") + "</li>"]); }
    });
    $("untried").innerHTML = untried.length ? "<details><summary>? Not tried on the latest night (" + untried.length + "): " + esc(untried.map(function (u) { return u[0]; }).join(", ")) + "</summary><ul>" + untried.map(function (u) { return u[1]; }).join("") + "</ul></details>" : "";
  }

  function cellHtml(n, i) {
    var letter = D.status[n][i];
    var f = failAt[n][i];
    var sig = f && f[1] >= 0 && LETTERED[letter] ? f[1] : -1;
    var text = SYMBOLS[letter] + (sig >= 0 ? sigLetter[sig] : "");
    var style = sig >= 0 && letter !== "k" ? ' style="background:hsl(' + hue(sig).toFixed(0) + ',80%,88%)"' : "";
    var cls = "s-" + (letter === "-" ? "m" : letter) + (f && f[2] >= 0 && D.fps[f[2]] === state.target ? " sel" : "");
    return '<td class="' + cls + '" data-n="' + n + '" data-c="' + i + '"' + style + ' title="' + esc(WORDS[letter]) + '">' + text + "</td>";
  }
  function drawGrid() {
    var cols = [];
    for (var i = 0; i < D.cols.length; i++) if (colVisible(i)) cols.push(i);
    var groups = "";
    for (var g = 0; g < cols.length; ) {
      var span = 1;
      while (g + span < cols.length && D.cols[cols[g + span]][1] === D.cols[cols[g]][1]) span++;
      groups += '<th class="job" colspan="' + span + '">' + esc(D.cols[cols[g]][1]) + "</th>";
      g += span;
    }
    var head = '<tr><th class="job"></th>' + groups + "</tr><tr><th>night</th>" + cols.map(function (i) { return '<th title="' + esc(D.cols[i][0] + " / " + D.cols[i][1]) + '"><span>' + esc(D.cols[i][0]) + "</span></th>"; }).join("") + "</tr>";
    var rows = [];
    for (var n = D.nights.length - 1; n >= 0; n--) {
      if (state.status) { var any = false; for (var k = 0; k < cols.length; k++) if (statusMatches(D.status[n][cols[k]])) { any = true; break; } if (!any) continue; }
      var r = '<tr><th title="' + esc(D.nights[n][0]) + '">' + esc(D.nights[n][1].slice(0, 16).replace("T", " ")) + "</th>";
      for (var j = 0; j < cols.length; j++) r += cellHtml(n, cols[j]);
      rows.push(r + "</tr>");
    }
    $("grid").innerHTML = "<thead>" + head + "</thead><tbody>" + (rows.length ? rows.join("") : '<tr><td class="empty">no nights match</td></tr>') + "</tbody>";
    var legend = Object.keys(WORDS).map(function (l) { return "<span>" + SYMBOLS[l] + " " + WORDS[l] + "</span>"; });
    Object.keys(sigLetter).slice(0, 12).forEach(function (s) { legend.push('<span style="background:hsl(' + hue(+s).toFixed(0) + ',80%,88%)">' + sigLetter[s] + " <code>" + esc(D.sigs[s].split("\n")[0].slice(0, 110)) + "</code></span>"); });
    $("legend").innerHTML = legend.join("");
  }

  function showDetail(n, i) {
    var f = failAt[n][i], letter = D.status[n][i];
    var vs = D.versions[n][i] >= 0 ? D.vsets[D.versions[n][i]] : {};
    var fp = f && f[2] >= 0 ? D.fps[f[2]] : null;
    var rows = Object.keys(vs).map(function (p) { return "<tr><td>" + esc(p) + '</td><td title="' + esc(vs[p]) + '"><code>' + esc(short(vs[p])) + "</code></td></tr>"; }).join("");
    var m = D.metrics[i];
    var log = "../" + D.nights[n][0] + "/logs/" + D.cols[i][0] + "--" + D.cols[i][1] + ".log";
    $("detail").innerHTML = "<h3>" + esc(D.cols[i][0]) + " / " + esc(D.cols[i][1]) + "</h3>" +
      "<p>" + esc(D.nights[n][1]) + " <span class=muted>" + esc(D.nights[n][0]) + "</span></p>" +
      "<p><strong>" + SYMBOLS[letter] + " " + esc(WORDS[letter]) + "</strong>" + (fp ? ' &middot; breakage <a href="#breakage=' + esc(fp) + '">' + esc(fp) + "</a>" : "") + "</p>" +
      "<p>final loss " + esc(m[0][n] == null ? "-" : m[0][n]) + " &middot; " + esc(m[1][n] == null ? "-" : m[1][n]) + " s &middot; peak " + esc(m[2][n] == null ? "-" : m[2][n]) + " MB</p>" +
      (rows ? "<table>" + rows + "</table>" : "") +
      (f && f[1] >= 0 ? "<h4>signature " + sigLetter[f[1]] + "</h4><pre>" + esc(D.sigs[f[1]]) + "</pre>" : "") +
      (f && f[3] >= 0 ? "<h4>excerpt</h4><pre>" + esc(D.texts[f[3]]) + "</pre>" : "") +
      '<p><a href="' + esc(encodeURI(log)) + '">log</a> <span class=muted>(beside the run folder)</span></p>';
  }

  function drawTrends() {
    var jobs = [];
    D.cols.forEach(function (c) { if (jobs.indexOf(c[1]) < 0) jobs.push(c[1]); });
    var names = ["final loss", "seconds", "peak memory (MB)"];
    var html = [];
    jobs.forEach(function (job) {
      var cols = [];
      D.cols.forEach(function (c, i) { if (c[1] === job && colVisible(i)) cols.push(i); });
      for (var k = 0; k < 3; k++) {
        var svg = chart(cols, k);
        if (svg) html.push('<div class="trend"><h4>' + esc(job) + " &middot; " + names[k] + "</h4>" + svg + "</div>");
      }
    });
    $("trends").innerHTML = html.length ? html.join("") : '<p class="empty">No metrics reported yet.</p>';
  }
  function styleOf(v) {
    if (v === "pinned") return { color: "#1b1f24", dash: "", width: 2.5, key: "solid" };
    if (v.indexOf("latest") === 0) return { color: "#0969da", dash: "6 3", width: 1.5, key: "dashed" };
    return { color: "#bc4c00", dash: "2 2", width: 1.5, key: "dotted" };
  }
  function chart(cols, k) {
    var W = 320, H = 120, P = 28, N = D.nights.length, lo = Infinity, hi = -Infinity;
    cols.forEach(function (i) { D.metrics[i][k].forEach(function (y) { if (y != null) { if (y < lo) lo = y; if (y > hi) hi = y; } }); });
    if (lo === Infinity) return "";
    if (hi === lo) { var pad = Math.abs(hi) * 0.1 || 1; hi += pad; lo -= pad; }
    var x = function (n) { return P + (N <= 1 ? (W - P - 4) / 2 : (n * (W - P - 4)) / (N - 1)); };
    var y = function (v) { return 6 + (1 - (v - lo) / (hi - lo)) * (H - 22); };
    var lines = [], keys = [];
    cols.forEach(function (i) {
      var s = styleOf(D.cols[i][0]), d = "", pen = false, ys = D.metrics[i][k], pts = 0;
      for (var n = 0; n < N; n++) { var v = ys[n]; if (v == null) { pen = false; continue; } d += (pen ? "L" : "M") + x(n).toFixed(1) + " " + y(v).toFixed(1); pen = true; pts++; }
      if (!pts) return;
      if (pts === 1) { var last = ys.findIndex(function (v) { return v != null; }); lines.push('<circle cx="' + x(last).toFixed(1) + '" cy="' + y(ys[last]).toFixed(1) + '" r="3" fill="' + s.color + '"><title>' + esc(D.cols[i][0]) + "</title></circle>"); }
      else lines.push('<path d="' + d + '" fill="none" stroke="' + s.color + '" stroke-width="' + s.width + '"' + (s.dash ? ' stroke-dasharray="' + s.dash + '"' : "") + "><title>" + esc(D.cols[i][0]) + "</title></path>");
      keys.push("<span>" + (s.key === "solid" ? "\u2501" : s.key === "dashed" ? "\u254C" : "\u2504") + ' <span style="color:' + s.color + '">' + esc(D.cols[i][0]) + "</span></span>");
    });
    var fmt = function (v) { return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3); };
    return '<svg viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="trend">' +
      '<line x1="' + P + '" y1="' + (H - 16) + '" x2="' + W + '" y2="' + (H - 16) + '" stroke="#d1d9e0"/>' +
      '<text x="2" y="12" font-size="10" fill="#59636e">' + fmt(hi) + '</text><text x="2" y="' + (H - 18) + '" font-size="10" fill="#59636e">' + fmt(lo) + "</text>" +
      '<text x="' + P + '" y="' + (H - 3) + '" font-size="10" fill="#59636e">' + esc(D.nights[0][1].slice(0, 10)) + '</text><text x="' + W + '" y="' + (H - 3) + '" font-size="10" fill="#59636e" text-anchor="end">' + esc(D.nights[N - 1][1].slice(0, 10)) + "</text>" +
      lines.join("") + '</svg><div class="keys">' + keys.join("") + "</div>";
  }

  function followHash() {
    var m = /breakage=([0-9a-zA-Z]+)/.exec(location.hash);
    state.target = m ? m[1] : "";
    drawCards();
    drawGrid();
    if (!state.target) return;
    var card = document.getElementById("b-" + state.target);
    if (card) card.scrollIntoView({ block: "center" });
    for (var n = D.nights.length - 1; n >= 0; n--)
      for (var c in failAt[n]) { var f = failAt[n][c]; if (f[2] >= 0 && D.fps[f[2]] === state.target) { showDetail(n, +c); return; } }
  }

  $("grid").addEventListener("click", function (e) {
    var td = e.target.closest ? e.target.closest("td[data-n]") : null;
    if (!td) return;
    var prev = document.querySelector(".grid td.sel");
    if (prev) prev.classList.remove("sel");
    td.classList.add("sel");
    showDetail(+td.getAttribute("data-n"), +td.getAttribute("data-c"));
  });
  window.addEventListener("hashchange", followHash);
  $("title").textContent = (D.name || "matrix") + ": upstream breakages";
  $("meta").textContent = D.nights.length + " nights, " + D.cols.length + " cells a night, drawn " + D.generated.slice(0, 16).replace("T", " ") + " UTC";
  drawFilters();
  followHash();
  drawTrends();
  performance.mark("matrix-draw-end");
  var measure = performance.measure("matrix-draw", "matrix-draw-start", "matrix-draw-end");
  // From navigation start: parsing the page and its inline data included.
  document.body.setAttribute("data-drawn-at-ms", performance.now().toFixed(1));
  document.body.setAttribute("data-draw-ms", measure.duration.toFixed(1));
})();
`;
