/**
 * `matrix plan [--github] [--variant V]...`: the expanded matrix. With `--github` it prints the
 * `include` list a GitHub Actions job matrix takes (`fromJSON`) and sets the step outputs `matrix`
 * and `count` inside Actions. With `--bisects --run DIR` it plans the bisect fan-out of a night
 * split over runners instead: one cell per (culprit, job) of the run's regressions.
 */
import { findRunFolder } from "../adapters/run-folder.js";
import { type BisectCell, planBisects } from "../core/bisect/plan-bisects.js";
import { planCells } from "../core/matrix/plan-cells.js";
import { markExpected } from "../core/triage/mark-expected.js";
import { loadProject } from "../engine/load-project.js";
import { triageSplitRun } from "../engine/read-run-summary.js";
import { InputError } from "../errors.js";
import { emitResult, type OutputOptions, setActionsOutput } from "./output.js";

/** Options of `matrix plan`. */
export interface PlanCommandOptions extends OutputOptions {
  matrix: string;
  github: boolean;
  reports?: string;
  /** Only these variants' cells (repeatable); every variant when left out. */
  variant?: string[];
  bisects?: boolean;
  run?: string;
}

/** Prints the plan; no network: variants are named, not resolved. */
export async function planCommand(opts: PlanCommandOptions): Promise<void> {
  const project = await loadProject(opts.matrix);
  if (opts.bisects) return planBisectCells(opts, project);
  if (opts.run)
    throw new InputError(
      "plan reads a run folder only with --bisects: pass --bisects --run DIR, or leave --run out",
    );
  const unknown = (opts.variant ?? []).filter((v) => !project.variants.some((s) => s.name === v));
  if (unknown.length > 0)
    throw new InputError(
      `${project.matrix.file}:1:1: no variant ${unknown.join(", ")} in this matrix (have: ${project.variants.map((v) => v.name).join(", ")}); fix --variant`,
    );
  const variants = opts.variant?.length
    ? project.variants.filter((v) => opts.variant?.includes(v.name))
    : project.variants;
  const cells = planCells(variants, project.matrix.jobs);
  if (opts.github) return emitInclude(opts, cells);
  const data = {
    name: project.matrix.name,
    variants,
    jobs: project.matrix.jobs.map((j) => j.name),
    skipped: project.skipped,
    cells,
  };
  const human = [
    `${project.matrix.name}: ${variants.length} variants x ${project.matrix.jobs.length} jobs = ${cells.length} cells`,
    ...cells.map(
      (c) =>
        `  ${c.variant} / ${c.job}  (runs-on ${[c["runs-on"]].flat().join(",")}, ${c["timeout-minutes"]} min)`,
    ),
    ...project.skipped.map((s) => `  skipped ${s.package}: ${s.reason}`),
  ].join("\n");
  emitResult(opts, data, human);
}

/** The bisect fan-out of the run's regressions (expected ones left out: known, so not bisected). */
async function planBisectCells(
  opts: PlanCommandOptions,
  project: Awaited<ReturnType<typeof loadProject>>,
): Promise<void> {
  if (!opts.run)
    throw new InputError("plan --bisects reads a run's results: pass --run DIR (the night's run folder)");
  const layout = await findRunFolder(opts.reports ?? "reports", opts.run);
  const { summary, manifest } = await triageSplitRun(layout);
  const marked = markExpected(
    { regressions: summary.regressions, blockers: summary.blockers, results: summary.results },
    project.matrix.expected,
    new Date(),
  );
  // A blocked night is not bisected (as in `matrix nightly`): pinned itself fails.
  const cells = summary.blocked
    ? []
    : planBisects(marked.regressions, manifest.variants, project.matrix.jobs);
  if (opts.github) return emitInclude(opts, cells);
  const human = [
    `${cells.length} bisects for ${layout.dir}${summary.blocked ? " (none: the release is blocked)" : ""}`,
    ...cells.map((c) => `  ${c.package} / ${c.job}: bad ${c.bad} from ${c.variant}, others as ${c.base}`),
  ].join("\n");
  emitResult(opts, { run: layout.dir, blocked: summary.blocked, bisects: cells }, human);
}

/** `{"include":[...]}` on stdout and, inside Actions, the outputs `matrix` and `count`. */
function emitInclude(opts: OutputOptions, cells: ReadonlyArray<object | BisectCell>): void {
  const include = JSON.stringify({ include: cells });
  setActionsOutput("matrix", include);
  // An empty include list is an error to a job matrix: the workflow skips the job on count 0.
  setActionsOutput("count", String(cells.length));
  (opts.stdout ?? process.stdout).write(`${include}\n`);
}
