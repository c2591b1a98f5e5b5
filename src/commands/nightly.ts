/**
 * `matrix nightly`: the whole night on one machine, its four stages in one process. Plan (the
 * variants and the knob verdicts) and run (every cell), explain (interaction searches where no
 * single package explains a failure, a bisect of each culprit the history has not explained
 * yet), then conclude: the summary with each breakage's lifecycle, issue drafts (filed with
 * `--file-issues --confirm`), the digest of what changed, the history and dashboard, and the
 * gate, whose exit code is the night's. A night split over runners calls the same stages as
 * verbs (`plan`, `variants`, `run`, `plan --bisects`, `bisect`, `conclude`).
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { concludeNight } from "../engine/conclude/conclude-night.js";
import { explainRegressions } from "../engine/explain/explain-regressions.js";
import { checkRunArguments } from "../engine/project/check-arguments.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { executeRun } from "../engine/run/run-variants.js";
import { formatConclusion } from "./format-night.js";
import { formatResults } from "./format-results.js";
import { emitResult } from "./output.js";
import type { RunCommandOptions } from "./run.js";

/** Options of `matrix nightly`: those of `run`, and whether to file issues for real. */
export interface NightlyOptions extends RunCommandOptions {
  fileIssues?: boolean;
  confirm?: boolean;
}

/** The `matrix nightly` command. */
export async function nightlyCommand(opts: NightlyOptions): Promise<number> {
  const loaded = await loadProject(opts.matrix);
  // Flags and machine first: a refused command leaves no run folder behind.
  await checkRunArguments(loaded, opts);
  const facts = await gatherMachineFacts(loaded, opts.reports);
  const layout = await openRunFolder(opts.reports, opts.run);
  // The project handed back has knob cells as jobs, so bisects and drafts find them.
  const { results, project } = await executeRun(loaded, layout, facts, { workers: opts.workers });
  await explainRegressions({ project, layout, facts, reports: opts.reports, workers: opts.workers });
  const outcome = await concludeNight({
    project,
    layout,
    reports: opts.reports,
    file: opts.fileIssues === true && opts.confirm === true,
  });
  const lines = [formatResults(layout.dir, results), ...formatConclusion(outcome, layout.dir)];
  emitResult(opts, outcome.summary, lines.join("\n"));
  return outcome.gate.exitCode;
}
