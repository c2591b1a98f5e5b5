/**
 * The conclude stage: from the run folder alone (manifest, results, bisect and interaction
 * records, `knobs/plan.json`) and the history, the night's summary with each regression's
 * lifecycle, the issue drafts, the filing (only when asked), the digest, the history and the
 * dashboard, and the gate. `matrix nightly` calls it after its cells and bisects in one process;
 * `matrix conclude --run DIR` calls it on the runner that collects a night split over runners, so
 * both nights say the same. `writeNightSummary` is its first half: what `file-issues` assembles
 * for a split night that has no summary yet.
 */
import { writeRedactedJson } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { InputError, WorldError } from "../../errors.js";
import { fileIssues } from "../filing/file-issues.js";
import type { Project } from "../project/load-project.js";
import { reportRun } from "../report/report-run.js";
import { readNightLifecycles } from "../triage/night-lifecycle.js";
import { summarizeNight } from "../triage/summarize-night.js";
import { runGate } from "./run-gate.js";
import { sendDigest } from "./send-digest.js";
import { writeDrafts } from "./write-drafts.js";

/** What the conclude stage needs. */
export interface ConcludeInput {
  /** The project as the night ran it (knob cells as jobs). */
  project: Project;
  layout: RunLayout;
  reports: string;
  /** File the drafts on GitHub (`--file-issues --confirm`); drafts only otherwise. */
  file?: boolean;
  now?: Date;
}

/** Writes `summary.json` (lifecycles in) and the drafts; returns the summary and the drafts. */
export async function writeNightSummary(input: Omit<ConcludeInput, "file">) {
  const { summary, manifest, results } = await summarizeNight(input);
  await writeRedactedJson(input.layout.summary, summary);
  // A regression is news only the first night it is red: the history says which are.
  const lives = await readNightLifecycles(input.reports, input.layout);
  const lived = {
    ...summary,
    regressions: summary.regressions.map((r) => {
      const lifecycle = lives.get(r.fingerprint);
      return lifecycle ? { ...r, lifecycle } : r;
    }),
  };
  await writeRedactedJson(input.layout.summary, lived);
  const drafts = await writeDrafts(input.layout, lived, manifest, input.project);
  return { summary: lived, results, drafts };
}

/** The whole conclude stage; returns what the verbs print and the gate's exit code. */
export async function concludeNight(input: ConcludeInput) {
  const { project, layout } = input;
  const { summary, results, drafts } = await writeNightSummary(input);
  const gate = await runGate(summary, { matrix: project.matrix, layout });
  const filing = input.file ? await fileQuietly(project, layout) : null;
  const digest = await sendDigest({
    matrix: project.matrix,
    reports: input.reports,
    layout,
    decision: gate.decision,
  });
  const history = await reportQuietly(input.reports, layout, project.matrix.history?.keep ?? null);
  return { summary: gate.summary, results, drafts, gate, filing, digest, history };
}

/** Files the night's issues; GitHub out of reach is said, never the night's exit code. */
async function fileQuietly(project: Project, layout: RunLayout): Promise<string> {
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
async function reportQuietly(reports: string, layout: RunLayout, keep: number | null): Promise<string> {
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
