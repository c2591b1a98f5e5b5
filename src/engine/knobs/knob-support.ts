/**
 * The support matrix of a run folder: the knob plan `matrix run` wrote (`knobs/plan.json`) with
 * the run's results. Null for a run without knobs, so summaries of such runs are unchanged.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import type { KnobPlanInput } from "../../core/knobs/explain-knobs.js";
import {
  buildSupportMatrix,
  type SupportInput,
  type SupportMatrix,
} from "../../core/knobs/support-matrix.js";

/** Reads the run's knob plan and builds the support matrix from `results`. */
export async function readSupportMatrix(
  layout: RunLayout,
  results: SupportInput[],
): Promise<SupportMatrix | null> {
  const text = await readFile(join(layout.dir, "knobs", "plan.json"), "utf8").catch(() => null);
  if (text === null) return null;
  return buildSupportMatrix(JSON.parse(text) as KnobPlanInput[], results);
}
