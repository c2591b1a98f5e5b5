/**
 * `matrix pr` as one stage: the pull request's ends resolved, `pr-base` and `pr-head` written,
 * every job (knob cells included) run in both environments in one run, each head failure that
 * base passes re-run once (on the next GPU when there is one) before it counts, each passing
 * cell whose numbers drift past a limit measured again in the reversed order (head, then base)
 * before the drift counts (pr-second-look.ts), every cell judged, the open issues it fixes linked, and the report written whole: `<run>/pr.json` and
 * `<run>/pr.md`, redacted. The comment is the command's last step (pr-comment.ts).
 */
import { join } from "node:path";
import { isPresent, writeRedactedJson, writeRedactedText } from "../../adapters/fs.js";
import type { GitHubClientOptions } from "../../adapters/github-client.js";
import { createProgress } from "../../adapters/progress.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { inlineRequirements } from "../../core/issues/inline-requirements.js";
import type { JobSpec, TrackedPackage } from "../../core/matrix/model.js";
import { needsRerun } from "../../core/pr/classify-cell.js";
import { judgePrCells, needsRemeasure } from "../../core/pr/confirm-drifts.js";
import { countVerdicts, type PrReport } from "../../core/pr/pr-report.js";
import { DEFAULT_PR_THRESHOLDS } from "../../core/pr/pr-thresholds.js";
import { readerCommandOf } from "../../core/pr/reader-command.js";
import { renderPrReport } from "../../core/pr/render-pr-report.js";
import { normalizeName } from "../../core/requirements/normalize-name.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import { InputError } from "../../errors.js";
import { knobsDirOf, pickJobs, planKnobCells, withPlannedKnobCells } from "../knobs/knob-run.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { runCells } from "../run/run-cells.js";
import { collectPrSides } from "./pr-collect.js";
import { resolvePrEnds } from "./pr-ends.js";
import { findFixedIssues, fixedFingerprintOf } from "./pr-fixes.js";
import { remeasureReversed, rerunHead } from "./pr-second-look.js";
import { writePrVariants } from "./pr-variants.js";

/** What to test: the package, the pull request and/or a ref, and the workers. */
export interface PrRequest {
  package: string;
  pr: number | null;
  ref: string | null;
  workers: number;
  /** `--job`, `--knobs`: only these cells (a side job of the workflow runs one). */
  job?: string[];
  knobs?: string[];
  /** `--collect`: judge the results side jobs wrote into the run folder; run nothing. */
  collect?: boolean;
  env: Record<string, string | undefined>;
  tuning?: Omit<GitHubClientOptions, "token" | "apiUrl">;
}

/** Where the report lives in a run folder. */
export function prReportPaths(layout: RunLayout) {
  return { json: join(layout.dir, "pr.json"), markdown: join(layout.dir, "pr.md") };
}

/** The tracked package with an upstream repo, or an input error naming the matrix file. */
export function prPackageOf(project: Project, name: string): TrackedPackage & { repo: string } {
  const file = project.matrix.file;
  const pkg = project.matrix.packages.find((p) => p.name === normalizeName(name));
  if (!pkg)
    throw new InputError(
      `${file}:1:1: --package ${name} is not tracked (have: ${project.matrix.packages.map((p) => p.name).join(", ")})`,
    );
  const at = `${pkg.pos.file}:${pkg.pos.line}:${pkg.pos.col}`;
  if (!pkg.repo)
    throw new InputError(`${at}: ${pkg.name} has no repo: add its git URL to test pull requests`);
  if (!(pkg.name in project.pins))
    throw new InputError(`${at}: ${pkg.name} is not in the requirements, so no cell would change`);
  return { ...pkg, repo: pkg.repo };
}

/** Runs both sides (or, with `collect`, reads what side jobs ran), judges every cell, writes the report. */
export async function runPr(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  request: PrRequest,
): Promise<{ report: PrReport; results: ResultRecord[] }> {
  const started = performance.now();
  const pkg = prPackageOf(project, request.package);
  const sides = request.collect
    ? {
        ...(await collectPrSides(layout, pkg.name)),
        // Only the cells' commands come from here: a side job's knob plan that never came back
        // costs a knob cell its command in the report, never the verdicts the results give.
        jobs: ((await isPresent(join(knobsDirOf(layout), "plan.json")))
          ? await withPlannedKnobCells(project, layout)
          : project
        ).matrix.jobs,
        resolveSeconds: 0,
      }
    : await runBothSides(project, layout, facts, request, pkg, started);
  const { ends, results, reruns, remeasures, jobs } = sides;
  const limits = project.matrix.pr ?? DEFAULT_PR_THRESHOLDS;
  const judged = judgePrCells({ results, reruns, remeasures }, limits);
  const fixes = await findFixedIssues(pkg.name, judged, request.env, request.tuning);
  const total = (performance.now() - started) / 1000;
  const jobSeconds = [...results, ...reruns, ...remeasures].reduce((sum, r) => sum + r.seconds, 0);
  const seconds = {
    total: round(total),
    resolve: round(sides.resolveSeconds),
    jobs: round(jobSeconds),
    environments: round(Math.max(0, total - sides.resolveSeconds - jobSeconds)),
  };
  const report: PrReport = {
    matrix: project.matrix.name,
    run: layout.dir,
    package: pkg.name,
    repo: pkg.repo,
    pr: request.pr,
    head: ends.head,
    base: ends.base,
    cells: judged.map((cell) => {
      const fingerprint = fixedFingerprintOf(pkg.name, cell);
      const job = jobs.find((j) => j.name === cell.job);
      const command = job ? readerCommandOf(job) : "";
      return { ...cell, command, fixes: (fingerprint && fixes.issues.get(fingerprint)) || null };
    }),
    counts: countVerdicts(judged),
    requirements: {
      base: await inlinedOf(layout, "pr-base"),
      head: await inlinedOf(layout, "pr-head"),
    },
    comment: null,
    seconds,
    notes: fixes.notes,
  };
  await writePrReport(layout, report);
  return { report, results: [...results, ...reruns, ...remeasures] };
}

/** Resolves the ends, writes both variants, runs every job on both sides and re-runs regressions. */
async function runBothSides(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  request: PrRequest,
  pkg: TrackedPackage & { repo: string },
  started: number,
) {
  const progress = createProgress();
  const done = progress.start("pr", `resolving ${pkg.name} ${request.ref ?? `#${request.pr}`} and its base`);
  const ends = await resolvePrEnds(pkg, { pr: request.pr, ref: request.ref }, facts.cacheDir);
  done(`head ${ends.head.sha.slice(0, 12)}, base ${ends.base.sha.slice(0, 12)}`);
  const resolveSeconds = (performance.now() - started) / 1000;
  const variants = await writePrVariants(project, layout, pkg, ends);
  const planned = (await planKnobCells(project, facts, layout, request)).project.matrix.jobs;
  const jobs = everyVariant(pickJobs(planned, request, project.matrix.file));
  const common = { project, facts, jobs, workers: request.workers, progress };
  const results = await runCells({ ...common, layout, variants: [variants.base, variants.head] });
  const resultOf = (variant: string, job: string) =>
    results.find((r) => r.variant === variant && r.job === job) as ResultRecord;
  const again = jobs.filter((j) => needsRerun(resultOf("pr-base", j.name), resultOf("pr-head", j.name)));
  const reruns = again.length > 0 ? await rerunHead(common, layout, variants.head, again) : [];
  // Judged once on the first order only to find the drifting cells; runPr judges them all.
  const limits = project.matrix.pr ?? DEFAULT_PR_THRESHOLDS;
  const drifting = judgePrCells({ results, reruns, remeasures: [] }, limits).filter(needsRemeasure);
  const remeasure = jobs.filter((j) => drifting.some((c) => c.job === j.name));
  const remeasures = remeasure.length > 0 ? await remeasureReversed(common, layout, variants, remeasure) : [];
  return { ends, jobs, results, reruns, remeasures, resolveSeconds };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Writes `pr.json` and `pr.md` whole, redacted (again after the comment step). */
export async function writePrReport(layout: RunLayout, report: PrReport): Promise<void> {
  const paths = prReportPaths(layout);
  await writeRedactedJson(paths.json, report);
  await writeRedactedText(paths.markdown, renderPrReport(report));
}

/** Both sides run every job: a knob axis limited to some night variants is not limited here. */
function everyVariant(jobs: JobSpec[]): JobSpec[] {
  return jobs.map((job) => (job.knobs?.variants ? { ...job, knobs: { ...job.knobs, variants: null } } : job));
}

/** A variant's requirements as one text, every include inlined (constraints after them). */
async function inlinedOf(layout: RunLayout, variant: string): Promise<string> {
  const path = join(layout.variants, variant, "requirements.txt");
  // A side collected without its variants/ shows no requirements; a torn one is an error.
  const tree = (await isPresent(path)) ? await loadRequirementsTree(path) : null;
  if (tree === null) return "";
  const { requirements, constraints } = inlineRequirements(tree);
  return constraints ? `${requirements}# constraints (pip -c)\n${constraints}` : requirements;
}
