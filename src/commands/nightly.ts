/**
 * `matrix nightly`: the whole flow on one machine. Variants, run, triage, then each upstream
 * regression explained (interaction searches where no single package explains a failure, a
 * bisect of each culprit), issue drafts for each breakage (filed with `--file-issues --confirm`),
 * the digest of what changed, and the gate, whose exit code is the night's.
 */
import { writeRedactedJson } from "../adapters/fs.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { explainRegressions } from "../engine/explain-regressions.js";
import { fileIssues } from "../engine/file-issues.js";
import { loadProject } from "../engine/load-project.js";
import { runGate } from "../engine/run-gate.js";
import { executeRun, summarizeRun } from "../engine/run-variants.js";
import { sendDigest } from "../engine/send-digest.js";
import { writeDrafts } from "../engine/write-drafts.js";
import { WorldError } from "../errors.js";
import { formatNightBisect } from "./format-bisect.js";
import { formatResults, formatTriage } from "./format-results.js";
import { emitResult } from "./output.js";
import type { RunCommandOptions } from "./run.js";

/** Options of `matrix nightly`: those of `run`, and whether to file issues for real. */
export interface NightlyOptions extends RunCommandOptions {
  fileIssues?: boolean;
  confirm?: boolean;
}

/** The `matrix nightly` command. */
export async function nightlyCommand(opts: NightlyOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(project, opts.reports);
  const { manifest, results } = await executeRun(project, layout, facts, { workers: opts.workers });
  const triage = await summarizeRun(layout, manifest, results, facts, project.matrix.expected);
  const explained = triage.blocked
    ? { regressions: triage.regressions, bisects: [] }
    : await explainRegressions(project, layout, facts, manifest, triage.regressions, results, opts.workers);
  const gate = await runGate({ ...triage, ...explained }, { matrix: project.matrix, layout });
  const summary = gate.summary;
  await writeRedactedJson(layout.summary, summary);
  const drafts = await writeDrafts(layout, summary, manifest, project);
  const lines = [formatResults(layout.dir, results), formatTriage(summary)];
  for (const b of summary.bisects) lines.push(formatNightBisect(b));
  lines.push(`  issue drafts: ${drafts.length} in ${layout.dir}/issues`);
  if (opts.fileIssues && opts.confirm) lines.push(await fileQuietly(project, layout));
  const digest = await sendDigest({
    matrix: project.matrix,
    reports: opts.reports,
    layout,
    decision: gate.decision,
  });
  lines.push(`  digest: ${digest.sent ? "sent" : (digest.reason ?? "not sent")}`);
  lines.push(gate.markdown);
  emitResult(opts, summary, lines.join("\n"));
  return gate.exitCode;
}

/** Files the night's issues; GitHub out of reach is said, never the night's exit code. */
async function fileQuietly(
  project: Awaited<ReturnType<typeof loadProject>>,
  layout: Awaited<ReturnType<typeof openRunFolder>>,
) {
  try {
    const report = await fileIssues({
      layout,
      packages: project.matrix.packages.map((p) => ({
        name: p.name,
        repo: p.repo,
        fileUpstream: p.fileUpstream,
      })),
      env: process.env,
      confirm: true,
    });
    const done = report.outcomes.filter((o) => o.result === "done").length;
    return `  issues: ${done} changes filed in ${report.repository ?? "?"}, ${report.problems} problems (issues/filed.json)`;
  } catch (error) {
    // GitHub out of reach is the world's trouble and must not change the gate's answer; a wrong
    // setting (InputError) or a bug is not hidden as a line of the report.
    if (error instanceof WorldError) return `  issues: not filed: ${error.message}`;
    throw error;
  }
}
