/**
 * The dashboard's browser script, bundled at build time (esbuild, one IIFE) and inlined into the
 * page by the renderer: it reads the compact JSON of `dashboard-data.ts` from the page itself
 * (file:// cannot fetch), draws the cards, the grid and the trends, follows `#breakage=<fp>`
 * deep links, and marks `matrix-draw` with performance marks so the bench reads the draw time
 * from the page (`data-draw-ms`, and `data-drawn-at-ms` from navigation start).
 */
import type { DashboardData } from "../core/dashboard/dashboard-data.js";
import { drawCards } from "./cards.js";
import { drawFilters, type FilterState } from "./filters.js";
import { drawGrid, showDetail } from "./grid.js";
import { byId, minute } from "./html.js";
import { buildModel } from "./page-model.js";
import { drawTrends } from "./trends.js";

performance.mark("matrix-draw-start");
const data = JSON.parse(byId("matrix-data").textContent ?? "null") as DashboardData;
const model = buildModel(data);
const state: FilterState = { pkg: "", variant: "", status: "", target: "" };

/** Marks the breakage in the hash (its card, its cells) and opens its latest cell. */
function followHash(): void {
  // A fingerprint is hex today; letters, digits, `-` and `_` keep a hand-made one linkable too.
  state.target = /breakage=([\w-]+)/.exec(location.hash)?.[1] ?? "";
  drawCards(model, state);
  drawGrid(model, state);
  if (!state.target) return;
  document.getElementById(`b-${state.target}`)?.scrollIntoView({ block: "center" });
  for (let n = data.nights.length - 1; n >= 0; n--) {
    const col = model.failAt[n]?.findIndex(
      (f) => f !== undefined && f[2] >= 0 && data.fps[f[2]] === state.target,
    );
    if (col !== undefined && col >= 0) {
      showDetail(model, n, col);
      return;
    }
  }
}

byId("grid").addEventListener("click", (e) => {
  const td = (e.target as Element).closest("td[data-n]");
  if (!td) return;
  document.querySelector(".grid td.sel")?.classList.remove("sel");
  td.classList.add("sel");
  showDetail(model, Number(td.getAttribute("data-n")), Number(td.getAttribute("data-c")));
});
window.addEventListener("hashchange", followHash);
byId("title").textContent = `${data.name || "matrix"}: upstream breakages`;
byId("meta").textContent =
  `${data.nights.length} nights, ${data.cols.length} cells a night, drawn ${minute(data.generated)} UTC`;
drawFilters(model, state, () => {
  drawCards(model, state);
  drawGrid(model, state);
  drawTrends(model, state);
});
followHash();
drawTrends(model, state);
performance.mark("matrix-draw-end");
const measure = performance.measure("matrix-draw", "matrix-draw-start", "matrix-draw-end");
// From navigation start: parsing the page and its inline data included.
document.body.setAttribute("data-drawn-at-ms", performance.now().toFixed(1));
document.body.setAttribute("data-draw-ms", measure.duration.toFixed(1));
