/**
 * What `matrix pr` says about one pull request: both ends as exact SHAs, every cell judged, the
 * two requirement sets, and the open issues the pull request fixes. Written to `<run>/pr.json`,
 * printed with `--json`, rendered to `<run>/pr.md` and (shorter) to the pull request's comment.
 */
import { type PrCell, type PrVerdict, prVerdicts, WORSE } from "./classify-cell.js";

/** The two variants of a `matrix pr` run folder: the pull request's base and its head. */
export const PR_SIDES = ["pr-base", "pr-head"] as const;

/**
 * Whether a result file (`<variant>--<job>.json`) is a side of a pull request's run: such a run
 * folder is no night, so the commands that pick the newest night pass over it.
 */
export function isPrSideResult(file: string): boolean {
  return PR_SIDES.some((side) => file.startsWith(`${side}--`));
}

/** An open issue of the wrapper that a `fixed` cell closes. */
export interface FixedIssue {
  fingerprint: string;
  number: number;
  url: string;
}

/** One cell as reported: the judgement, the command that reproduces it, the issue it fixes. */
export interface PrReportCell extends PrCell {
  /** The job's command, as run in either environment. */
  command: string;
  fixes: FixedIssue | null;
}

/** The whole report of one `matrix pr`. */
export interface PrReport {
  matrix: string;
  run: string;
  package: string;
  repo: string;
  /** The pull request's number, or null for `--ref` alone. */
  pr: number | null;
  head: { ref: string; sha: string };
  base: { branch: string; sha: string };
  cells: PrReportCell[];
  counts: Partial<Record<PrVerdict, number>>;
  /** The two exact requirement sets (every include inlined), which differ only in the package. */
  requirements: { base: string; head: string };
  /** How the comment went, when one was asked for. */
  comment: {
    action: "created" | "updated" | "unchanged" | "skipped";
    url: string | null;
    detail: string;
  } | null;
  /**
   * Where the wall time went, measured: resolving both ends (git), the smoke jobs (every attempt
   * and re-run), and the rest, which is environments (installs, or reuse from the cache) and
   * bookkeeping.
   */
  seconds: { total: number; resolve: number; jobs: number; environments: number };
  /** Notes a maintainer should read (a lookup that could not be made, a comment not posted). */
  notes: string[];
}

/** How many cells got each verdict, in the order verdicts are listed. */
export function countVerdicts(cells: readonly PrCell[]): Partial<Record<PrVerdict, number>> {
  const counts: Partial<Record<PrVerdict, number>> = {};
  for (const verdict of prVerdicts) {
    const n = cells.filter((c) => c.verdict === verdict).length;
    if (n > 0) counts[verdict] = n;
  }
  return counts;
}

/** Whether the pull request makes any cell worse (the command exits 1 then). */
export function makesWorse(report: Pick<PrReport, "cells">): boolean {
  return report.cells.some((c) => WORSE.has(c.verdict));
}

/** Cells whose verdict says something changed (every verdict but passes-both). */
export function changedCells(report: Pick<PrReport, "cells">): PrReportCell[] {
  return report.cells.filter((c) => c.verdict !== "passes-both");
}
