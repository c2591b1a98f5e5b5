/**
 * `matrix gate [--run DIR]`: may the release ship? Reads the run's `summary.json` (the newest run
 * under --reports by default; a night split over runners is triaged from its results), applies
 * the matrix file's `gate:` policy and `expected:` entries, and exits 0 when it may, 1 when it is
 * blocked. In GitHub Actions it also writes the job
 * summary, annotations and the outputs `gate`, `blockers`, `regressions` (engine/run-gate.ts).
 */
import { dirname, resolve } from "node:path";
import { readInputFile } from "../adapters/fs.js";
import { findRunFolder } from "../adapters/run-folder.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { runGate } from "../engine/conclude/run-gate.js";
import { readRunSummary } from "../engine/triage/read-run-summary.js";
import { emitResult, type OutputOptions } from "./output.js";
import { sayRunChoice } from "./run-choice.js";

/** Options of `matrix gate`. */
export interface GateCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
}

/** The `matrix gate` command: prints the table (or the decision as JSON) and returns the exit code. */
export async function gateCommand(opts: GateCommandOptions): Promise<number> {
  const text = await readInputFile(opts.matrix, "matrix file (pass -m FILE)");
  const matrix = parseMatrix(text, opts.matrix, dirname(resolve(opts.matrix)));
  const layout = await findRunFolder(opts.reports, opts.run);
  sayRunChoice(layout, opts.stderr);
  const summary = await readRunSummary(layout);
  const outcome = await runGate(summary, { matrix, layout });
  emitResult(opts, { run: outcome.summary.run ?? layout.dir, ...outcome.decision }, outcome.markdown);
  return outcome.exitCode;
}
