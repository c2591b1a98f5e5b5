/**
 * The trends per job as hand-drawn SVG (no chart library: the page loads nothing): final loss,
 * seconds and peak memory per night, one line per visible variant, pinned solid, latest dashed,
 * upstream dotted. A gap in a series (a night without the metric) breaks its line; a series of
 * one point is a dot.
 */
import { colVisible, type FilterState } from "./filters.js";
import { byId, esc } from "./html.js";
import type { PageModel } from "./page-model.js";

const NAMES = ["final loss", "seconds", "peak memory (MB)"];
const W = 320;
const H = 120;
const P = 28;

interface LineStyle {
  color: string;
  dash: string;
  width: number;
  key: string;
}

function styleOf(variant: string): LineStyle {
  if (variant === "pinned") return { color: "#1b1f24", dash: "", width: 2.5, key: "\u2501" };
  if (variant.startsWith("latest")) return { color: "#0969da", dash: "6 3", width: 1.5, key: "\u254C" };
  return { color: "#bc4c00", dash: "2 2", width: 1.5, key: "\u2504" };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

/** One chart of metric `k` for columns `cols`, or "" when none of them reported it. */
function chart(model: PageModel, cols: number[], k: 0 | 1 | 2): string {
  const { data } = model;
  const N = data.nights.length;
  const series = (i: number) => data.metrics[i]?.[k] ?? [];
  const values = cols.flatMap((i) => series(i).filter((y): y is number => y != null));
  if (!values.length) return "";
  // A loop, not Math.min(...values): a year of nights x variants can pass the argument limit.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi === lo) {
    const pad = Math.abs(hi) * 0.1 || 1;
    hi += pad;
    lo -= pad;
  }
  const x = (n: number) => P + (N <= 1 ? (W - P - 4) / 2 : (n * (W - P - 4)) / (N - 1));
  const y = (v: number) => 6 + (1 - (v - lo) / (hi - lo)) * (H - 22);
  const lines: string[] = [];
  const keys: string[] = [];
  for (const i of cols) {
    const variant = data.cols[i]?.[0] ?? "";
    const s = styleOf(variant);
    const ys = series(i);
    const points = ys.flatMap((v, n) => (v == null ? [] : [n]));
    if (!points.length) continue;
    const title = `<title>${esc(variant)}</title>`;
    if (points.length === 1) {
      const n = points[0] as number;
      lines.push(
        `<circle cx="${x(n).toFixed(1)}" cy="${y(ys[n] as number).toFixed(1)}" r="3" fill="${s.color}">${title}</circle>`,
      );
    } else {
      let d = "";
      ys.forEach((v, n) => {
        if (v != null) d += `${ys[n - 1] == null ? "M" : "L"}${x(n).toFixed(1)} ${y(v).toFixed(1)}`;
      });
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
      lines.push(
        `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${dash}>${title}</path>`,
      );
    }
    keys.push(`<span>${s.key} <span style="color:${s.color}">${esc(variant)}</span></span>`);
  }
  const text = (attrs: string, body: string) => `<text ${attrs} font-size="10" fill="#59636e">${body}</text>`;
  const day = (n: number) => esc((data.nights[n]?.[1] ?? "").slice(0, 10));
  return (
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="trend">` +
    `<line x1="${P}" y1="${H - 16}" x2="${W}" y2="${H - 16}" stroke="#d1d9e0"/>` +
    text('x="2" y="12"', fmt(hi)) +
    text(`x="2" y="${H - 18}"`, fmt(lo)) +
    text(`x="${P}" y="${H - 3}"`, day(0)) +
    text(`x="${W}" y="${H - 3}" text-anchor="end"`, day(N - 1)) +
    `${lines.join("")}</svg><div class="keys">${keys.join("")}</div>`
  );
}

/** Draws every job's three charts over its visible columns. */
export function drawTrends(model: PageModel, state: FilterState): void {
  const { data } = model;
  const jobs: string[] = [];
  for (const [, job] of data.cols) if (!jobs.includes(job)) jobs.push(job);
  const html: string[] = [];
  for (const job of jobs) {
    const cols = data.cols.flatMap(([, j], i) => (j === job && colVisible(model, state, i) ? [i] : []));
    for (const k of [0, 1, 2] as const) {
      const svg = chart(model, cols, k);
      if (svg) html.push(`<div class="trend"><h4>${esc(job)} &middot; ${NAMES[k]}</h4>${svg}</div>`);
    }
  }
  byId("trends").innerHTML = html.length ? html.join("") : '<p class="empty">No metrics reported yet.</p>';
}
