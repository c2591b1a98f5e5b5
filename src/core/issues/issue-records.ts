/**
 * What an issue draft is made from, as read back from a run folder: the regression of
 * `summary.json`, the bisect record of `bisect/<package>--<job>.json`, the summary's `machine`.
 * The schemas are loose (records gain fields; see docs/records.md): only what a draft reads is
 * checked, so a record from an older or newer harness still drafts.
 */
import { z } from "zod";

/** The night's bisect of a regression's culprit, as the summary lists it (`NightBisect`). */
export const nightBisectSchema = z.looseObject({
  package: z.string(),
  job: z.string(),
  variant: z.string(),
  status: z.string(),
  first_bad: z.string().nullable(),
  title: z.string().nullable(),
  with: z.array(z.string()).optional(),
});

/** A regression of `summary.json`, with its bisect and (when a maintainer expects it) why. */
export const issueRegressionSchema = z.looseObject({
  variant: z.string(),
  job: z.string(),
  status: z.string(),
  signature: z.string(),
  culprits: z.array(z.string()),
  culprit: z.string().nullable(),
  evidence: z.string(),
  cleared: z.array(z.string()).default([]),
  fingerprint: z.string(),
  bisect: nightBisectSchema.optional(),
  /** Where the breakage stands in the history (`matrix nightly` sets it): new only the first night. */
  lifecycle: z
    .looseObject({ state: z.string(), since: z.string(), nights_red: z.number(), first_seen: z.string() })
    .optional(),
  /** A known breakage: drafted on the dashboard only, not as its own issue. */
  expected: z.looseObject({ reason: z.string(), until: z.string().nullable().optional() }).optional(),
});

const bisectStepSchema = z.looseObject({
  ref: z.string(),
  verdict: z.string(),
  reason: z.string().nullable().optional(),
  detail: z.string().nullable().optional(),
  seconds: z.number().nullable().optional(),
});

/** `bisect/<package>--<job>.json`. */
export const bisectRecordSchema = z.looseObject({
  status: z.string(),
  reason: z.string().nullable().optional(),
  package: z.string(),
  job: z.string(),
  variant: z.string(),
  note: z.string().optional(),
  kind: z.enum(["releases", "commits"]),
  good: z.string().optional(),
  bad: z.string().optional(),
  first_bad: z
    .looseObject({
      ref: z.string(),
      title: z.string().nullable().optional(),
      author: z.string().nullable().optional(),
      date: z.string().nullable().optional(),
      pr: z.number().nullable().optional(),
      url: z.string().nullable().optional(),
    })
    .nullable(),
  last_good: z.looseObject({ ref: z.string() }).nullable(),
  candidates: z.number().optional(),
  steps: z.number().optional(),
  rounds: z.number().optional(),
  skipped: z.array(z.string()).default([]),
  ambiguous: z.array(z.string()).default([]),
  log: z.array(bisectStepSchema).default([]),
});

/** Where the night ran (`summary.machine`). */
export const machineSchema = z.looseObject({
  python: z.string(),
  installer: z.string(),
  os: z.string(),
  gpus: z.array(z.string()),
});

/** A regression as a draft reads it. */
export type IssueRegression = z.infer<typeof issueRegressionSchema>;
/** A bisect record as a draft reads it. */
export type BisectRecord = z.infer<typeof bisectRecordSchema>;
/** The night's bisect of a culprit, as the summary lists it. */
export type NightBisectRef = z.infer<typeof nightBisectSchema>;
/** Where the night ran. */
export type MachineSummary = z.infer<typeof machineSchema>;
