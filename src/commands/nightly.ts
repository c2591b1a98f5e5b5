/**
 * `matrix nightly`: the whole flow on one machine. Variants, run, triage, then each upstream
 * regression explained (interaction searches where no single package explains a failure, a
 * bisect of each culprit), issue drafts for each breakage (filed with `--file-issues --confirm`),
 * the digest of what changed, and the gate, whose exit code is the night's.
 */
import { writeRedactedJson } from "../adapters/fs.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { formatSupportMatrix } from "../core/knobs/support-matrix.js";
import { checkRunArguments } from "../engine/check-arguments.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { explainRegressions } from "../engine/explain-regressions.js";
import { fileIssues } from "../engine/file-issues.js";
import { loadProject } from "../engine/load-project.js";
import { readKnownBisects, readNightLifecycles } from "../engine/night-lifecycle.js";
import { reportRun } from "../engine/report-run.js";
import { runGate } from "../engine/run-gate.js";
import { executeRun, summarizeRun } from "../engine/run-variants.js";
import { sendDigest } from "../engine/send-digest.js";
import { writeDrafts } from "../engine/write-drafts.js";
import { InputError, WorldError } from "../errors.js";
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
  const loaded = await loadProject(opts.matrix);
  // Flags and machine first: a refused command leaves no run folder behind.
  await checkRunArguments(loaded, opts);
  const facts = await gatherMachineFacts(loaded, opts.reports);
  const layout = await openRunFolder(opts.reports, opts.run);
  // The project handed back has knob cells as jobs, so bisects and drafts find them.
  const { manifest, results, project } = await executeRun(loaded, layout, facts, { workers: opts.workers });
  const triage = await summarizeRun(layout, manifest, results, facts, project.matrix.expected);
  const explained = triage.blocked
    ? { regressions: triage.regressions, bisects: [] }
    : await explainRegressions(
        project,
        layout,
        facts,
        manifest,
        triage.regressions,
        results,
        opts.workers,
        await readKnownBisects(opts.reports, manifest),
      );
  const gate = await runGate({ ...triage, ...explained }, { matrix: project.matrix, layout });
  await writeRedactedJson(layout.summary, gate.summary);
  // A regression is news only the first night it is red: the history says which are.
  const lives = await readNightLifecycles(opts.reports, layout);
  const summary = {
    ...gate.summary,
    regressions: gate.summary.regressions.map((r) => {
      const lifecycle = lives.get(r.fingerprint);
      return lifecycle ? { ...r, lifecycle } : r;
    }),
  };
  await writeRedactedJson(layout.summary, summary);
  const drafts = await writeDrafts(layout, summary, manifest, project);
  const lines = [formatResults(layout.dir, results), formatTriage(summary)];
  if ("support" in summary && summary.support) lines.push(formatSupportMatrix(summary.support));
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
  lines.push(await reportQuietly(opts.reports, layout, project.matrix.history?.keep ?? null));
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

/** Records the night in history and renders the dashboard; a failure of the world is said, never the night's exit code. */
async function reportQuietly(
  reports: string,
  layout: Awaited<ReturnType<typeof openRunFolder>>,
  keep: number | null,
): Promise<string> {
  try {
    const report = await reportRun({ reports, layout, keep });
    const open = report.breakages.filter((b) => b.state !== "fixed").length;
    return `  history: ${report.nights} night${report.nights === 1 ? "" : "s"}, ${open} breakage${open === 1 ? "" : "s"} open; dashboard ${report.site}`;
  } catch (error) {
    // A history folder that cannot be read or written (a system error with an errno code, a
    // corrupt file) is said; a bug is not hidden as a line of the report.
    const systemError = error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string";
    if (systemError || error instanceof WorldError || error instanceof InputError)
      return `  history: not recorded: ${(error as Error).message}`;
    throw error;
  }
}
