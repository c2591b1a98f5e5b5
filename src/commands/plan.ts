/**
 * `matrix plan [--github] [--variant V]... [--explain]`: the expanded matrix. With `--github` it
 * prints the `include` list a GitHub Actions job matrix takes (`fromJSON`) and sets the step
 * outputs `matrix` and `count` inside Actions. Jobs with knobs are judged by the wrapper first
 * (its `validate`, in the pinned environment): refused combinations are pruned, and `--explain`
 * says why. With `--bisects --run DIR` it plans the bisect fan-out of a night split over runners
 * instead: one cell per (culprit, job) of the run's regressions.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setStepOutputs } from "../adapters/actions.js";
import { findRunFolder, layoutOf } from "../adapters/run-folder.js";
import { type BisectCell, planBisects } from "../core/bisect/plan-bisects.js";
import { describeKnobPlan, explainKnobs, refusedOf } from "../core/knobs/explain-knobs.js";
import { planCells } from "../core/matrix/plan-cells.js";
import { withStandIns } from "../core/variants/leave-out.js";
import { planKnobCells, withPlannedKnobCells } from "../engine/knobs/knob-run.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { summarizeNight, writePlannedCells } from "../engine/triage/summarize-night.js";
import { InputError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Options of `matrix plan`. */
export interface PlanCommandOptions extends OutputOptions {
  matrix: string;
  github: boolean;
  explain?: boolean;
  reports?: string;
  /** Only these variants' cells (repeatable); every variant when left out. */
  variant?: string[];
  bisects?: boolean;
  /** With --bisects the run to read; else the run folder whose `knobs/` caches the verdicts. */
  run?: string;
}

/** Prints the plan; no network unless a job has knobs (the pinned environment is then needed). */
export async function planCommand(opts: PlanCommandOptions): Promise<number> {
  const loaded = await loadProject(opts.matrix);
  if (opts.bisects) return planBisectCells(opts, loaded);
  const unknown = (opts.variant ?? []).filter((v) => !loaded.variants.some((s) => s.name === v));
  if (unknown.length > 0)
    throw new InputError(
      // A flag is not in a file: the message names the flag, as run's does, not a made-up file:1:1.
      `no variant ${unknown.join(", ")} in ${loaded.matrix.file} (have: ${loaded.variants.map((v) => v.name).join(", ")}); fix --variant`,
    );
  const hasKnobs = loaded.matrix.jobs.some((j) => j.knobs);
  // Without --run the verdicts are kept only for this plan: in a folder removed after it.
  const scratch = hasKnobs && !opts.run ? await mkdtemp(join(tmpdir(), "matrix-plan-")) : null;
  const knobbed = hasKnobs
    ? await planKnobCells(
        loaded,
        await gatherMachineFacts(loaded, opts.reports ?? "reports"),
        layoutOf(opts.run ?? (scratch as string)),
        {},
      ).finally(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined))
    : { project: loaded, judged: [] };
  const project = knobbed.project;
  const variants = opts.variant?.length
    ? project.variants.filter((v) => opts.variant?.includes(v.name))
    : project.variants;
  const cells = planCells(variants, project.matrix.jobs);
  // The night's plan, kept with its manifest: the conclude stage names each cell no runner reported.
  if (opts.run) await writePlannedCells(layoutOf(opts.run), cells);
  if (opts.github) return emitInclude(opts, cells);
  const cellOf = new Map(project.matrix.jobs.map((j) => [j.name, j.knobCell]));
  const data = {
    name: project.matrix.name,
    variants,
    jobs: project.matrix.jobs.map((j) => j.name),
    skipped: project.skipped,
    cells: cells.map((c) => {
      const knob = cellOf.get(c.job);
      return knob
        ? { ...c, knobs: knob.knobs, knob_id: knob.id, verdict: knob.verdict, reasons: knob.reasons }
        : c;
    }),
    knobs: describeKnobPlan(knobbed.judged),
    refused: refusedOf(knobbed.judged),
  };
  const refused = data.refused.length > 0 ? `, ${data.refused.length} knob combinations refused` : "";
  const human = [
    `${project.matrix.name}: ${variants.length} variants x ${project.matrix.jobs.length} jobs = ${cells.length} cells${refused}`,
    ...cells.map(
      (c) =>
        `  ${c.variant} / ${c.job}  (runs-on ${[c["runs-on"]].flat().join(",")}, ${c["timeout-minutes"]} min${c.knobs ? `, ${cellOf.get(c.job)?.verdict}` : ""})`,
    ),
    ...project.skipped.map((s) => `  skipped ${s.package}: ${s.reason}`),
    ...(opts.explain && knobbed.judged.length > 0 ? [explainKnobs(knobbed.judged)] : []),
    ...(!opts.explain ? data.refused.map((r) => `  refused ${r.job} ${r.id}: ${r.reasons[0] ?? ""}`) : []),
  ].join("\n");
  emitResult(opts, data, human);
  return 0;
}

/**
 * The bisect fan-out of the run's regressions: the night summarized as the conclude stage will
 * (expected ones and those the history in `<reports>/history/` already explained left out).
 */
async function planBisectCells(
  opts: PlanCommandOptions,
  project: Awaited<ReturnType<typeof loadProject>>,
): Promise<number> {
  if (!opts.run)
    throw new InputError("plan --bisects reads a run's results: pass --run DIR (the night's run folder)");
  const reports = opts.reports ?? "reports";
  const layout = await findRunFolder(reports, opts.run);
  const night = await withPlannedKnobCells(project, layout);
  const { summary, manifest, results } = await summarizeNight({ project: night, layout, reports });
  const open = summary.regressions.filter((r) => r.bisect === undefined);
  const known = summary.regressions.length - open.length;
  // A blocked night is not bisected (as in `matrix nightly`): pinned itself fails.
  // A stand-in a cell job made (not in the manifest) is bisected as in `matrix nightly`.
  const variants = withStandIns(manifest.variants, results as Parameters<typeof withStandIns>[1]);
  const cells = summary.blocked ? [] : planBisects(open, variants, night.matrix.jobs);
  if (opts.github) return emitInclude(opts, cells);
  const human = [
    `${cells.length} bisects for ${layout.dir}${summary.blocked ? " (none: the release is blocked)" : ""}${known > 0 ? `; ${known} regressions already explained by an earlier night` : ""}`,
    ...cells.map((c) => `  ${c.package} / ${c.job}: bad ${c.bad} from ${c.variant}, others as ${c.base}`),
  ].join("\n");
  emitResult(opts, { run: layout.dir, blocked: summary.blocked, bisects: cells }, human);
  return 0;
}

/** `{"include":[...]}` on stdout and, inside Actions, the outputs `matrix` and `count`. */
function emitInclude(opts: OutputOptions, cells: ReadonlyArray<object | BisectCell>): number {
  const include = JSON.stringify({ include: cells });
  setStepOutputs({ matrix: include, count: String(cells.length) });
  // An empty include list is an error to a job matrix: the workflow skips the job on count 0.
  (opts.stdout ?? process.stdout).write(`${include}\n`);
  return 0;
}
