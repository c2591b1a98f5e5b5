/**
 * The dashboard's browser script, inlined into the page. It reads the compact JSON of
 * `dashboard-data.ts` from the page itself (file:// cannot fetch), draws the breakage cards, the
 * grid of nights x (variant, job) as one string of HTML, and hand-drawn SVG trends, and marks
 * `matrix-draw` with performance marks so the bench reads the draw time from the page. Plain
 * ES2020, no template literals (this text is one), no network. One function scope: the panels'
 * part (page-panels.ts) is spliced in the middle and shares its names.
 */
import { PANELS_SCRIPT } from "./page-panels.js";

const PAGE_SCRIPT_HEAD = String.raw`
(function () {
  "use strict";
  performance.mark("matrix-draw-start");
  var D = JSON.parse(document.getElementById("matrix-data").textContent);
  var WORDS = { p: "pass", f: "fail", k: "flaky", i: "install-error", u: "unsatisfiable", t: "timeout", x: "infra-error", s: "stale-upstream", "-": "not run" };
  var SYMBOLS = { p: "\u2713", f: "\u2717", k: "\u2248", i: "\u2298", u: "U", t: "T", x: "?", s: "S", "-": "\u00B7" };
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
    $("f-status").innerHTML = options(["broken", "fail", "flaky", "install-error", "timeout", "infra-error", "unsatisfiable", "stale-upstream"], "any status");
    ["pkg", "variant", "status"].forEach(function (k) {
      $("f-" + k).addEventListener("change", function (e) { state[k] = e.target.value; drawCards(); drawGrid(); drawTrends(); });
    });
  }

`;

const PAGE_SCRIPT_TAIL = String.raw`
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
    var file = !f || f[4] === -1 ? "logs/" + D.cols[i][0] + "--" + D.cols[i][1] + ".log" : f[4] === -2 ? null : D.texts[f[4]];
    var log = file ? "../" + D.nights[n][0] + "/" + file : null;
    $("detail").innerHTML = "<h3>" + esc(D.cols[i][0]) + " / " + esc(D.cols[i][1]) + "</h3>" +
      "<p>" + esc(D.nights[n][1].slice(0, 16).replace("T", " ")) + " UTC <span class=muted>" + esc(D.nights[n][0]) + "</span></p>" +
      "<p><strong>" + SYMBOLS[letter] + " " + esc(WORDS[letter]) + "</strong>" + (fp ? ' &middot; breakage <a href="#breakage=' + esc(fp) + '">' + esc(fp) + "</a>" : "") + "</p>" +
      "<p>final loss " + esc(m[0][n] == null ? "-" : m[0][n]) + " &middot; " + (m[1][n] == null ? "- s" : esc(m[1][n]) + " s") + " &middot; peak memory " + (m[2][n] == null ? "-" : esc(m[2][n]) + " MB") + "</p>" +
      (rows ? "<table>" + rows + "</table>" : "") +
      (f && f[1] >= 0 ? "<h4>signature " + sigLetter[f[1]] + "</h4><pre>" + esc(D.sigs[f[1]]) + "</pre>" : "") +
      (f && f[3] >= 0 ? "<h4>excerpt</h4><pre>" + esc(D.texts[f[3]]) + "</pre>" : "") +
      (log ? '<p><a href="' + esc(encodeURI(log)) + '">log</a> <span class=muted>(beside the run folder)</span></p>' : "<p class=muted>no log: the variant could not be resolved</p>");
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

/** The whole script: set-up and the grid here, the cards and the trends in page-panels.ts. */
export const PAGE_SCRIPT = PAGE_SCRIPT_HEAD + PANELS_SCRIPT + PAGE_SCRIPT_TAIL;
