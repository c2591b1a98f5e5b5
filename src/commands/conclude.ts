/**
 * `matrix conclude [--run DIR] [--file-issues --confirm]`: the conclude stage of a night as a
 * verb, for the job that collects a night split over runners (the manifest, every cell's
 * results, every bisect's record merged into one run folder, earlier nights' history in
 * `<reports>/history/`). It writes what `matrix nightly` writes at its end: the summary with
 * each breakage's lifecycle, the drafts, the digest, the history and dashboard, `gate.json`, and
 * in Actions the job summary, annotations and outputs. Exit code: the gate's.
 */
import { findRunFolder } from "../adapters/run-folder.js";
import { concludeNight } from "../engine/conclude/conclude-night.js";
import { withPlannedKnobCells } from "../engine/knobs/knob-run.js";
import { loadProject } from "../engine/project/load-project.js";
import { formatConclusion } from "./format-night.js";
import { emitResult, type OutputOptions } from "./output.js";
import { sayRunChoice } from "./run-choice.js";

/** Options of `matrix conclude`. */
export interface ConcludeCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  fileIssues?: boolean;
  confirm?: boolean;
}

/** The `matrix conclude` command: returns the gate's exit code. */
export async function concludeCommand(opts: ConcludeCommandOptions): Promise<number> {
  const loaded = await loadProject(opts.matrix);
  const layout = await findRunFolder(opts.reports, opts.run);
  sayRunChoice(layout, opts.stderr);
  const project = await withPlannedKnobCells(loaded, layout);
  const outcome = await concludeNight({
    project,
    layout,
    reports: opts.reports,
    file: opts.fileIssues === true && opts.confirm === true,
  });
  emitResult(opts, outcome.summary, formatConclusion(outcome, layout.dir).join("\n"));
  return outcome.gate.exitCode;
}
