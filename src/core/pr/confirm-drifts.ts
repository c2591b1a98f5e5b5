/**
 * Drifts that do not cry wolf. A cell that passes on both sides but drifts past a `pr:` limit is
 * measured again in the reversed order (head first, then base) before the drift counts: a loaded
 * machine, a cold cache or a busy disk slows whichever side ran at that moment, and a pull
 * request's own cost slows its head in either order. A drift counts only when the same number is
 * past its limit in both orders (crater re-runs its regressions for the same reason); otherwise
 * the cell passes on both, `re-measured: noise`. Every cell of a run is judged here. Pure.
 */
import type { PrThresholds } from "../matrix/model.js";
import type { ResultRecord } from "../results/result-record.js";
import { cellNumbersOf } from "./cell-numbers.js";
import { classifyCell, driftsOf, type PrCell, type PrDrift } from "./classify-cell.js";

const PASSING = new Set(["pass", "flaky"]);

/** Limits nothing stays under: every number both sides reported comes back as a drift. */
const UNLIMITED: PrThresholds = {
  maxSlowdown: Number.NEGATIVE_INFINITY,
  maxMemoryGrowth: Number.NEGATIVE_INFINITY,
  maxLossDelta: Number.NEGATIVE_INFINITY,
};

/** The results of one `matrix pr` run: both sides, the head's re-runs, the reversed re-measures. */
export interface PrRunResults {
  results: readonly ResultRecord[];
  reruns: readonly ResultRecord[];
  /** `remeasure/results/`: the cells whose drift was measured again, head first, then base. */
  remeasures: readonly ResultRecord[];
}

/** Whether a judged cell's numbers are to be measured again, in the reversed order. */
export function needsRemeasure(cell: PrCell): boolean {
  return cell.drifts.length > 0;
}

/**
 * The cell with its drifts confirmed by the reversed order's results: a drift holds when the
 * same number is past its limit there too (verdict kept, `remeasured: holds`), else it is noise
 * (dropped; no drift held: `passes-both`, `remeasured: noise`). Without a reversed pair that
 * passed on both sides, the first order stands and `remeasured` stays null (not re-measured).
 */
export function confirmDrifts(
  cell: PrCell,
  reversed: { base: ResultRecord; head: ResultRecord } | null,
  limits: PrThresholds,
): PrCell {
  if (!needsRemeasure(cell) || reversed === null) return cell;
  const side = (r: ResultRecord) => ({ status: r.status, numbers: cellNumbersOf(r) });
  const base = side(reversed.base);
  const head = side(reversed.head);
  if (!PASSING.has(base.status) || !PASSING.has(head.status))
    return { ...cell, reversed: { base, head, drifts: [], dismissed: [] } };
  const limitOf = (what: PrDrift["what"]) =>
    what === "slower"
      ? limits.maxSlowdown
      : what === "heavier"
        ? limits.maxMemoryGrowth
        : limits.maxLossDelta;
  // Each drifting number as the reversed order measured it, past its limit or not.
  const again = driftsOf(base.numbers, head.numbers, UNLIMITED)
    .filter((a) => cell.drifts.some((d) => d.what === a.what))
    .map((a) => ({ ...a, limit: limitOf(a.what) }));
  const holds = (d: PrDrift) => again.some((a) => a.what === d.what && a.change > a.limit);
  const held = cell.drifts.filter(holds);
  return {
    ...cell,
    verdict: held[0]?.what ?? "passes-both",
    drifts: held,
    remeasured: held.length > 0 ? "holds" : "noise",
    reversed: { base, head, drifts: again, dismissed: cell.drifts.filter((d) => !holds(d)) },
  };
}

/** Every cell of a run judged: exit codes, the head's re-run, then the numbers in both orders. */
export function judgePrCells(run: PrRunResults, limits: PrThresholds): PrCell[] {
  const find = (list: readonly ResultRecord[], variant: string, job: string) =>
    list.find((r) => r.variant === variant && r.job === job);
  const names = [...new Set(run.results.filter((r) => r.variant === "pr-head").map((r) => r.job))];
  return names.flatMap((job) => {
    const base = find(run.results, "pr-base", job);
    const head = find(run.results, "pr-head", job);
    if (!base || !head) return [];
    const cell = classifyCell(base, head, find(run.reruns, "pr-head", job) ?? null, limits);
    const reversedBase = find(run.remeasures, "pr-base", job);
    const reversedHead = find(run.remeasures, "pr-head", job);
    const reversed = reversedBase && reversedHead ? { base: reversedBase, head: reversedHead } : null;
    return [confirmDrifts(cell, reversed, limits)];
  });
}
