/**
 * The history's record of one `matrix pr` run (`history/pr/<run-id>.json`): which project tested
 * which upstream pull request, both ends as exact SHAs, and each cell's verdict with its numbers.
 * It lives in its own folder with its own schema, apart from the nights: every nightly reader
 * (lifecycles, known bisects, the digest, the dashboard's grid and trends) reads nights only, and
 * a harness that predates these records never lists the folder. Only the upstream view reads it.
 * Read back through zod (loose objects, verdicts as strings) so a newer harness's record still reads.
 */
import { z } from "zod";
import { pullUrlOf } from "../bisect/pr-link.js";
import type { PrReport } from "../pr/pr-report.js";

/** One side of a cell as recorded: its status and the numbers the A/B compared. */
export const prSideSchema = z.looseObject({
  status: z.string(),
  signature: z.string().nullable(),
  numbers: z.looseObject({
    finalLoss: z.number().nullable(),
    secondsPerStep: z.number().nullable(),
    peakMemoryMb: z.number().nullable(),
  }),
});

/** One cell of the pull request's run: the verdict (`regressed`, `fixed`, `slower`, ...) and both sides. */
export const prRecordCellSchema = z.looseObject({
  job: z.string(),
  verdict: z.string(),
  base: prSideSchema,
  head: prSideSchema,
  /** The drifts past the `pr:` thresholds, as the report has them. */
  drifts: z.array(
    z.looseObject({ what: z.string(), base: z.number(), head: z.number(), change: z.number() }),
  ),
  /**
   * `holds` or `noise`: a drift measured again in the reversed order (head, then base); absent
   * in records of a harness that did not re-measure, null when nothing drifted.
   */
  remeasured: z.string().nullable().optional(),
  /** The wrapper's open issue a `fixed` cell closes. */
  fixes: z.looseObject({ number: z.number(), url: z.string() }).nullable(),
});

/** `history/pr/<run-id>.json`: one `matrix pr` run of one project. */
export const prRecordSchema = z.looseObject({
  version: z.literal(1),
  kind: z.literal("pr"),
  run: z.string(),
  /** When the verdicts were known, ISO 8601. */
  date: z.string(),
  matrix: z.string().nullable(),
  package: z.string(),
  repo: z.string(),
  /** The pull request's number; null for a `--ref` alone. */
  pr: z.number().nullable(),
  /** The pull request on GitHub, when the upstream is hosted there. */
  url: z.string().nullable(),
  head: z.looseObject({ ref: z.string(), sha: z.string() }),
  base: z.looseObject({ branch: z.string(), sha: z.string() }),
  cells: z.array(prRecordCellSchema),
});

/** A pull request's record. */
export type PrRecord = z.infer<typeof prRecordSchema>;
/** One cell of it. */
export type PrRecordCell = z.infer<typeof prRecordCellSchema>;

/** The record of a `matrix pr` report, made when its verdicts are known (`date`). */
export function prRecordOf(report: PrReport, run: string, date: string): PrRecord {
  return {
    version: 1,
    kind: "pr",
    run,
    date,
    matrix: report.matrix,
    package: report.package,
    repo: report.repo,
    pr: report.pr,
    url: report.pr !== null ? pullUrlOf(report.repo, report.pr) : null,
    head: { ref: report.head.ref, sha: report.head.sha },
    base: { branch: report.base.branch, sha: report.base.sha },
    cells: report.cells.map((c) => ({
      job: c.job,
      verdict: c.verdict,
      base: sideOf(c.base),
      head: sideOf(c.head),
      drifts: c.drifts.map(({ what, base, head, change }) => ({ what, base, head, change })),
      remeasured: c.remeasured,
      fixes: c.fixes ? { number: c.fixes.number, url: c.fixes.url } : null,
    })),
  };
}

/** A side as recorded: status, signature and the three numbers, nothing else of the report. */
function sideOf(side: PrReport["cells"][number]["base"]): PrRecordCell["base"] {
  const { finalLoss, secondsPerStep, peakMemoryMb } = side.numbers;
  return {
    status: side.status,
    signature: side.signature,
    numbers: { finalLoss, secondsPerStep, peakMemoryMb },
  };
}

/** Oldest first: by date, then run id, then project. */
export function byDate(x: PrRecord, y: PrRecord): number {
  return (
    x.date.localeCompare(y.date) ||
    x.run.localeCompare(y.run) ||
    (x.matrix ?? "").localeCompare(y.matrix ?? "")
  );
}

/**
 * Records of several histories merged without loss: one per (project, run), the later copy
 * winning (the same file copied twice is the same record); oldest first, by date then run id.
 */
export function mergePrRecords(...lists: PrRecord[][]): PrRecord[] {
  const records = new Map<string, PrRecord>();
  for (const list of lists) for (const r of list) records.set(`${r.matrix ?? ""}\0${r.run}`, r);
  return [...records.values()].sort(byDate);
}
