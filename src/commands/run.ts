/**
 * `matrix run`: builds environments and runs smoke jobs into a run folder. It writes the variants
 * itself when the folder has no manifest yet, and installs from the manifest when it has one, so
 * every runner of one night (each taking one cell) installs the same SHAs and versions.
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { checkRunArguments } from "../engine/project/check-arguments.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { executeRun } from "../engine/run/run-variants.js";
import { formatResults } from "./format-results.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Options of `matrix run` (and the run step of `matrix nightly`). */
export interface RunCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  variant?: string[];
  job?: string[];
  /** `--knobs ID`: only these knob combinations. */
  knobs?: string[];
  workers: number;
}

/** The `matrix run` command: results are data, so it exits 0 whatever the cells did. */
export async function runCommand(opts: RunCommandOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  // Flags and machine first: a refused command leaves no run folder behind.
  await checkRunArguments(project, opts);
  const facts = await gatherMachineFacts(project, opts.reports);
  const layout = await openRunFolder(opts.reports, opts.run);
  const { results } = await executeRun(project, layout, facts, opts);
  emitResult(opts, { run: layout.dir, results }, formatResults(layout.dir, results));
  return 0;
}
