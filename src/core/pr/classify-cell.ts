/**
 * One cell of `matrix pr`: the same job in two environments that differ only in the upstream
 * package, at the pull request's base and at its head. Exit codes decide first (regressed, fixed,
 * broken-both, head-build-failed; a head failure whose re-run passes is flaky, never a
 * regression, as crater re-runs its regressions); a cell that passes on both is then judged on
 * its numbers against the matrix's `pr:` thresholds; a drift counts only once the reversed order
 * confirms it (confirm-drifts.ts). Pure.
 */
import type { PrThresholds } from "../matrix/model.js";
import type { ResultRecord } from "../results/result-record.js";
import { type CellNumbers, cellNumbersOf } from "./cell-numbers.js";

/** What the pull request did to a cell. */
export const prVerdicts = [
  "regressed",
  "head-build-failed",
  "slower",
  "heavier",
  "learns-worse",
  "fixed",
  "flaky",
  "broken-both",
  "passes-both",
  "infra-error",
] as const;

/** A verdict of one cell. */
export type PrVerdict = (typeof prVerdicts)[number];

/** A number that moved past its threshold, with both sides as measured. */
export interface PrDrift {
  what: "slower" | "heavier" | "learns-worse";
  base: number;
  head: number;
  /** Head against base: a share for time and memory (0.3: 30 % more), a difference for the loss. */
  change: number;
  limit: number;
}

/** One cell, judged. */
export interface PrCell {
  job: string;
  verdict: PrVerdict;
  base: { status: string; signature: string | null; numbers: CellNumbers };
  head: { status: string; signature: string | null; numbers: CellNumbers };
  /** The head's re-run, when its first verdict was a regression. */
  rerun: { status: string } | null;
  drifts: PrDrift[];
  /**
   * A drift measured again in the reversed order (head first, then base; confirm-drifts.ts):
   * `holds` when a number is past its limit in both orders, `noise` when it is not (the cell
   * then passes on both); null when nothing drifted or the re-measure did not pass on both sides.
   */
  remeasured: "holds" | "noise" | null;
  /** The reversed order's numbers, when the cell was re-measured. */
  reversed: {
    base: { status: string; numbers: CellNumbers };
    head: { status: string; numbers: CellNumbers };
    /** Each first-order drift's number as the reversed order measured it (past its limit or not). */
    drifts: PrDrift[];
    /** The first order's drifts the reversed order did not confirm: the machine's, not the head's. */
    dismissed: PrDrift[];
  } | null;
  /** Why the head could not be built (the resolver's or the compiler's words), or why a side is unknown. */
  reason: string | null;
}

const PASSING = new Set(["pass", "flaky"]);
const UNBUILDABLE = new Set(["install-error", "unsatisfiable"]);

/** The verdicts that make the pull request worse for this wrapper (the command's exit 1). */
export const WORSE: ReadonlySet<PrVerdict> = new Set([
  "regressed",
  "head-build-failed",
  "slower",
  "heavier",
  "learns-worse",
]);

/** Judges one cell from its base result, its head result and the head's re-run (if one ran). */
export function classifyCell(
  base: ResultRecord,
  head: ResultRecord,
  rerun: ResultRecord | null,
  limits: PrThresholds,
): PrCell {
  const side = (r: ResultRecord) => ({
    status: r.status,
    signature: r.failure?.signature ?? null,
    numbers: cellNumbersOf(r),
  });
  const cell: PrCell = {
    job: head.job,
    verdict: "passes-both",
    base: side(base),
    head: side(head),
    rerun: rerun ? { status: rerun.status } : null,
    drifts: [],
    remeasured: null,
    reversed: null,
    reason: null,
  };
  const basePasses = PASSING.has(base.status);
  const headPasses = PASSING.has(head.status);
  if (base.status === "infra-error" || head.status === "infra-error") {
    const r = head.status === "infra-error" ? head : base;
    return { ...cell, verdict: "infra-error", reason: reasonOf(r) };
  }
  if (UNBUILDABLE.has(head.status) && !UNBUILDABLE.has(base.status))
    return { ...cell, verdict: "head-build-failed", reason: reasonOf(head) };
  if (!basePasses) return { ...cell, verdict: headPasses ? "fixed" : "broken-both" };
  if (!headPasses) {
    if (rerun && PASSING.has(rerun.status)) return { ...cell, verdict: "flaky" };
    return { ...cell, verdict: "regressed" };
  }
  const drifts = driftsOf(cell.base.numbers, cell.head.numbers, limits);
  return { ...cell, drifts, verdict: drifts[0]?.what ?? "passes-both" };
}

/** Whether a first verdict calls for the head's re-run before it is reported. */
export function needsRerun(base: ResultRecord, head: ResultRecord): boolean {
  return (
    PASSING.has(base.status) &&
    !PASSING.has(head.status) &&
    !UNBUILDABLE.has(head.status) &&
    head.status !== "infra-error"
  );
}

/** The numbers past their limits, in the order slower, heavier, learns-worse. */
export function driftsOf(base: CellNumbers, head: CellNumbers, limits: PrThresholds): PrDrift[] {
  const drifts: PrDrift[] = [];
  const ratio = (what: "slower" | "heavier", b: number | null, h: number | null, limit: number) => {
    if (b === null || h === null || b <= 0) return;
    const change = h / b - 1;
    if (change > limit) drifts.push({ what, base: b, head: h, change, limit });
  };
  ratio("slower", base.secondsPerStep, head.secondsPerStep, limits.maxSlowdown);
  ratio("heavier", base.peakMemoryMb, head.peakMemoryMb, limits.maxMemoryGrowth);
  if (base.finalLoss !== null && head.finalLoss !== null) {
    const change = head.finalLoss - base.finalLoss;
    if (change > limits.maxLossDelta)
      drifts.push({
        what: "learns-worse",
        base: base.finalLoss,
        head: head.finalLoss,
        change,
        limit: limits.maxLossDelta,
      });
  }
  return drifts;
}

/** The resolver's explanation, the install log's excerpt, or the failure's excerpt: the first line that says why. */
function reasonOf(result: ResultRecord): string | null {
  const text = result.failure?.excerpt ?? "";
  return text.trim() === "" ? null : text.trim();
}
