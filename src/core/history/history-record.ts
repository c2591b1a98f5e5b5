/**
 * The history's records: one file per run (`history/<run-id>.json`, a night as the dashboard
 * reads it) and the index (`history/index.json`). Both cross machines (an Actions artifact, a
 * gh-pages checkout), so they are read back through these zod schemas; loose objects, so a
 * record written by a newer harness still reads.
 */
import { z } from "zod";
import { resultStatuses } from "../results/result-record.js";

/** The culprit as bisected: the first bad release or commit and its pull request. */
export const culpritSchema = z.looseObject({
  package: z.string(),
  status: z.string(),
  kind: z.string().nullable(),
  ref: z.string().nullable(),
  title: z.string().nullable(),
  pr: z.number().nullable(),
  url: z.string().nullable(),
  /** For an interaction: the other members, held at their new versions. */
  with: z.array(z.string()).default([]),
  /** Why the bisect ended without a first bad ref (the record's `reason`); absent in older nights. */
  reason: z.string().nullable().optional(),
});

/** The issue a breakage has, as the filer left it. */
export const issueLinkSchema = z.looseObject({
  repo: z.string().nullable(),
  number: z.number().nullable(),
  url: z.string().nullable(),
  state: z.enum(["open", "closed", "planned"]),
});

/** Key metrics of one cell; null when the job did not report it. */
export const cellMetricsSchema = z.looseObject({
  final_loss: z.number().nullable(),
  seconds: z.number().nullable(),
  peak_memory_mb: z.number().nullable(),
  tokens_per_s: z.number().nullable(),
});

/** One (variant, job) of one night. */
export const historyCellSchema = z.looseObject({
  variant: z.string(),
  job: z.string(),
  status: z.enum(resultStatuses),
  /** Tracked packages as installed (versions, or SHAs for upstream variants). */
  versions: z.record(z.string(), z.string()),
  signature: z.string().nullable(),
  /** Set on a breakage (a regression or a blocker): its identity across nights. */
  fingerprint: z.string().nullable(),
  culprits: z.array(z.string()),
  evidence: z.string().nullable(),
  bisect: culpritSchema.nullable(),
  issue: issueLinkSchema.nullable(),
  /** Why the breakage is expected (`expected:` in the matrix file), when it is. */
  expected: z.string().nullable(),
  excerpt: z.string().nullable(),
  /** The log, relative to the reports folder. */
  log: z.string().nullable(),
  metrics: cellMetricsSchema,
});

/** `history/<run-id>.json`: one night. */
export const historyNightSchema = z.looseObject({
  version: z.literal(1),
  run: z.string(),
  /** When the night ran (the manifest's `created`), ISO 8601. */
  date: z.string(),
  matrix: z.string().nullable(),
  blocked: z.boolean(),
  cells: z.array(historyCellSchema),
});

/** One entry of the index. */
export const indexEntrySchema = z.looseObject({
  run: z.string(),
  date: z.string(),
  file: z.string(),
  cells: z.number(),
  broken: z.number(),
});

/** `history/index.json`: the nights kept, oldest first. */
export const historyIndexSchema = z.looseObject({
  version: z.literal(1),
  keep: z.number().nullable(),
  runs: z.array(indexEntrySchema),
});

/** A culprit. */
export type Culprit = z.infer<typeof culpritSchema>;
/** An issue link. */
export type IssueLink = z.infer<typeof issueLinkSchema>;
/** A cell of a night. */
export type HistoryCell = z.infer<typeof historyCellSchema>;
/** A night. */
export type HistoryNight = z.infer<typeof historyNightSchema>;
/** The index. */
export type HistoryIndex = z.infer<typeof historyIndexSchema>;

/** Statuses that make a cell a breakage when it has a fingerprint. */
export const BROKEN_STATUSES = new Set(["fail", "install-error", "timeout"]);

/** The index entry of a night. */
export function indexEntryOf(night: HistoryNight): z.infer<typeof indexEntrySchema> {
  return {
    run: night.run,
    date: night.date,
    file: `${night.run}.json`,
    cells: night.cells.length,
    broken: night.cells.filter((c) => c.fingerprint !== null && BROKEN_STATUSES.has(c.status)).length,
  };
}
