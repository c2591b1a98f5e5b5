/**
 * `matrix pr --package P --pr N [--ref R] [--comment --confirm]`: the matrix at an upstream pull
 * request's head against its base, in one run (engine/run-pr.ts). With `--comment` the comment is
 * written to `<run>/pr-comment.md`; with `--confirm` too it is posted on the pull request, or the
 * one posted before is updated. Last, the run's record joins `<reports>/history/pr/`, where the
 * upstream view of `matrix report --merge` finds it. Exit 1 when the pull request makes a cell
 * worse (regressed, head-build-failed, slower, heavier, learns-worse), 0 otherwise.
 */
import { join, resolve } from "node:path";
import { writeRedactedText } from "../adapters/fs.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { countOf } from "../core/issues/markdown.js";
import { makesWorse, type PrReport } from "../core/pr/pr-report.js";
import {
  describeDrift,
  describeRemeasure,
  prCommentMarker,
  renderPrComment,
} from "../core/pr/render-pr-report.js";
import { postPrComment } from "../engine/pr/pr-comment.js";
import { type PrRequest, prPackageOf, prReportPaths, runPr, writePrReport } from "../engine/pr/run-pr.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { recordPrRun } from "../engine/report/pr-history-store.js";
import { InputError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Options of `matrix pr`; `env` defaults to the process environment, read here only. */
export interface PrCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  package: string;
  pr?: number;
  ref?: string;
  comment: boolean;
  confirm: boolean;
  workers: number;
  job?: string[];
  knobs?: string[];
  collect?: boolean;
  env?: Record<string, string | undefined>;
  tuning?: PrRequest["tuning"];
}

/** The `matrix pr` command; returns 1 when the pull request makes any cell worse. */
export async function prCommand(opts: PrCommandOptions): Promise<number> {
  if (opts.pr === undefined && opts.ref === undefined)
    throw new InputError("matrix pr: pass --pr N (the pull request) or --ref SHA|branch (its head)");
  if (opts.confirm && !opts.comment)
    throw new InputError("matrix pr: --confirm posts the comment; pass --comment too");
  const env = opts.env ?? process.env;
  const project = await loadProject(opts.matrix);
  const pkg = prPackageOf(project, opts.package);
  if (opts.collect && opts.run === undefined)
    throw new InputError("matrix pr: --collect judges a run the side jobs wrote; pass --run DIR");
  // Flags and machine first: a refused command leaves no run folder behind.
  const facts = await gatherMachineFacts(project, opts.reports);
  const layout = await openRunFolder(opts.reports, opts.run);
  const request = {
    package: pkg.name,
    pr: opts.pr ?? null,
    ref: opts.ref ?? null,
    workers: opts.workers,
    ...(opts.job && { job: opts.job }),
    ...(opts.knobs && { knobs: opts.knobs }),
    ...(opts.collect && { collect: true }),
    env,
    ...(opts.tuning && { tuning: opts.tuning }),
  };
  const { report } = await runPr(project, layout, facts, request);
  if (opts.comment) {
    // Several wrappers may comment on one pull request: each finds its own by its repository.
    const origin = env.GITHUB_REPOSITORY?.trim() || project.matrix.name;
    const body = renderPrComment(report, origin);
    await writeRedactedText(join(layout.dir, "pr-comment.md"), body, env);
    report.comment = opts.confirm
      ? await postPrComment({
          pkg,
          pr: report.pr,
          body,
          marker: prCommentMarker(origin),
          env,
          ...(opts.tuning && { tuning: opts.tuning }),
        })
      : { action: "skipped", url: null, detail: "dry run: pr-comment.md written; pass --confirm to post it" };
    await writePrReport(layout, report);
  }
  const recorded = await recordPrRun(resolve(opts.reports, "history"), report);
  emitResult(opts, report, formatPr(report, prReportPaths(layout).markdown, recorded));
  return makesWorse(report) ? 1 : 0;
}

/** The human text: the ends, one line per changed cell, the counts, where the report and its record are. */
export function formatPr(report: PrReport, markdown: string, recorded?: string): string {
  const what = report.pr !== null ? `#${report.pr}` : report.head.ref;
  const lines = [
    `pr ${report.package} ${what}: head ${report.head.sha.slice(0, 12)} against base ${report.base.sha.slice(0, 12)} (${report.base.branch})`,
  ];
  // A cell whose drift the reversed order ruled out is listed too: the noise is said, not hidden.
  for (const cell of report.cells.filter((c) => c.verdict !== "passes-both" || c.remeasured !== null)) {
    const why =
      [...cell.drifts.map(describeDrift), describeRemeasure(cell)].filter(Boolean).join("; ") ||
      (cell.fixes ? `fixes ${cell.fixes.url}` : "") ||
      (cell.verdict === "head-build-failed"
        ? (cell.reason ?? "").split("\n")[0]
        : (cell.head.signature ?? cell.base.signature ?? ""));
    lines.push(`  ${cell.verdict} ${cell.job}${why ? `: ${why}` : ""}`);
  }
  const counts = Object.entries(report.counts).map(([verdict, n]) => `${n} ${verdict}`);
  lines.push(`  ${countOf(report.cells.length, "cell")}: ${counts.join(", ")}`);
  if (report.comment)
    lines.push(
      `  comment ${report.comment.action}${report.comment.url ? ` ${report.comment.url}` : ""}: ${report.comment.detail}`,
    );
  const t = report.seconds;
  lines.push(`  ${t.total}s: ${t.resolve}s resolving, ${t.environments}s environments, ${t.jobs}s jobs`);
  for (const note of report.notes) lines.push(`  note: ${note}`);
  lines.push(`  report: ${markdown}`);
  if (recorded) lines.push(`  history: ${recorded}`);
  return lines.join("\n");
}
