/**
 * The dashboard page: one self-contained HTML file (style, script and data inline), so it works
 * from file://, GitHub Pages and a downloaded artifact alike, with no CDN and no request. Pure:
 * the page script is data (src/page/, bundled by esbuild, read by src/adapters/page-bundle.ts),
 * and the engine redacts and writes the page.
 */
import type { DashboardData } from "./dashboard-data.js";
import { PAGE_STYLE } from "./page-style.js";
import { renderUpstreamPanel } from "./upstream-panel.js";
import type { UpstreamView } from "./upstream-view.js";

/** JSON safe inside a <script> element: no `<` (so no `</script>`), no line separators. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A script safe inside a <script> element: a `</script` in it would end the element early. Where
 * bundled code can hold one (a string, a regex, a comment), `<\/script` means the same to
 * JavaScript; esbuild already writes it so, this keeps any other script honest.
 */
export function inlineScript(script: string): string {
  return script.replace(/<\/(script)/gi, "<\\/$1");
}

/**
 * The whole page for `data`, drawn in the browser by `script` (the bundled page script); with
 * several projects, the upstream view comes first.
 */
export function renderPage(
  data: DashboardData,
  script: string,
  upstream: UpstreamView = { projects: [], rows: [] },
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(data.name ?? "matrix")}: upstream breakages</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1 id="title">matrix: upstream breakages</h1><span class="muted" id="meta"></span></header>
<main>
<noscript><p>This dashboard draws itself with JavaScript; the data is history/index.json and history/&lt;run&gt;.json.</p></noscript>
<div class="filters" role="search">
<label>package <select id="f-pkg"></select></label>
<label>variant <select id="f-variant"></select></label>
<label>status <select id="f-status"></select></label>
</div>
${renderUpstreamPanel(upstream)}
<section><h2>Broken now (<span id="count-open">0</span>)</h2><p class="muted" id="coverage"></p><div class="cards" id="breakages"></div><div class="muted" id="untried"></div></section>
<div class="layout">
<section><h2>Nights</h2><div class="legend" id="legend"></div><div class="gridwrap"><table class="grid" id="grid"></table></div></section>
<aside id="detail"><p class="empty">Pick a cell to see its versions, signature, excerpt and log.</p></aside>
</div>
<section><h2>Trends per job (pinned solid, latest dashed, upstream dotted)</h2><div class="trends" id="trends"></div></section>
<section><h2>Fixed</h2><div class="cards" id="fixed"></div></section>
</main>
<script type="application/json" id="matrix-data">${inlineJson(data)}</script>
<script>${inlineScript(script)}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string,
  );
}
