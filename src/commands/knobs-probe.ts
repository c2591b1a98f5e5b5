/**
 * `matrix knobs probe [--variant V]... [--job J]... [--run DIR]`: which of the wrapper's knob
 * rules (refusals, heals) still hold against the pins, the newest releases and upstream main.
 * Findings are data: the command exits 0 whatever they say.
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { formatProbe } from "../core/knobs/judge-probe.js";
import { probeKnobs } from "../engine/knobs/knob-probe.js";
import { checkRunArguments } from "../engine/project/check-arguments.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Options of `matrix knobs probe`. */
export interface KnobsProbeOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  variant?: string[];
  job?: string[];
  workers: number;
}

/** Runs the probe and prints one line per rule. */
export async function knobsProbeCommand(opts: KnobsProbeOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  // Flags and machine first: a refused command leaves no run folder behind.
  await checkRunArguments(project, opts);
  const facts = await gatherMachineFacts(project, opts.reports);
  const layout = await openRunFolder(opts.reports, opts.run);
  const findings = await probeKnobs(project, facts, layout, opts);
  emitResult(opts, { run: layout.dir, findings }, formatProbe(findings));
  return 0;
}
