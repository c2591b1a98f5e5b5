/**
 * The support matrix of a run folder: the knob plan `matrix run` wrote (`knobs/plan.json`) with
 * the run's results. Null for a run without knobs, so summaries of such runs are unchanged.
 */
import type { RunLayout } from "../../adapters/run-folder.js";
import {
  buildSupportMatrix,
  type SupportInput,
  type SupportMatrix,
} from "../../core/knobs/support-matrix.js";
import { readKnobPlan } from "../triage/run-records.js";

/** Reads the run's knob plan and builds the support matrix from `results`. */
export async function readSupportMatrix(
  layout: RunLayout,
  results: SupportInput[],
): Promise<SupportMatrix | null> {
  const plan = await readKnobPlan(layout);
  return plan === null ? null : buildSupportMatrix(plan, results);
}
