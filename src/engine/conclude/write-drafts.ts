/**
 * Writes a night's issue drafts: `<run>/issues/<fingerprint>.md` for each breakage not marked
 * expected (one per fingerprint, however many cells show it) and `<run>/issues/dashboard.md`.
 * The drafts read the run folder (results, bisect records, the variants' requirements) and pass
 * through the redactor on the way out; the filer posts them as they are (`parseDraft`).
 */
import { rm } from "node:fs/promises";
import { basename, dirname, extname, join, relative } from "node:path";
import { isPresent, listIfPresent, readTextIfPresent, writeRedactedText } from "../../adapters/fs.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { coverageOf } from "../../core/gate/coverage.js";
import { cellsOf, gateSummarySchema } from "../../core/gate/gate-summary.js";
import {
  type DashboardBlocker,
  draftDashboard,
  groupByFingerprint,
} from "../../core/issues/draft-dashboard.js";
import { renderDraft } from "../../core/issues/draft-file.js";
import type { DraftInput } from "../../core/issues/draft-input.js";
import { draftIssue } from "../../core/issues/draft-issue.js";
import { inlineRequirements } from "../../core/issues/inline-requirements.js";
import {
  type BisectRecord,
  type IssueRegression,
  issueRegressionSchema,
  machineSchema,
} from "../../core/issues/issue-records.js";
import { shellQuote } from "../../core/issues/reproduction-section.js";
import { collectSecrets, redactText } from "../../core/results/redact.js";
import type { Manifest, ManifestVariant } from "../../core/variants/manifest.js";
import { InputError } from "../../errors.js";
import type { Project } from "../project/load-project.js";
import { readBisect, readResult } from "../triage/run-records.js";

/** The parts of `summary.json` the drafts read (the nightly's summary object has them all). */
export interface DraftSummary {
  run?: string;
  machine?: unknown;
  blocked: boolean;
  blockers: DashboardBlocker[];
  /** Checked against the regression schema: a summary read back from disk is input. */
  regressions: readonly object[];
  infra?: ReadonlyArray<{ variant: string; job: string; status: string }>;
  unsatisfiable?: ReadonlyArray<{ variant: string; job: string }>;
}

/** What else the drafts may know. */
export interface WriteDraftsOptions {
  /** The issue URL of each fingerprint, for the dashboard, when the filer knows it. */
  issues?: Record<string, string>;
  /** Whose credentials are masked (this process's by default). */
  env?: Record<string, string | undefined>;
}

const DRAFT_NAME = /^[0-9A-Za-z_-]+\.md$/;

/** Writes every draft and the dashboard; returns their paths, the dashboard last. */
export async function writeDrafts(
  layout: RunLayout,
  summary: DraftSummary,
  manifest: Manifest,
  project: Project,
  options: WriteDraftsOptions = {},
): Promise<string[]> {
  const env = options.env ?? process.env;
  const secrets = collectSecrets(env);
  const redact = (text: string) => redactText(text, secrets);
  const regressions = summary.regressions.map((r, i) => parseRegression(layout, r, i));
  const runId = summary.run ?? basename(layout.dir);
  const machine = machineSchema.safeParse(summary.machine);
  const dir = join(layout.dir, "issues");
  const written: string[] = [];
  // A source build that fails on this runner is no breakage of main: no draft says it is.
  const drafted = regressions.filter((r) => !r.expected && r.evidence !== "build");
  for (const { first } of groupByFingerprint(drafted)) {
    const cells = drafted.filter((r) => r.fingerprint === first.fingerprint);
    // The variant that moves the fewest packages is the simplest reproduction.
    const moves = (name: string) => variantOf(manifest, name)?.moves.length ?? Number.POSITIVE_INFINITY;
    const lead = cells.reduce((best, r) => (moves(r.variant) < moves(best.variant) ? r : best), first);
    const input = await gatherInput(layout, manifest, project, lead, runId);
    input.alsoIn = cells.filter((r) => r !== lead).map((r) => ({ variant: r.variant, job: r.job }));
    input.machine = machine.success ? machine.data : null;
    const draft = draftIssue(input, { redact });
    const path = join(dir, `${safeName(draft.fingerprint)}.md`);
    await writeRedactedText(path, renderDraft(draft), env);
    written.push(path);
  }
  const gateView = gateSummarySchema.safeParse(summary);
  const dashboard = draftDashboard({
    runId,
    ...(gateView.success ? { coverage: coverageOf(cellsOf(gateView.data)) } : {}),
    blocked: summary.blocked,
    blockers: summary.blockers,
    regressions,
    ...(options.issues ? { issues: options.issues } : {}),
    untried: [
      ...(summary.infra ?? []).map((c) => ({ variant: c.variant, job: c.job, status: c.status })),
      ...(summary.unsatisfiable ?? []).map((c) => ({
        variant: c.variant,
        job: c.job,
        status: "unsatisfiable",
      })),
    ],
  });
  const dashboardPath = join(dir, "dashboard.md");
  await writeRedactedText(dashboardPath, renderDraft(dashboard), env);
  written.push(dashboardPath);
  await removeStaleDrafts(dir, written);
  return written;
}

function parseRegression(layout: RunLayout, value: object, index: number): IssueRegression {
  const parsed = issueRegressionSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(
    `${layout.summary}:1:1: regressions[${index}] is not a regression (${issue?.path.join(".")}: ${issue?.message}); rerun the night`,
  );
}

function variantOf(manifest: Manifest, name: string): ManifestVariant | undefined {
  return manifest.variants.find((v) => v.name === name);
}

/** A fingerprint as a file name: it is data from a file, so nothing that could leave the folder. */
function safeName(fingerprint: string): string {
  return fingerprint.replace(/[^0-9A-Za-z_-]/g, "_") || "unknown";
}

/** Everything one draft says, from the run folder and the project. */
async function gatherInput(
  layout: RunLayout,
  manifest: Manifest,
  project: Project,
  regression: IssueRegression,
  runId: string,
): Promise<DraftInput> {
  const variant = variantOf(manifest, regression.variant);
  const requirementsPath = variant?.requirements
    ? join(dirname(layout.manifest), variant.requirements)
    : join(layout.variants, regression.variant, "requirements.txt");
  // A run folder carried without variants/ has no requirements to show; a torn one is an error.
  const tree = (await isPresent(requirementsPath)) ? await loadRequirementsTree(requirementsPath) : null;
  const inlined = tree ? inlineRequirements(tree) : null;
  const result = await readResult(layout, regression.variant, regression.job);
  const job = project.matrix.jobs.find((j) => j.name === regression.job);
  const knob = job?.knobCell;
  // Paths were made absolute for the run folder; the reproduction runs in a checkout elsewhere.
  const configText = knob
    ? ((await readTextIfPresent(knob.config))?.replaceAll(`${job?.cwd}/`, "") ?? null)
    : null;
  const knobFile = knob ? `knobs-${knob.id}${extname(knob.config)}` : "";
  const checkout = project.matrix.project.path ?? project.matrix.project.workdir;
  return {
    runId,
    regression,
    bisect: await bisectExplaining(layout, regression),
    result,
    variant: variant ?? { name: regression.variant, kind: "latest", moves: [], packages: {} },
    pins: project.pins,
    repos: Object.fromEntries(project.matrix.packages.map((p) => [p.name, p.repo])),
    requirements: inlined?.requirements ?? null,
    constraints: inlined?.constraints ?? null,
    index: project.matrix.index,
    installsProject: project.installPath !== null,
    job: job
      ? {
          name: job.name,
          cwd: relative(checkout, job.cwd) || ".",
          ...(knob && configText !== null
            ? {
                run: job.run.replaceAll(shellQuote(knob.config), knobFile),
                env: { ...job.env, MATRIX_CONFIG: knobFile },
                config: { file: knobFile, text: configText, knobs: knob.knobs, verdict: knob.verdict },
              }
            : { run: job.run, env: job.env }),
        }
      : { name: regression.job, run: "# the job is no longer in the matrix file", cwd: null },
    machine: null,
  };
}

/** The bisect record of the regression's culprit and job, when it is the night's bisect of it. */
async function bisectExplaining(
  layout: RunLayout,
  regression: IssueRegression,
): Promise<BisectRecord | null> {
  const pkg = regression.bisect?.package ?? regression.culprit;
  if (!pkg) return null;
  const record = await readBisect(layout, pkg, regression.job);
  if (!record || record.job !== regression.job) return null;
  // The file is per (package, job): a later bisect of another variant may have replaced it.
  const expected = regression.bisect?.first_bad ?? null;
  return expected === null || record.first_bad?.ref === expected ? record : null;
}

/** Removes drafts an earlier write left that this one did not write again (now expected, fixed). */
async function removeStaleDrafts(dir: string, written: string[]): Promise<void> {
  const keep = new Set(written.map((p) => basename(p)));
  const names = await listIfPresent(dir);
  await Promise.all(
    names.filter((n) => DRAFT_NAME.test(n) && !keep.has(n)).map((n) => rm(join(dir, n), { force: true })),
  );
}
