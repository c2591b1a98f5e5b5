/**
 * The parts of `summary.json` the gate and the digest read, checked with zod when read back from
 * disk. Loose objects: the summary grows fields (bisects, machine) that these readers ignore.
 */
import { z } from "zod";
import { resultStatuses } from "../results/result-record.js";
import type { TriageInput } from "../triage/triage-run.js";

/** An `expected` mark on a breakage. */
export const markSchema = z.looseObject({
  entry: z.number(),
  reason: z.string(),
  link: z.string().nullable(),
  until: z.string(),
});

const cellSchema = z.looseObject({
  variant: z.string(),
  job: z.string(),
  status: z.enum(resultStatuses),
  failure: z
    .looseObject({ signature: z.string(), blame: z.string().nullable().optional() })
    .nullable()
    .optional(),
  companion_of: z.string().optional(),
  probe_of: z.string().optional(),
});

const blockerSchema = cellSchema.extend({
  fingerprint: z.string().optional(),
  expected: markSchema.optional(),
});

const regressionSchema = z.looseObject({
  variant: z.string(),
  job: z.string(),
  status: z.enum(resultStatuses),
  signature: z.string(),
  culprits: z.array(z.string()),
  evidence: z.string(),
  fingerprint: z.string(),
  expected: markSchema.optional(),
  bisect: z
    .looseObject({ status: z.string(), first_bad: z.string().nullable(), title: z.string().nullable() })
    .optional(),
});

/** One entry of `summary.expected` (and of `gate.json`'s `entries`). */
export const entryReportSchema = z.looseObject({
  entry: z.number(),
  package: z.string().nullable(),
  fingerprint: z.string().nullable(),
  job: z.string(),
  reason: z.string(),
  link: z.string().nullable(),
  until: z.string(),
  line: z.number(),
  breakages: z.array(z.string()),
});

/** `summary.json` as the gate reads it. */
export const gateSummarySchema = z.looseObject({
  run: z.string().optional(),
  blocked: z.boolean(),
  blockers: z.array(blockerSchema),
  regressions: z.array(regressionSchema),
  unsatisfiable: z
    .array(
      z.looseObject({
        variant: z.string(),
        job: z.string(),
        explanation: z.string(),
        /** The release the resolver refuses (absent in summaries written before it was recorded). */
        culprits: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  flaky: z.array(cellSchema).default([]),
  infra: z.array(cellSchema).default([]),
  passed: z.array(cellSchema).default([]),
  stale: z.array(cellSchema).default([]),
  results: z.array(cellSchema).optional(),
  expected: z
    .looseObject({
      matched: z.array(entryReportSchema),
      expired: z.array(entryReportSchema),
      stale: z.array(entryReportSchema),
    })
    .optional(),
});

/** A summary as the gate reads it. */
export type GateSummary = z.infer<typeof gateSummarySchema>;
/** One of its regressions. */
export type GateRegression = GateSummary["regressions"][number];
/** One of its blockers. */
export type GateBlocker = GateSummary["blockers"][number];

/**
 * Every (variant, job) the night ran, once: the results when the summary has them (companions
 * and interaction probes left out, as triage leaves them out), else its lists.
 */
export function cellsOf(summary: GateSummary): TriageInput[] {
  const all: TriageInput[] = summary.results ?? [
    ...summary.passed,
    ...summary.flaky,
    ...summary.infra,
    ...summary.stale,
    ...summary.blockers,
    ...summary.regressions.map((r) => ({ ...r, failure: { signature: r.signature } })),
    ...summary.unsatisfiable.map((u) => ({
      variant: u.variant,
      job: u.job,
      status: "unsatisfiable" as const,
    })),
  ];
  const seen = new Set<string>();
  return all.filter((cell) => {
    const key = `${cell.variant}\0${cell.job}`;
    if (cell.companion_of !== undefined || cell.probe_of !== undefined || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
