/**
 * The filters (package, variant, status) and the deep-linked breakage: which columns and cards
 * stay drawn. A package keeps pinned and the variants that move it; a status keeps the columns
 * that had it on some night (`broken`: fail, install-error or timeout).
 */
import { byId, esc } from "./html.js";
import { letterAt, type PageModel, WORDS } from "./page-model.js";

/** What the reader picked: "" is "all". `target` is the fingerprint in the URL's hash. */
export interface FilterState {
  pkg: string;
  variant: string;
  status: string;
  target: string;
}

const STATUS_CHOICES = [
  "broken",
  "fail",
  "flaky",
  "install-error",
  "timeout",
  "infra-error",
  "unsatisfiable",
  "stale-upstream",
];

/** The packages a variant moves: `latest-all` all of them, `upstream-a+b` a and b. */
export function packagesOfVariant(model: PageModel, variant: string): string[] {
  const m = /^(latest|upstream)-(.+)$/.exec(variant);
  if (!m?.[2]) return [];
  return m[2] === "all" ? model.packages : m[2].split("+");
}

/** Whether a status letter passes the status filter. */
export function statusMatches(state: FilterState, letter: string): boolean {
  if (!state.status) return true;
  if (state.status === "broken") return letter === "f" || letter === "i" || letter === "t";
  return WORDS[letter] === state.status;
}

/** Whether column `col` passes every filter. */
export function colVisible(model: PageModel, state: FilterState, col: number): boolean {
  const variant = model.data.cols[col]?.[0] ?? "";
  if (state.variant && variant !== state.variant) return false;
  if (state.pkg && variant !== "pinned" && !packagesOfVariant(model, variant).includes(state.pkg))
    return false;
  if (state.status) {
    for (let n = 0; n < model.data.status.length; n++)
      if (statusMatches(state, letterAt(model, n, col))) return true;
    return false;
  }
  return true;
}

/** Fills the three selects and redraws on every change. */
export function drawFilters(model: PageModel, state: FilterState, redraw: () => void): void {
  const variants: string[] = [];
  for (const [variant] of model.data.cols) if (!variants.includes(variant)) variants.push(variant);
  const options = (values: string[], all: string) =>
    `<option value="">${all}</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join("")}`;
  byId("f-pkg").innerHTML = options(model.packages, "all packages");
  byId("f-variant").innerHTML = options(variants, "all variants");
  byId("f-status").innerHTML = options(STATUS_CHOICES, "any status");
  for (const key of ["pkg", "variant", "status"] as const)
    byId(`f-${key}`).addEventListener("change", (e) => {
      state[key] = (e.target as HTMLSelectElement).value;
      redraw();
    });
}
