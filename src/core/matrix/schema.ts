/**
 * The matrix file's shape, checked at the boundary with zod. Objects are strict so a misspelt key
 * is an error with its line, not a silently ignored setting.
 */
import { z } from "zod";

const duration = z.union([z.number().positive(), z.string().min(1)]);

/** `packages.<name>`: where a tracked package's upstream lives. */
export const packageSchema = z.strictObject({
  repo: z.string().min(1).optional(),
  branch: z.string().min(1).default("main"),
  file_upstream: z.boolean().default(false),
});

/** `expect:` of a job; names as DESIGN.md's records. */
export const expectSchema = z.strictObject({
  loss_decreases: z.number().min(0).max(1).optional(),
  final_loss_below: z.number().optional(),
  max_seconds: z.number().positive().optional(),
  max_peak_memory_mb: z.number().positive().optional(),
});

const knobValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `jobs.<name>.knobs`: config axes; cells become (variant, job, combination). See docs/knobs.md. */
export const knobsSchema = z.strictObject({
  config: z.string().min(1),
  validate: z.string().min(1),
  axes: z.record(z.string().min(1), z.array(knobValue).min(1)),
  sample: z.enum(["full", "pairwise"]).optional(),
  max_cells: z.number().int().positive().optional(),
  variants: z.array(z.string().min(1)).min(1).optional(),
  bypass_env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

/** `jobs.<name>`: one smoke command and its expectations. */
export const jobSchema = z.strictObject({
  run: z.string().min(1),
  cwd: z.string().min(1).optional(),
  timeout: duration.default("30m"),
  retries: z.number().int().min(0).max(10).default(0),
  "runs-on": z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).default("ubuntu-latest"),
  expect: expectSchema.default({}),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  knobs: knobsSchema.optional(),
});

/**
 * `expected:` entries: a known breakage, by package or fingerprint (exactly one), per job, until a
 * date. Dates and names are checked with their lines in parse-policy.ts, for messages that say
 * what to write.
 */
export const expectedSchema = z.strictObject({
  package: z.string().min(1).optional(),
  // A fingerprint of digits alone reads as a YAML number: taken here, refused with advice later.
  fingerprint: z.union([z.string().min(1), z.number()]).optional(),
  job: z.string().min(1),
  reason: z.string().min(1),
  link: z.string().url().optional(),
  until: z.string().min(1),
});

/** `gate:`: variants that block the release as pinned does. */
export const gateSchema = z.strictObject({
  block_on: z.array(z.string().min(1)).default([]),
});

/** `notify:`: the name of the environment variable holding the webhook URL, never the URL. */
export const notifySchema = z.strictObject({
  webhook: z.string().min(1),
});

/** `history:`: how many nights `reports/history/` keeps (the newest; all when left out). */
export const historySchema = z.strictObject({
  keep: z
    .number()
    .int("history.keep is a whole number of nights (365 keeps a year)")
    .min(1, "history.keep is at least 1 night (365 keeps a year)"),
});

// A share as written: `10%`, or a fraction (0.1). Turned into a fraction in pr-thresholds.ts.
const share = z.union([
  z.number().min(0),
  z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/, "write a percentage such as 10%"),
]);

/** `pr:`: how far a pull request's head may drift from its base before `matrix pr` says so. */
export const prSchema = z.strictObject({
  max_slowdown: share.optional(),
  max_memory_growth: share.optional(),
  max_loss_delta: z.number().min(0).optional(),
});

/** The whole matrix file. */
export const matrixSchema = z.strictObject({
  name: z.string().min(1),
  project: z.strictObject({
    path: z.string().min(1).optional(),
    requirements: z.string().min(1),
    system_site_packages: z.boolean().default(false),
  }),
  python: z.string().min(1).default("python3"),
  index: z.string().url().optional(),
  installer: z.enum(["auto", "uv", "pip"]).default("auto"),
  packages: z.record(z.string().min(1), packageSchema.nullable()),
  variants: z.array(z.string().min(1)).min(1),
  jobs: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "job names are letters, digits, . _ -"),
    jobSchema,
  ),
  expected: z.array(expectedSchema).default([]),
  gate: gateSchema.default({ block_on: [] }),
  notify: notifySchema.optional(),
  history: historySchema.optional(),
  pr: prSchema.optional(),
});

/** The file as zod hands it over, before paths and names are resolved. */
export type RawMatrix = z.infer<typeof matrixSchema>;
