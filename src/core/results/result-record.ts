/**
 * The result record of one (variant, job), exactly as DESIGN.md's "Records" describe it, with the
 * zod schema that readers (triage, report, the dashboard) check it against when reading it back.
 */
import { z } from "zod";

/**
 * Statuses of a result; `flaky` is failed, then passed on a retry; `unsatisfiable`: the resolver
 * proved the variant's requirements cannot be installed together (its explanation is the excerpt);
 * `stale-upstream`: an upstream installed below its pin (a lagging mirror), so the job was not run.
 */
export const resultStatuses = [
  "pass",
  "fail",
  "flaky",
  "install-error",
  "unsatisfiable",
  "timeout",
  "infra-error",
  "stale-upstream",
] as const;

/** How a failure showed itself; `signal`: killed by one (SIGILL, SIGSEGV, ...) with no traceback. */
export const failureKinds = ["exit-code", "expectation", "exception", "signal"] as const;

/** A failure: its kind, normalised signature, the excerpt a maintainer reads, and the package to blame. */
export const failureSchema = z.object({
  kind: z.enum(failureKinds),
  signature: z.string(),
  excerpt: z.string(),
  blame: z.string().nullable(),
});

// Numbers may be null after a JSON round trip: JSON has no NaN, and a NaN loss must survive as "not finite".
const stepSchema = z.looseObject({ step: z.number(), loss: z.number().nullable().optional() });

/** `results/<variant>--<job>.json`. */
export const resultRecordSchema = z.looseObject({
  variant: z.string(),
  job: z.string(),
  status: z.enum(resultStatuses),
  installed: z.record(z.string(), z.string()),
  /** Seconds the job's attempts ran, all together (installs not included). */
  seconds: z.number(),
  /** How many times the job ran (0 when the environment could not be made). */
  attempts: z.number().int().min(0),
  metrics: z.object({ steps: z.array(stepSchema), summary: z.record(z.string(), z.unknown()) }),
  failure: failureSchema.nullable(),
  /** Set for a knob cell (job `<job>--<id>`): the base job, the combination and the wrapper's verdict. */
  knob: z
    .object({
      job: z.string(),
      id: z.string(),
      knobs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
      verdict: z.enum(["ok", "warn", "heal", "refuse"]),
      reasons: z.array(z.string()),
      config: z.string(),
    })
    .optional(),
});

/** A result record. */
export type ResultRecord = z.infer<typeof resultRecordSchema>;
/** A result's failure. */
export type Failure = z.infer<typeof failureSchema>;
/** A result's status. */
export type ResultStatus = (typeof resultStatuses)[number];
