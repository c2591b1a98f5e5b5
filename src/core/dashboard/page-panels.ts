/**
 * The dashboard script's panels: the breakage cards (state, since when, culprit with PR, issue,
 * expected reason, deep link) and the trends per job as hand-drawn SVG (final loss, seconds, peak
 * memory; pinned solid, latest dashed, upstream dotted). Spliced into page-script.ts's function
 * scope, whose names (D, state, esc, link, colVisible, ...) it uses.
 */
export const PANELS_SCRIPT = String.raw`
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
        : c ? "bisect " + esc(c.status) + (c.reason ? ": " + esc(c.reason) : "") : (b.packages.length ? "not bisected" : "unknown");
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
    // Coverage of the latest night: a cell is tried when its job ran (pass, fail, flaky, timeout).
    var last = D.nights.length - 1, untried = [], planned = 0, tried = 0;
    if (last >= 0) D.cols.forEach(function (c, i) {
      var l = D.status[last][i];
      if (l === "-" || !colVisible(i)) return;
      planned++;
      if ("pfkt".indexOf(l) >= 0) tried++;
    });
    var coverage = tried + " of " + planned + " cells tried";
    $("breakages").innerHTML = open.length ? open.map(card).join("") : '<p class="empty">' + (tried === planned ? "Nothing is broken on the latest night (" + coverage + ")." : "No breakage among the cells tried on the latest night, but only " + coverage + ".") + "</p>";
    $("fixed").innerHTML = fixed.length ? fixed.map(card).join("") : '<p class="empty">No breakage fixed yet.</p>';
    $("count-open").textContent = String(open.length);
    $("coverage").textContent = last >= 0 ? "Latest night: " + coverage + "." : "";
    if (last >= 0) D.cols.forEach(function (c, i) {
      var l = D.status[last][i];
      if ((l === "x" || l === "u" || l === "s") && colVisible(i)) { var f = failAt[last][i]; untried.push([c[0] + " / " + c[1], "<li><code>" + esc(c[0]) + " / " + esc(c[1]) + "</code> " + esc(WORDS[l]) + (f && f[3] >= 0 ? ": " + esc(D.texts[f[3]].split("\n")[0].slice(0, 300)) : "") + "</li>"]); }
    });
    $("untried").innerHTML = untried.length ? "<details><summary>? Not tried on the latest night (" + untried.length + "): " + esc(untried.map(function (u) { return u[0]; }).join(", ")) + "</summary><ul>" + untried.map(function (u) { return u[1]; }).join("") + "</ul></details>" : "";
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

`;
