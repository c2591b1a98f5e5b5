/**
 * `gate.json`, read back: the verdict a night recorded, which the next night's digest compares
 * with (the gate as it was decided then, under that night's policy and entries).
 */
import { z } from "zod";
import type { GateDecision } from "./decide-gate.js";
import { entryReportSchema, markSchema } from "./gate-summary.js";

const findingSchema = z.looseObject({
  kind: z.enum(["broken", "unsatisfiable", "not-tested", "missing", "flaky"]),
  variant: z.string(),
  job: z.string(),
  status: z.string(),
  culprits: z.array(z.string()),
  fingerprint: z.string().nullable(),
  signature: z.string().nullable(),
  first_bad: z.string().nullable(),
  expected: markSchema.nullable(),
  message: z.string(),
});

/** `gate.json`: the run's id and the decision. */
export const gateRecordSchema = z.looseObject({
  run: z.string().nullable(),
  gate: z.enum(["pass", "blocked"]),
  blocked: z.boolean(),
  reasons: z.array(z.string()),
  blockers: z.array(findingSchema),
  warnings: z.array(findingSchema),
  expected: z.array(findingSchema),
  entries: z.looseObject({ expired: z.array(entryReportSchema), stale: z.array(entryReportSchema) }),
});

/** The decision in a `gate.json`'s content, or null when it is not one. */
export function readGateRecord(value: unknown): GateDecision | null {
  const parsed = gateRecordSchema.safeParse(value);
  return parsed.success ? (parsed.data as GateDecision) : null;
}
