/**
 * `matrix file-issues [--run DIR] [--confirm]`: a dry run by default, which reads the drafts (and
 * the existing issues, when a token is set) and prints what it would do, sending nothing that
 * changes anything. With `--confirm` it files through the GitHub API (engine/file-issues.ts).
 * Exit 1 when a step failed for a reason someone can fix (each is printed with what to do), 2 for
 * a missing variable or a broken draft, 3 when GitHub could not be reached.
 */
import { dirname, resolve } from "node:path";
import { readInputFile } from "../adapters/fs.js";
import { findRunFolder } from "../adapters/run-folder.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { type FilingReport, fileIssues, type GitHubTuning } from "../engine/filing/file-issues.js";
import type { StepOutcome } from "../engine/filing/filing-steps.js";
import { assembleSplitRun } from "../engine/triage/assemble-split-run.js";
import { emitResult, type OutputOptions } from "./output.js";
import { sayRunChoice } from "./run-choice.js";

/** Options of `matrix file-issues`; `env` defaults to the process environment, read here only. */
export interface FileIssuesOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  confirm: boolean;
  env?: Record<string, string | undefined>;
  now?: Date;
  tuning?: GitHubTuning;
}

/** The `matrix file-issues` command; returns its exit code (1 when a change could not be made). */
export async function fileIssuesCommand(opts: FileIssuesOptions): Promise<number> {
  return filingExitCode(await runFileIssues(opts));
}

/** 1 when some change could not be made (the report says which and what to do), else 0. */
export function filingExitCode(report: FilingReport): 0 | 1 {
  return report.problems > 0 ? 1 : 0;
}

/** Files (or drafts) and prints the report; returns it for callers that read it. */
export async function runFileIssues(opts: FileIssuesOptions): Promise<FilingReport> {
  const text = await readInputFile(opts.matrix, "matrix file (pass -m FILE)");
  const matrix = parseMatrix(text, opts.matrix, dirname(resolve(opts.matrix)));
  const layout = await findRunFolder(opts.reports, opts.run);
  sayRunChoice(layout, opts.stderr);
  // A night split over runners brings results and bisects, no summary: assemble it and the drafts.
  await assembleSplitRun(opts.matrix, layout, opts.reports);
  const report = await fileIssues({
    layout,
    packages: matrix.packages.map((p) => ({ name: p.name, repo: p.repo, fileUpstream: p.fileUpstream })),
    env: opts.env ?? process.env,
    confirm: opts.confirm,
    ...(opts.now && { now: opts.now }),
    ...(opts.tuning && { tuning: opts.tuning }),
  });
  emitResult(opts, report, formatFiling(report));
  return report;
}

const VERB: Record<StepOutcome["result"], string> = {
  planned: "would",
  done: "did",
  found: "found already done:",
  failed: "FAILED",
  skipped: "SKIPPED",
};

/** The report as lines: a heading, one line per step, the notes, then each problem with its fix. */
export function formatFiling(report: FilingReport): string {
  const head = report.confirmed
    ? `file-issues ${report.run}: filed in ${report.repository}`
    : `file-issues ${report.run}: dry run, nothing sent (pass --confirm to file)`;
  const steps = report.outcomes.map((o) => {
    const where = `${o.repo}${o.number !== null ? `#${o.number}` : ""}`;
    const what = [o.fingerprint, o.url ?? o.detail].filter(Boolean).join(" ");
    return `  ${VERB[o.result]} ${o.action} ${where}${what ? ` ${what}` : ""}`;
  });
  const notes = report.notes.map(
    (n) =>
      `  note${n.fingerprint ? ` ${n.fingerprint}` : ""}${n.number !== null ? ` #${n.number}` : ""}: ${n.note}`,
  );
  const problems = report.outcomes
    .filter((o) => o.problem)
    .map((o) => `  problem ${o.action} ${o.repo}: ${o.problem?.message}; ${o.problem?.what_to_do}`);
  const lines = [head, ...(steps.length > 0 ? steps : ["  nothing to do"]), ...notes, ...problems];
  return lines.join("\n");
}
